#pragma once
// Parameters of a Cluster Development Programme: its lifecycle (`[programme]`) and its
// interventions (`[[intervention]]`, MODEL.md section 10). The behaviour lives in policies/;
// here are only the values, their ranges and which keys belong to which kind.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "params/range.hpp"

namespace cs {

/// The programme lifecycle of the source methodology. Table `[programme]`. Phases follow one
/// another from `start`; interventions run during implementation; after handing over the CDA
/// leaves and support stops. Only used when the scenario lists at least one enabled intervention.
struct ProgrammeParams {
  int start = 1;                     ///< step at which the cluster is selected
  int selection_months = 3;          ///< selection of the cluster
  int appointment_months = 3;        ///< appointment of the CDA
  int diagnostic_months = 6;         ///< diagnostic study
  int trust_building_months = 12;    ///< trust building before the action plan
  int action_plan_months = 3;        ///< action plan drawn up with the firms
  int approval_months = 3;           ///< approval by the funding agency
  int implementation_months = 36;    ///< interventions run in this phase
  int evaluation_months = 6;         ///< monitoring and evaluation
  int handover_months = 6;           ///< handing over to the association, then exit
  double cda_hours = 160;            ///< the programme CDA's hours a month
  double cda_skill = 0.6;            ///< its skill in [0, 1]
  double cda_salary = 1.0;           ///< its cost, ₹ lakh / month, from the management budget
  double diagnostic_cost = 10;       ///< cost of the diagnostic study, ₹ lakh, spread over it
  double management_budget = 150;    ///< budget for the CDA and the diagnostic study, ₹ lakh
  double collective_trust = 0.35;    ///< mean trust a cluster needs before collective actions (CFC, consortia)
};

/// One intervention (`[[intervention]]`). Common keys first, then each kind's own keys; a key
/// of another kind is an error (see intervention_key_kinds). Money in ₹ lakh, time in months.
struct InterventionParams {
  std::string kind = "";             ///< one of intervention_kinds()
  std::string name = "";             ///< label in outputs (default: the kind)
  int enabled = 1;                   ///< 0 switches it off (the run is then the baseline's)
  int cluster = -1;                  ///< cluster it serves, -1 = every cluster
  int start = 0;                     ///< first month, counted from the start of implementation
  int end = -1;                      ///< month it stops, from the start of implementation; -1 = when implementation ends
  double budget = 100;               ///< ₹ lakh; spending stops when it is spent
  std::string target = "all";        ///< all | micro | small | medium | members | below_productivity | below_quality | diagnosed
  double percentile = 0.5;           ///< below_*: firms below this percentile are eligible
  int max_firms = 0;                 ///< at most this many eligible firms (0 = no limit; diagnosed: 10 % of firms)
  int rated_clusters = 0;            ///< national mode: serve only the best-rated N clusters (0 = all served)

