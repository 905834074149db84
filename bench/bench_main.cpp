// clustersim-bench: runs the model without I/O and reports throughput and memory per firm.
//   clustersim-bench [--firms N | --config SCENARIO.toml] [--steps S] [--threads T] [--clusters C] [--warmup W]
//                    [--burn-in M] [--seed S] [--phases] [--triad]
// Prints `firm_steps_per_s: X` (timed steps only) and `bytes_per_firm: Y` (peak resident set
// over firms, read from /proc/self/status VmHWM). With --phases it also prints the mean wall time
// of each phase over the timed steps (`phase_ms: <name>: <ms per step>`), taken by the step's
// after-phase hook, so the phases add up to the step, with the bytes of the firm columns the
// phase declares (StepPhase::reads and ::writes: each column read counted once, each column
// written once more) and the rate that makes (`phase_traffic: <name>: <MB> MB, <GB/s> GB/s`).
// --triad then measures the machine's memory bandwidth (a[i] = b[i] + s c[i] over three arrays
// of 2^25 doubles, TBB-parallel, best of 5; 24 bytes an element), for the ratio of the two.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/memory.hpp"
#include "params/expand.hpp"
#include "params/load.hpp"
#include "policies/programme.hpp"
#include "world.hpp"

namespace {
long peak_rss_bytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) * 1024;
  return 0;
}

// Best-of-5 triad bandwidth in GB/s.
double triad_gb_s() {
  const std::size_t n = std::size_t{1} << 25;
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1 << 16), [&](const tbb::blocked_range<std::size_t>& r) {
      for (std::size_t i = r.begin(); i < r.end(); ++i) a[i] = b[i] + 3.0 * c[i];
    });
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, 24.0 * double(n) / s / 1e9);
  }
  if (a[n / 2] != 7.0) std::printf("triad: wrong result\n");
  return best;
}

// Bytes of the firm columns a phase declares, for `rows` rows.
double declared_bytes(const cs::World& w, const cs::StepPhase& ph, std::size_t rows) {
  std::map<std::string, std::size_t> elem;
  w.firms.for_each_named_column([&](const char* n, const auto& c) { elem[n] = sizeof(c[0]); });
  double b = 0;
  for (const char* list : {ph.reads, ph.writes}) {
    std::istringstream in(list);
    for (std::string t; in >> t;)
      if (auto it = elem.find(t); it != elem.end()) b += double(it->second) * double(rows);
  }
  return b;
}
}  // namespace

