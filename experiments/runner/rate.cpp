#include "runner/rate.hpp"
#include "runner/threads.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <stdexcept>

#include "observe/rating.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"
#include "runner/overrides.hpp"
#include "simulate/simulation.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"
#include "world.hpp"

namespace cs {

namespace {

Params rate_params(const RateOptions& o) {
  std::vector<std::string> notes;
  Params p = load_params(o.config, notes);
  for (const std::string& n : notes) std::cerr << "clustersim: note: " << n << '\n';
  std::vector<ConfigIssue> issues;
  apply_sets(p, o.sets, issues);
  p.run.steps = std::max(1, o.steps);  // run.steps must be >= 1; rating runs o.steps itself
  for (ConfigIssue& i : validate(p, o.config)) issues.push_back(std::move(i));
  if (!issues.empty()) throw ConfigError(std::move(issues));
  return p;
}

}  // namespace

int cmd_rate(const RateOptions& o, std::ostream& out) {
  if (o.steps < 0) throw std::invalid_argument("--steps must be >= 0");
  const Params p = rate_params(o);
  const int threads = usable_threads(o.threads, "--threads", false);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  // The scenario as written: with its programme, if it has one.
  Simulation sim(p, SimulationSetup{.parallel = true});
  sim.run(o.steps);
  const World& w = sim.world();
  const std::vector<ClusterRating> rating = rate_clusters(w);

  std::vector<std::size_t> order(rating.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rating[a].rank < rating[b].rank; });

  char b[64];
  std::string t = "Cluster rating at step " + std::to_string(w.step) + " (scores 0-1, equal weights)\n";
  t += "rank  cluster                                ";
  for (std::size_t k = 0; k < kRatingParams; ++k) {
    std::snprintf(b, sizeof b, " %6.6s", rating_param_name(static_cast<RatingParam>(k)));
    t += b;
  }
  t += "   total\n";
  for (std::size_t i : order) {
    const ClusterRating& r = rating[i];
    std::snprintf(b, sizeof b, "%4d  [%zu] ", r.rank, r.cluster);
    std::string name = r.name.substr(0, 34);
    t += b + name + std::string(name.size() < 35 ? 35 - name.size() : 0, ' ');
    for (double s : r.score) {
      std::snprintf(b, sizeof b, " %6.3f", s);
      t += b;
    }
    std::snprintf(b, sizeof b, "  %6.3f\n", r.total);
    t += b;
  }
  t += "columns: technology (distinct technology/product), growth (growth potential), employment "
       "(employment contribution), leadership (association), infrastructure, institutions (BDS, CFC), "
       "recommendation (by other agencies: cluster.recommendation), need (socio-environmental need)\n";
  out << t << std::flush;

  if (!o.csv.empty()) {
    std::string c = "rank,cluster,name";
    for (std::size_t k = 0; k < kRatingParams; ++k) sweep::append_fields(c, std::string(rating_param_name(static_cast<RatingParam>(k))));
    c += ",total,step\n";
    for (std::size_t i : order) {
      const ClusterRating& r = rating[i];
      c += std::to_string(r.rank);
      sweep::append_fields(c, std::to_string(r.cluster), csv_field(r.name));
      for (double s : r.score) sweep::append_fields(c, format_number(s));
      sweep::append_fields(c, format_number(r.total), std::to_string(w.step));
      c += '\n';
    }
    sweep::write_atomically(o.csv, c);
    out << "wrote " << o.csv << '\n';
  }
  return 0;
}

}  // namespace cs