  // tech_upgradation (CLCSS-style capital subsidy on a new vintage)
  double subsidy_share = 0.15;       ///< share of the vintage's price paid by the programme
  double cap_per_firm = 15;          ///< most paid to one firm in a month, ₹ lakh
  // credit_guarantee (CGTMSE-style)
  double cover = 0.75;               ///< share of a formal loan covered
  double loan_cap = 100;             ///< largest covered debt per firm, ₹ lakh
  double fee = 0.01;                 ///< annual fee, share of the covered amount, paid into the fund
  // credit_planning
  double ceiling_mult = 1.5;         ///< banks' credit ceiling multiplier for the cluster
  double spread_cut = 0.01;          ///< cut in the annual lending rate
  double admin_cost = 0.5;           ///< cost of the bankers' forum and credit plan, ₹ lakh / month
  // cfc
  int facility = 0;                  ///< 0 tool room, 1 testing lab, 2 effluent treatment, 3 raw-material bank, 4 design studio
  double project_cost = 500;         ///< ₹ lakh
  double grant_share = 0.7;          ///< share of the cost paid by the grant (MSE-CDP: up to 70 %)
  double om_support_months = 24;     ///< months of O&M support after opening
  // bds_development, quality_certification
  double voucher_share = 0.5;        ///< share of BDS fees paid by the programme
  double provider_training = 0.05;   ///< quality gained by each provider per month of training
  // cda
  double hours = 160;                ///< the CDA's hours a month while it runs
  double skill = 0.7;                ///< its skill in [0, 1]
  double cost_per_hour = 0.005;      ///< ₹ lakh per hour
  double priority_diagnostic = 0.1;  ///< share of hours on diagnostic visits
  double priority_meetings = 0.5;    ///< share of hours on trust-building meetings
  double priority_brokering = 0.2;   ///< share of hours brokering consortia
  double priority_spv = 0.1;         ///< share of hours mobilising an SPV
  double priority_bds = 0.1;         ///< share of hours linking firms to BDS
  // consortia
  double seed_grant = 5;             ///< grant for joint marketing to each consortium formed, ₹ lakh
  double brokering_hours = 40;       ///< CDA hours a month added to consortium brokering
  // export_promotion
  double fairs_per_year = 2;         ///< trade fairs and buyer-seller meets a year
  double fair_cost = 10;             ///< cost of one fair, ₹ lakh
  int fair_firms = 20;               ///< firms taken to each fair
  double buyer_rate_mult = 1.5;      ///< foreign buyer arrival multiplier while it runs
  double visibility_gain = 0.1;      ///< cluster visibility gained per fair
  // twinning
  double spillover = 0.3;            ///< rise in the innovation hazard from the twin cluster
  double monthly_cost = 2;           ///< ₹ lakh / month
  // energy_efficiency
  int audits_per_month = 10;         ///< subsidised energy audits a month
  double audit_cost = 0.5;           ///< cost of one audit, ₹ lakh
  double audit_saving = 0.1;         ///< cut in energy intensity an audit brings
  double ee_subsidy = 0.25;          ///< share of an energy-efficient vintage's price paid
  // skills_training
  int trainees_per_month = 50;       ///< workers trained a month
  double training_cost = 0.1;        ///< cost per trainee, ₹ lakh
  double skill_gain = 0.05;          ///< relative skill gain of a trained firm's workforce share
  // association_strengthening
  double grant = 1;                  ///< monthly capacity-building grant to the association, ₹ lakh
  double award = 5;                  ///< award paid each year the association's rating rises, ₹ lakh
  // infrastructure
  double downtime_cut = 0.5;         ///< share of power downtime removed
  double transport_cut = 0.2;        ///< share of transport cost removed
  int build_months = 12;             ///< months to build; the budget is spent evenly over them
};

/// First step of implementation: `start` plus the months of the phases before it.
inline int implementation_start(const ProgrammeParams& g) {
  return g.start + g.selection_months + g.appointment_months + g.diagnostic_months + g.trust_building_months +
         g.action_plan_months + g.approval_months;
}

/// The programme's exit step (the first step after handing over).
inline int programme_exit(const ProgrammeParams& g) {
  return implementation_start(g) + g.implementation_months + g.evaluation_months + g.handover_months;
}

/// The fourteen kinds, in MODEL.md order.
inline const std::vector<std::string>& intervention_kinds() {
  static const std::vector<std::string> k{
      "tech_upgradation", "credit_guarantee", "credit_planning", "cfc", "bds_development", "cda",
      "consortia", "export_promotion", "twinning", "energy_efficiency", "skills_training",
      "association_strengthening", "quality_certification", "infrastructure"};
  return k;
}

/// Targeting rules for `target`.
inline const std::vector<std::string>& intervention_targets() {
  static const std::vector<std::string> t{"all", "micro", "small", "medium", "members",
                                          "below_productivity", "below_quality", "diagnosed"};
  return t;
}

/// Calls `v(key, field&, Range, doc)` for every key of an intervention.
template <class V> void visit_table(InterventionParams& p, V&& v) {
  v("kind", p.kind, Range{0, 0}, "tech_upgradation | credit_guarantee | ... (14 kinds)");
  v("name", p.name, Range{0, 0}, "label in outputs (default: the kind)");
  v("enabled", p.enabled, Range{0, 1}, "0 switches the intervention off");
  v("cluster", p.cluster, Range{-1, 65534}, "cluster served, -1 = every cluster");
  v("start", p.start, Range{0, 30000}, "first month, from the start of implementation");
  v("end", p.end, Range{-1, 30000}, "month it stops, from the start of implementation; -1 = end of implementation");
  v("budget", p.budget, Range{0, 1e9}, "budget, lakh");
  v("target", p.target, Range{0, 0}, "all | micro | small | medium | members | below_productivity | below_quality | diagnosed");
  v("percentile", p.percentile, Range{0, 1}, "below_*: eligible below this percentile");
  v("max_firms", p.max_firms, Range{0, 1e8}, "most eligible firms, 0 = no limit");
  v("rated_clusters", p.rated_clusters, Range{0, 65535}, "serve only the best-rated N clusters, 0 = all");
  v("subsidy_share", p.subsidy_share, Range{0, 1}, "share of a new vintage's price paid");
  v("cap_per_firm", p.cap_per_firm, Range{0, 1e6}, "most subsidy per firm and month, lakh");
  v("cover", p.cover, Range{0, 0.99}, "share of a formal loan covered");
  v("loan_cap", p.loan_cap, Range{0, 1e6}, "largest covered debt per firm, lakh");
  v("fee", p.fee, Range{0, 0.2}, "annual guarantee fee, share of the covered amount");
  v("ceiling_mult", p.ceiling_mult, Range{1, 10}, "banks' credit ceiling multiplier");
  v("spread_cut", p.spread_cut, Range{0, 0.1}, "cut in the annual lending rate");
  v("admin_cost", p.admin_cost, Range{0, 1e4}, "credit planning cost, lakh/month");
  v("facility", p.facility, Range{0, 4}, "CFC: 0 tool room, 1 testing lab, 2 effluent, 3 raw-material bank, 4 design");
  v("project_cost", p.project_cost, Range{1, 1e6}, "CFC project cost, lakh");
  v("grant_share", p.grant_share, Range{0, 1}, "share of the CFC cost paid by the grant");
  v("om_support_months", p.om_support_months, Range{0, 600}, "months of CFC O&M support");
  v("voucher_share", p.voucher_share, Range{0, 1}, "share of BDS fees paid by the programme");
  v("provider_training", p.provider_training, Range{0, 1}, "monthly quality gain of trained providers");
  v("hours", p.hours, Range{0, 744}, "CDA hours a month");
  v("skill", p.skill, Range{0, 1}, "CDA skill");
  v("cost_per_hour", p.cost_per_hour, Range{0, 10}, "CDA cost, lakh/hour");
  v("priority_diagnostic", p.priority_diagnostic, Range{0, 1}, "share of CDA hours on diagnostics");
  v("priority_meetings", p.priority_meetings, Range{0, 1}, "share of CDA hours on meetings");
  v("priority_brokering", p.priority_brokering, Range{0, 1}, "share of CDA hours brokering consortia");
  v("priority_spv", p.priority_spv, Range{0, 1}, "share of CDA hours mobilising an SPV");
  v("priority_bds", p.priority_bds, Range{0, 1}, "share of CDA hours on BDS linkage");
  v("seed_grant", p.seed_grant, Range{0, 1e4}, "grant to each consortium formed, lakh");
  v("brokering_hours", p.brokering_hours, Range{0, 744}, "CDA hours a month added to brokering");
  v("fairs_per_year", p.fairs_per_year, Range{0, 52}, "trade fairs a year");
  v("fair_cost", p.fair_cost, Range{0, 1e4}, "cost of one fair, lakh");
  v("fair_firms", p.fair_firms, Range{0, 1e6}, "firms taken to each fair");
  v("buyer_rate_mult", p.buyer_rate_mult, Range{1, 20}, "foreign buyer arrival multiplier");
  v("visibility_gain", p.visibility_gain, Range{0, 1}, "visibility gained per fair");
  v("spillover", p.spillover, Range{0, 5}, "rise in the innovation hazard from the twin");
  v("monthly_cost", p.monthly_cost, Range{0, 1e4}, "twinning cost, lakh/month");
  v("audits_per_month", p.audits_per_month, Range{0, 1e6}, "energy audits a month");
  v("audit_cost", p.audit_cost, Range{0, 1e3}, "cost of one audit, lakh");
  v("audit_saving", p.audit_saving, Range{0, 0.9}, "cut in energy intensity from an audit");
  v("ee_subsidy", p.ee_subsidy, Range{0, 1}, "share of an efficient vintage's price paid");
  v("trainees_per_month", p.trainees_per_month, Range{0, 1e7}, "workers trained a month");
  v("training_cost", p.training_cost, Range{0, 100}, "cost per trainee, lakh");
  v("skill_gain", p.skill_gain, Range{0, 1}, "relative skill gain per trained worker share");
  v("grant", p.grant, Range{0, 1e4}, "association grant, lakh/month");
  v("award", p.award, Range{0, 1e4}, "yearly award when the rating rises, lakh");
  v("downtime_cut", p.downtime_cut, Range{0, 1}, "share of power downtime removed");
  v("transport_cut", p.transport_cut, Range{0, 1}, "share of transport cost removed");
  v("build_months", p.build_months, Range{1, 600}, "months to build the infrastructure");
}

template <class V> void visit_table(ProgrammeParams& p, V&& v) {
  v("start", p.start, Range{1, 30000}, "step at which the cluster is selected");
  v("selection_months", p.selection_months, Range{0, 600}, "months of cluster selection");
  v("appointment_months", p.appointment_months, Range{0, 600}, "months to appoint the CDA");
  v("diagnostic_months", p.diagnostic_months, Range{0, 600}, "months of the diagnostic study");
  v("trust_building_months", p.trust_building_months, Range{0, 600}, "months of trust building");
  v("action_plan_months", p.action_plan_months, Range{0, 600}, "months to draw up the action plan");
  v("approval_months", p.approval_months, Range{0, 600}, "months to approve it");
  v("implementation_months", p.implementation_months, Range{1, 600}, "months of implementation");
  v("evaluation_months", p.evaluation_months, Range{0, 600}, "months of monitoring and evaluation");
  v("handover_months", p.handover_months, Range{0, 600}, "months of handing over before exit");
  v("cda_hours", p.cda_hours, Range{0, 744}, "the programme CDA's hours a month");
  v("cda_skill", p.cda_skill, Range{0, 1}, "its skill");
  v("cda_salary", p.cda_salary, Range{0, 1e3}, "its cost, lakh/month");
  v("diagnostic_cost", p.diagnostic_cost, Range{0, 1e5}, "cost of the diagnostic study, lakh");
  v("management_budget", p.management_budget, Range{0, 1e9}, "budget for the CDA and diagnostics, lakh");
  v("collective_trust", p.collective_trust, Range{0, 1}, "mean trust needed before collective actions");
}

/// The kinds a kind-specific key belongs to; empty for the common keys. Used to reject, for
/// example, `cover` in a tech_upgradation.
inline std::vector<std::string_view> intervention_key_kinds(std::string_view key) {
  struct Row { std::string_view key; std::vector<std::string_view> kinds; };
  static const std::vector<Row> rows{
      {"subsidy_share", {"tech_upgradation"}}, {"cap_per_firm", {"tech_upgradation", "energy_efficiency"}},
      {"cover", {"credit_guarantee"}}, {"loan_cap", {"credit_guarantee"}}, {"fee", {"credit_guarantee"}},
      {"ceiling_mult", {"credit_planning"}}, {"spread_cut", {"credit_planning"}}, {"admin_cost", {"credit_planning"}},
      {"facility", {"cfc"}}, {"project_cost", {"cfc"}}, {"grant_share", {"cfc"}}, {"om_support_months", {"cfc"}},
      {"voucher_share", {"bds_development", "quality_certification"}}, {"provider_training", {"bds_development"}},
      {"hours", {"cda"}}, {"skill", {"cda"}}, {"cost_per_hour", {"cda"}}, {"priority_diagnostic", {"cda"}},
      {"priority_meetings", {"cda"}}, {"priority_brokering", {"cda"}}, {"priority_spv", {"cda"}},
      {"priority_bds", {"cda"}}, {"seed_grant", {"consortia"}}, {"brokering_hours", {"consortia"}},
      {"fairs_per_year", {"export_promotion"}}, {"fair_cost", {"export_promotion"}}, {"fair_firms", {"export_promotion"}},
      {"buyer_rate_mult", {"export_promotion", "twinning"}}, {"visibility_gain", {"export_promotion"}},
      {"spillover", {"twinning"}}, {"monthly_cost", {"twinning"}},
      {"audits_per_month", {"energy_efficiency"}}, {"audit_cost", {"energy_efficiency"}},
      {"audit_saving", {"energy_efficiency"}}, {"ee_subsidy", {"energy_efficiency"}},
      {"trainees_per_month", {"skills_training"}}, {"training_cost", {"skills_training"}}, {"skill_gain", {"skills_training"}},
      {"grant", {"association_strengthening"}}, {"award", {"association_strengthening"}},
      {"downtime_cut", {"infrastructure"}}, {"transport_cut", {"infrastructure"}}, {"build_months", {"infrastructure"}}};
  for (const auto& r : rows)
    if (r.key == key) return r.kinds;
  return {};
}

}  // namespace cs

namespace cs {

struct Params;

/// Why `key` may not appear in an intervention of `kind` ("" when it may). Unknown kinds accept
/// every key (the kind itself is reported by intervention_problems).
std::string intervention_key_problem(std::string_view kind, std::string_view key);

/// Rules on the interventions of a scenario beyond ranges: known kind and target, end after
/// start, an existing cluster, CDA priorities summing to at most 1, no two interventions of the
/// same kind overlapping in time in the same cluster. Pairs of (dotted key, message).
std::vector<std::pair<std::string, std::string>> intervention_problems(const Params& p);

/// Enabled interventions whose window starts after the run's last step (they would never run),
/// as (key, message). A scenario file with one is invalid (load_params reports it at the key);
/// validate() leaves it out, so a command may shorten a run on purpose (`run --steps 2`).
std::vector<std::pair<std::string, std::string>> intervention_run_problems(const Params& p);

}  // namespace cs