int main(int argc, char** argv) {
  cs::retain_freed_memory();
  CLI::App app{"ClusterSim benchmark: model throughput without I/O"};
  int firms = 100000, steps = 20, threads = 0, clusters = 1, warmup = 2;
  std::uint64_t seed = 1;
  app.add_option("--firms", firms, "total firms (split evenly over clusters)")->check(CLI::Range(1, 50000000));
  app.add_option("--steps", steps, "timed steps (months)")->check(CLI::Range(1, 100000));
  app.add_option("--threads", threads, "TBB threads (0 = all cores)")->check(CLI::Range(0, 1024));
  app.add_option("--clusters", clusters, "number of clusters")->check(CLI::Range(1, 65535));
  app.add_option("--warmup", warmup, "untimed steps first")->check(CLI::Range(0, 1000));
  app.add_option("--seed", seed, "run seed");
  bool phases = false;
  app.add_flag("--phases", phases, "print the mean time of each phase per timed step and its declared column traffic");
  bool triad = false;
  app.add_flag("--triad", triad, "measure the memory bandwidth first (triad, GB/s)");
  int burn_in = 0;
  app.add_option("--burn-in", burn_in, "months of the scenario's burn-in run inside make_world (counted in init_s)")
      ->check(CLI::Range(0, 1200));
  std::string config;
  auto* cfg = app.add_option("--config", config,
                             "time a scenario instead: its clusters, firms, burn-in and programme (--firms and "
                             "--clusters do not apply; --burn-in, when given, replaces the scenario's)")
                  ->check(CLI::ExistingFile);
  app.get_option("--firms")->excludes(cfg);
  app.get_option("--clusters")->excludes(cfg);
  CLI11_PARSE(app, argc, argv);

  tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                         threads > 0 ? static_cast<std::size_t>(threads) : tbb::info::default_concurrency());
  cs::Params p;
  if (!config.empty()) {
    try {
      p = cs::load_params(config);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return 2;
    }
    if (app.count("--seed")) p.run.seed = seed;
    if (app.count("--burn-in")) p.run.burn_in = burn_in;
    const auto all = cs::expand_clusters(p);  // national mode: one entry per replica
    firms = 0;
    for (const cs::ClusterParams& c : all) firms += c.firms;
    clusters = static_cast<int>(all.size());
  } else {
    p.run.seed = seed;
    p.run.burn_in = burn_in;
    p.clusters.assign(static_cast<std::size_t>(clusters), cs::ClusterParams{});
    for (int c = 0; c < clusters; ++c) {
      p.clusters[c].name = "cluster" + std::to_string(c);
      p.clusters[c].firms = firms / clusters + (c < firms % clusters ? 1 : 0);
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  cs::World w = cs::make_world(p);
  if (!config.empty()) cs::policies::attach_programme(w);  // as a run attaches it
  const auto t1 = std::chrono::steady_clock::now();
  for (int s = 0; s < warmup; ++s) cs::step(w);
  const auto t2 = std::chrono::steady_clock::now();
  double firm_steps = 0;
  // Per-phase times: the hook reads the clock after each phase (about 20 reads a step).
  const auto list = cs::step_phases();
  std::vector<double> phase_s(list.size(), 0.0);
  std::size_t k = 0;
  auto mark = std::chrono::steady_clock::now();
  const cs::PhaseHook hook = [&](const char*) {
    const auto now = std::chrono::steady_clock::now();
    phase_s[k++] += std::chrono::duration<double>(now - mark).count();
    mark = now;
  };
  for (int s = 0; s < steps; ++s) {
    if (phases) {
      k = 0;
      mark = std::chrono::steady_clock::now();
      cs::step(w, hook);
    } else {
      cs::step(w);
    }
    for (const auto& ind : w.indicators) firm_steps += ind.firms;
  }
  const auto t3 = std::chrono::steady_clock::now();
  const double secs = std::chrono::duration<double>(t3 - t2).count();
  double alive = 0;
  for (const auto& ind : w.indicators) alive += ind.firms;
  std::printf("firms: %d\nclusters: %d\nthreads: %d\nsteps: %d\n", firms, clusters,
              threads > 0 ? threads : static_cast<int>(tbb::info::default_concurrency()), steps);
  std::printf("init_s: %.3f\nstep_s: %.4f\n", std::chrono::duration<double>(t1 - t0).count(), secs / steps);
  std::printf("firms_alive_end: %.0f\n", alive);
  std::printf("firm_steps_per_s: %.0f\n", firm_steps / secs);
  std::printf("bytes_per_firm: %.0f\n", static_cast<double>(peak_rss_bytes()) / firms);
  if (phases) {
    for (std::size_t p = 0; p < list.size(); ++p)
      std::printf("phase_ms: %s: %.1f\n", list[p].name, 1e3 * phase_s[p] / steps);
    double total_b = 0;
    for (std::size_t p = 0; p < list.size(); ++p) {
      const double b = declared_bytes(w, list[p], w.firms.size());
      total_b += b;
      const double ms = 1e3 * phase_s[p] / steps;  // a rate over under 0.5 ms means nothing
      if (ms < 0.5)
        std::printf("phase_traffic: %s: %.0f MB, - GB/s\n", list[p].name, b / 1e6);
      else
        std::printf("phase_traffic: %s: %.0f MB, %.2f GB/s\n", list[p].name, b / 1e6, b / (ms / 1e3) / 1e9);
    }
    std::printf("step_traffic: %.0f MB, %.2f GB/s\n", total_b / 1e6, total_b / (secs / steps) / 1e9);
  }
  // Last, so that its arrays do not count in bytes_per_firm.
  if (triad) std::printf("triad_gb_s: %.1f\n", triad_gb_s());
  return 0;
}
