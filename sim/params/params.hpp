#pragma once
// Parameters of a ClusterSim run: plain structs whose in-class defaults mirror configs/default.toml.
// Units: money in ₹ lakh (real), time in months, output in "units" (normalised so that the
// initial unit cost is about ₹0.85 lakh and the price about ₹1.2 lakh), labour in workers.
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

/// One cluster: a product, a place and its size. Table `[[cluster]]`.
struct ClusterParams {
  std::string name = "Generic engineering cluster";  ///< display name
  std::string product = "engineering parts";         ///< the cluster's product
  int firms = 2000;                  ///< initial number of MSME units (>= 1)
  double area_km = 10.0;             ///< side of the square area, km
  int neighbourhoods = 4;            ///< industrial estates where firms concentrate
  double demand_ratio = 0.85;        ///< initial domestic demand / initial capacity value
  double demand_growth = 0.05;       ///< annual real growth of domestic demand g
  int banks = 3;                     ///< formal banks serving the cluster
  int selling_agents = 8;            ///< traders in the cluster
  int replicas = 1;                  ///< national mode: this table stands for that many clusters
  double size_spread = 0.0;          ///< log-sd of the firm count across replicas (total kept)
  double recommendation = 0.5;       ///< recommendation by other agencies, an input to the rating
  double export_share = 0.05;        ///< initial share of turnover sold to standing foreign customers
  double exporter_share = 0.05;      ///< initial share of firms with standing foreign customers
  double export_growth = 0.05;       ///< annual real growth of standing foreign demand
};

/// Initial firm population. Table `[firms]`.
struct FirmInitParams {
  double size_pareto_alpha = 1.6;    ///< tail index of initial employment (Pareto)
  double size_min = 1.0130340867551761;             ///< smallest initial employment, workers
  double size_max = 2000.0;          ///< largest initial employment, workers
  double productivity_mean = 1.9061561790871215;    ///< mean vintage productivity A_v, units / worker-month
  double productivity_sd = 0.25;     ///< log-sd of initial A_v around the mean (dispersion)
  double skill_ratio = 0.95;         ///< initial skill s / A_v
  double quality_a = 4.0;            ///< Beta(a, b) of initial quality q
  double quality_b = 6.0;            ///< Beta(a, b) of initial quality q
  double cash_months = 3.0;          ///< initial cash in months of variable cost at initial output
  double direct_access_share = 0.25; ///< share of firms with own market access (no agent)
  double opportunism_mean = 0.3;     ///< mean owner opportunism o (Beta with mean m, a+b=4)
  double awareness_mean = 0.3;       ///< mean owner awareness of services a (Beta, a+b=4)
  double age_max_years = 30.0;       ///< initial ages are uniform in [0, age_max]
  double certified_share = 0.1;      ///< initial share of firms with an export certificate
  int certificate_months = 36;       ///< validity of a certificate, months
};

