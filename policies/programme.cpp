// The programme lifecycle, its budget lines and the monthly dispatch to the intervention kinds.
#include "policies/programme.hpp"

#include <algorithm>

#include "policies/registry.hpp"
#include "policies/targeting.hpp"

namespace cs::policies {

const char* phase_name(Phase p) {
  switch (p) {
    case Phase::before: return "before";
    case Phase::selection: return "selection";
    case Phase::appointment: return "CDA appointment";
    case Phase::diagnostic: return "diagnostic study";
    case Phase::trust_building: return "trust building";
    case Phase::action_plan: return "action plan";
    case Phase::approval: return "approval";
    case Phase::implementation: return "implementation";
    case Phase::evaluation: return "monitoring and evaluation";
    case Phase::handover: return "handing over";
    case Phase::exited: return "exited";
  }
  return "?";
}

Lifecycle::Lifecycle(const ProgrammeParams& p) {
  const int d[9] = {p.selection_months,   p.appointment_months, p.diagnostic_months,
                    p.trust_building_months, p.action_plan_months, p.approval_months,
                    p.implementation_months, p.evaluation_months,  p.handover_months};
  begin[0] = p.start;
  for (int k = 0; k < 9; ++k) begin[k + 1] = begin[k] + d[k];
}

Phase Lifecycle::at(int step) const {
  if (step < begin[0]) return Phase::before;
  if (step >= begin[9]) return Phase::exited;
  int k = 8;
  while (k > 0 && step < begin[k]) --k;
  return static_cast<Phase>(k);
}

struct Programme::State {
  const Kind* kind = nullptr;
  std::vector<std::uint8_t> target;
  std::vector<double> memo;
  std::vector<std::size_t> served;  ///< clusters chosen by rating (rated_clusters > 0), sorted
  std::vector<ClusterRating> rating;  ///< every cluster's rating when they were chosen
  int rated_step = -1;                ///< the step rated
  std::vector<double> cluster_spent;  ///< per cluster: spent from its share so far (months recorded)
  bool ready = false;      ///< trust prerequisite met (latched)
  bool closed = false;     ///< its account has been closed
  double paid_last = 0;    ///< own fixed costs paid in the last month applied
};

Programme::Programme(const Params& p) : life_(p.programme), seed_(p.run.seed) {
  BudgetLine mgmt;
  mgmt.name = mgmt.kind = "management";
  mgmt.budget = p.programme.management_budget;
  lines_.push_back(mgmt);
  state_.push_back(std::make_shared<State>());
  for (const InterventionParams& x : p.interventions) {
    if (!x.enabled) continue;
    iv_.push_back(x);
    src_.push_back(static_cast<int>(&x - p.interventions.data()));
    BudgetLine b;
    b.name = x.name.empty() ? x.kind : x.name;
    b.kind = x.kind;
    b.budget = x.budget;
    lines_.push_back(b);
    auto st = std::make_shared<State>();
    st->kind = find_kind(x.kind);
    state_.push_back(st);
  }
}

std::vector<BudgetLine> Programme::lines(const World& w) const {
  std::vector<BudgetLine> out = lines_;
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k].spent_month = month_spent(k, w);
    out[k].spent += out[k].spent_month;
  }
  return out;
}

double Programme::spent(const World& w) const {
  double s = 0;
  for (std::size_t k = 0; k < lines_.size(); ++k) s += lines_[k].spent + month_spent(k, w);
  return s;
}

double Programme::month_spent(std::size_t k, const World& w) const {
  const BudgetLine& b = lines_[k];
  const State& st = *state_[k];
  double s = st.paid_last;
  if (k > 0 && st.kind && b.opened && !st.closed) {
    const Purse& p = w.levers.purse[idx(st.kind->channel)];
    if (p.payer == b.account) s += p.spent;
    // A guarantee fund keeps the fees it earns: its cost is claims net of fees.
    if (st.kind->channel == Channel::credit_guarantee && p.payer == b.account)
      for (const ClusterState& c : w.clusters) s -= c.tally.guarantee_fees;
  }
  return s;
}

void Programme::open_line(BudgetLine& b, Ledger& ledger, const World& w) {
  if (b.opened) return;
  b.account = ledger.open("programme:" + b.name, 0.0);
  // What is left of the budget (all of it, unless a line is reopened after a switch-off).
  ledger.transfer(ledger.sector(Sector::government), b.account, std::max(0.0, b.budget - b.spent),
                  Flow::programme_funding);
  b.opened = true;
  b.first_step = w.step;
}

