#include "evaluate/panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "world.hpp"

namespace cs::eval {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

const OutcomeInfo kInfo[kOutcomes] = {
    {"employment", "workers", "mean monthly workers (0 in months after exit)", true, "workers"},
    {"output", "units/month", "mean monthly output", true, "units/month"},
    {"turnover", "₹ lakh/month", "mean monthly turnover (sales at their prices)", true, "₹ lakh/month"},
    {"productivity", "units/worker-month", "output / worker-months over the year (firms with workers)", false,
     "units/worker-month"},
    {"exports", "₹ lakh/month", "mean monthly export sales", true, "₹ lakh/month"},
    {"exporter", "probability", "share of the year's months in which the firm sold abroad", true,
     "exporting firms (mean over the months)"},
    {"survival", "probability", "alive in the last month of the year", true, "firms alive at the year's end"},
    {"credit", "₹ lakh", "formal debt in the last month of the year", true, "₹ lakh"},
    {"energy", "MWh/month", "mean monthly energy use", true, "MWh/month"},
    {"emissions", "tCO2/month", "mean monthly CO2 emissions", true, "tCO2/month"},
};

}  // namespace

const OutcomeInfo& outcome_info(Outcome o) { return kInfo[static_cast<std::size_t>(o)]; }

YearGrid::YearGrid(int impl_start, int run_steps, int programme_start)
    : impl(impl_start), steps(run_steps), cohort_step(std::max(0, programme_start - 1)) {
  first = year_of(1);
  last = year_of(std::max(1, run_steps));
}

int YearGrid::year_of(int step) const { return floor_div(step - impl, 12); }
int YearGrid::from(int year) const { return std::max(1, impl + 12 * year); }
int YearGrid::to(int year) const { return std::min(steps, impl + 12 * year + 11); }

double outcome_value(const FirmYear& y, Outcome o, int months) {
  const double m = std::max(1, months);
  switch (o) {
    case Outcome::employment: return y.employment / m;
    case Outcome::output: return y.output / m;
    case Outcome::turnover: return y.turnover / m;
    case Outcome::productivity: return y.employment > 0 ? y.output / y.employment : kNaN;
    case Outcome::exports: return y.exports / m;
    case Outcome::exporter: return y.export_months / m;
    case Outcome::survival: return y.alive_end;
    case Outcome::credit: return y.debt_end;
    case Outcome::energy: return y.energy / m;
    case Outcome::emissions: return y.emissions / m;
    case Outcome::count: break;
  }
  return kNaN;
}

Panel::Panel(const YearGrid& grid, std::vector<int> horizons) : grid_(grid), horizons_(std::move(horizons)) {
  entrants_.assign(static_cast<std::size_t>(grid_.count()), FirmYear{});
  cluster_ = entrants_;
  hemp_.resize(horizons_.size());
  halive_.resize(horizons_.size());
}

void Panel::draw_cohort(const World& w) {
  uid_end_ = w.next_uid;
  index_.assign(uid_end_, -1);
  for (const auto& m : w.members)
    for (Slot i : m) uid_.push_back(w.firms.uid[i]);
  std::sort(uid_.begin(), uid_.end());
  for (std::size_t k = 0; k < uid_.size(); ++k) index_[uid_[k]] = static_cast<std::int32_t>(k);
  years_.assign(uid_.size() * static_cast<std::size_t>(grid_.count()), FirmYear{});
  for (std::size_t h = 0; h < horizons_.size(); ++h) {
    hemp_[h].assign(uid_.size(), 0.f);
    halive_[h].assign(uid_.size(), 0);
  }
}

void Panel::observe(const World& w) {
  if (w.step == grid_.cohort_step) draw_cohort(w);
  if (w.step >= 1) add_month(w);
  for (std::size_t h = 0; h < horizons_.size(); ++h) {
    if (w.step != horizons_[h] || uid_.empty()) continue;
    for (const auto& m : w.members)
      for (Slot i : m) {
        const std::uint32_t u = w.firms.uid[i];
        if (u >= uid_end_ || index_[u] < 0) continue;
        hemp_[h][static_cast<std::size_t>(index_[u])] = w.firms.employees[i];
        halive_[h][static_cast<std::size_t>(index_[u])] = 1;
      }
  }
  if (w.step == grid_.steps) collect_reach(w);
}

void Panel::add_month(const World& w) {
  const int y = grid_.year_of(w.step);
  const auto yi = static_cast<std::size_t>(y - grid_.first);
  const bool year_end = w.step == grid_.to(y);
  FirmYear& c = cluster_[yi];
  for (const Indicators& x : w.indicators) {
    c.employment += x.employment;
    c.output += x.output;
    c.turnover += x.turnover;
    c.exports += x.exports;
    c.energy += x.energy;
    c.emissions += x.emissions;
    c.export_months += x.exporters;
    if (year_end) {
      c.alive_end += x.firms;
      c.debt_end += x.credit;
    }
  }
  // Firm-level years start once the cohort is drawn and are whole years after it.
  if (grid_.from(y) <= grid_.cohort_step) return;
  const Firms& f = w.firms;
  const double ef = w.params.market.emission_factor;
  const auto ny = static_cast<std::size_t>(grid_.count());
  for (const auto& m : w.members)
    for (Slot i : m) {
      const std::uint32_t u = f.uid[i];
      const bool cohort = u < uid_end_ && index_[u] >= 0;
      FirmYear& r = cohort ? years_[static_cast<std::size_t>(index_[u]) * ny + yi] : entrants_[yi];
      const double energy = double(f.energy[i]) * f.msg.output[i];
      r.employment += f.employees[i];
      r.output += f.msg.output[i];
      r.turnover += f.revenue[i];
      r.energy += energy;
      r.emissions += energy * ef;
      if (is_exporter(f, i)) {
        r.exports += f.msg.export_revenue[i];
        r.export_months += 1;
      }
      if (year_end) {
        r.alive_end += 1;
        r.debt_end += f.debt[i];
      }
    }
}

void Panel::collect_reach(const World& w) {
  const Participation& p = w.part;
  const std::size_t n = uid_.size();
  reach_.kinds.assign(n, 0);
  reach_.amount.assign(n, {});
  reach_.first.assign(n, kPartNever);
  reach_.entrant_firms = {};
  reach_.entrant_amount = {};
  if (!p.on()) return;
  auto add = [&](std::uint32_t uid, std::uint16_t kinds, auto record) {
    if (kinds == 0) return;
    const bool cohort = uid < uid_end_ && index_[uid] >= 0;
    const std::size_t k = cohort ? static_cast<std::size_t>(index_[uid]) : 0;
    if (cohort) reach_.kinds[k] |= kinds;
    for (std::size_t t = 0; t < p.tracked.size(); ++t) {
      const std::size_t c = idx(p.tracked[t]);
      const PartRecord r = record(t);
      if (r.count == 0) continue;
      if (cohort) {
        reach_.amount[k][c] += r.amount;
        if (reach_.first[k] == kPartNever || r.first < reach_.first[k]) reach_.first[k] = r.first;
      } else {
        reach_.entrant_firms[c] += 1;
        reach_.entrant_amount[c] += r.amount;
      }
    }
  };
  for (Slot i = 0; i < p.owner.size(); ++i)
    add(p.owner[i], p.kinds[i], [&](std::size_t t) { return p.rec[t][i]; });
  for (const RetiredParticipation& r : p.retired)
    add(r.uid, r.kinds, [&](std::size_t t) { return t < r.rec.size() ? r.rec[t] : PartRecord{}; });
}

}  // namespace cs::eval
