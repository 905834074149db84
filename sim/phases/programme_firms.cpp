// Programme services delivered to chosen firms (MODEL.md section 10.x): subsidised energy audits
// and skills training. Each month a lottery over the eligible firms (all clusters together, in
// slot order, ranked by one uniform draw per firm on the mechanism's own stream) decides who is
// served first; the purse pays while its budget lasts (and, when it has a budget per cluster,
// a firm is passed over once its cluster's budget is spent). Serial: a few hundred firms at most.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/rng.hpp"
#include "phases/finance.hpp"

namespace cs {

namespace {

// Alive firms not leaving this month and eligible for `target`, in lottery order.
std::vector<Slot> lottery(const World& w, Stream stream, const std::vector<std::uint8_t>& target) {
  const Firms& f = w.firms;
  const auto seed = w.params.run.seed;
  const auto t = static_cast<std::uint32_t>(w.step);
  std::vector<std::pair<double, Slot>> v;
  for (std::size_t i = 0; i < f.alive.size(); ++i) {
    if (!f.alive[i] || f.msg.exit_mark[i] || !eligible(target, i)) continue;
    Rng r(seed, stream, f.uid[i], t);
    v.emplace_back(r.uniform(), static_cast<Slot>(i));
  }
  std::sort(v.begin(), v.end());
  std::vector<Slot> out;
  out.reserve(v.size());
  for (const auto& p : v) out.push_back(p.second);
  return out;
}

// Audits: each costs audit_cost (paid to households: the auditors) and cuts the firm's energy
// intensity by audit_saving; they stop when the purse cannot pay a whole audit.
void energy_audits(World& w) {
  Levers& L = w.levers;
  Purse& purse = L.purse[idx(Channel::energy_efficiency)];
  Firms& f = w.firms;
  const AccountId hh = w.ledger.sector(Sector::households);
  const double keep = 1.0 - std::clamp(L.audit_saving, 0.0, 1.0);
  int done = 0;
  for (Slot i : lottery(w, Stream::energy_audit, L.energy_target)) {
    if (done >= L.audits || purse.left < L.audit_cost) break;
    if (purse.left_for(f.cluster[i]) < L.audit_cost) continue;  // its cluster's own budget is spent
    const double g = purse.take(std::max(0.0, L.audit_cost), f.cluster[i]);
    w.ledger.transfer(purse.payer, hh, g, Flow::energy_audit);
    f.energy[i] = static_cast<float>(f.energy[i] * keep);
    w.part.note(i, Channel::energy_efficiency, w.step, g);
    ProgrammeTally& tally = w.clusters[f.cluster[i]].tally;
    tally.audits += 1;
    tally.spending += g;
    ++done;
  }
}

// Training: trainees are whole workers, each firm sends at most its (whole) employees; a firm
// whose share s of the workforce is trained closes up to skill_gain x s x A_v of its skill gap
// (skill below its vintage's productivity A_v; effective productivity is min(A_v, skill), so
// skill above A_v would be worth nothing). Each trainee costs training_cost (paid to
// households: the training institutes).
void skills_training(World& w) {
  Levers& L = w.levers;
  Purse& purse = L.purse[idx(Channel::skills_training)];
  Firms& f = w.firms;
  const AccountId hh = w.ledger.sector(Sector::households);
  const double cost = std::max(0.0, L.training_cost);
  double remaining = L.trainees;
  for (Slot i : lottery(w, Stream::training, L.training_target)) {
    if (remaining < 1) break;
    const double afford = cost > 0 ? std::floor(purse.left_for(f.cluster[i]) / cost) : remaining;
    if (afford < 1) {
      if (purse.left < cost) break;
      continue;  // its cluster's own budget is spent
    }
    const double staff = std::floor(double(f.employees[i]));
    const double n = std::min({remaining, staff, afford});
    if (n < 1) continue;
    const double g = purse.take(n * cost, f.cluster[i]);
    w.ledger.transfer(purse.payer, hh, g, Flow::training);
    remaining -= n;
    const double share = n / std::max(1.0, double(f.employees[i]));
    const double gap = std::max(0.0, double(f.prod[i]) - f.skill[i]);
    f.skill[i] = static_cast<float>(f.skill[i] + std::min(gap, std::max(0.0, L.skill_gain) * share * f.prod[i]));
    w.part.note(i, Channel::skills_training, w.step, g);
    ProgrammeTally& tally = w.clusters[f.cluster[i]].tally;
    tally.trained += n;
    tally.spending += g;
  }
}

}  // namespace

void programme_audits_training(World& w) {
  if (w.levers.audits > 0) energy_audits(w);
  if (w.levers.trainees > 0) skills_training(w);
}

}  // namespace cs