void Programme::close_line(BudgetLine& b, Ledger& ledger) {
  const double left = ledger.balance(b.account);
  if (left != 0) ledger.transfer(b.account, ledger.sector(Sector::government), left, Flow::programme_funding);
}

namespace {

/// Adds what each cluster spent of the purse paying from `account` in the month stepped last (a
/// guarantee fund: net of the fees its cluster's firms paid in) to `spent`.
void add_cluster_month(const World& w, const Kind& kind, AccountId account, std::vector<double>& spent) {
  const Purse& p = w.levers.purse[idx(kind.channel)];
  if (p.payer != account || p.cluster_spent.size() != spent.size()) return;
  for (std::size_t c = 0; c < spent.size(); ++c) {
    spent[c] += p.cluster_spent[c];
    if (kind.channel == Channel::credit_guarantee && c < w.clusters.size())
      spent[c] -= w.clusters[c].tally.guarantee_fees;
  }
}

}  // namespace

double Programme::cluster_share(std::size_t k) const {
  const State& st = *state_[k];
  return st.served.empty() ? 0.0 : lines_[k].budget / static_cast<double>(st.served.size());
}

void Programme::select_clusters(const World& w, const InterventionParams& x, State& st) {
  st.rating = rate_clusters(w);
  st.rated_step = w.step;
  st.served = best_rated(st.rating, x.rated_clusters);
  st.cluster_spent.assign(w.clusters.size(), 0.0);
}

std::vector<RatedAllocation> Programme::allocations(const World& w) const {
  std::vector<RatedAllocation> out;
  for (std::size_t k = 1; k < lines_.size(); ++k) {
    const State& st = *state_[k];
    if (st.rating.empty() || !st.kind) continue;
    const BudgetLine& b = lines_[k];
    RatedAllocation a;
    a.line = k;
    a.rated_clusters = iv_[k - 1].rated_clusters;
    a.rated_step = st.rated_step;
    a.rating = st.rating;
    a.selected = st.served;
    a.allocated.assign(st.rating.size(), 0.0);
    const double share = cluster_share(k);
    for (std::size_t c : st.served) a.allocated[c] = share;
    a.spent = st.cluster_spent;
    if (b.opened && !st.closed) add_cluster_month(w, *st.kind, b.account, a.spent);
    out.push_back(std::move(a));
  }
  return out;
}

void Programme::record(const World& w) {
  for (std::size_t k = 0; k < lines_.size(); ++k) {
    BudgetLine& b = lines_[k];
    State& st = *state_[k];
    const double s = month_spent(k, w);
    st.paid_last = 0;
    if (k > 0 && st.kind && b.opened && !st.closed && !st.served.empty())
      add_cluster_month(w, *st.kind, b.account, st.cluster_spent);
    b.spent_month = s;
    b.spent += s;
  }
}

namespace {

/// Shares of the CDA's hours by lifecycle phase: diagnostics, meetings, brokering, SPV, BDS.
void phase_priorities(Phase ph, double out[5]) {
  static const double table[10][5] = {
      {0, 0, 0, 0, 0},           {0, 0, 0, 0, 0},           {0.6, 0.3, 0, 0, 0.1},
      {0.1, 0.8, 0.1, 0, 0},     {0.1, 0.6, 0.2, 0.1, 0},   {0.1, 0.6, 0.2, 0.1, 0},
      {0.1, 0.4, 0.2, 0.1, 0.2}, {0.4, 0.4, 0.1, 0, 0.1},   {0.1, 0.5, 0.2, 0, 0.2},
      {0, 0, 0, 0, 0}};
  for (int k = 0; k < 5; ++k) out[k] = table[static_cast<int>(ph)][k];
}

/// Mean trust over the clusters an intervention serves (last step's indicators).
double mean_trust(const World& w, int cluster) {
  double s = 0, n = 0;
  for (std::size_t c = 0; c < w.indicators.size(); ++c) {
    if (cluster >= 0 && static_cast<int>(c) != cluster) continue;
    s += w.indicators[c].trust_mean * w.indicators[c].links;
    n += w.indicators[c].links;
  }
  return n > 0 ? s / n : 0.0;
}

/// Spreads `amount` over the clusters served, by alive firms.
void spread(const World& w, int cluster, double amount, std::vector<double>& out) {
  if (amount == 0 || out.empty()) return;
  if (cluster >= 0) {
    out[static_cast<std::size_t>(cluster)] += amount;
    return;
  }
  double n = 0;
  for (const auto& m : w.members) n += static_cast<double>(m.size());
  for (std::size_t c = 0; c < out.size(); ++c)
    out[c] += n > 0 ? amount * static_cast<double>(w.members[c].size()) / n : amount / out.size();
}

}  // namespace

