#include "policies/targeting.hpp"

#include <algorithm>

#include "core/rng.hpp"
#include "observe/rating.hpp"

namespace cs::policies {

namespace {

/// The value below which a share `q` of the served alive firms lie.
template <class Get>
double quantile(const World& w, int cluster, double q, Get get) {
  std::vector<float> v;
  for (std::size_t c = 0; c < w.members.size(); ++c) {
    if (cluster >= 0 && static_cast<int>(c) != cluster) continue;
    for (Slot i : w.members[c]) v.push_back(get(i));
  }
  if (v.empty()) return 0;
  const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

bool member(const World& w, Slot i) {
  const auto& fi = w.inst.firm;
  return i < fi.flags.size() && describes(fi.owner, w.firms, i) && (fi.flags[i] & kAssocMember);
}

}  // namespace

void build_target(const World& w, const InterventionParams& x, int index,
                  const std::vector<std::uint32_t>& diagnosed, std::vector<std::uint8_t>& out,
                  const std::vector<std::size_t>& served) {
  const Firms& f = w.firms;
  out.assign(f.size(), 0);
  const std::string& t = x.target;
  double cut = 0;
  if (t == "below_productivity") cut = quantile(w, x.cluster, x.percentile, [&](Slot i) { return f.prod[i]; });
  if (t == "below_quality") cut = quantile(w, x.cluster, x.percentile, [&](Slot i) { return f.quality[i]; });
  std::vector<Slot> chosen;
  for (std::size_t c = 0; c < w.members.size(); ++c) {
    if (x.cluster >= 0 && static_cast<int>(c) != x.cluster) continue;
    if (!served.empty() && !std::binary_search(served.begin(), served.end(), c)) continue;
    for (Slot i : w.members[c]) {
      bool ok = true;
      if (t == "micro" || t == "small" || t == "medium") {
        const SizeClass want = t == "micro" ? SizeClass::micro : t == "small" ? SizeClass::small : SizeClass::medium;
        ok = size_class(f.capital[i], 12.0 * f.revenue[i]) == want;
      } else if (t == "members") {
        ok = member(w, i);
      } else if (t == "below_productivity") {
        ok = f.prod[i] < cut;
      } else if (t == "below_quality") {
        ok = f.quality[i] < cut;
      } else if (t == "diagnosed") {
        ok = std::binary_search(diagnosed.begin(), diagnosed.end(), f.uid[i]);
      }
      if (ok) chosen.push_back(i);
    }
  }
  if (x.max_firms > 0 && chosen.size() > static_cast<std::size_t>(x.max_firms)) {
    // A fixed lottery per intervention: a firm keeps its place in the queue from month to month.
    auto key = [&](Slot i) {
      Rng r(w.params.run.seed, Stream::policy_targeting, f.uid[i], static_cast<std::uint32_t>(index));
      return std::pair(r.bits(), f.uid[i]);
    };
    std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, Slot>> keyed;
    keyed.reserve(chosen.size());
    for (Slot i : chosen) keyed.emplace_back(key(i), i);
    std::nth_element(keyed.begin(), keyed.begin() + x.max_firms, keyed.end());
    chosen.clear();
    for (int k = 0; k < x.max_firms; ++k) chosen.push_back(keyed[static_cast<std::size_t>(k)].second);
  }
  for (Slot i : chosen) out[i] = 1;
}

std::vector<std::size_t> best_rated(const World& w, int n) { return best_rated(rate_clusters(w), n); }

std::vector<std::size_t> best_rated(const std::vector<ClusterRating>& rating, int n) {
  std::vector<std::size_t> out;
  for (const ClusterRating& r : rating)
    if (r.rank <= n) out.push_back(r.cluster);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::uint32_t> diagnostic_list(const World& w) {
  const Firms& f = w.firms;
  std::vector<std::uint32_t> uids;
  for (const auto& m : w.members) {
    std::vector<std::pair<float, std::uint32_t>> viable;
    for (Slot i : m)
      if (net_worth(f, i) > 0) viable.emplace_back(f.prod[i], f.uid[i]);
    std::sort(viable.begin(), viable.end());
    const std::size_t n = std::min(viable.size(), (m.size() + 9) / 10);
    for (std::size_t k = 0; k < n; ++k) uids.push_back(viable[k].second);
  }
  std::sort(uids.begin(), uids.end());
  return uids;
}

}  // namespace cs::policies
