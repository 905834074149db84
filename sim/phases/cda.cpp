// The Cluster Development Agent (MODEL.md sections 2 and 7). While levers.cda_active, a CDA
// works levers.cda_hours a month in every cluster with skill s = levers.cda_skill; share k of
// its hours goes to activity k (levers.cda_priority), each unit of activity costing a fixed
// number of hours (whole units only; hours left over are not used):
//  0 diagnostic visits: a random firm's awareness a += visit_awareness s (1 - a);
//  1 trust-building meetings: a random host and up to meeting_size - 1 firms of its
//    neighbourhood; each pair of attendees gains trust (trust_pair, success) with probability s,
//    which creates a link where there was none;
//  2 consortium brokering: a random firm outside any consortium is, with probability s, brokered
//    into one with its linked partners outside consortia whose trust is >= broker_trust (lower
//    than the spontaneous exports.consortium_trust), by the formation rule of networks.cpp;
//    levers.brokering_hours are added to this activity's hours;
//  3 SPV mobilisation (only in the cluster of a pending CFC request): a random firm is marked
//    mobilised (willing to join the SPV) and gains trust with the first mobilised firm, the anchor;
//  4 BDS linkage: a random firm's awareness a += bds_awareness s (1 - a).
// While !levers.collective_ready, brokering (2) and SPV mobilisation (3) do nothing (their hours
// are not used and take no draws).
// Serial per cluster (it changes the trust graph); draws from Stream::cda (cluster, month).
#include <algorithm>
#include <cmath>

#include "agents/cluster_institutions.hpp"
#include "core/rng.hpp"
#include "network/trust_update.hpp"
#include "phases/phases.hpp"

namespace cs {

namespace {

// The consortium formation rule of networks.cpp (formations()) with a given trust threshold.
// Duplicated because networks.cpp exposes no function for it.
}  // namespace

void cda_month(World& w) {
  CdaState& cd = w.inst.cda;
  std::fill(cd.hours_used.begin(), cd.hours_used.end(), 0.0);
  const Levers& L = w.levers;
  const double extra_broker = L.collective_ready ? std::max(0.0, L.brokering_hours) : 0.0;
  if (!L.cda_active || (L.cda_hours <= 0 && extra_broker <= 0)) return;
  const CdaParams& D = w.params.cda;
  Firms& f = w.firms;
  auto& flags = w.inst.firm.flags;
  const double skill = std::clamp(L.cda_skill, 0.0, 1.0);
  const auto t = static_cast<std::uint32_t>(w.step);
  auto units = [&](int k, double hours_each, double extra = 0.0) {
    return static_cast<int>(std::floor((std::max(0.0, L.cda_hours * L.cda_priority[k]) + extra) / hours_each + 1e-9));
  };
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    const auto& m = w.members[c];
    if (m.empty()) continue;
    const auto n = static_cast<std::uint32_t>(m.size());
    Rng r(w.params.run.seed, Stream::cda, static_cast<std::uint32_t>(c), t);
    auto pick = [&] { return m[r.below(n)]; };
    double used = 0;

    for (int v = units(0, D.hours_visit); v > 0; --v) {
      const Slot i = pick();
      f.awareness[i] += static_cast<float>(D.visit_awareness * skill * (1.0 - f.awareness[i]));
      w.part.note(i, Channel::cda, w.step);
      used += D.hours_visit;
      cd.visits[c] += 1;
    }

    std::vector<Slot> att;
    for (int v = units(1, D.hours_meeting); v > 0; --v) {
      const Slot host = pick();
      att.assign(1, host);
      for (int tries = 0; tries < 8 * D.meeting_size && static_cast<int>(att.size()) < D.meeting_size; ++tries) {
        const Slot j = pick();
        if (f.neighbourhood[j] == f.neighbourhood[host] && std::find(att.begin(), att.end(), j) == att.end())
          att.push_back(j);
      }
      for (std::size_t a = 0; a < att.size(); ++a) {
        w.part.note(att[a], Channel::cda, w.step);
        for (std::size_t b = a + 1; b < att.size(); ++b)
          if (r.bernoulli(skill)) trust_pair(w, att[a], att[b], true);
      }
      used += D.hours_meeting;
      cd.meetings[c] += 1;
    }

    for (int v = L.collective_ready ? units(2, D.hours_broker, extra_broker) : 0; v > 0; --v) {
      const Slot i = pick();
      if (r.bernoulli(skill) && form_consortium(w, i, D.broker_trust)) {
        cd.brokered[c] += 1;
        for (Slot j : w.exports.consortia[f.consortium[i]].members) w.part.note(j, Channel::cda, w.step);
      }
      used += D.hours_broker;
    }

    if (L.collective_ready && L.cfc_requested && static_cast<std::size_t>(L.cfc_cluster) == c && !w.inst.cfc_done[c]) {
      Slot& anchor = cd.spv_anchor[c];
      if (anchor != kNoSlot && !holds(f, anchor, cd.spv_anchor_uid[c])) anchor = kNoSlot;
      for (int v = units(3, D.hours_spv); v > 0; --v) {
        const Slot i = pick();
        used += D.hours_spv;
        if (flags[i] & kMobilised) continue;
        flags[i] |= kMobilised;
        w.part.note(i, Channel::cda, w.step);
        cd.mobilised[c] += 1;
        if (anchor == kNoSlot) {
          anchor = i;
          cd.spv_anchor_uid[c] = f.uid[i];
        } else {
          trust_pair(w, i, anchor, true);
        }
      }
    }

    for (int v = units(4, D.hours_bds); v > 0; --v) {
      const Slot i = pick();
      f.awareness[i] += static_cast<float>(D.bds_awareness * skill * (1.0 - f.awareness[i]));
      w.part.note(i, Channel::cda, w.step);
      used += D.hours_bds;
    }
    cd.hours_used[c] = used;
  }
}

}  // namespace cs