/// Market, prices and competition (K+S with quality). Table `[market]`.
struct MarketParams {
  double wage = 0.15;                ///< monthly wage w, ₹ lakh / worker (₹15,000)
  double labour_adjust = 0.1;        ///< largest monthly cut in employment (firing frictions)
  double input_per_unit = 0.5;       ///< raw material m per unit of output
  double input_price = 1.0;          ///< initial raw-material price p_input, ₹ lakh / unit input
  double input_price_rho = 0.9;      ///< AR(1) coefficient of log input price deviation
  double input_price_sd = 0.02;      ///< monthly sd of the log input price shock
  double energy_price = 0.08;        ///< energy price, ₹ lakh per unit of energy (MWh)
  double emission_factor = 0.8;      ///< tCO2 per MWh of the fuel mix
  double demand_rho = 0.8;           ///< AR(1) coefficient of the demand shock z
  double demand_sd = 0.02;           ///< monthly sd of the demand shock innovation
  double markup_init = 0.4;          ///< initial markup mu
  double markup_min = 0.05;          ///< lower bound of the markup
  double markup_max = 0.8;           ///< upper bound of the markup
  double markup_upsilon = 0.04;      ///< markup response to share growth upsilon
  double markup_unfilled = 0.05;     ///< markup response to last month's unfilled-demand ratio
  double omega_p = 1.0;              ///< competitiveness weight of relative price
  double omega_q = 0.35;             ///< competitiveness weight of relative quality
  double omega_l = 0.2;              ///< competitiveness weight of unfilled demand
  double chi = 0.05;                 ///< replicator speed chi
  double share_min_factor = 0.12248532836922943;    ///< firms below this fraction of the mean share leave (f_min)
  double expectation_theta = 0.3;    ///< adaptive expectations weight on last demand
  double inventory_target = 0.1;     ///< desired inventory / expected demand
  double tax_rate = 0.2;             ///< tax on positive monthly profit
  double payout_share = 0.3;         ///< share of after-tax profit the owners draw each month
  double agent_commission_min = 0.08;///< selling agents' commission kappa, lower bound
  double agent_commission_max = 0.15;///< selling agents' commission kappa, upper bound
  int agent_delay_max = 3;           ///< agents pay after 1..delay_max months (<= 3)
  double agent_switch_lambda = 2.0;  ///< JMAB switching intensity lambda
  double agent_switch_share = 0.1;   ///< share of agent clients who compare offers per month
  double direct_access_employees = 50.0; ///< firms this large sell without an agent
  double power_downtime = 0.05;      ///< share of capacity lost to routine power cuts
  double transport_cost = 0.02;      ///< share of the value sold spent on transport to customers
  double customer_size = 1.0;        ///< a domestic customer's purchases, ₹ lakh / month (0: no churn)
  double customer_churn = 0.02;      ///< monthly share of a firm's customers lost and replaced (moves its orders)
  double orders_reversion = 0.05;    ///< monthly rate at which a firm's orders return to what its share commands
};

/// Production, capital and technology. Table `[technology]`.
struct TechParams {
  double capital_per_unit = 5.0;     ///< ₹ lakh of capital per unit of monthly capacity
  double depreciation = 0.005;       ///< monthly depreciation of capital
  double overhead = 0.012;           ///< fixed monthly cost (rent, staff, upkeep) / capital
  double energy_intensity = 0.3;     ///< initial energy per unit of output, MWh / unit
  double frontier_ratio = 1.3;       ///< initial frontier A / mean initial A_v
  double frontier_growth = 0.0015;   ///< monthly drift of frontier productivity g_A
  double energy_drift = 0.001;       ///< monthly decline of frontier energy intensity g_e
  double brochure_rate = 0.03;       ///< monthly probability that a brochure reaches a firm
  double payback_months = 36.0;      ///< payback horizon b of the vintage rule, months
  double rd_share = 0.01;            ///< R&D spending share of sales
  double zeta_innovation = 0.05;     ///< innovation intensity zeta1 (effort in worker-months)
  double zeta_imitation = 0.01;      ///< imitation intensity zeta2
  double innovation_beta_a = 3.0;    ///< Beta(a, b) of innovation draws
  double innovation_beta_b = 3.0;    ///< Beta(a, b) of innovation draws
  double innovation_lo = -0.03;      ///< innovation draw range, lower (relative change)
  double innovation_hi = 0.04;       ///< innovation draw range, upper
  double imitation_gap_share = 0.2;  ///< share of the gap to the imitated firm that is closed
  double skill_learning = 0.03;      ///< monthly convergence of skill towards A_v
  double quality_decay = 0.002;      ///< monthly decay of quality towards quality_floor
  double quality_floor = 0.1;        ///< long-run quality without effort
  double quality_innovation_gain = 0.01; ///< quality gain on a successful innovation
  double tfp_sd = 0.6274048585738948;               ///< stationary log-sd of the firm-specific efficiency z
  double tfp_shock_rate = 0.1;       ///< monthly probability that a firm's efficiency changes
  double tfp_rho = 0.8;              ///< share of log z's deviation from its mean kept at a change
  double expansion_utilisation = 0.9;///< expand capacity when expected use exceeds this share
  double expansion_max = 0.05;       ///< maximum monthly capacity expansion share
};