void Programme::run_management(const World& w, Levers& L, Ledger& ledger) {
  const ProgrammeParams& P = w.params.programme;
  BudgetLine& b = lines_[0];
  State& st = *state_[0];
  if (phase_ < Phase::diagnostic || phase_ >= Phase::exited) return;
  // The CDA works while its salary (and, during the study, the diagnostic's cost) is paid.
  double due = P.cda_salary;
  if (phase_ == Phase::diagnostic && P.diagnostic_months > 0) due += P.diagnostic_cost / P.diagnostic_months;
  const double paid = std::max(0.0, std::min(due, ledger.balance(b.account)));
  if (paid > 0) ledger.transfer(b.account, ledger.sector(Sector::households), paid, Flow::programme_services);
  st.paid_last += paid;
  spread(w, -1, paid, L.own_spending);
  if (paid + 1e-12 < due) return;
  L.cda_active = true;
  L.cda_hours = P.cda_hours;
  L.cda_skill = P.cda_skill;
  phase_priorities(phase_, L.cda_priority);
}

void Programme::diagnose(const World& w) {
  if (!diagnosed_.empty()) return;
  diagnosed_ = diagnostic_list(w);
}

void Programme::apply(const World& w, Levers& L, Ledger& ledger) {
  phase_ = life_.at(w.step);
  L.programme_phase = static_cast<int>(phase_);
  if (phase_ == Phase::before) return;
  L.own_spending.assign(w.clusters.size(), 0.0);
  open_line(lines_[0], ledger, w);
  if (phase_ < Phase::exited) lines_[0].last_step = w.step;
  if (phase_ >= Phase::trust_building) diagnose(w);
  run_management(w, L, ledger);

  const int impl = life_.implementation_start();
  const int impl_end = life_.begin[static_cast<int>(Phase::evaluation)];
  for (std::size_t k = 0; k < iv_.size(); ++k) {
    const InterventionParams& x = iv_[k];
    BudgetLine& b = lines_[k + 1];
    State& st = *state_[k + 1];
    if (!st.kind || !x.enabled) continue;
    const int from = impl + x.start;
    const int to = std::min(x.end < 0 ? impl_end : impl + x.end, life_.exit_step());
    // A guarantee fund keeps covering the loans it guaranteed while they amortise (two loan
    // maturities), so the cover does not vanish overnight when new guarantees stop.
    const int runoff_end = to + (st.kind->runoff ? 2 * static_cast<int>(w.params.finance.maturity_months) : 0);
    const bool active = w.step >= from && w.step < to;
    const bool after = w.step >= to && b.opened;  // it ran and its window has passed
    const bool running_off = after && w.step < runoff_end;
    if (!active && !after) continue;
    if (active) {
      if (x.rated_clusters > 0 && st.rating.empty()) select_clusters(w, x, st);
      open_line(b, ledger, w);
      b.last_step = w.step;
      if (st.kind->collective && !st.ready)
        st.ready = mean_trust(w, x.cluster) >= w.params.programme.collective_trust;
      if (st.kind->collective) b.trust_met = st.ready;
      build_target(w, x, static_cast<int>(k), diagnosed_, st.target, st.served);
      if (!st.served.empty()) {
        // A selected cluster whose share is spent leaves the target, as a spent line switches off.
        const double share = cluster_share(k + 1);
        for (std::size_t c : st.served)
          if (share - st.cluster_spent[c] <= 1e-9 * share)
            for (Slot i : w.members[c]) st.target[i] = 0;
      }
      int eligible = 0;
      for (std::uint8_t e : st.target) eligible += e;
      b.eligible_max = std::max(b.eligible_max, eligible);
    } else if (!running_off && !st.closed) {
      close_line(b, ledger);
      st.closed = true;
    }
    if (after && !running_off && !st.kind->lasting) continue;
    Month m{w, x, L, ledger, b.account, st.target, w.step - from,
            !st.kind->collective || st.ready, 0.0, !active, active ? 0 : w.step - to + 1, st.memo};
    st.kind->apply(m);
    if (!st.served.empty()) {
      // Allocated by rating: each selected cluster may spend what is left of its share, the
      // others nothing.
      Purse& p = L.purse[idx(st.kind->channel)];
      if (p.payer == b.account) {
        const double share = cluster_share(k + 1);
        p.cluster_left.assign(w.clusters.size(), 0.0);
        p.cluster_spent.assign(w.clusters.size(), 0.0);
        for (std::size_t c : st.served) p.cluster_left[c] = std::max(0.0, share - st.cluster_spent[c]);
      }
    }
    st.paid_last += m.paid;
    spread(w, x.cluster, m.paid, L.own_spending);
  }
  if (phase_ == Phase::exited) {
    for (std::size_t k = 0; k < lines_.size(); ++k)
      if (lines_[k].opened && !state_[k]->closed && !(k > 0 && state_[k]->kind->runoff)) {
        close_line(lines_[k], ledger);
        state_[k]->closed = true;
      }
  }
}

