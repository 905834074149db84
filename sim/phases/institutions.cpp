// Phase 7b, institutions: the association (association.cpp), the CDA's activities (cda.cpp) and
// CFCs (cfc.cpp), in that order. This file creates the state and reports the indicators.
#include <algorithm>

#include "agents/cluster_institutions.hpp"
#include "core/rng.hpp"
#include "observe/indicators.hpp"
#include "phases/phases.hpp"
#include "phases/settle.hpp"

namespace cs {

void init_institutions(World& w) {
  const AssociationParams& A = w.params.association;
  const std::size_t nc = w.clusters.size();
  Institutions& in = w.inst;
  Associations& as = in.assoc;
  as.account.clear();
  as.effectiveness.assign(nc, A.init_effectiveness);
  as.members.assign(nc, 0.0);
  as.share.assign(nc, 0.0);
  as.staff.assign(nc, 0.0);
  as.spend.assign(nc, 0.0);
  as.rating.assign(nc, 0.0);
  CdaState& cd = in.cda;
  cd.hours_used.assign(nc, 0.0);
  cd.visits.assign(nc, 0.0);
  cd.meetings.assign(nc, 0.0);
  cd.brokered.assign(nc, 0.0);
  cd.mobilised.assign(nc, 0.0);
  cd.spv_anchor.assign(nc, kNoSlot);
  cd.spv_anchor_uid.assign(nc, 0);
  in.cfcs.clear();
  in.cfc_done.assign(nc, 0);
  in.effluent_fines.assign(nc, 0.0);
  in.effluent_fined.assign(nc, 0.0);

  const Firms& f = w.firms;
  InstitutionFirms& s = in.firm;
  s.owner.assign(f.size(), kInstNoOwner);
  s.flags.assign(f.size(), 0);
  s.last_design.assign(f.size(), -1000000);
  for (std::size_t c = 0; c < nc; ++c) {
    double n = 0;
    for (Slot i : w.members[c]) {
      s.owner[i] = f.uid[i];
      Rng r(w.params.run.seed, Stream::association, f.uid[i], 0);
      if (r.bernoulli(A.init_share)) {
        s.flags[i] |= kAssocMember;
        n += 1;
      }
    }
    as.members[c] = n;
    as.share[c] = w.members[c].empty() ? 0.0 : n / static_cast<double>(w.members[c].size());
    // Its initial reserves stand for fees paid before the run: an initial balance.
    as.account.push_back(w.ledger.open(w.clusters[c].name + "/association", A.init_reserve_months * A.fee * n));
  }
}

void institutions_sync_firms(World& w) {
  InstitutionFirms& s = w.inst.firm;
  const std::size_t n = w.firms.size();
  if (s.owner.size() < n) {
    s.owner.resize(n, kInstNoOwner);
    s.flags.resize(n, 0);
    s.last_design.resize(n, -1000000);
  }
  const auto& uid = w.firms.uid;
  for_each_index(w.exec, w.created.size(), [&](std::size_t k) {
    const Slot i = w.created[k];
    if (w.firms.alive[i] && !describes(s.owner, w.firms, i)) {  // a new firm, or a dead slot reused by an entrant
      s.owner[i] = uid[i];
      s.flags[i] = 0;
      s.last_design[i] = -1000000;
    }
  });
}

void phase_institutions(World& w) {
  institutions_sync_firms(w);
  association_month(w);
  cda_month(w);
  cfc_month(w);
}

void observe_institutions(const World& w, std::size_t c, Indicators& o) {
  const Institutions& in = w.inst;
  if (c >= in.assoc.effectiveness.size()) return;
  o.association_members = in.assoc.members[c];
  o.association_effectiveness = in.assoc.effectiveness[c];
  o.association_rating = in.assoc.rating[c];
  o.cda_hours_used = in.cda.hours_used[c];
  double cap = 0, used = 0, bal = 0, open = 0, users = 0;
  for (const Cfc& k : in.cfcs) {
    if (k.cluster != c || k.stage == CfcStage::closed) continue;
    bal += w.ledger.balance(k.account);
    if (k.stage != CfcStage::open) continue;
    open += 1;
    cap += k.capacity;
    used += k.used;
    users += k.users;
  }
  o.cfc_open = open;
  o.cfc_utilisation = cap > 0 ? used / cap : 0.0;
  o.cfc_balance = bal;
  o.cfc_users = users;
}

}  // namespace cs
