#include "sweep/engine.hpp"
#include "runner/progress.hpp"

#include <unistd.h>

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "core/version.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"
#include "runner/threads.hpp"
#include "sweep/assemble.hpp"
#include "sweep/design.hpp"
#include "sweep/experiment.hpp"
#include "sweep/lock.hpp"
#include "sweep/mpi.hpp"
#include "sweep/run.hpp"

namespace cs::sweep {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// Removes what a sweep writes, leaving anything else.
void clear_sweep(const fs::path& dir) {
  for (const char* f : {kRunsFile, kSeriesFile, kSummaryFile, kSensitivityFile, kSweepManifest, kLockFile}) {
    fs::remove(dir / f);
    fs::remove(dir / (std::string(f) + kPartialSuffix));
  }
  fs::remove_all(dir / kPartsDir);
}

/// True when `dir` is empty but for a lock being written (another shard starting, or what a kill
/// while writing the lock left), and for shards starting together, the lock and the parts folder
/// of another shard.
bool only_sweep_files(const fs::path& dir, bool shards) {
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (is_temporary_of(n, kLockFile)) continue;
    if (shards && (n == kPartsDir || n == kLockFile)) continue;
    return false;
  }
  return true;
}

/// Makes `dir` ready for the sweep of `lock`; refuses a directory that holds something else or a
/// sweep with other settings (naming them). A sweep of the same settings with another replication
/// count is continued: its assembled runs are turned back into parts and the lock updated.
/// Returns true when --resume finds the sweep already complete.
bool prepare_dir(const fs::path& dir, const Experiment& ex, const Lock& lock, const SweepOptions& o) {
  std::error_code ec;
  if (fs::exists(dir) && !fs::is_directory(dir)) throw std::runtime_error(dir.string() + " is not a directory");
  // Temporaries of processes killed while writing the lock or the final files.
  for (const char* f : {kLockFile, kRunsFile, kSeriesFile, kSummaryFile, kSensitivityFile, kSweepManifest})
    remove_stale_temporaries(dir, f);
  const auto old = read_lock(dir);
  const bool same_runs = old && old->replications == lock.replications;
  if (o.force) {
    clear_sweep(dir);
  } else if (old) {
    if (const std::string changed = lock_changes(*old, lock); !changed.empty())
      throw std::runtime_error(dir.string() + " holds a sweep of " + old->experiment + " with other settings; changed: " +
                               changed + ". Its runs cannot be reused: use another --out, or --force to delete them "
                               "and start over");
    if (!o.resume && o.shard_count == 1)
      throw std::runtime_error(
          dir.string() + " already holds this sweep" +
          (same_runs ? "" : " (" + std::to_string(old->replications) + " replications, now " +
                                std::to_string(lock.replications) + ")") +
          "; use --resume to continue it (its finished runs are kept) or --force to start over");
  } else if (fs::exists(dir) && !only_sweep_files(dir, o.shard_count > 1)) {
    throw std::runtime_error(dir.string() + " is not empty and holds no sweep; use another --out or --force");
  }
  const bool complete = o.resume && same_runs && fs::exists(dir / kSweepManifest) && !fs::exists(dir / kPartsDir);
  fs::create_directories(dir);
  if (old && !o.force && !same_runs) {
    // The replication count changed: the runs assembled so far become parts again, the lock
    // records the new count, and the final files (of the old count) go.
    recover_parts(ex, dir);
    write_atomically(dir / kLockFile, lock.text());
    for (const char* f : {kRunsFile, kSeriesFile, kSummaryFile, kSensitivityFile, kSweepManifest}) fs::remove(dir / f, ec);
  }
  if (!old || o.force) write_atomically(dir / kLockFile, lock.text());
  fs::create_directories(dir / kPartsDir);
  return complete;
}

/// Runs whose part exists; removes temporaries left by a killed process.
std::vector<bool> finished_runs(const fs::path& dir, const Experiment& ex, std::size_t points) {
  std::vector<bool> done(points * static_cast<std::size_t>(ex.replications), false);
  for (const auto& e : fs::directory_iterator(dir / kPartsDir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".tmp") != std::string::npos) {
      std::error_code ec;
      fs::remove(e.path(), ec);  // a shard sharing the directory may be writing it: harmless
      continue;
    }
    std::size_t point = 0;
    int rep = 0;
    if (parse_part_name(name, point, rep) && point < points && rep < ex.replications)
      done[point * static_cast<std::size_t>(ex.replications) + static_cast<std::size_t>(rep)] = true;
  }
  return done;
}

