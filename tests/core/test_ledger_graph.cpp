#include <doctest/doctest.h>

#include "core/ledger.hpp"
#include "core/parallel.hpp"
#include "network/trust_graph.hpp"

using namespace cs;

TEST_CASE("ledger: transfers move money without creating it") {
  Ledger l;
  const AccountId a = l.open("a", 100.0), b = l.open("b", 5.0);
  const double before = l.total();
  l.transfer(a, b, 30.0, Flow::sales);
  l.transfer(b, l.sector(Sector::households), 12.5, Flow::wages);
  CHECK(l.balance(a) == 70.0);
  CHECK(l.balance(b) == 22.5);
  CHECK(l.balance(l.sector(Sector::households)) == 12.5);
  CHECK(l.total() == before);
  CHECK(l.flows()[static_cast<int>(Flow::sales)] == 30.0);
  l.clear_flows();
  CHECK(l.flows()[static_cast<int>(Flow::sales)] == 0.0);
}

TEST_CASE("det_reduce: the same bits whatever the execution mode") {
  std::vector<double> v(100003);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = 1.0 / (1.0 + static_cast<double>(i)) * (i % 7 == 0 ? -3.0 : 1.0);
  const double par = det_sum(Exec{true}, v.size(), [&](std::size_t i) { return v[i]; });
  const double ser = det_sum(Exec{false}, v.size(), [&](std::size_t i) { return v[i]; });
  CHECK(par == ser);
}

TEST_CASE("trust graph: symmetric links, capacity, removal, lazy decay") {
  TrustGraph g;
  g.init(5, 2);
  CHECK(g.add(0, 1, 0.5f, 0));
  CHECK_FALSE(g.add(1, 0, 0.5f, 0));  // already linked
  CHECK_FALSE(g.add(2, 2, 0.5f, 0));  // no self-links
  CHECK(g.add(0, 2, 0.6f, 0));
  CHECK_FALSE(g.add(0, 3, 0.6f, 0));  // row 0 is full
  CHECK(g.linked(1, 0));
  CHECK(g.links() == 2);
  g.set_trust(0, 2, 0.9f, 4);
  CHECK(g.stored_trust(2, 0) == doctest::Approx(0.9f));
  // Decay towards 0.3 at 10 % a month: after 2 months 0.3 + 0.6 * 0.81.
  int k = g.neighbour(0, 0) == 2 ? 0 : 1;
  g.set_decay(0.3f, 0.1f, 100);
  CHECK(g.trust_at(0, k, 6) == doctest::Approx(0.3 + 0.6 * 0.81).epsilon(1e-5));
  CHECK(g.trust_at(0, k, 4) == doctest::Approx(0.9));
  g.remove_all(0);
  CHECK(g.degree(0) == 0);
  CHECK(g.degree(1) == 0);
  CHECK(g.degree(2) == 0);
  CHECK(g.links() == 0);
  g.add_rows(2);
  CHECK(g.add(5, 6, 0.4f, 7));
}
