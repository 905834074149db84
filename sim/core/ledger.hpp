#pragma once
// Money accounts and transfers (stock-flow consistency). Every flow debits one account and
// credits another. Firms' accounts are the `cash` column of the firm table (they are moved in
// parallel, one row per firm); every other account (banks, selling agents, informal lenders,
// external sectors) lives here. Flows between firms and an account here are applied as: each
// firm's row in parallel, then the account with the deterministic sum of the rows.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

/// Index of an account in the Ledger.
enum class AccountId : std::uint32_t {};

/// What a flow is for; totals per kind are kept for the current step.
enum class Flow : std::uint8_t {
  sales, wages, inputs, energy, investment, rd, loan, interest, repayment, informal_loan,
  informal_repayment, agent_payment, commission, tax, entry_equity,
  exit_settlement, collateral_recovery, guarantee_claim, dividend, overhead, exports, export_penalty,
  bds_fee, bds_voucher, bds_cost, bds_saving,
  association_fee, association_grant, association_staff, procurement_rebate, cfc_contribution, cfc_grant,
  cfc_capital, cfc_fee, cfc_om, cfc_om_support, cfc_rebate, cfc_refund,
  programme_funding, capital_subsidy, guarantee_fee, consortium_grant, programme_services,
  association_award, energy_audit, training, effluent_fine, export_entry, count
};
const char* flow_name(Flow f);

/// The external sectors: accounts outside the cluster whose balances absorb flows that cross
/// the boundary. Money is created or destroyed only by setting initial balances.
enum class Sector : std::uint8_t {
  households, input_suppliers, machinery_suppliers, energy_utilities, government, rest_of_world,
  programme, financial_system, count
};
const char* sector_name(Sector s);

class Ledger {
 public:
  Ledger();
  /// Opens an account with an initial balance; returns its id.
  AccountId open(std::string name, double balance);
  AccountId sector(Sector s) const { return static_cast<AccountId>(static_cast<std::uint32_t>(s)); }
  double balance(AccountId a) const { return balance_[idx(a)]; }
  const std::string& name(AccountId a) const { return name_[idx(a)]; }
  std::size_t size() const { return balance_.size(); }

  /// Moves `amount` (may be negative, meaning the reverse direction) between two accounts here.
  void transfer(AccountId from, AccountId to, double amount, Flow kind) {
    balance_[idx(from)] -= amount;
    balance_[idx(to)] += amount;
    flows_[static_cast<std::size_t>(kind)] += amount;
  }
  /// Firms paid `total` (already debited from their cash rows) into account `to`.
  void from_firms(AccountId to, double total, Flow kind) {
    balance_[idx(to)] += total;
    flows_[static_cast<std::size_t>(kind)] += total;
  }
  /// Account `from` paid `total` to firms (already credited to their cash rows).
  void to_firms(AccountId from, double total, Flow kind) {
    balance_[idx(from)] -= total;
    flows_[static_cast<std::size_t>(kind)] += total;
  }
  /// Sum of every balance here (firms' cash excluded), in account order.
  double total() const;
  /// Flow totals of the current step, by kind.
  const std::array<double, static_cast<std::size_t>(Flow::count)>& flows() const { return flows_; }
  void clear_flows() { flows_.fill(0.0); }

  bool operator==(const Ledger&) const = default;
 private:
  static std::size_t idx(AccountId a) { return static_cast<std::size_t>(a); }
  std::vector<double> balance_;
  std::vector<std::string> name_;
  std::array<double, static_cast<std::size_t>(Flow::count)> flows_{};
};

}  // namespace cs
