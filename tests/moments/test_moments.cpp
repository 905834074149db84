// Every moment on tiny synthetic records, against values computed by hand; the aggregation
// table covers every indicator; recording a real run keeps exactly the months a plan asks for.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "moments/aggregate.hpp"
#include "moments/moment.hpp"
#include "params/load.hpp"

using namespace cs;
using namespace cs::moments;

namespace {

Moment indicator(const char* name, Reading r, int t0, int t1, int cluster = -1) {
  Moment m;
  m.name = name;
  m.kind = Kind::indicator;
  m.field = indicator_index(name);
  m.reading = r;
  m.t0 = t0;
  m.t1 = t1;
  m.cluster = cluster;
  return m;
}

Moment panel(Panel p, std::vector<int> waves, moments::Column c = moments::Column::employees) {
  Moment m;
  m.name = "p";
  m.kind = Kind::panel;
  m.panel = p;
  m.waves = std::move(waves);
  m.column = c;
  return m;
}

/// Two clusters over months 0..24: cluster 0 employs 100 growing to 121 at month 24.
RunRecord two_clusters() {
  RunRecord r;
  for (int t = 0; t <= 24; ++t) {
    std::vector<Indicators> row(2);
    row[0].employment = t == 24 ? 121 : 100;
    row[1].employment = 300;
    row[0].prod_mean = 1.0;
    row[1].prod_mean = 2.0;
    row[0].prod_p90_p10 = 3.0;
    row[1].prod_p90_p10 = 5.0;
    row[0].exports = t;
    row[0].turnover = 10;
    row[1].turnover = 30;
    row[0].firms = 10;
    row[1].firms = 30;
    row[0].entries = 1;
    row[1].exits = t >= 1 ? 3 : 0;
    r.steps.push_back(t);
    r.rows.push_back(row);
  }
  return r;
}

/// Four firms at month 0 and three of them (plus an entrant) at month 12.
RunRecord waves() {
  RunRecord r;
  FirmWave w0, w12;
  w0.step = 0;
  w0.add(1, 0, 2, 1, 1, 0.5, false);
  w0.add(2, 0, 5, 2, 2, 1.0, false);
  w0.add(3, 0, 20, 10, 10, 1.5, true);
  w0.add(4, 1, 100, 40, 40, 2.0, true);
  w12.step = 12;
  w12.add(2, 0, 5, 2, 2 * std::exp(0.1), 1.0, false);
  w12.add(3, 0, 20, 10, 10, 1.5, true);
  w12.add(4, 1, 100, 40, 40 * std::exp(-0.1), 2.0, true);
  w12.add(5, 0, 3, 1, 7, 0.7, false);
  r.waves = {w0, w12};
  return r;
}

}  // namespace

TEST_CASE("moments: indicators at a month, over a window, annualised growth, and totals over clusters") {
  const RunRecord r = two_clusters();
  CHECK(evaluate(indicator("employment", Reading::at, 24, 24), r) == 421);           // summed
  CHECK(evaluate(indicator("employment", Reading::at, 24, 24, 0), r) == 121);        // cluster 0
  CHECK(evaluate(indicator("exports", Reading::window, 10, 12), r) == 11);           // (10+11+12)/3
  // 100 -> 121 in 24 months: (1.21)^(12/24) - 1 = 10 % a year.
  CHECK(evaluate(indicator("employment", Reading::growth, 0, 24, 0), r) == doctest::Approx(0.1));
  // prod_mean is weighted by employment: (100 x 1 + 300 x 2) / 400.
  CHECK(evaluate(indicator("prod_mean", Reading::at, 0, 0), r) == doctest::Approx(1.75));
  // A distribution statistic has no total; per cluster it is read as is.
  CHECK(std::isnan(evaluate(indicator("prod_p90_p10", Reading::at, 0, 0), r)));
  CHECK(evaluate(indicator("prod_p90_p10", Reading::at, 0, 0, 1), r) == 5);
  Moment ratio = indicator("exports", Reading::window, 1, 2);
  ratio.kind = Kind::ratio;
  ratio.denominator = indicator_index("turnover");
  CHECK(evaluate(ratio, r) == doctest::Approx((1.0 + 2.0) / (40.0 + 40.0)));
}

TEST_CASE("moments: entry and exit rates per year from the flows") {
  const RunRecord r = two_clusters();
  Moment m = panel(Panel::entry_rate, {});
  m.t0 = 0;
  m.t1 = 12;
  // 12 entrants over 12 months, 40 firms on average: 0.3 a year.
  CHECK(evaluate(m, r) == doctest::Approx(0.3));
  m.panel = Panel::exit_rate;
  CHECK(evaluate(m, r) == doctest::Approx(36.0 / 40.0));
  m.cluster = 0;
  CHECK(evaluate(m, r) == 0);
}

TEST_CASE("moments: cross-section statistics of a wave") {
  const RunRecord r = waves();
  Moment share = panel(Panel::share, {0});
  share.employees_below = 10;
  CHECK(evaluate(share, r) == 0.5);
  share.exporter = 1;
  CHECK(evaluate(share, r) == 0);
  share.employees_below = 50;
  CHECK(evaluate(share, r) == 0.25);
  CHECK(evaluate(panel(Panel::exporter_share, {0}), r) == 0.5);
  // Exporters employ (20 + 100) / 2 = 60, the others (2 + 5) / 2 = 3.5.
  CHECK(evaluate(panel(Panel::exporter_premium, {0}), r) == doctest::Approx(60 / 3.5));
  // Productivity {0.5, 1, 1.5, 2}: q90 = 1.85, q10 = 0.65.
  Moment p9010 = panel(Panel::quantile_ratio, {0}, moments::Column::productivity);
  CHECK(evaluate(p9010, r) == doctest::Approx(1.85 / 0.65));
  p9010.cluster = 0;  // {0.5, 1, 1.5}: 1.4 / 0.6
  CHECK(evaluate(p9010, r) == doctest::Approx(1.4 / 0.6));
  Moment tail = panel(Panel::tail_exponent, {0});
  tail.threshold = 5;  // 5, 20, 100: 3 / (ln 4 + ln 20)
  CHECK(evaluate(tail, r) == doctest::Approx(3 / (std::log(4.0) + std::log(20.0))));
  // Averaged over waves: share of exporters 0.5 at 0 and 0.5 at 12.
  CHECK(evaluate(panel(Panel::exporter_share, {0, 12}), r) == 0.5);
}