/// Banks, credit and informal lenders. Table `[finance]`.
struct FinanceParams {
  double rate_base = 0.01;           ///< monthly lending rate of the best class r
  double rate_class_step = 0.25;     ///< class mark-up k in r (1 + (class-1) k)
  int credit_classes = 4;            ///< number of credit classes (ranked by NW / sales)
  int rating_interval = 12;          ///< banks re-rate the cluster every this many months
  double credit_lambda = 2.0;        ///< ceiling Lambda in Lambda max(NW, S - W), on annual flows
  double ltv = 0.6;                  ///< loan-to-value on collateral
  double collateral_share = 0.7;     ///< share of capital that can be pledged
  double haircut = 0.5;              ///< recovery value of collateral in default
  double pd_intercept = -4.0;        ///< logistic default probability: intercept
  double pd_slope = 4.0;             ///< logistic default probability: slope on leverage
  double maturity_months = 36.0;     ///< loans amortise over this many months
  double informal_rate = 0.04;       ///< monthly informal moneylender rate
  double informal_cap_months = 2.0;  ///< informal debt limit in months of turnover
  double informal_funds = 0.1;       ///< moneylenders' initial funds / initial cluster capital
  int npa_months = 3;                ///< missed payments before a loan becomes NPA
  double viability_margin = 0.0;     ///< banks seek the guarantee only for firms whose average return on sales after interest is at least this
  double bank_equity = 0.12;         ///< initial bank equity / initial cluster capital
  double bank_tau = 0.08;            ///< capital requirement tau of the lending cap
  double bank_beta = 2.0;            ///< bad-debt sensitivity beta of the lending cap
  double initial_leverage = 0.3;     ///< initial formal debt / capital
  double guarantee_cover = 0.0;      ///< credit guarantee cover share (policy lever)
  double guarantee_pd_max = 0.15;    ///< a guarantee counts only on loans whose default probability is at most this
};

/// Trust network. Table `[network]`.
struct NetworkParams {
  int mean_degree = 6;               ///< mean initial degree (proximity and kinship)
  int max_links = 12;                ///< link slots per firm
  double trust_init = 0.5;           ///< initial trust on a link
  double trust_baseline = 0.3;       ///< trust decays towards this value
  double trust_decay = 0.01;         ///< monthly decay rate towards the baseline
  double trust_min = 0.1;            ///< links below this trust dissolve
  double trust_init_sd = 0.15;       ///< sd of initial trust on links (Beta around trust_init)
  double trust_alpha = 0.1;          ///< trust gain after joint success: t += alpha (1 - t)
  double trust_beta = 0.3;           ///< trust loss after failure or defection: t -= beta t
  double subcontract_trust = 0.4;    ///< least trust in a neighbour to pass it excess orders
  double subcontract_margin = 0.1;   ///< share of the price the contractor keeps
};

/// Entry, exit, spin-offs. Table `[demography]`.
struct DemographyParams {
  double entry_rate = 0.020576379008609112;         ///< monthly entrants per alive firm at the reference profit
  double profit_ref = 0.08;          ///< reference profit rate (profit / sales) for entry
  double spinoff_rate = 0.0005;      ///< monthly spin-off probability of a profitable firm
  double entrant_size = 3.0;         ///< entrant employment at initial output, workers
  double entrant_share = 0.5;        ///< entrant market share / mean share
  double spinoff_noise = 0.05;       ///< log-sd of the inherited vintage
  double exit_grace_months = 6.0;    ///< months of negative net worth tolerated without credit
};

