#pragma once
// Parameters of the association, the Cluster Development Agent and Common Facility Centres.
// Tables `[association]`, `[cda]`, `[cfc]` (MODEL.md section 2). Money in ₹ lakh, time in
// months. The levers that switch the CDA and a CFC on live in World::Levers; these are the
// behavioural constants.
#include "params/range.hpp"

namespace cs {

/// The cluster's business membership organisation (one per cluster).
struct AssociationParams {
  double fee = 0.005;                ///< monthly membership fee, ₹ lakh (₹500)
  double init_share = 0.05;          ///< share of initial firms that are members
  double init_effectiveness = 0.3;   ///< initial effectiveness in [0, 1]
  double init_reserve_months = 6.0;  ///< initial cash, months of the initial members' fees
  double spend_share = 0.5;          ///< share of its cash spent on staff each month
  double staff_wage = 0.3;           ///< monthly cost of one staff member, ₹ lakh
  double staff_half = 5.0;           ///< staff at which target effectiveness is 0.5
  double adjust = 0.1;               ///< monthly convergence of effectiveness to its target
  double network_base = 0.3;         ///< benefit multiplier at zero membership (1 at full membership)
  double procurement_discount = 0.03;///< members' input discount at effectiveness 1 and full membership
  double info_value = 0.003;         ///< perceived value of information and fairs, share of revenue
  double info_awareness = 0.02;      ///< monthly awareness gain of a member at multiplier 1
  int review_months = 3;             ///< a firm reviews its membership every this many months
  double meeting_pairs = 2.0;        ///< member pairs meeting a month per 100 members at effectiveness 1
  double fair_visibility = 0.01;     ///< monthly export visibility gain at effectiveness 1, full membership
  double rating_w_effectiveness = 0.5; ///< rating weight of effectiveness
  double rating_w_members = 0.3;     ///< rating weight of the membership share
  double rating_w_balance = 0.2;     ///< rating weight of reserves (capped at rating_reserve_months)
  double rating_reserve_months = 6.0;///< reserves, in months of staff spending, that score 1
};

/// The Cluster Development Agent: hours per unit of each activity and the effects.
struct CdaParams {
  double hours_visit = 4.0;          ///< hours per diagnostic visit
  double hours_meeting = 8.0;        ///< hours per trust-building meeting
  double hours_broker = 16.0;        ///< hours per consortium brokering attempt
  double hours_spv = 4.0;            ///< hours per firm mobilised for an SPV
  double hours_bds = 2.0;            ///< hours per firm linked to BDS providers
  int meeting_size = 8;              ///< firms per meeting
  double visit_awareness = 0.2;      ///< awareness gain share of a visit at skill 1: a += g s (1 - a)
  double bds_awareness = 0.3;        ///< awareness gain share of a BDS linkage at skill 1
  double broker_trust = 0.4;         ///< trust with each partner enough for a brokered consortium
};

/// Common Facility Centres and their SPVs.
struct CfcParams {
  int min_members = 20;              ///< SPV members needed
  int max_members = 60;              ///< most SPV members
  double spv_trust = 0.45;           ///< mean trust over linked member pairs needed for the SPV
  double spv_awareness = 0.4;        ///< awareness above which a firm is willing (else only if mobilised)
  double max_equity_share = 0.1;     ///< a member's contribution <= this share of its net worth
  int build_months = 18;             ///< construction lag
  double capacity_per_lakh = 1.0;    ///< capacity, units a month per ₹ lakh of project cost
  double fee_per_unit = 0.02;        ///< user fee per unit of capacity used, ₹ lakh
  double om_share = 0.01;            ///< monthly O&M cost / project cost
  double depreciation = 0.005;       ///< monthly depreciation of the facility (book value)
  int close_months = 12;             ///< months of revenue below O&M (after support) before closing
  double tool_learning = 0.05;       ///< tool room: A_v moves this share x processed share towards the CFC's A
  double tool_ratio = 1.2;           ///< tool room: CFC productivity / frontier at opening
  int test_units = 5;                ///< testing lab: capacity units per certificate
  double cert_value = 0.02;          ///< testing lab: value of a certificate, share of monthly revenue
  int renewal_months = 3;            ///< testing lab: renew this many months before expiry
  double compliance_value = 0.03;    ///< effluent: perceived value of compliance per unit, ₹ lakh
  double effluent_enforcement = 0.0; ///< monthly probability that a non-compliant polluting firm is inspected
  double effluent_fine = 0.5;        ///< fine on a non-compliant firm found by an inspection, ₹ lakh
  double rm_discount = 0.05;         ///< raw-material bank: input discount on processed units
  int design_units = 5;              ///< design studio: capacity units per design job
  double design_gain = 0.2;          ///< design studio: q += gain (1 - q)
  double design_value = 0.3;         ///< design studio: revenue gain per unit quality, share of revenue
  int design_repeat_months = 12;     ///< design studio: months between jobs of one firm
  double horizon_months = 12.0;      ///< months over which one-off benefits are valued
};

template <class V> void visit_table(AssociationParams& p, V&& v) {
  v("fee", p.fee, Range{0, 100}, "monthly membership fee, lakh");
  v("init_share", p.init_share, Range{0, 1}, "initial member share");
  v("init_effectiveness", p.init_effectiveness, Range{0, 1}, "initial effectiveness");
  v("init_reserve_months", p.init_reserve_months, Range{0, 600}, "initial cash, months of fees");
  v("spend_share", p.spend_share, Range{0, 1}, "share of cash spent on staff monthly");
  v("staff_wage", p.staff_wage, Range{1e-4, 100}, "monthly cost of a staff member, lakh");
  v("staff_half", p.staff_half, Range{1e-4, 1e6}, "staff giving effectiveness 0.5");
  v("adjust", p.adjust, Range{0, 1}, "monthly effectiveness convergence");
  v("network_base", p.network_base, Range{0, 1}, "benefit multiplier at zero membership");
  v("procurement_discount", p.procurement_discount, Range{0, 1}, "members' input discount at full strength");
  v("info_value", p.info_value, Range{0, 1}, "value of information, share of revenue");
  v("info_awareness", p.info_awareness, Range{0, 1}, "monthly member awareness gain");
  v("review_months", p.review_months, Range{1, 120}, "months between membership reviews");
  v("meeting_pairs", p.meeting_pairs, Range{0, 100}, "meeting pairs per 100 members a month");
  v("fair_visibility", p.fair_visibility, Range{0, 1}, "monthly visibility gain from fairs");
  v("rating_w_effectiveness", p.rating_w_effectiveness, Range{0, 1}, "rating weight: effectiveness");
  v("rating_w_members", p.rating_w_members, Range{0, 1}, "rating weight: membership share");
  v("rating_w_balance", p.rating_w_balance, Range{0, 1}, "rating weight: reserves");
  v("rating_reserve_months", p.rating_reserve_months, Range{1e-3, 600}, "reserve months scoring 1");
}
template <class V> void visit_table(CdaParams& p, V&& v) {
  v("hours_visit", p.hours_visit, Range{0.01, 1000}, "hours per diagnostic visit");
  v("hours_meeting", p.hours_meeting, Range{0.01, 1000}, "hours per meeting");
  v("hours_broker", p.hours_broker, Range{0.01, 1000}, "hours per brokering attempt");
  v("hours_spv", p.hours_spv, Range{0.01, 1000}, "hours per firm mobilised for an SPV");
  v("hours_bds", p.hours_bds, Range{0.01, 1000}, "hours per BDS linkage");
  v("meeting_size", p.meeting_size, Range{2, 100}, "firms per meeting");
  v("visit_awareness", p.visit_awareness, Range{0, 1}, "awareness gain of a visit");
  v("bds_awareness", p.bds_awareness, Range{0, 1}, "awareness gain of a BDS linkage");
  v("broker_trust", p.broker_trust, Range{0, 1}, "trust enough for a brokered consortium");
}
template <class V> void visit_table(CfcParams& p, V&& v) {
  v("min_members", p.min_members, Range{1, 100000}, "SPV members needed");
  v("max_members", p.max_members, Range{1, 100000}, "most SPV members");
  v("spv_trust", p.spv_trust, Range{0, 1}, "mean trust among SPV members needed");
  v("spv_awareness", p.spv_awareness, Range{0, 1}, "awareness making a firm willing");
  v("max_equity_share", p.max_equity_share, Range{0, 1}, "contribution cap, share of net worth");
  v("build_months", p.build_months, Range{0, 120}, "construction lag, months");
  v("capacity_per_lakh", p.capacity_per_lakh, Range{0, 1e4}, "capacity per lakh of cost, units/month");
  v("fee_per_unit", p.fee_per_unit, Range{0, 100}, "user fee per capacity unit, lakh");
  v("om_share", p.om_share, Range{0, 1}, "monthly O&M / project cost");
  v("depreciation", p.depreciation, Range{0, 1}, "monthly depreciation of the facility");
  v("close_months", p.close_months, Range{1, 600}, "months of losses before closure");
  v("tool_learning", p.tool_learning, Range{0, 1}, "tool room productivity convergence");
  v("tool_ratio", p.tool_ratio, Range{0.1, 10}, "tool room productivity / frontier");
  v("test_units", p.test_units, Range{1, 1e6}, "capacity units per certificate");
  v("cert_value", p.cert_value, Range{0, 10}, "certificate value, share of revenue");
  v("renewal_months", p.renewal_months, Range{0, 600}, "renewal window, months");
  v("compliance_value", p.compliance_value, Range{0, 100}, "value of compliance per unit, lakh");
  v("effluent_enforcement", p.effluent_enforcement, Range{0, 1}, "monthly inspection probability of a non-compliant polluter");
  v("effluent_fine", p.effluent_fine, Range{0, 1e4}, "fine per inspection finding, lakh");
  v("rm_discount", p.rm_discount, Range{0, 1}, "raw-material bank input discount");
  v("design_units", p.design_units, Range{1, 1e6}, "capacity units per design job");
  v("design_gain", p.design_gain, Range{0, 1}, "design studio quality gain share");
  v("design_value", p.design_value, Range{0, 100}, "revenue gain per unit quality, share");
  v("design_repeat_months", p.design_repeat_months, Range{1, 600}, "months between design jobs");
  v("horizon_months", p.horizon_months, Range{0, 600}, "months over which one-off benefits are valued");
}

}  // namespace cs
