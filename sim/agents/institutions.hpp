#pragma once
// Banks, selling agents and per-cluster state, each a small struct of arrays.
#include <cstdint>
#include <string>
#include <vector>

#include "core/ledger.hpp"

namespace cs {

/// Formal banks; a bank serves one cluster. Money in its ledger account; loans on its book.
struct Banks {
  std::vector<std::uint16_t> cluster;
  std::vector<AccountId> account;   ///< its money account
  std::vector<double> loans;        ///< loan book: sum of its firms' formal debt
  std::vector<double> funding;      ///< liability to the financial system (deposits), fixed
  std::vector<double> bad_debt;     ///< write-offs, exponentially averaged (12-month memory)
  std::vector<double> npa_count;    ///< loans that turned NPA this step
  std::size_t size() const { return cluster.size(); }
  bool operator==(const Banks&) const = default;
};

/// Selling agents (traders): buy from firms without own access, pay after a delay.
struct SellingAgents {
  std::vector<std::uint16_t> cluster;
  std::vector<AccountId> account;
  std::vector<float> commission;    ///< kappa
  std::vector<std::uint8_t> delay;  ///< months until payment, 1..3
  std::size_t size() const { return cluster.size(); }
  bool operator==(const SellingAgents&) const = default;
};

/// State of one cluster that is not per firm.
/// What the programme's levers did in a cluster this month (reset by the policy phase; each
/// phase adds what it paid or did). Money in ₹ lakh.
struct ProgrammeTally {
  double spending = 0;        ///< paid by programme purses (and the programme's own costs)
  double subsidies = 0;       ///< capital subsidies paid (technology and energy efficiency)
  double guarantee_claims = 0;///< claims paid by the guarantee fund
  double guarantee_fees = 0;  ///< fees paid into the guarantee fund
  double vouchers = 0;        ///< BDS and certification vouchers paid
  double audits = 0;          ///< energy audits done
  double trained = 0;         ///< workers trained
  double fair_firms = 0;      ///< firms taken to a trade fair
  double fair_links = 0;      ///< links formed at trade fairs
  double consortium_grants = 0; ///< seed grants paid to new consortia
  bool operator==(const ProgrammeTally&) const = default;
};

struct ClusterState {
  std::string name, product;
  double demand0 = 0;        ///< D_0, ₹ lakh / month
  double demand = 0;         ///< D_t this month
  double demand_z = 0;       ///< AR(1) shock z
  double foreign0 = 0;       ///< X_0, standing foreign demand at the start, ₹ lakh / month
  double foreign = 0;        ///< X_t this month (0 while an export ban lasts)
  double area = 10;          ///< side, km
  std::vector<float> nb_x, nb_y;  ///< neighbourhood centres
  std::uint32_t first_bank = 0, n_banks = 0;    ///< banks [first, first + n)
  std::uint32_t first_agent = 0, n_agents = 0;  ///< selling agents [first, first + n)
  AccountId informal;        ///< the informal moneylenders' account
  double informal_book = 0;  ///< informal loans outstanding (asset of the lenders)
  std::vector<double> class_cut; ///< credit-class cut points on NW / sales (ascending class)
  double profit_rate = 0;    ///< profit / revenue over the cluster last month
  std::uint32_t entries = 0, exits = 0;  ///< this step
  std::uint32_t exits_by[4] = {0, 0, 0, 0};  ///< by ExitReason
  ProgrammeTally tally;      ///< this month's programme activity
  bool operator==(const ClusterState&) const = default;
};

/// Global environment shared by all clusters.
struct Environment {
  double input_price = 1;    ///< raw material price this month
  double input_log_dev = 0;  ///< AR(1) log deviation
  double energy_price = 0;   ///< energy price this month
  double frontier_prod = 1;  ///< frontier vintage productivity
  double frontier_energy = 1;///< frontier vintage energy intensity
  double demand_mult = 1;    ///< product of active demand shocks
  double global_index = 1;   ///< global demand index for exports (AR(1) in logs)
  double global_log = 0;     ///< its log
  double power_mult = 1;     ///< capacity multiplier from power shortages
  bool export_ban = false;   ///< no foreign buyers arrive while true
  bool operator==(const Environment&) const = default;
};

}  // namespace cs