void print_design(const Experiment& ex, const Design& d, std::ostream& out) {
  const std::size_t points = d.points();
  out << "experiment " << ex.name << " (" << ex.file << ")\n  base     " << ex.base_file << "\n  design   "
      << design_name(ex.design) << ": " << points << " points x " << ex.replications << " replications = "
      << points * ex.replications << " runs of " << ex.steps << " steps\n";
  for (std::size_t j = 0; j < ex.fixed.size(); ++j)
    out << (j ? "           " : "  fixed    ") << ex.fixed[j].path << " = " << ex.fixed[j].value << '\n';
  for (std::size_t j = 0; j < ex.factors.size(); ++j) {
    const Factor& f = ex.factors[j];
    out << (j ? "           " : "  factors  ") << f.path << " (column " << f.column << "): ";
    if (ex.design == DesignKind::grid) {
      for (std::size_t i = 0; i < f.values.size(); ++i) out << (i ? ", " : "") << format_number(f.values[i]);
    } else {
      out << "[" << format_number(f.min) << ", " << format_number(f.max) << "]" << (f.integer ? " (integer)" : "");
    }
    out << '\n';
  }
  out << "  outputs  " << ex.indicators.size() << " indicators, summary at step " << ex.summary_step << '\n';
  if (ex.reference >= 0) {  // its factor values, to check that it is the point meant
    out << "  reference point " << ex.reference << " (summary.csv: paired differences from it)";
    for (std::size_t j = 0; j < ex.factors.size(); ++j)
      out << (j ? ", " : ": ") << ex.factors[j].column << " = "
          << format_number(d.values(static_cast<Eigen::Index>(ex.reference), static_cast<Eigen::Index>(j)));
    out << '\n';
  }
}

}  // namespace

void parse_shard(const std::string& text, int& index, int& count) {
  const auto slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("");
    std::size_t a = 0, b = 0;
    index = std::stoi(text.substr(0, slash), &a);
    count = std::stoi(text.substr(slash + 1), &b);
    if (a != slash || b != text.size() - slash - 1 || count < 1 || index < 0 || index >= count)
      throw std::invalid_argument("");
  } catch (const std::exception&) {
    throw std::invalid_argument("--shard: expected I/N with 0 <= I < N, e.g. 0/4, got '" + text + "'");
  }
}

int run_sweep(const SweepOptions& o, std::ostream& out) {
  const auto t0 = Clock::now();
  const std::string started = utc_now_iso8601();
  const Experiment ex = load_experiment(o.experiment);
  const Design d = build_design(ex);
  const std::size_t runs = d.points() * static_cast<std::size_t>(ex.replications);
  for (std::size_t p = 0; p < d.points(); ++p) point_params(ex, d, p, 0);  // cross-field rules, up front
  // Under mpirun: every rank has loaded and checked the experiment; rank 0 alone touches DIR
  // and hands runs out (sweep/mpi.hpp). Without a launcher this is rank 0 of 1.
  const mpi::Session mpi;
  const bool lead = mpi.rank() == 0;
  const bool quiet = o.quiet || !lead;
  if (o.dry_run) {
    if (lead) print_design(ex, d, out);
    return 0;
  }
  std::string stem = fs::path(ex.file).parent_path().filename().string();
  if (stem.empty() || stem == "." || stem == "..") stem = fs::path(ex.file).stem().string();
  const fs::path dir = o.out.empty() ? fs::path("runs") / stem : fs::path(o.out);

  // Set-up (rank 0): the directory, its lock, and the runs still to do.
  enum Setup : int { kGo = 0, kFailed = 1, kComplete = 2 };
  int setup = kGo;
  std::exception_ptr setup_error;
  std::vector<std::size_t> pending;
  std::size_t mine = 0;
  if (lead) {
    try {
      // Assembled and its parts removed: nothing to run (a kill while removing parts leaves some).
      if (prepare_dir(dir, ex, make_lock(ex, d.points()), o)) {
        fs::remove(dir / kPartsDir);
        setup = kComplete;
      } else {
        const std::vector<bool> done = finished_runs(dir, ex, d.points());
        for (std::size_t r = 0; r < runs; ++r) {
          if (r % static_cast<std::size_t>(o.shard_count) != static_cast<std::size_t>(o.shard_index)) continue;
          ++mine;
          if (!done[r]) pending.push_back(r);
        }
      }
    } catch (...) {
      setup = kFailed;
      setup_error = std::current_exception();
    }
  }
  setup = mpi.broadcast_code(setup);
  if (setup_error) std::rethrow_exception(setup_error);
  if (setup == kFailed) return 1;  // another rank: rank 0 reports the error
  if (setup == kComplete) {
    if (!quiet) out << "sweep " << ex.name << ": already complete in " << dir.string() << '\n';
    return 0;
  }

  const int jobs = usable_threads(o.jobs, "--jobs", quiet);
  const auto simulate = [&](std::size_t r) { return simulate_run(ex, d, r); };
  const auto commit = [&](std::size_t r, const std::string& text) { write_atomically(part_path(dir, run_ref(ex, r)), text); };
  if (!lead) return mpi::serve(mpi, jobs, mpi::Work{simulate, {}, {}});

  ProgressLine progress(!quiet && isatty(STDERR_FILENO), pending.size(), "run", std::chrono::milliseconds(200));
  std::vector<std::size_t> per_rank;
  if (mpi.distributed()) {
    per_rank = mpi::coordinate(mpi, pending, jobs, mpi::Work{simulate, commit, [&](std::size_t n) { progress.update(n); }});
  } else {
    std::atomic<std::size_t> finished{0};
    tbb::task_arena arena(jobs);
    arena.execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(0, pending.size(), 1),
          [&](const tbb::blocked_range<std::size_t>& br) {
            for (std::size_t i = br.begin(); i != br.end(); ++i) {
              const std::size_t r = pending[i];
              commit(r, simulate(r));
              progress.update(++finished);
            }
          },
          tbb::simple_partitioner());
    });
  }
  progress.finish();
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!quiet) {
    char line[200];
    std::snprintf(line, sizeof line, "sweep %s: %zu runs done, %zu already finished, in %.2f s (%.1f runs/h) on %d jobs",
                  ex.name.c_str(), pending.size(), mine - pending.size(), secs,
                  secs > 0 ? pending.size() * 3600.0 / secs : 0.0, jobs);
    out << line;
    if (mpi.distributed()) {
      out << " x " << mpi.size() << " MPI ranks (runs per rank:";
      for (std::size_t n : per_rank) out << ' ' << n;
      out << ')';
    }
    out << '\n';
  }
  if (o.shard_count > 1) {
    if (!quiet)
      out << "shard " << o.shard_index << "/" << o.shard_count << " finished; when every shard has, assemble with\n"
          << "  clustersim sweep " << o.experiment << " --out " << dir.string() << " --resume   (shards sharing "
          << dir.string() << ")\n  clustersim sweep-merge DIR1 DIR2 ...   (one directory per shard)\n";
    return 0;
  }
  const std::vector<std::string> files =
      assemble(ex, d, dir, SweepInfo{jobs, secs, started, o.command_line, mpi.size()}, o.keep_parts);
  if (!quiet)
    for (const std::string& f : files) out << "wrote " << (dir / f).string() << '\n';
  return 0;
}