TEST_CASE("moments: growth distribution and survival between waves") {
  const RunRecord r = waves();
  // Firms 2, 3, 4 are alive at both waves: turnover growth 0.1, 0, -0.1.
  Moment g = panel(Panel::growth_sd, {12}, moments::Column::turnover);
  CHECK(evaluate(g, r) == doctest::Approx(0.1));
  g.cluster = 0;  // firms 2 and 3: sd of {0.1, 0}
  CHECK(evaluate(g, r) == doctest::Approx(std::sqrt(0.005)));
  g.cluster = -1;
  g.panel = Panel::growth_kurtosis;
  CHECK(std::isnan(evaluate(g, r)));  // 3 firms: too few
  Moment s = panel(Panel::survival, {});
  s.t0 = 0;
  s.t1 = 12;
  CHECK(evaluate(s, r) == 0.75);
  RecordPlan plan = plan_for({g, s});
  CHECK(plan.firm_waves == std::vector<int>{0, 12});
}

TEST_CASE("moments: gross job reallocation counts entrants from 0 and exits to 0") {
  const RunRecord r = waves();
  // Firm 1 (2 workers) leaves, firm 5 (3 workers) enters, the others keep their workers:
  // (2 + 3) over the mean of 127 and 128 workers.
  Moment j = panel(Panel::job_reallocation, {12});
  CHECK(evaluate(j, r) == doctest::Approx(5.0 / 127.5));
  j.cluster = 0;  // 27 and 28 workers
  CHECK(evaluate(j, r) == doctest::Approx(5.0 / 27.5));
  j.cluster = 1;  // firm 4 keeps its 100 workers
  CHECK(evaluate(j, r) == 0.0);
  CHECK(plan_for({j}).firm_waves == std::vector<int>{0, 12});
}

TEST_CASE("moments: every indicator has a rule for totals over clusters, and weights exist") {
  for (const IndicatorField& f : indicator_fields()) {
    CAPTURE(f.name);
    const AggregationRule r = aggregation_of(f.name);
    CHECK(r.how != Aggregation::unclassified);
    if (r.how == Aggregation::weighted_mean) CHECK(indicator_index(r.weight) >= 0);
  }
}

TEST_CASE("moments: a recorded run keeps the planned months, and a wave matches the indicators") {
  Params p = parse_params("[[cluster]]\nname = \"T\"\nfirms = 120\n");
  p.run.steps = 6;
  RecordPlan plan;
  plan.add_steps(2, 3);
  plan.add_wave(6);
  const RunRecord r = record_run(p, plan);
  CHECK(r.steps == std::vector<int>{2, 3});
  REQUIRE(r.waves.size() == 1);
  const FirmWave& w = r.waves[0];
  CHECK(w.step == 6);
  CHECK_THROWS_AS(r.at(6), std::out_of_range);
  // The same run observed for month 6 alone: its firm count is the wave's size.
  RecordPlan six;
  six.add_steps(6, 6);
  const RunRecord r6 = record_run(p, six);
  CHECK(static_cast<double>(w.size()) == r6.at(6)[0].firms);
  double emp = 0;
  for (double e : w.employees) emp += e;
  CHECK(emp == doctest::Approx(r6.at(6)[0].employment).epsilon(1e-6));
}

TEST_CASE("moments: growth kurtosis and the slope of growth volatility through the firm table") {
  // Four firms matched across months 0 and 12: employment growth -0.2, 0, 0, +0.2 (m2 = 0.02,
  // m4 = 0.0008: kurtosis 2); sizes 1, 1, e^2, e^2 give bins of sd 0.141 and 0.141: slope 0.
  RunRecord r;
  FirmWave w0, w12;
  w0.step = 0;
  w12.step = 12;
  const double e2 = std::exp(2.0);
  const double size[] = {1, 1, e2, e2}, growth[] = {-0.2, 0, 0, 0.2};
  for (std::uint32_t i = 0; i < 4; ++i) {
    w0.add(i, 0, size[i], 1, 1, 1, false);
    w12.add(i, 0, size[i] * std::exp(growth[i]), 1, 1, 1, false);
  }
  r.waves = {w0, w12};
  Moment k = panel(Panel::growth_kurtosis, {12});
  CHECK(evaluate(k, r) == doctest::Approx(2.0));
  Moment s = panel(Panel::growth_sd_slope, {12});
  s.bins = 2;
  CHECK(evaluate(s, r) == doctest::Approx(0.0).epsilon(1e-12));
  // A general quantile ratio: employees {1, 1, e^2, e^2} at month 0, Q(0.75) / Q(0.25) = e^2 / 1.
  Moment q = panel(Panel::quantile_ratio, {0});
  q.q_hi = 0.75;
  q.q_lo = 0.25;
  CHECK(evaluate(q, r) == doctest::Approx(e2));
}
