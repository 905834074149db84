#include "observe/indicators.hpp"

namespace cs {

namespace {
#define F(n, d) IndicatorField{#n, &Indicators::n, d}
const IndicatorField kFields[] = {
    F(firms, "firms alive"),
    F(micro, "micro firms (Udyam)"),
    F(small, "small firms"),
    F(medium, "medium firms"),
    F(large, "firms above the medium thresholds"),
    F(entries, "entrants this month (incl. spin-offs)"),
    F(exits, "exits this month"),
    F(exits_share, "exits: market share below f_min"),
    F(exits_insolvent, "exits: negative net worth without credit"),
    F(exits_npa, "exits: loan turned NPA"),
    F(employment, "workers"),
    F(output, "output, units / month"),
    F(turnover, "turnover, ₹ lakh / month"),
    F(exports, "export sales, ₹ lakh / month"),
    F(export_share, "exports / turnover"),
    F(demand, "domestic demand D_t, ₹ lakh / month"),
    F(unfilled_share, "unfilled demand / demand (value)"),
    F(prod_mean, "employment-weighted mean effective productivity, units / worker-month"),
    F(prod_p90_p10, "90/10 ratio of firm productivity"),
    F(frontier, "frontier vintage productivity"),
    F(near_frontier_share, "share of firms with A_v >= 90 % of the frontier"),
    F(quality_mean, "mean quality"),
    F(price_mean, "share-weighted mean price, ₹ lakh / unit"),
    F(input_price, "raw-material price"),
    F(wage, "monthly wage, ₹ lakh / worker"),
    F(markup_mean, "share-weighted mean markup"),
    F(margin, "profit / turnover"),
    F(profit_rate, "profit / turnover used for entry"),
    F(credit, "formal credit outstanding, ₹ lakh"),
    F(informal_credit, "informal debt outstanding, ₹ lakh"),
    F(rationed_share, "share of firms credit-rationed this month"),
    F(npa_ratio, "NPA write-offs over 12 months / credit outstanding"),
    F(new_npas, "loans that turned NPA this month"),
    F(links, "trust links"),
    F(mean_degree, "mean links per firm"),
    F(trust_mean, "mean trust on links"),
    F(energy, "energy use, MWh / month"),
    F(emissions, "emissions, tCO2 / month"),
    F(emissions_intensity, "tCO2 per ₹ lakh of output value"),
    F(gini_employment, "Gini of firm employment"),
    F(hhi, "Herfindahl index of domestic market shares"),
    F(cash, "firms' cash, ₹ lakh"),
    F(net_worth, "firms' net worth, ₹ lakh"),
};
#undef F
}  // namespace

std::span<const IndicatorField> indicator_fields() { return kFields; }

}  // namespace cs