int merge_sweeps(const std::vector<std::string>& dirs, const std::string& out_dir, bool keep_parts, bool quiet,
                 std::ostream& out) {
  const auto t0 = Clock::now();
  if (dirs.empty()) throw std::runtime_error("sweep-merge: no directories given");
  std::vector<Lock> locks;
  for (const std::string& d : dirs) {
    auto l = read_lock(d);
    if (!l) throw std::runtime_error(d + " holds no sweep (no " + std::string(kLockFile) + ")");
    if (!locks.empty()) {
      std::string changed = lock_changes(locks[0], *l);
      if (l->replications != locks[0].replications)
        changed += (changed.empty() ? "" : "; ") + std::string("replications (") +
                   std::to_string(locks[0].replications) + ", now " + std::to_string(l->replications) + ")";
      if (!changed.empty())
        throw std::runtime_error(d + " holds a sweep with other settings than " + dirs[0] + "; changed: " + changed);
    }
    locks.push_back(*l);
  }
  const Experiment ex = load_experiment(locks[0].experiment);
  const Design d = build_design(ex);
  const std::size_t runs = d.points() * static_cast<std::size_t>(ex.replications);
  const Lock now = make_lock(ex, d.points());
  if (const std::string changed = lock_changes(locks[0], now); !changed.empty() || now.replications != locks[0].replications)
    throw std::runtime_error("the experiment " + locks[0].experiment + " changed since these shards ran (" +
                             (changed.empty() ? "replications" : changed) + "); run the sweep again in one directory "
                             "with --resume, or restore the experiment");
  const fs::path target = out_dir.empty() ? fs::path(dirs[0]) : fs::path(out_dir);
  if (target != fs::path(dirs[0])) {
    SweepOptions o;
    o.resume = true;
    prepare_dir(target, ex, now, o);
  }
  fs::create_directories(target / kPartsDir);
  std::vector<bool> have = finished_runs(target, ex, d.points());
  for (const std::string& src : dirs) {
    if (fs::equivalent(fs::path(src), target) || !fs::exists(fs::path(src) / kPartsDir)) continue;
    const std::vector<bool> theirs = finished_runs(src, ex, d.points());
    for (std::size_t r = 0; r < runs; ++r) {
      if (have[r] || !theirs[r]) continue;
      const RunRef ref = run_ref(ex, r);
      fs::path tmp = part_path(target, ref);
      tmp += ".tmp" + std::to_string(::getpid());
      fs::copy_file(part_path(src, ref), tmp, fs::copy_options::overwrite_existing);
      fs::rename(tmp, part_path(target, ref));
      have[r] = true;
    }
  }
  std::size_t missing = 0;
  for (bool h : have) missing += !h;
  if (missing)
    throw std::runtime_error("sweep-merge: " + std::to_string(missing) + " of " + std::to_string(runs) +
                             " runs have no part in the directories given; run the missing shards first");
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto files = assemble(ex, d, target, SweepInfo{0, secs, utc_now_iso8601(), {}}, keep_parts);
  if (!quiet)
    for (const std::string& f : files) out << "wrote " << (target / f).string() << '\n';
  return 0;
}

}  // namespace cs::sweep
