#include "record/firm_table.hpp"

#include "agents/participation.hpp"
#include "observe/observe.hpp"

namespace cs {

namespace {

const char* size_class_name(SizeClass c) {
  switch (c) {
    case SizeClass::micro: return "micro";
    case SizeClass::small: return "small";
    case SizeClass::medium: return "medium";
    case SizeClass::large: return "large";
  }
  return "unknown";
}

}  // namespace

const std::vector<FirmColumn>& firm_columns() {
  static const std::vector<FirmColumn> cols = {
      {"firm_id", "-", "the firm's id, unique over the run"},
      {"cluster", "-", "cluster index"},
      {"employees", "workers", "workers this month, as the model holds them (a real number)"},
      {"output", "units / month", "units produced this month"},
      {"turnover", "₹ lakh / month", "turnover this month, gross of commission"},
      {"productivity", "units / worker-month", "effective labour productivity"},
      {"size_class", "-", "micro, small, medium or large by investment and turnover (MSMED Act, 2020 rules)"},
      {"age_months", "months", "months since entry"},
      {"exporter", "0/1", "sold abroad this month"},
      {"cash", "₹ lakh", "money account"},
      {"debt", "₹ lakh", "formal (bank) debt"},
      {"informal_debt", "₹ lakh", "debt to moneylenders"},
      {"certified", "0/1", "holds a valid quality certificate"},
      {"member", "0/1", "member of the cluster association"},
      {"cfc_user", "0/1", "used the common facility centre this month"},
      {"programme_kinds", "-", "intervention kinds that have reached it, joined by '+'"},
      {"programme_support", "₹ lakh", "received from the programme so far (subsidies, vouchers, audits, training, grants)"},
  };
  return cols;
}

FirmTable firm_table(const World& w) {
  const Firms& f = w.firms;
  const auto& inst = w.inst.firm;
  const Participation& part = w.part;
  FirmTable t;
  for (Slot i = 0; i < f.size(); ++i) {
    if (!f.alive[i]) continue;
    t.firm_id.push_back(f.uid[i]);
    t.cluster.push_back(f.cluster[i]);
    t.employees.push_back(f.employees[i]);
    t.output.push_back(f.msg.output[i]);
    t.turnover.push_back(f.revenue[i]);
    t.productivity.push_back(eff_prod(f, i));
    t.size_class.emplace_back(size_class_name(size_class(f.capital[i], 12.0 * f.revenue[i])));
    t.age_months.push_back(w.step - f.birth[i]);
    t.exporter.push_back(is_exporter(f, i) ? 1 : 0);
    t.cash.push_back(f.cash[i]);
    t.debt.push_back(f.debt[i]);
    t.informal_debt.push_back(f.debt_inf[i]);
    // Certification, association membership, CFC use this month, and what the programme gave it.
    const bool member = i < inst.flags.size() && describes(inst.owner, f, i) && (inst.flags[i] & kAssocMember);
    const bool own = part.on() && describes(part.owner, f, i);
    t.certified.push_back(certified(f, i, w.step) ? 1 : 0);
    t.member.push_back(member ? 1 : 0);
    t.cfc_user.push_back(own && part.record(i, Channel::cfc).last == w.step ? 1 : 0);
    std::string kinds;
    double support = 0;
    for (Channel c : part.tracked) {
      if (!own || !(part.kinds[i] & (1u << idx(c)))) continue;
      if (!kinds.empty()) kinds += '+';
      kinds += channel_name(c);
      if (c != Channel::credit_guarantee && c != Channel::credit_planning && c != Channel::cfc)
        support += part.record(i, c).amount;
    }
    t.programme_kinds.push_back(std::move(kinds));
    t.programme_support.push_back(support);
  }
  return t;
}

}  // namespace cs
