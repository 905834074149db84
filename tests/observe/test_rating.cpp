// Cluster rating (sim/observe/rating.hpp): scores in [0, 1], the total is their mean, ranks are a
// permutation, and each score moves with what it rates.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>

#include "observe/rating.hpp"
#include "world.hpp"

namespace {

cs::Params two_clusters() {
  cs::Params p;
  p.run.steps = 12;
  p.run.seed = 9;
  p.clusters.resize(2);
  p.clusters[0].name = "A";
  p.clusters[0].firms = 200;
  p.clusters[1].name = "B";
  p.clusters[1].firms = 200;
  return p;
}

}  // namespace

TEST_CASE("rating scores lie in [0, 1] and the total is their equally weighted mean") {
  cs::World w = cs::make_world(two_clusters());
  for (int s = 0; s < 6; ++s) cs::step(w);
  const auto r = cs::rate_clusters(w);
  REQUIRE(r.size() == 2);
  std::vector<int> ranks;
  for (const cs::ClusterRating& c : r) {
    for (double s : c.score) {
      CHECK(s >= 0.0);
      CHECK(s <= 1.0);
    }
    const double mean = std::accumulate(c.score.begin(), c.score.end(), 0.0) / double(cs::kRatingParams);
    CHECK(c.total == doctest::Approx(mean));
    ranks.push_back(c.rank);
  }
  std::sort(ranks.begin(), ranks.end());
  CHECK(ranks == std::vector<int>{1, 2});
}

TEST_CASE("a cluster with a stronger association scores higher on leadership") {
  cs::World w = cs::make_world(two_clusters());
  for (int s = 0; s < 3; ++s) cs::step(w);
  REQUIRE(w.inst.assoc.effectiveness.size() == 2);
  w.inst.assoc.effectiveness[1] = std::min(1.0, w.inst.assoc.effectiveness[0] + 0.4);
  w.inst.assoc.share[1] = std::min(1.0, w.inst.assoc.share[0] + 0.3);
  w.inst.assoc.rating[1] = std::min(1.0, w.inst.assoc.rating[0] + 0.2);
  const auto r = cs::rate_clusters(w);
  const auto lead = static_cast<std::size_t>(cs::RatingParam::leadership);
  CHECK(r[1].score[lead] > r[0].score[lead]);
}

TEST_CASE("the recommendation score is the cluster's input") {
  cs::Params p = two_clusters();
  p.clusters[0].recommendation = 0.9;
  p.clusters[1].recommendation = 0.1;
  cs::World w = cs::make_world(p);
  const auto r = cs::rate_clusters(w);
  const auto k = static_cast<std::size_t>(cs::RatingParam::recommendation);
  CHECK(r[0].score[k] == doctest::Approx(0.9));
  CHECK(r[1].score[k] == doctest::Approx(0.1));
}

TEST_CASE("zero weights but one rate on that parameter alone") {
  cs::World w = cs::make_world(two_clusters());
  cs::RatingWeights only;
  only.w.fill(0);
  only.w[static_cast<std::size_t>(cs::RatingParam::employment)] = 1;
  const auto r = cs::rate_clusters(w, only);
  for (const cs::ClusterRating& c : r)
    CHECK(c.total == doctest::Approx(c.score[static_cast<std::size_t>(cs::RatingParam::employment)]));
}
