#pragma once
// The parameter schema: one place that lists every key, its table, its valid range and its
// meaning. The TOML loader, validation, sweep overrides and the docs all read it.
#include <cstdint>
#include <limits>
#include <string>

#include "params/params.hpp"

namespace cs {


/// Calls `v(key, field&, Range, doc)` for every scalar parameter of a table. `field` is a
/// double&, int&, std::uint64_t& or std::string&.
template <class V> void visit_table(RunParams& p, V&& v) {
  v("steps", p.steps, Range{1, 30000}, "months to simulate");
  v("burn_in", p.burn_in, Range{0, 1200}, "months run before month 0");
  v("seed", p.seed, Range{0, 1.8e19}, "run seed");
}

template <class V> void visit_table(FirmInitParams& p, V&& v) {
  v("size_pareto_alpha", p.size_pareto_alpha, Range{0.5, 5}, "tail index of initial employment");
  v("size_min", p.size_min, Range{1, 1e4}, "smallest initial employment, workers");
  v("size_max", p.size_max, Range{1, 1e6}, "largest initial employment, workers");
  v("productivity_mean", p.productivity_mean, Range{1e-3, 1e3}, "mean initial A_v, units/worker-month");
  v("productivity_sd", p.productivity_sd, Range{0, 2}, "log-sd of initial A_v");
  v("skill_ratio", p.skill_ratio, Range{0.1, 2}, "initial skill / A_v");
  v("quality_a", p.quality_a, Range{0.1, 100}, "Beta a of initial quality");
  v("quality_b", p.quality_b, Range{0.1, 100}, "Beta b of initial quality");
  v("cash_months", p.cash_months, Range{0, 60}, "initial cash in months of costs");
  v("direct_access_share", p.direct_access_share, Range{0, 1}, "share with own market access");
  v("opportunism_mean", p.opportunism_mean, Range{0.01, 0.99}, "mean owner opportunism");
  v("awareness_mean", p.awareness_mean, Range{0.01, 0.99}, "mean owner awareness of services");
  v("age_max_years", p.age_max_years, Range{0, 200}, "initial ages uniform up to this, years");
  v("certified_share", p.certified_share, Range{0, 1}, "initial share of certified firms");
  v("certificate_months", p.certificate_months, Range{1, 600}, "validity of a certificate, months");
}

template <class V> void visit_table(MarketParams& p, V&& v) {
  v("wage", p.wage, Range{1e-4, 100}, "monthly wage, lakh/worker");
  v("labour_adjust", p.labour_adjust, Range{0, 1}, "largest monthly cut in employment");
  v("input_per_unit", p.input_per_unit, Range{0, 100}, "raw material per unit of output");
  v("input_price", p.input_price, Range{1e-4, 1e4}, "initial raw-material price");
  v("input_price_rho", p.input_price_rho, Range{0, 0.999}, "AR(1) of log input price");
  v("input_price_sd", p.input_price_sd, Range{0, 1}, "sd of log input price shock");
  v("energy_price", p.energy_price, Range{0, 100}, "energy price, lakh/MWh");
  v("emission_factor", p.emission_factor, Range{0, 10}, "tCO2 per MWh");
  v("demand_rho", p.demand_rho, Range{0, 0.999}, "AR(1) of the demand shock");
  v("demand_sd", p.demand_sd, Range{0, 1}, "sd of the demand shock");
  v("markup_init", p.markup_init, Range{0, 5}, "initial markup");
  v("markup_min", p.markup_min, Range{0, 5}, "markup lower bound");
  v("markup_max", p.markup_max, Range{0, 5}, "markup upper bound");
  v("markup_upsilon", p.markup_upsilon, Range{0, 1}, "markup response to share growth");
  v("markup_unfilled", p.markup_unfilled, Range{0, 1}, "markup response to unfilled demand");
  v("omega_p", p.omega_p, Range{0, 100}, "competitiveness weight: price");
  v("omega_q", p.omega_q, Range{0, 100}, "competitiveness weight: quality");
  v("omega_l", p.omega_l, Range{0, 100}, "competitiveness weight: unfilled demand");
  v("chi", p.chi, Range{0, 10}, "replicator speed");
  v("share_min_factor", p.share_min_factor, Range{0, 1}, "exit below this fraction of mean share");
  v("expectation_theta", p.expectation_theta, Range{0, 1}, "adaptive expectations weight");
  v("inventory_target", p.inventory_target, Range{0, 5}, "desired inventory / expected demand");
  v("tax_rate", p.tax_rate, Range{0, 1}, "tax on positive profit");
  v("payout_share", p.payout_share, Range{0, 1}, "share of after-tax profit drawn by owners");
  v("agent_commission_min", p.agent_commission_min, Range{0, 0.9}, "agent commission lower bound");
  v("agent_commission_max", p.agent_commission_max, Range{0, 0.9}, "agent commission upper bound");
  v("agent_delay_max", p.agent_delay_max, Range{1, 3}, "agent payment delay, months");
  v("agent_switch_lambda", p.agent_switch_lambda, Range{0, 100}, "agent switching intensity");
  v("agent_switch_share", p.agent_switch_share, Range{0, 1}, "share comparing agents monthly");
  v("direct_access_employees", p.direct_access_employees, Range{0, 1e6}, "size giving own access");
  v("power_downtime", p.power_downtime, Range{0, 0.9}, "share of capacity lost to power cuts");
  v("transport_cost", p.transport_cost, Range{0, 0.5}, "share of value sold spent on transport");
  v("customer_size", p.customer_size, Range{0, 1e6}, "a customer's purchases, lakh/month (0: no churn)");
  v("customer_churn", p.customer_churn, Range{0, 1}, "monthly share of customers lost");
  v("orders_reversion", p.orders_reversion, Range{0, 1}, "monthly return of orders to what the share commands");
}

template <class V> void visit_table(TechParams& p, V&& v) {
  v("capital_per_unit", p.capital_per_unit, Range{1e-3, 1e4}, "capital per unit of capacity");
  v("depreciation", p.depreciation, Range{0, 0.5}, "monthly depreciation");
  v("overhead", p.overhead, Range{0, 0.5}, "fixed monthly cost / capital");
  v("energy_intensity", p.energy_intensity, Range{0, 100}, "initial energy per unit, MWh");
  v("frontier_ratio", p.frontier_ratio, Range{1, 10}, "initial frontier / mean A_v");
  v("frontier_growth", p.frontier_growth, Range{0, 0.1}, "monthly frontier productivity drift");
  v("energy_drift", p.energy_drift, Range{0, 0.1}, "monthly frontier energy-intensity decline");
  v("brochure_rate", p.brochure_rate, Range{0, 1}, "monthly brochure probability");
  v("payback_months", p.payback_months, Range{1, 600}, "payback horizon, months");
  v("rd_share", p.rd_share, Range{0, 0.5}, "R&D share of sales");
  v("zeta_innovation", p.zeta_innovation, Range{0, 100}, "innovation intensity");
  v("zeta_imitation", p.zeta_imitation, Range{0, 100}, "imitation intensity");
  v("innovation_beta_a", p.innovation_beta_a, Range{0.1, 100}, "innovation Beta a");
  v("innovation_beta_b", p.innovation_beta_b, Range{0.1, 100}, "innovation Beta b");
  v("innovation_lo", p.innovation_lo, Range{-1, 1}, "innovation draw lower bound");
  v("innovation_hi", p.innovation_hi, Range{-1, 1}, "innovation draw upper bound");
  v("imitation_gap_share", p.imitation_gap_share, Range{0, 1}, "gap share closed by imitation");
  v("skill_learning", p.skill_learning, Range{0, 1}, "monthly skill convergence");
  v("quality_decay", p.quality_decay, Range{0, 1}, "monthly quality decay");
  v("quality_floor", p.quality_floor, Range{0, 1}, "long-run quality floor");
  v("quality_innovation_gain", p.quality_innovation_gain, Range{0, 1}, "quality gain per innovation");
  v("tfp_sd", p.tfp_sd, Range{0, 3}, "stationary log-sd of firm efficiency");
  v("tfp_shock_rate", p.tfp_shock_rate, Range{0, 1}, "monthly probability of an efficiency change");
  v("tfp_rho", p.tfp_rho, Range{0, 0.9999}, "share of log efficiency's deviation kept at a change");
  v("expansion_utilisation", p.expansion_utilisation, Range{0, 2}, "utilisation that triggers expansion");
  v("expansion_max", p.expansion_max, Range{0, 1}, "max monthly capacity expansion");
}

template <class V> void visit_table(FinanceParams& p, V&& v) {
  v("rate_base", p.rate_base, Range{0, 0.5}, "monthly rate of the best class");
  v("rate_class_step", p.rate_class_step, Range{0, 10}, "rate mark-up per class");
  v("credit_classes", p.credit_classes, Range{1, 20}, "number of credit classes");
  v("rating_interval", p.rating_interval, Range{1, 120}, "months between re-ratings");
  v("credit_lambda", p.credit_lambda, Range{0, 100}, "credit ceiling multiple");
  v("ltv", p.ltv, Range{0, 2}, "loan-to-value");
  v("collateral_share", p.collateral_share, Range{0, 1}, "pledgeable share of capital");
  v("haircut", p.haircut, Range{0, 1}, "collateral recovery in default");
  v("pd_intercept", p.pd_intercept, Range{-50, 50}, "default probability intercept");
  v("pd_slope", p.pd_slope, Range{0, 100}, "default probability slope on leverage");
  v("maturity_months", p.maturity_months, Range{1, 600}, "loan amortisation, months");
  v("informal_rate", p.informal_rate, Range{0, 1}, "monthly informal rate");
  v("informal_cap_months", p.informal_cap_months, Range{0, 120}, "informal limit, months of turnover");
  v("informal_funds", p.informal_funds, Range{0, 10}, "moneylenders' funds / cluster capital");
  v("npa_months", p.npa_months, Range{1, 60}, "missed payments before NPA");
  v("viability_margin", p.viability_margin, Range{-1, 1}, "lowest average return on sales at which banks seek the guarantee for a loan");
  v("bank_equity", p.bank_equity, Range{0, 10}, "bank equity / cluster capital");
  v("bank_tau", p.bank_tau, Range{1e-3, 1}, "capital requirement");
  v("bank_beta", p.bank_beta, Range{0, 100}, "bad-debt sensitivity");
  v("initial_leverage", p.initial_leverage, Range{0, 5}, "initial debt / capital");
  v("guarantee_cover", p.guarantee_cover, Range{0, 1}, "credit guarantee cover share");
  v("guarantee_pd_max", p.guarantee_pd_max, Range{0, 1}, "largest default probability on which a guarantee counts");
}

template <class V> void visit_table(NetworkParams& p, V&& v) {
  v("mean_degree", p.mean_degree, Range{0, 64}, "mean initial degree");
  v("max_links", p.max_links, Range{1, 64}, "link slots per firm");
  v("trust_init", p.trust_init, Range{0, 1}, "initial trust");
  v("trust_baseline", p.trust_baseline, Range{0, 1}, "trust baseline");
  v("trust_decay", p.trust_decay, Range{0, 1}, "monthly trust decay");
  v("trust_min", p.trust_min, Range{0, 1}, "links below this dissolve");
  v("trust_init_sd", p.trust_init_sd, Range{0, 0.5}, "sd of initial trust");
  v("trust_alpha", p.trust_alpha, Range{0, 1}, "trust gain after joint success");
  v("trust_beta", p.trust_beta, Range{0, 1}, "trust loss after failure or defection");
  v("subcontract_trust", p.subcontract_trust, Range{0, 1}, "least trust to subcontract");
  v("subcontract_margin", p.subcontract_margin, Range{0, 1}, "contractor's share of the price");
}

template <class V> void visit_table(DemographyParams& p, V&& v) {
  v("entry_rate", p.entry_rate, Range{0, 1}, "monthly entrants per firm at reference profit");
  v("profit_ref", p.profit_ref, Range{1e-4, 1}, "reference profit rate for entry");
  v("spinoff_rate", p.spinoff_rate, Range{0, 1}, "monthly spin-off probability");
  v("entrant_size", p.entrant_size, Range{0.1, 1e4}, "entrant employment");
  v("entrant_share", p.entrant_share, Range{0, 10}, "entrant share / mean share");
  v("spinoff_noise", p.spinoff_noise, Range{0, 2}, "log-sd of inherited vintage");
  v("exit_grace_months", p.exit_grace_months, Range{0, 120}, "months of negative NW tolerated");
}

template <class V> void visit_table(ExportParams& p, V&& v) {
  v("buyer_rate", p.buyer_rate, Range{0, 1000}, "foreign buyer arrivals per month");
  v("global_rho", p.global_rho, Range{0, 0.999}, "AR(1) of the log global demand index");
  v("global_sd", p.global_sd, Range{0, 1}, "sd of the log global demand index");
  v("order_size_median", p.order_size_median, Range{1e-3, 1e7}, "median order, units per month");
  v("export_divert", p.export_divert, Range{0, 1}, "share of domestic sales divertible to exports");
  v("order_size_sigma", p.order_size_sigma, Range{0, 5}, "log-sd of order size");
  v("delivery_months", p.delivery_months, Range{1, 120}, "months of delivery");
  v("quality_min_lo", p.quality_min_lo, Range{0, 1}, "lowest buyer quality threshold");
  v("quality_min_hi", p.quality_min_hi, Range{0, 1}, "highest buyer quality threshold");
  v("certified_share", p.certified_share, Range{0, 1}, "share of buyers requiring certification");
  v("price_premium", p.price_premium, Range{0.1, 10}, "export price / domestic price");
  v("logit_gamma", p.logit_gamma, Range{0, 1000}, "logit intensity");
  v("logit_gamma_q", p.logit_gamma_q, Range{0, 100}, "logit weight of quality");
  v("penalty_share", p.penalty_share, Range{0, 10}, "penalty per unit short / price");
  v("cancel_fill", p.cancel_fill, Range{0, 1}, "fill below which the buyer cancels");
  v("visibility_gain", p.visibility_gain, Range{0, 1}, "visibility gain per full delivery month");
  v("visibility_loss", p.visibility_loss, Range{0, 1}, "visibility loss per failed month");
  v("consortium_form_rate", p.consortium_form_rate, Range{0, 1}, "monthly consortium attempts per firm");
  v("consortium_trust", p.consortium_trust, Range{0, 1}, "trust needed with each partner");
  v("consortium_min", p.consortium_min, Range{2, 64}, "smallest consortium");
  v("consortium_max", p.consortium_max, Range{2, 64}, "largest consortium");
  v("defection_rate", p.defection_rate, Range{0, 1}, "defection hazard scale");
  v("search_rate", p.search_rate, Range{0, 1}, "monthly chance a non-exporter seeks foreign customers");
  v("entry_cost", p.entry_cost, Range{0, 1e7}, "sunk cost of starting to export, lakh");
  v("entrant_share", p.entrant_share, Range{0, 10}, "new exporter's share / mean exporter share");
  v("exit_share_factor", p.exit_share_factor, Range{0, 1}, "exporters below this fraction of the mean stop");
  v("selection_noise", p.selection_noise, Range{0, 10}, "noise in the initial exporters' selection");
}

template <class V> void visit_table(ClusterParams& p, V&& v) {
  v("name", p.name, Range{}, "display name");
  v("product", p.product, Range{}, "product");
  v("firms", p.firms, Range{1, 5e7}, "initial number of firms");
  v("area_km", p.area_km, Range{0.1, 1e4}, "side of the area, km");
  v("neighbourhoods", p.neighbourhoods, Range{1, 1000}, "industrial estates");
  v("demand_ratio", p.demand_ratio, Range{0.01, 10}, "initial demand / capacity value");
  v("demand_growth", p.demand_growth, Range{-0.5, 1}, "annual demand growth");
  v("banks", p.banks, Range{1, 100}, "banks serving the cluster");
  v("selling_agents", p.selling_agents, Range{1, 1000}, "selling agents");
  v("replicas", p.replicas, Range{1, 65535}, "clusters this table stands for (national mode)");
  v("size_spread", p.size_spread, Range{0, 3}, "log-sd of firm counts across replicas");
  v("recommendation", p.recommendation, Range{0, 1}, "recommendation by other agencies (rating input)");
  v("export_share", p.export_share, Range{0, 0.95}, "initial share of turnover exported to standing customers");
  v("exporter_share", p.exporter_share, Range{0, 1}, "initial share of firms exporting");
  v("export_growth", p.export_growth, Range{-0.5, 1}, "annual growth of standing foreign demand");
}

template <class V> void visit_table(ShockParams& p, V&& v) {
  v("kind", p.kind, Range{}, "demand | input_price | energy_price | export_ban | power_shortage");
  v("start", p.start, Range{0, 100000}, "first step");
  v("duration", p.duration, Range{1, 100000}, "months");
  v("size", p.size, Range{-1, 10}, "relative change");
}

/// Calls `t(table_name, table&)` for every single table of Params (not the arrays of tables).
template <class T> void visit_tables(Params& p, T&& t) {
  t("run", p.run);
  t("firms", p.firm_init);
  t("market", p.market);
  t("technology", p.tech);
  t("finance", p.finance);
  t("network", p.network);
  t("demography", p.demography);
  t("bds", p.bds);
  t("exports", p.exports);
  t("association", p.association);
  t("cda", p.cda);
  t("cfc", p.cfc);
  t("programme", p.programme);
}

}  // namespace cs
