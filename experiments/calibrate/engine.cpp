#include "calibrate/engine.hpp"

#include <unistd.h>

#include <tbb/info.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "calibrate/diagnostics.hpp"
#include "calibrate/evaluator.hpp"
#include "calibrate/optimise.hpp"
#include "calibrate/report.hpp"
#include "core/version.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"
#include "runner/progress.hpp"
#include "runner/threads.hpp"
#include "sweep/experiment.hpp"
#include "sweep/mpi.hpp"
#include "sweep/run.hpp"

namespace cs::calib {

namespace fs = std::filesystem;

namespace {

/// The identity of a calibration: its text (targets file included), the resolved base scenario
/// and the program version. The journal of one calibration is never read by another.
std::string lock_text(const Calibration& c) {
  char h[17];
  std::snprintf(h, sizeof h, "%016" PRIx64, sweep::fnv1a(to_toml(c.base), sweep::fnv1a(c.text + "\n-- base --\n")));
  return "# ClusterSim calibration lock: the calibration the journal in this directory belongs to.\n"
         "calibration = " + fs::absolute(c.file).lexically_normal().string() + "\nhash = " + h +
         "\nversion = " + version() + " (git " + git_commit() + ")\n";
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The line `key = value` of a lock.
std::string lock_field(const std::string& lock, const std::string& key) {
  std::istringstream in(lock);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + " = ", 0) == 0) return line.substr(key.size() + 3);
  return "";
}

void clear_calibration(const fs::path& dir) {
  for (const char* f : {kFitFile, kTraceFile, kParametersFile, kIdentificationFile, kBestFile, kManifestFile,
                        kJournalFile, kLockFile})
    fs::remove(dir / f);
}

/// True when `dir` holds nothing but temporaries of a lock (another process writing it).
bool only_lock_temporaries(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (!sweep::is_temporary_of(e.path().filename().string(), kLockFile)) return false;
  return true;
}

/// Makes `dir` ready: refuses a non-empty directory unless --force or --resume, and --resume of
/// a directory whose lock differs.
void prepare_dir(const fs::path& dir, const Calibration& c, const CalibrateOptions& o) {
  if (fs::exists(dir) && !fs::is_directory(dir)) throw std::runtime_error(dir.string() + " is not a directory");
  // Temporaries of processes killed while writing the lock or the outputs (write_atomically).
  for (const char* f : {kLockFile, kFitFile, kTraceFile, kParametersFile, kIdentificationFile, kBestFile, kManifestFile})
    if (fs::is_directory(dir)) sweep::remove_stale_temporaries(dir, f);
  const std::string lock = lock_text(c);
  const bool has_lock = fs::exists(dir / kLockFile);
  if (o.force) {
    clear_calibration(dir);
  } else if (has_lock) {
    const std::string old = read_text(dir / kLockFile);
    if (lock_field(old, "hash") != lock_field(lock, "hash") || lock_field(old, "version") != lock_field(lock, "version"))
      throw std::runtime_error(dir.string() + " holds a calibration of a different file, base scenario or version (" +
                               lock_field(old, "calibration") + ", " + lock_field(old, "version") + "; now " +
                               lock_field(lock, "version") + "); its evaluations cannot be reused. Use another --out, "
                               "or --force to delete them and start over");
    if (!o.resume)
      throw std::runtime_error(dir.string() + " already holds this calibration; use --resume to continue it or "
                                              "--force to start over");
  } else if (fs::exists(dir) && !only_lock_temporaries(dir)) {
    throw std::runtime_error(dir.string() + " is not empty and holds no calibration; use another --out or --force");
  }
  fs::create_directories(dir);
  if (!has_lock || o.force) sweep::write_atomically(dir / kLockFile, lock);
}

}  // namespace

int run_calibration(const CalibrateOptions& o, std::ostream& out) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = utc_now_iso8601();
  const Calibration c = load_calibration(o.file);
  const sweep::mpi::Session mpi;
  const bool lead = mpi.rank() == 0;
  const bool quiet = o.quiet || !lead;
  const fs::path dir = o.out.empty() ? fs::path("runs") / c.name : fs::path(o.out);

  // Rank 0 alone prepares the directory and opens the journal; the others learn whether to go.
  std::unique_ptr<Journal> journal;
  std::exception_ptr setup_error;
  if (lead) {
    try {
      prepare_dir(dir, c, o);
      journal = std::make_unique<Journal>(dir / kJournalFile);
    } catch (...) {
      setup_error = std::current_exception();
    }
  }
  if (mpi.broadcast_code(setup_error ? 1 : 0) != 0) {
    if (setup_error) std::rethrow_exception(setup_error);
    return 1;  // another rank: rank 0 reports the error
  }

  const int jobs = usable_threads(o.jobs, "--jobs", quiet);
  Evaluator ev(c, journal.get(), mpi, jobs);
  const std::size_t budget = (c.optimizer == "none" ? 0 : c.global_evals) + (c.local == "none" ? 0 : c.local_evals) +
                             2 * c.parameters.size();
  ProgressLine progress(!quiet && isatty(STDERR_FILENO), budget, "evaluation", std::chrono::milliseconds(200));
  ev.on_progress = [&](std::size_t n) { progress.update(n); };
  if (!quiet) {
    out << "calibration " << c.name << ": " << c.parameters.size() << " parameters, " << c.targets.size()
        << " targets, " << c.replications << " replications of " << c.steps << " months per evaluation; "
        << c.optimizer << " (" << c.global_evals << ") then " << c.local << " (" << c.local_evals << ") on " << jobs
        << " jobs";
    if (mpi.distributed()) out << " x " << mpi.size() << " MPI ranks";
    if (journal && journal->entries_read() > 0) out << "; " << journal->entries_read() << " evaluations in the journal";
    out << std::endl;
  }

  const SearchResult s = search(c, ev);
  const Evaluation best = ev.trace().at(s.best_index);
  const Diagnostics d = diagnose(c, ev, best);
  progress.finish();
  if (!lead) return 0;

  RunInfo info;
  info.jobs = jobs;
  info.ranks = mpi.size();
  info.started_at = started;
  info.command_line = o.command_line;
  info.computed = ev.computed();
  info.cached = ev.cached();
  info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::vector<std::string> files = write_outputs(c, ev.trace(), s, d, dir, info);
  if (!quiet) {
    out << '\n' << summary_text(c, best, d) << '\n';
    char line[200];
    std::snprintf(line, sizeof line, "%zu evaluations (%zu run, %zu from the journal) in %.1f s\n",
                  ev.trace().size(), ev.computed(), ev.cached(), info.wall_seconds);
    out << line;
    for (const std::string& f : files) out << "wrote " << (dir / f).string() << '\n';
  }
  return 0;
}

}  // namespace cs::calib
