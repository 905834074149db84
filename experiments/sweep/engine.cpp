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
#include "sweep/mpi.hpp"
#include "sweep/run.hpp"

namespace cs::sweep {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// The identity of a sweep: experiment text, resolved base scenario and binary version.
struct Lock {
  std::string experiment, hash, version, runs;
  std::string text() const {
    return "# ClusterSim sweep lock: the experiment the parts in this directory belong to.\n"
           "experiment = " + experiment + "\nhash = " + hash + "\nversion = " + version + "\nruns = " + runs + "\n";
  }
};

Lock make_lock(const Experiment& ex, std::size_t runs) {
  char h[17];
  std::snprintf(h, sizeof h, "%016llx",
                static_cast<unsigned long long>(fnv1a(to_toml(ex.base), fnv1a(ex.text + "\n-- base --\n"))));
  return Lock{fs::absolute(ex.file).lexically_normal().string(), h,
              std::string(version()) + " (git " + git_commit() + ")", std::to_string(runs)};
}

std::optional<Lock> read_lock(const fs::path& dir) {
  std::ifstream in(dir / kLockFile);
  if (!in) return std::nullopt;
  std::map<std::string, std::string> kv;
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find(" = ");
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    kv[line.substr(0, eq)] = line.substr(eq + 3);
  }
  return Lock{kv["experiment"], kv["hash"], kv["version"], kv["runs"]};
}

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

/// Makes `dir` ready; refuses a directory that holds something else or another sweep.
void prepare_dir(const fs::path& dir, const Lock& lock, const SweepOptions& o) {
  std::error_code ec;
  if (fs::exists(dir) && !fs::is_directory(dir)) throw std::runtime_error(dir.string() + " is not a directory");
  // Temporaries of processes killed while writing the lock or the final files.
  for (const char* f : {kLockFile, kRunsFile, kSeriesFile, kSummaryFile, kSensitivityFile, kSweepManifest})
    remove_stale_temporaries(dir, f);
  const auto old = read_lock(dir);
  if (o.force) {
    clear_sweep(dir);
  } else if (old) {
    if (old->hash != lock.hash || old->version != lock.version)
      throw std::runtime_error(
          dir.string() + " holds a sweep of a different experiment or version (" + old->experiment + ", " +
          old->version + "; now " + lock.version + "); its runs cannot be reused. Use another --out, or --force "
          "to delete them and start over");
    if (!o.resume && o.shard_count == 1)
      throw std::runtime_error(dir.string() + " already holds this sweep; use --resume to continue it or --force "
                                              "to start over");
  } else if (fs::exists(dir) && !only_sweep_files(dir, o.shard_count > 1)) {
    throw std::runtime_error(dir.string() + " is not empty and holds no sweep; use another --out or --force");
  }
  fs::create_directories(dir);
  if (!old || o.force) write_atomically(dir / kLockFile, lock.text());
  fs::create_directories(dir / kPartsDir);
}

/// Runs whose part exists; removes temporaries left by a killed process.
std::vector<bool> finished_runs(const fs::path& dir, std::size_t runs) {
  std::vector<bool> done(runs, false);
  for (const auto& e : fs::directory_iterator(dir / kPartsDir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".tmp") != std::string::npos) {
      std::error_code ec;
      fs::remove(e.path(), ec);  // a shard sharing the directory may be writing it: harmless
      continue;
    }
    if (name.size() != 13 || e.path().extension() != ".csv") continue;
    const std::size_t r = std::strtoull(name.c_str(), nullptr, 10);
    if (r < runs) done[r] = true;
  }
  return done;
}

void print_design(const Experiment& ex, std::size_t points, std::ostream& out) {
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
    if (lead) print_design(ex, d.points(), out);
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
      const bool complete = o.resume && fs::exists(dir / kSweepManifest) && !fs::exists(dir / kPartsDir);
      prepare_dir(dir, make_lock(ex, runs), o);
      if (complete) {
        fs::remove(dir / kPartsDir);
        setup = kComplete;
      } else {
        const std::vector<bool> done = finished_runs(dir, runs);
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
  const auto commit = [&](std::size_t r, const std::string& text) { write_atomically(part_path(dir, r), text); };
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
    if (!locks.empty() && (l->hash != locks[0].hash || l->version != locks[0].version))
      throw std::runtime_error(d + " holds a different experiment or version than " + dirs[0]);
    locks.push_back(*l);
  }
  const Experiment ex = load_experiment(locks[0].experiment);
  const Design d = build_design(ex);
  const std::size_t runs = d.points() * static_cast<std::size_t>(ex.replications);
  const Lock now = make_lock(ex, runs);
  if (now.hash != locks[0].hash || now.version != locks[0].version)
    throw std::runtime_error("the experiment " + locks[0].experiment + " (or its base scenario, or the program) "
                             "changed since these shards ran; cannot merge");
  const fs::path target = out_dir.empty() ? fs::path(dirs[0]) : fs::path(out_dir);
  if (target != fs::path(dirs[0])) {
    SweepOptions o;
    o.resume = true;
    prepare_dir(target, now, o);
  }
  fs::create_directories(target / kPartsDir);
  std::vector<bool> have = finished_runs(target, runs);
  for (const std::string& src : dirs) {
    if (fs::equivalent(fs::path(src), target) || !fs::exists(fs::path(src) / kPartsDir)) continue;
    const std::vector<bool> theirs = finished_runs(src, runs);
    for (std::size_t r = 0; r < runs; ++r) {
      if (have[r] || !theirs[r]) continue;
      fs::path tmp = part_path(target, r);
      tmp += ".tmp" + std::to_string(::getpid());
      fs::copy_file(part_path(src, r), tmp, fs::copy_options::overwrite_existing);
      fs::rename(tmp, part_path(target, r));
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