void Programme::set_interventions(const std::vector<InterventionParams>& all, Ledger& ledger) {
  std::vector<InterventionParams> iv;
  std::vector<BudgetLine> lines{lines_[0]};
  std::vector<std::shared_ptr<State>> state{state_[0]};
  std::vector<int> src;
  for (std::size_t j = 0; j < all.size(); ++j) {
    const InterventionParams& x = all[j];
    const auto it = std::find(src_.begin(), src_.end(), static_cast<int>(j));
    BudgetLine b;
    std::shared_ptr<State> st;
    if (it != src_.end() && iv_[static_cast<std::size_t>(it - src_.begin())].kind == x.kind) {
      const std::size_t k = static_cast<std::size_t>(it - src_.begin());
      b = lines_[k + 1];
      st = state_[k + 1];
    } else {
      b.name = x.name.empty() ? x.kind : x.name;
      b.kind = x.kind;
      st = std::make_shared<State>();
      st->kind = find_kind(x.kind);
    }
    const AccountId gov = ledger.sector(Sector::government);
    if (b.opened && !st->closed) {
      if (!x.enabled) {
        close_line(b, ledger);
        st->closed = true;
      } else if (x.budget > b.budget) {
        ledger.transfer(gov, b.account, x.budget - b.budget, Flow::programme_funding);
      } else if (x.budget < b.budget) {
        const double back = std::min(b.budget - x.budget, std::max(0.0, ledger.balance(b.account)));
        if (back > 0) ledger.transfer(b.account, gov, back, Flow::programme_funding);
      }
    } else if (x.enabled && st->closed) {
      b.opened = false;  // reopens, with what is left of its budget, when it next runs
      st->closed = false;
    }
    b.budget = x.budget;
    iv.push_back(x);
    lines.push_back(b);
    state.push_back(st);
    src.push_back(static_cast<int>(j));
  }
  // Lines of entries no longer listed close too.
  for (std::size_t k = 0; k < src_.size(); ++k)
    if (src_[k] >= static_cast<int>(all.size()) && lines_[k + 1].opened && !state_[k + 1]->closed)
      close_line(lines_[k + 1], ledger);
  iv_ = std::move(iv);
  lines_ = std::move(lines);
  state_ = std::move(state);
  src_ = std::move(src);
}

std::shared_ptr<Programme> attach_programme(World& w) {
  const auto& iv = w.params.interventions;
  if (std::none_of(iv.begin(), iv.end(), [](const InterventionParams& x) { return x.enabled != 0; }))
    return nullptr;
  auto p = std::make_shared<Programme>(w.params);
  w.policy = p;
  // Record which firms each listed kind reaches (switched-off ones too: the visualiser may switch
  // them on later).
  for (const InterventionParams& x : iv)
    if (const Kind* k = find_kind(x.kind)) participation_track(w, k->channel);
  return p;
}

Params baseline_of(const Params& p) {
  Params b = p;
  b.interventions.clear();
  return b;
}

}  // namespace cs::policies
