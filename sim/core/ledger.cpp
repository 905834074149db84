#include "core/ledger.hpp"

namespace cs {

const char* flow_name(Flow f) {
  static const char* names[] = {"sales", "wages", "inputs", "energy", "investment", "rd", "loan",
                                "interest", "repayment", "informal_loan",
                                "informal_repayment", "agent_payment", "commission", "tax",
                                "entry_equity", "exit_settlement", "collateral_recovery", "guarantee_claim", "dividend", "overhead", "exports", "export_penalty",
                                "bds_fee", "bds_voucher", "bds_cost", "bds_saving",
                                "association_fee", "association_grant", "association_staff", "procurement_rebate",
                                "cfc_contribution", "cfc_grant", "cfc_capital", "cfc_fee", "cfc_om", "cfc_om_support",
                                "cfc_rebate", "cfc_refund",
                                "programme_funding", "capital_subsidy", "guarantee_fee", "consortium_grant",
                                "programme_services", "association_award", "energy_audit", "training", "effluent_fine", "export_entry"};
  return names[static_cast<int>(f)];
}

const char* sector_name(Sector s) {
  static const char* names[] = {"households", "input_suppliers", "machinery_suppliers", "energy_utilities",
                                "government", "rest_of_world", "programme", "financial_system"};
  return names[static_cast<int>(s)];
}

Ledger::Ledger() {
  for (int s = 0; s < static_cast<int>(Sector::count); ++s) open(sector_name(static_cast<Sector>(s)), 0.0);
}

AccountId Ledger::open(std::string name, double balance) {
  balance_.push_back(balance);
  name_.push_back(std::move(name));
  return static_cast<AccountId>(balance_.size() - 1);
}

double Ledger::total() const {
  double s = 0;
  for (double b : balance_) s += b;
  return s;
}

}  // namespace cs
