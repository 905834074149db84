// Association strengthening: a monthly capacity-building grant, and every twelve months an award
// when the association's rating (mean over the clusters served) has risen since the last review.
#include "policies/registry.hpp"

namespace cs::policies {

namespace {
double mean_rating(const Month& m) {
  double sum = 0;
  int n = 0;
  for (std::size_t c = 0; c < m.w.indicators.size(); ++c) {
    if (m.p.cluster >= 0 && static_cast<int>(c) != m.p.cluster) continue;
    sum += m.w.indicators[c].association_rating;
    ++n;
  }
  return n ? sum / n : 0.0;
}
}  // namespace

void apply_association_strengthening(Month& m) {
  if (m.purse(Channel::association_strengthening).left <= 0) return;  // budget spent: the lever stays off
  m.L.association_grant = m.p.grant;
  if (m.memo.empty()) m.memo.assign(1, mean_rating(m));  // memo[0]: rating at the last review
  if (m.month > 0 && m.month % 12 == 0) {
    const double r = mean_rating(m);
    if (r > m.memo[0]) m.L.association_award = m.p.award;
    m.memo[0] = r;
  }
}

}  // namespace cs::policies
