#include "observe/rating.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "world.hpp"

namespace cs {

namespace {

double clamp01(double x) { return std::isfinite(x) ? std::clamp(x, 0.0, 1.0) : 0.0; }
double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }
double mean(std::initializer_list<double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Scales: the level at which a saturating score reaches 1 (or one half for employment). They
// make scores comparable across clusters; docs/evaluation.md gives the reasons for each.
constexpr double kGrowthFull = 0.10;       // annual demand growth rated 1
constexpr double kExportShareFull = 0.5;   // export share of turnover rated 1
constexpr double kProfitRateFull = 0.15;   // profit / revenue rated 1
constexpr double kEmploymentHalf = 10000;  // workers at which the employment score is 1/2
constexpr double kFirmsPerBank = 300;      // one bank branch per this many firms rates 1
constexpr double kFirmsPerAgent = 100;     // one selling agent per this many firms rates 1
constexpr double kFirmsPerProvider = 50;   // one BDS provider per this many firms rates 1

}  // namespace

const char* rating_param_name(RatingParam p) {
  static const char* const names[kRatingParams] = {"technology",     "growth",       "employment",
                                                   "leadership",     "infrastructure", "institutions",
                                                   "recommendation", "need"};
  const auto i = static_cast<std::size_t>(p);
  return i < kRatingParams ? names[i] : "?";
}

std::vector<ClusterRating> rate_clusters(const World& w, const RatingWeights& weights) {
  const std::size_t nc = w.params.clusters.size();
  const double wsum = std::accumulate(weights.w.begin(), weights.w.end(), 0.0);
  std::vector<ClusterRating> out(nc);

  // Open CFCs and their use, per cluster.
  std::vector<double> cfc_open(nc, 0), cfc_use(nc, 0);
  for (const Cfc& f : w.inst.cfcs) {
    if (f.cluster >= nc || f.stage != CfcStage::open) continue;
    cfc_open[f.cluster] += 1;
    cfc_use[f.cluster] = std::max(cfc_use[f.cluster], ratio(f.used, f.capacity));
  }
  // Alive BDS providers per cluster.
  std::vector<double> providers(nc, 0);
  for (std::size_t b = 0; b < w.bds.size(); ++b)
    if (w.bds.alive[b] && w.bds.cluster[b] < nc) providers[w.bds.cluster[b]] += 1;

  for (std::size_t c = 0; c < nc; ++c) {
    const ClusterParams& cp = w.params.clusters[c];
    const Indicators x = c < w.indicators.size() ? w.indicators[c] : Indicators{};
    ClusterRating& r = out[c];
    r.cluster = c;
    r.name = cp.name;
    auto set = [&](RatingParam p, double v) { r.score[static_cast<std::size_t>(p)] = clamp01(v); };

    set(RatingParam::technology,
        mean({ratio(x.prod_mean, x.frontier), x.quality_mean, ratio(x.certified, x.firms)}));
    set(RatingParam::growth, mean({clamp01(cp.demand_growth / kGrowthFull), clamp01(x.export_share / kExportShareFull),
                                   clamp01(x.profit_rate / kProfitRateFull)}));
    set(RatingParam::employment, x.employment / (x.employment + kEmploymentHalf));

    double eff = x.association_effectiveness, share = ratio(x.association_members, x.firms),
           rating = x.association_rating;
    if (c < w.inst.assoc.effectiveness.size()) {  // the live state, when the world has it
      eff = w.inst.assoc.effectiveness[c];
      share = w.inst.assoc.share[c];
      rating = w.inst.assoc.rating[c];
    }
    set(RatingParam::leadership, mean({clamp01(eff), clamp01(share), clamp01(rating)}));

    double banks = 0, agents = 0;
    if (c < w.clusters.size()) {
      banks = w.clusters[c].n_banks;
      agents = w.clusters[c].n_agents;
    }
    const double firms = std::max(1.0, x.firms);
    set(RatingParam::infrastructure,
        mean({clamp01(w.env.power_mult), clamp01(banks * kFirmsPerBank / firms),
              clamp01(agents * kFirmsPerAgent / firms)}));

    const double cfc_score = cfc_open[c] > 0 ? 0.5 + 0.5 * clamp01(cfc_use[c]) : 0.0;
    set(RatingParam::institutions, mean({clamp01(providers[c] * kFirmsPerProvider / firms), cfc_score}));

    set(RatingParam::recommendation, clamp01(cp.recommendation));

    // Need: how far emissions per unit are above the clean frontier's, the informal share of
    // debt, and the share of firms rationed by banks.
    const double frontier_per_unit = w.env.frontier_energy * w.params.market.emission_factor;
    const double per_unit = ratio(x.emissions, x.output);
    const double emissions_gap = per_unit > 0 ? 1.0 - frontier_per_unit / per_unit : 0.0;
    set(RatingParam::need, mean({clamp01(emissions_gap), ratio(x.informal_credit, x.credit + x.informal_credit),
                                 clamp01(x.rationed_share)}));

    double t = 0;
    for (std::size_t k = 0; k < kRatingParams; ++k) t += weights.w[k] * r.score[k];
    r.total = wsum > 0 ? t / wsum : 0.0;
  }

  std::vector<std::size_t> order(nc);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return out[a].total > out[b].total; });
  for (std::size_t k = 0; k < nc; ++k) out[order[k]].rank = static_cast<int>(k + 1);
  return out;
}

}  // namespace cs
