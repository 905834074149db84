// The firm-level and year-by-year files of `clustersim compare`: effects on participants,
// non-participants and the cluster by year (effects_by_year.csv), the evaluator's
// difference-in-differences beside the true effect (did_by_year.csv), whom the programme reached
// (participation.csv) and flows by year with their cumulative sums (flows_by_year.csv).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "runner/compare.hpp"
#include "runner/compare_report.hpp"
#include "runner/compare_stats.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"

namespace cs {

namespace fs = std::filesystem;
using eval::kOutcomes;
using eval::Outcome;

namespace {

constexpr double kNaN = kCompareNaN;

const char* const kFlowName[kYearFlows] = {"programme_spending", "subsidies", "vouchers", "guarantee_claims",
                                          "consortium_grants", "exports", "turnover", "output", "value_added",
                                          "value_added_real", "emissions"};
const char* const kFlowUnit[kYearFlows] = {"₹ lakh", "₹ lakh", "₹ lakh", "₹ lakh", "₹ lakh", "₹ lakh",
                                          "₹ lakh", "units", "₹ lakh", "₹ lakh", "tCO2"};

// What reaching a firm means for each kind (participation.csv).
const char* reach_definition(Channel c) {
  switch (c) {
    case Channel::tech_upgradation: return "received a capital subsidy on a replaced vintage (amount: the subsidy)";
    case Channel::credit_guarantee: return "held formal debt covered by the guarantee (amount: the largest covered part)";
    case Channel::credit_planning: return "was offered credit above its ceiling and collateral caps without the plan (amount: the credit above them)";
    case Channel::cfc: return "joined the SPV of the programme's CFC or used the facility (amount: the fees of the service used)";
    case Channel::bds_development: return "bought a BDS service with a programme voucher (amount: the vouchers)";
    case Channel::cda: return "was visited, met, brokered into a consortium, mobilised for an SPV or linked to BDS by the CDA";
    case Channel::consortia: return "joined a consortium that received the seed grant (amount: the grant, to its lead firm)";
    case Channel::export_promotion: return "was taken to a trade fair or buyer-seller meet";
    case Channel::energy_efficiency: return "had a subsidised energy audit or a subsidy on an efficient vintage (amount: both)";
    case Channel::skills_training: return "sent workers to subsidised training (amount: the training paid)";
    case Channel::association_strengthening: return "joined the association while the programme strengthened it";
    case Channel::quality_certification: return "had testing and certification paid by a programme voucher (amount: the vouchers)";
    default: return "cluster-wide: reaches no firm in particular";
  }
}

// The per-replication values of one cell and their paired estimate.
struct Cell {
  std::vector<double> b, p, n;
  void add(double base, double pol, double firms) {
    b.push_back(base);
    p.push_back(pol);
    n.push_back(firms);
  }
  Est est() const { return paired_values(b, p); }
  double firms() const { return mean_ci(n).eff; }
};

// Estimate of a firm group in year index y for outcome o: mean per firm or total.
Cell group_cell(const CompareResult& r, int y, std::size_t g, std::size_t o, bool total) {
  Cell c;
  bool any = false;
  for (const eval::RepEffects& e : r.effects) any = any || e.at(y, g, o).n > 0;
  if (!any) return c;  // a group with no firm in any replication has no row
  for (const eval::RepEffects& e : r.effects) {
    const eval::Sum& s = e.at(y, g, o);
    // A replication without firms in the group has no mean, but its total is 0 (so that the
    // groups' totals add up in every replication).
    if (s.n <= 0 && !total) continue;
    c.add(total ? s.s0 : s.s0 / s.n, total ? s.s1 : s.s1 / s.n, s.n);
  }
  return c;
}

Cell total_cell(const CompareResult& r, int y, std::size_t o, bool cluster) {
  Cell c;
  for (const eval::RepEffects& e : r.effects) {
    const eval::Sum& s = (cluster ? e.cluster : e.entrants)[static_cast<std::size_t>(y) * kOutcomes + o];
    c.add(s.s0, s.s1, kNaN);
  }
  return c;
}

std::string year_fields(const eval::YearGrid& g, int y) {
  const int year = g.first + y;
  return std::to_string(year) + "," + std::to_string(g.from(year)) + "," + std::to_string(g.to(year));
}

bool firm_year(const CompareResult& r, int y) { return r.grid.from(r.grid.first + y) > r.grid.cohort_step; }

// The did_by_year components of one replication, pooled over the post years when `pooled`.
struct DidParts {
  double did = kNaN, att = kNaN, spill = kNaN, sel = kNaN, pre = kNaN, trend = 0;
};

DidParts did_parts(const eval::RepEffects& e, int y, std::size_t o) {
  const eval::Did& d = e.did[static_cast<std::size_t>(y) * kOutcomes + o];
  return {d.did, d.att, -d.spill, d.sel, -d.pre, 0.0};
}

DidParts did_pooled(const CompareResult& r, const eval::RepEffects& e, std::size_t o) {
  DidParts p{0, 0, 0, 0, 0, 0};
  int post = 0, pre = 0;
  double pre_did = 0;
  for (int y = 0; y < e.years; ++y) {
    const int year = r.grid.first + y;
    const eval::Did& d = e.did[static_cast<std::size_t>(y) * kOutcomes + o];
    if (!std::isfinite(d.did)) continue;
    if (year >= 0) {
      p.did += d.did;
      p.att += d.att;
      p.spill -= d.spill;
      p.sel += d.sel;
      p.pre -= d.pre;
      ++post;
    } else if (r.grid.pre(year)) {
      pre_did += d.did;
      ++pre;
    }
  }
  if (post == 0) return {};
  for (double* x : {&p.did, &p.att, &p.spill, &p.sel, &p.pre}) *x /= post;
  p.trend = pre > 0 ? -pre_did / pre : 0.0;
  p.did += p.trend;  // the pooled estimate: mean post difference less mean pre difference
  return p;
}

}  // namespace

void write_year_files(const fs::path& dir, const CompareResult& r) {
  const eval::YearGrid& G = r.grid;
  const int Y = G.count();

  std::string e = "outcome,unit,group,statistic,year,from_step,to_step,firms,baseline,policy,effect,ci_low,ci_high,n\n";
  for (std::size_t o = 0; o < kOutcomes; ++o) {
    const eval::OutcomeInfo& info = eval::outcome_info(o);
    auto row = [&](const std::string& group, const char* stat, int y, const Cell& c, bool firms) {
      const Est x = c.est();
      if (x.n == 0) return;
      e += csv_field(info.name);
      const bool sum = std::string(stat) == "total";
      sweep::append_fields(e, csv_field(sum ? info.total_unit : info.unit), csv_field(group), std::string(stat),
                           year_fields(G, y),
                           firms ? num(c.firms()) : std::string(), num(x.base), num(x.pol), num(x.eff), num(x.lo),
                           num(x.hi), std::to_string(x.n));
      e += '\n';
    };
    for (std::size_t g = 0; g < r.groups.size(); ++g)
      for (int y = 0; y < Y; ++y) {
        if (!firm_year(r, y)) continue;
        row(r.groups.names[g], "mean", y, group_cell(r, y, g, o, false), true);
        if (info.additive) row(r.groups.names[g], "total", y, group_cell(r, y, g, o, true), true);
      }
    for (int y = 0; y < Y; ++y)
      if (firm_year(r, y)) row("entrants", info.additive ? "total" : "ratio", y, total_cell(r, y, o, false), false);
    for (int y = 0; y < Y; ++y) row("cluster", info.additive ? "total" : "ratio", y, total_cell(r, y, o, true), false);
  }
  sweep::write_atomically(dir / kEffectsByYearFile, e);

  std::string d =
      "outcome,unit,year,from_step,to_step,participants,non_participants,did,did_low,did_high,true_effect,true_low,"
      "true_high,bias,bias_low,bias_high,spillover_part,selection_part,anticipation_part,pre_trend_part,n\n";
  for (std::size_t o = 0; o < kOutcomes; ++o) {
    const eval::OutcomeInfo& info = eval::outcome_info(o);
    auto row = [&](const std::string& years, const std::vector<DidParts>& parts) {
      std::vector<double> did, att, bias, sp, se, an, tr, np, nn;
      for (std::size_t k = 0; k < parts.size(); ++k) {
        const DidParts& p = parts[k];
        did.push_back(p.did);
        att.push_back(p.att);
        bias.push_back(p.did - p.att);
        sp.push_back(p.spill);
        se.push_back(p.sel);
        an.push_back(p.pre);
        tr.push_back(p.trend);
      }
      const Est a = mean_ci(did), t = mean_ci(att), b = mean_ci(bias);
      if (a.n == 0) return;
      for (const eval::RepEffects& x : r.effects) {
        np.push_back(x.participants);
        nn.push_back(x.cohort - x.participants);
      }
      d += csv_field(info.name);
      sweep::append_fields(d, csv_field(info.unit), years, num(mean_ci(np).eff), num(mean_ci(nn).eff), num(a.eff),
                           num(a.lo), num(a.hi), num(t.eff), num(t.lo), num(t.hi), num(b.eff), num(b.lo), num(b.hi),
                           num(mean_ci(sp).eff), num(mean_ci(se).eff), num(mean_ci(an).eff), num(mean_ci(tr).eff),
                           std::to_string(a.n));
      d += '\n';
    };
    for (int y = 0; y < Y; ++y) {
      std::vector<DidParts> parts;
      for (const eval::RepEffects& x : r.effects) parts.push_back(did_parts(x, y, o));
      row(year_fields(G, y), parts);
    }
    std::vector<DidParts> pooled;
    for (const eval::RepEffects& x : r.effects) pooled.push_back(did_pooled(r, x, o));
    row("post," + std::to_string(G.from(0)) + "," + std::to_string(G.steps), pooled);
  }
  sweep::write_atomically(dir / kDidFile, d);

  std::string p = "kind,cohort_firms,cohort_share,entrant_firms,amount,amount_per_firm,entrant_amount,unit,reached_means\n";
  auto prow = [&](const std::string& kind, const std::vector<double>& firms, const std::vector<double>& share,
                  const std::vector<double>& ent, const std::vector<double>& amount, const std::vector<double>& ent_amount,
                  const char* what) {
    const double nf = mean_ci(firms).eff, am = mean_ci(amount).eff;
    p += csv_field(kind);
    sweep::append_fields(p, num(nf), num(mean_ci(share).eff), num(mean_ci(ent).eff), num(am), num(nf > 0 ? am / nf : kNaN),
                         num(mean_ci(ent_amount).eff), std::string("₹ lakh"), csv_field(what));
    p += '\n';
  };
  {
    std::vector<double> firms, share, zero(r.effects.size(), kNaN);
    for (const eval::RepEffects& x : r.effects) {
      firms.push_back(x.participants);
      share.push_back(x.cohort > 0 ? x.participants / x.cohort : kNaN);
    }
    prow("any", firms, share, zero, zero, zero, "reached by at least one intervention (firms alive when the programme started)");
  }
  for (Channel c : r.groups.channels) {
    std::vector<double> firms, share, ent, amount, ent_amount;
    for (const eval::RepEffects& x : r.effects) {
      firms.push_back(x.reached[idx(c)]);
      share.push_back(x.cohort > 0 ? x.reached[idx(c)] / x.cohort : kNaN);
      ent.push_back(x.entrant_reached[idx(c)]);
      amount.push_back(x.amount[idx(c)]);
      ent_amount.push_back(x.entrant_amount[idx(c)]);
    }
    prow(channel_name(c), firms, share, ent, amount, ent_amount, reach_definition(c));
  }
  sweep::write_atomically(dir / kParticipationFile, p);

  std::string f =
      "flow,unit,year,from_step,to_step,baseline,policy,effect,ci_low,ci_high,cumulative_baseline,cumulative_policy,"
      "cumulative_effect,cumulative_ci_low,cumulative_ci_high\n";
  for (std::size_t k = 0; k < kYearFlows; ++k) {
    std::vector<double> cb(r.reps, 0.0), cp(r.reps, 0.0);
    for (int y = 0; y < Y; ++y) {
      std::vector<double> b, q;
      for (std::size_t i = 0; i < r.policy_runs.size(); ++i) {
        const std::size_t at = static_cast<std::size_t>(y) * kYearFlows + k;
        b.push_back(r.base_runs[i].flows[at]);
        q.push_back(r.policy_runs[i].flows[at]);
        cb[i] += b.back();
        cp[i] += q.back();
      }
      const Est x = paired_values(b, q), c = paired_values(cb, cp);
      f += kFlowName[k];
      sweep::append_fields(f, csv_field(kFlowUnit[k]), year_fields(G, y), num(x.base), num(x.pol), num(x.eff), num(x.lo),
                           num(x.hi), num(c.base), num(c.pol), num(c.eff), num(c.lo), num(c.hi));
      f += '\n';
    }
  }
  sweep::write_atomically(dir / kFlowsFile, f);
}

std::string participants_table(const CompareResult& r) {
  const eval::YearGrid& G = r.grid;
  auto fmt = [](double v, bool sign = true) {
    if (!std::isfinite(v)) return std::string("-");
    char b[40];
    std::snprintf(b, sizeof b, std::fabs(v) >= 1e4 ? (sign ? "%+.0f" : "%.0f") : (sign ? "%+.3g" : "%.3g"), v);
    return std::string(b);
  };
  auto cell = [&](const Est& x) {
    const bool sig = std::isfinite(x.lo) && (x.lo > 0 || x.hi < 0);
    return fmt(x.eff) + " [" + fmt(x.lo) + ", " + fmt(x.hi) + "]" + (sig ? "*" : "");
  };
  auto pad = [](std::string s, std::size_t w) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    s += std::string(n < w ? w - n : 1, ' ');  // at least one space between columns
    return s;
  };
  std::string out;
  const int exit_year = G.year_of(std::max(1, r.exit_step - 1));
  std::vector<double> np;
  for (const eval::RepEffects& e : r.effects) np.push_back(e.participants);
  char head[300];
  std::snprintf(head, sizeof head,
                "Participants and spillovers: true effects firm by firm (firms alive at step %d, %.0f of them "
                "participants on average; * where the 95 %% CI excludes 0)\n",
                G.cohort_step, mean_ci(np).eff);
  out += head;
  for (int year : {exit_year, G.last}) {
    const int y = year - G.first;
    if (y < 0 || y >= G.count() || !firm_year(r, y)) continue;
    std::snprintf(head, sizeof head, "  year %d after implementation began (steps %d-%d)\n", year, G.from(year), G.to(year));
    out += head;
    out += "    " + pad("outcome", 13) + pad("unit", 19) + pad("participants, per firm", 30) +
           pad("non-participants, per firm", 30) + "cluster, total\n";
    for (std::size_t o = 0; o < kOutcomes; ++o) {
      const eval::OutcomeInfo& info = eval::outcome_info(o);
      out += "    " + pad(info.name, 13) + pad(info.unit, 19) +
             pad(cell(group_cell(r, y, eval::kParticipants, o, false).est()), 30) +
             pad(cell(group_cell(r, y, eval::kNonParticipants, o, false).est()), 30) +
             cell(total_cell(r, y, o, true).est()) + "\n";
    }
  }
  out += "\nThe evaluator's view: difference-in-differences with firm fixed effects from the policy run alone\n"
         "(participants against non-participants, years >= 0 against the years before 0), beside the true effect on\n"
         "participants; bias = spillover + selection + anticipation + pre-trend parts (docs/evaluation.md)\n";
  out += "    " + pad("outcome", 13) + pad("DiD estimate", 28) + pad("true effect", 28) + pad("bias", 11) +
         pad("spillover", 11) + pad("selection", 11) + pad("anticip.", 11) + "pre-trend\n";
  for (Outcome oc : {Outcome::employment, Outcome::output, Outcome::turnover, Outcome::productivity, Outcome::exports,
                     Outcome::survival, Outcome::energy}) {
    const auto o = static_cast<std::size_t>(oc);
    std::vector<double> did, att, sp, se, an, tr;
    for (const eval::RepEffects& e : r.effects) {
      const DidParts p = did_pooled(r, e, o);
      did.push_back(p.did);
      att.push_back(p.att);
      sp.push_back(p.spill);
      se.push_back(p.sel);
      an.push_back(p.pre);
      tr.push_back(p.trend);
    }
    const Est a = mean_ci(did), t = mean_ci(att);
    if (a.n == 0) continue;
    out += "    " + pad(eval::outcome_info(o).name, 13) + pad(cell(a), 28) + pad(cell(t), 28) +
           pad(fmt(a.eff - t.eff), 11) + pad(fmt(mean_ci(sp).eff), 11) + pad(fmt(mean_ci(se).eff), 11) +
           pad(fmt(mean_ci(an).eff), 11) + fmt(mean_ci(tr).eff) + "\n";
  }
  out += "\n";
  return out;
}

}  // namespace cs