/// Foreign buyers, export orders and consortia. Table `[exports]`.
struct ExportParams {
  double buyer_rate = 0.6;           ///< Poisson arrivals / month at global index 1, visibility 1
  double global_rho = 0.95;          ///< AR(1) coefficient of the log global demand index
  double global_sd = 0.03;           ///< monthly sd of the log global demand index
  double order_size_median = 12.0;   ///< median order, units / month of delivery (lognormal)
  double export_divert = 0.5;        ///< share of expected domestic sales a firm would divert to exports
  double order_size_sigma = 0.8;     ///< log-sd of order size
  int delivery_months = 6;           ///< months over which an order is delivered
  double quality_min_lo = 0.3;       ///< buyers' quality thresholds are uniform in [lo, hi]
  double quality_min_hi = 0.6;       ///< buyers' quality thresholds are uniform in [lo, hi]
  double certified_share = 0.5;      ///< share of buyers that require certification
  double price_premium = 1.15;       ///< export price / the bidder's domestic price
  double logit_gamma = 8.0;          ///< intensity of the buyer's logit choice gamma
  double logit_gamma_q = 1.0;        ///< weight of log quality in the logit, gamma_q
  double penalty_share = 0.3;        ///< penalty per unit short, as a share of its price
  double cancel_fill = 0.5;          ///< the buyer cancels when a month's fill falls below this
  double visibility_gain = 0.02;     ///< visibility gained per month delivered in full
  double visibility_loss = 0.1;      ///< visibility lost per failed month
  double consortium_form_rate = 0.002;///< monthly probability a firm tries to form a consortium
  double consortium_trust = 0.6;     ///< trust needed with each partner to form a consortium
  int consortium_min = 3;            ///< smallest consortium, firms
  int consortium_max = 15;           ///< largest consortium, firms
  double defection_rate = 0.05;      ///< defection hazard scale: rate x o x (1 - trust to partners)
  // Standing foreign customers (the export market of [[cluster]] export_share).
  double search_rate = 0.02;         ///< monthly chance a non-exporter looks for foreign customers
  double entry_cost = 3.0;           ///< sunk cost of starting to export, ₹ lakh
  double entrant_share = 0.3;        ///< a new exporter's foreign share / the mean exporter's
  double exit_share_factor = 0.1;    ///< exporters below this fraction of the mean share stop
  double selection_noise = 1.0;      ///< sd of the noise in the initial exporters' selection score
};

/// Scheduled shock (`[[shock]]`): kind is demand, input_price, energy_price, export_ban (no
/// foreign buyers arrive) or power_shortage (capacity falls by -size).
struct ShockParams {
  std::string kind = "demand";       ///< demand | input_price | energy_price | export_ban | power_shortage
  int start = 0;                     ///< first step of the shock
  int duration = 1;                  ///< months it lasts
  double size = 0.0;                 ///< relative change while it lasts (-0.3 = -30 %)
};

/// Run control. Table `[run]`.
struct RunParams {
  int steps = 240;                   ///< months to simulate
  int burn_in = 60;                  ///< months run before month 0 (steady environment, no programme)
  std::uint64_t seed = 1;            ///< run seed
};

}  // namespace cs

#include "params/range.hpp"
#include "params/bds_params.hpp"
#include "params/institution_params.hpp"
#include "params/intervention_params.hpp"

namespace cs {

/// All parameters of a run.
struct Params {
  RunParams run;
  FirmInitParams firm_init;
  MarketParams market;
  TechParams tech;
  FinanceParams finance;
  NetworkParams network;
  DemographyParams demography;
  BdsParams bds;
  ExportParams exports;
  AssociationParams association;
  CdaParams cda;
  CfcParams cfc;
  ProgrammeParams programme;
  std::vector<ClusterParams> clusters{ClusterParams{}};
  std::vector<ShockParams> shocks;
  std::vector<InterventionParams> interventions;  ///< `[[intervention]]`, in file order
};

}  // namespace cs
