#pragma once
// Parameters of the business development services (BDS) market. Table `[bds]`.
// Kinds, in this order everywhere: design, testing (and certification), consulting (technology
// and management), logistics, finance (and accounting). Money in ₹ lakh, time in months.
namespace cs {

/// BDS providers and the firms' demand for their services (MODEL.md sections 2, 3, 6).
struct BdsParams {
  // Supply.
  double providers_per_1000 = 1.0;   ///< initial providers of each kind per 1,000 firms of a cluster (at least 1)
  double fee_design = 0.3;           ///< reference fee of a design assignment, ₹ lakh
  double fee_testing = 1.0;          ///< reference fee of testing and certification, ₹ lakh
  double fee_consulting = 0.5;       ///< reference fee of a consulting assignment, ₹ lakh
  double fee_logistics = 0.3;        ///< reference fee of a logistics contract, ₹ lakh
  double fee_finance = 0.1;          ///< reference fee of a finance and accounting service, ₹ lakh
  double fee_spread = 0.2;           ///< a provider's fee is the reference fee x U(1 - spread, 1 + spread)
  int capacity_design = 6;           ///< clients a design provider serves per month
  int capacity_testing = 8;          ///< clients a testing provider serves per month
  int capacity_consulting = 4;       ///< clients a consultant serves per month
  int capacity_logistics = 20;       ///< contracts a logistics provider signs per month
  int capacity_finance = 15;         ///< clients a finance provider serves per month
  double quality_a = 6.0;            ///< Beta(a, b) of provider quality
  double quality_b = 4.0;            ///< Beta(a, b) of provider quality
  double fixed_cost_share = 0.5;     ///< monthly fixed cost / revenue at full capacity
  double start_cash_months = 6.0;    ///< a provider's starting cash, months of fixed cost
  int exit_months = 12;              ///< consecutive months of revenue below fixed cost before exit
  double unmet_weight = 0.25;        ///< weight of this month in the moving average of unmet requests
  double entry_threshold = 0.5;      ///< unmet-request average (in one provider's capacity) that signals a gap
  int entry_months = 6;              ///< months the gap must persist before a provider enters
  int entry_max = 5;                 ///< most entrants of one kind in one cluster per month
  double voucher_share = 0.0;        ///< share of each fee the programme pays (policy lever)
  int search_max = 5;                ///< providers with room a firm approaches before giving up
  // Demand.
  double spread = 0.5;               ///< awareness spread intensity over the trust network
  int recent_months = 12;            ///< a purchase counts as recent for this many months
  int spread_interval = 3;           ///< months between a firm's word-of-mouth checks (staggered by uid)
  double horizon_months = 12.0;      ///< months over which a firm values a service's benefit
  int repeat_months = 12;            ///< months before a firm buys design or consulting again
  double design_gain = 0.05;         ///< quality gain share: q += gain x provider quality x (1 - q)
  double design_value = 0.3;         ///< monthly revenue gain per unit of quality gained (share of revenue)
  int cert_renewal_months = 3;       ///< a firm renews when its certificate has this many months left
  double cert_value = 0.02;          ///< value of a valid certificate, share of monthly revenue
  double testing_quality_gain = 0.02;///< quality gain share of testing, as design_gain
  double consulting_gain = 0.05;     ///< productivity gain at provider quality 1 and a Beta draw of 1
  double consulting_beta_a = 2.0;    ///< Beta(a, b) of the consulting gain draw
  double consulting_beta_b = 2.0;    ///< Beta(a, b) of the consulting gain draw
  double logistics_saving = 0.01;    ///< transport saving at provider quality 1, share of monthly revenue
  int logistics_months = 12;         ///< months a logistics contract runs
};

template <class V> void visit_table(BdsParams& p, V&& v) {
  v("providers_per_1000", p.providers_per_1000, Range{0, 1000}, "initial providers of each kind per 1000 firms");
  v("fee_design", p.fee_design, Range{1e-4, 1e4}, "reference fee of design, lakh");
  v("fee_testing", p.fee_testing, Range{1e-4, 1e4}, "reference fee of testing and certification, lakh");
  v("fee_consulting", p.fee_consulting, Range{1e-4, 1e4}, "reference fee of consulting, lakh");
  v("fee_logistics", p.fee_logistics, Range{1e-4, 1e4}, "reference fee of a logistics contract, lakh");
  v("fee_finance", p.fee_finance, Range{1e-4, 1e4}, "reference fee of finance and accounting, lakh");
  v("fee_spread", p.fee_spread, Range{0, 0.9}, "relative spread of provider fees");
  v("capacity_design", p.capacity_design, Range{1, 1e6}, "design clients per provider-month");
  v("capacity_testing", p.capacity_testing, Range{1, 1e6}, "testing clients per provider-month");
  v("capacity_consulting", p.capacity_consulting, Range{1, 1e6}, "consulting clients per provider-month");
  v("capacity_logistics", p.capacity_logistics, Range{1, 1e6}, "logistics contracts per provider-month");
  v("capacity_finance", p.capacity_finance, Range{1, 1e6}, "finance clients per provider-month");
  v("quality_a", p.quality_a, Range{0.1, 100}, "Beta a of provider quality");
  v("quality_b", p.quality_b, Range{0.1, 100}, "Beta b of provider quality");
  v("fixed_cost_share", p.fixed_cost_share, Range{0, 10}, "provider fixed cost / full-capacity revenue");
  v("start_cash_months", p.start_cash_months, Range{0, 600}, "provider starting cash, months of fixed cost");
  v("exit_months", p.exit_months, Range{1, 600}, "months of losses before a provider exits");
  v("unmet_weight", p.unmet_weight, Range{0.001, 1}, "moving-average weight of unmet requests");
  v("entry_threshold", p.entry_threshold, Range{0, 1e6}, "unmet average, in provider capacities, signalling a gap");
  v("entry_months", p.entry_months, Range{1, 600}, "months a gap persists before entry");
  v("entry_max", p.entry_max, Range{0, 1e6}, "most entrants per kind, cluster and month");
  v("voucher_share", p.voucher_share, Range{0, 1}, "share of fees paid by the programme");
  v("search_max", p.search_max, Range{1, 1e6}, "providers with room a firm approaches");
  v("spread", p.spread, Range{0, 100}, "awareness spread intensity");
  v("spread_interval", p.spread_interval, Range{1, 120}, "months between word-of-mouth checks");
  v("recent_months", p.recent_months, Range{1, 600}, "months a purchase counts as recent");
  v("horizon_months", p.horizon_months, Range{0, 600}, "months over which benefits are valued");
  v("repeat_months", p.repeat_months, Range{1, 600}, "months between design or consulting purchases");
  v("design_gain", p.design_gain, Range{0, 1}, "quality gain share of design");
  v("design_value", p.design_value, Range{0, 100}, "revenue gain per unit quality, share");
  v("cert_renewal_months", p.cert_renewal_months, Range{0, 600}, "renewal window before expiry, months");
  v("cert_value", p.cert_value, Range{0, 10}, "value of a certificate, share of monthly revenue");
  v("testing_quality_gain", p.testing_quality_gain, Range{0, 1}, "quality gain share of testing");
  v("consulting_gain", p.consulting_gain, Range{0, 10}, "productivity gain of consulting at quality 1");
  v("consulting_beta_a", p.consulting_beta_a, Range{0.1, 100}, "Beta a of the consulting gain");
  v("consulting_beta_b", p.consulting_beta_b, Range{0.1, 100}, "Beta b of the consulting gain");
  v("logistics_saving", p.logistics_saving, Range{0, 1}, "transport saving share of revenue at quality 1");
  v("logistics_months", p.logistics_months, Range{1, 600}, "months a logistics contract runs");
}

}  // namespace cs
