// The programme view, the institution markers and the firms' institution flags (extras.hpp).
#include "extras.hpp"

#include <algorithm>
#include <cmath>

#include "agents/bds.hpp"
#include "agents/cluster_institutions.hpp"
#include "policies/programme.hpp"

namespace viz {

namespace {

// Centre of a cluster: the mean of its industrial-estate centres (the middle of the square when
// it has none).
void centre_of(const cs::ClusterState& c, float& x, float& y) {
  x = y = static_cast<float>(c.area) * 0.5f;
  if (c.nb_x.empty()) return;
  x = y = 0;
  for (std::size_t k = 0; k < c.nb_x.size(); ++k) x += c.nb_x[k], y += c.nb_y[k];
  x /= c.nb_x.size(), y /= c.nb_y.size();
}

ProgrammeView programme_view(const cs::World& w, const cs::policies::Programme& p) {
  ProgrammeView v;
  v.present = true;
  for (int k = 0; k < 10; ++k) v.begin[k] = p.lifecycle().begin[k];
  v.phase = static_cast<int>(p.phase());
  v.cda_active = w.levers.cda_active;
  const auto& life = p.lifecycle();
  const int impl = life.implementation_start(), impl_end = life.begin[static_cast<int>(cs::policies::Phase::evaluation)];
  const auto& iv = p.interventions();
  const auto lines = p.lines(w);  // spending up to the month on screen
  for (std::size_t k = 0; k < lines.size(); ++k) {
    LineView l;
    l.name = lines[k].name, l.kind = lines[k].kind;
    l.budget = lines[k].budget, l.spent = lines[k].spent, l.spent_month = lines[k].spent_month;
    if (k == 0) {
      l.from = life.begin[static_cast<int>(cs::policies::Phase::diagnostic)];
      l.to = life.exit_step();
      l.active = v.cda_active;
    } else {
      const cs::InterventionParams& x = iv[k - 1];
      l.index = static_cast<int>(k - 1);
      l.enabled = x.enabled != 0;
      l.from = impl + x.start;
      l.to = std::min(x.end < 0 ? impl_end : impl + x.end, life.exit_step());
      l.active = l.enabled && w.step >= l.from && w.step < l.to;
    }
    v.lines.push_back(std::move(l));
  }
  return v;
}

}  // namespace

Extras make_extras(const cs::World& w, const cs::policies::Programme* prog) {
  Extras e;
  if (prog) e.programme = programme_view(w, *prog);
  const cs::Firms& f = w.firms;
  const cs::Institutions& I = w.inst;

  // Firms' flags, in the frame's row order (alive slots ascending). A "CFC user" is a member of
  // the SPV of an open CFC (members come first in its rationed use), a firm that used the
  // programme's CFC in the last 12 months, or one with a design studio job in them. A
  // "participant" is a firm some intervention of the programme has reached (w.part).
  std::vector<std::uint8_t> slot_flags(f.size(), 0);
  for (std::size_t i = 0; i < f.size() && i < I.firm.owner.size(); ++i) {
    if (!f.alive[i]) continue;
    if (cs::certified(f, static_cast<cs::Slot>(i), w.step)) slot_flags[i] |= kFlagCertified;
    if (!cs::describes(I.firm.owner, f, i)) continue;
    if (I.firm.flags[i] & cs::kAssocMember) slot_flags[i] |= kFlagMember;
    if (cs::describes(w.part.owner, f, i)) {
      if (w.part.kinds[i]) slot_flags[i] |= kFlagParticipant;
      const cs::PartRecord use = w.part.record(static_cast<cs::Slot>(i), cs::Channel::cfc);
      if (use.count > 0 && use.last > w.step - 12) slot_flags[i] |= kFlagCfcUser;
    }
    if (i < I.firm.last_design.size() && I.firm.last_design[i] > w.step - 12 && I.firm.last_design[i] >= 0 &&
        I.firm.last_design[i] <= w.step)
      slot_flags[i] |= kFlagCfcUser;
  }
  for (const cs::Cfc& c : I.cfcs) {
    if (c.stage != cs::CfcStage::open) continue;
    for (std::size_t k = 0; k < c.members.size(); ++k) {
      const cs::Slot s = c.members[k];
      if (s < f.size() && f.alive[s] && f.uid[s] == c.member_uid[k]) slot_flags[s] |= kFlagCfcUser;
    }
  }
  e.firm_flags.reserve(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (!f.alive[i]) continue;
    e.firm_flags.push_back(slot_flags[i]);
    e.members += slot_flags[i] & kFlagMember ? 1 : 0;
    e.cfc_users += slot_flags[i] & kFlagCfcUser ? 1 : 0;
    e.participants += slot_flags[i] & kFlagParticipant ? 1 : 0;
    e.certified += slot_flags[i] & kFlagCertified ? 1 : 0;
  }

  // Markers: CFCs at the mean position of their SPV members (the cluster's centre when none is
  // alive); BDS providers around the industrial estates; the association at the cluster's
  // centre and the CDA beside it while one works.
  std::vector<int> cfcs_in(w.clusters.size(), 0);
  for (const cs::Cfc& c : I.cfcs) {
    if (c.cluster >= w.clusters.size()) continue;
    float x = 0, y = 0;
    int n = 0;
    for (std::size_t k = 0; k < c.members.size(); ++k) {
      const cs::Slot s = c.members[k];
      if (s < f.size() && f.alive[s] && f.uid[s] == c.member_uid[k]) x += f.x[s], y += f.y[s], ++n;
    }
    if (n > 0) x /= n, y /= n;
    else centre_of(w.clusters[c.cluster], x, y);
    const float off = 0.025f * static_cast<float>(w.clusters[c.cluster].area) * cfcs_in[c.cluster]++;
    e.markers.push_back({MarkerKind::cfc, static_cast<std::uint16_t>(c.cluster), static_cast<std::uint8_t>(c.kind),
                         static_cast<std::uint8_t>(c.stage), x + off, y - off, c.users});
  }
  std::vector<int> bds_in(w.clusters.size(), 0);
  for (std::size_t p = 0; p < w.bds.size(); ++p) {
    if (!w.bds.alive[p] || w.bds.cluster[p] >= w.clusters.size()) continue;
    const cs::ClusterState& c = w.clusters[w.bds.cluster[p]];
    const int k = bds_in[w.bds.cluster[p]]++;
    float x, y;
    centre_of(c, x, y);
    if (!c.nb_x.empty()) x = c.nb_x[k % c.nb_x.size()], y = c.nb_y[k % c.nb_y.size()];
    // Providers of an estate sit on a ring just outside where its firms settle.
    const int ring = k / std::max<int>(1, static_cast<int>(c.nb_x.size()));
    const float a = 0.9f * ring + 0.4f * (k % 7), r = static_cast<float>(c.area) * (0.135f + 0.012f * (ring % 3));
    e.markers.push_back({MarkerKind::bds, w.bds.cluster[p], w.bds.kind[p], 1, x + r * std::cos(a), y + r * std::sin(a),
                         static_cast<int>(w.bds.served[p])});
  }
  for (std::size_t c = 0; c < w.clusters.size(); ++c) {
    float x, y;
    centre_of(w.clusters[c], x, y);
    e.markers.push_back({MarkerKind::association, static_cast<std::uint16_t>(c), 0, 1, x, y, 0});
    if (w.levers.cda_active) {
      const float d = 0.04f * static_cast<float>(w.clusters[c].area);
      e.markers.push_back({MarkerKind::cda, static_cast<std::uint16_t>(c), 0, 1, x + d, y + d, 0});
    }
  }
  return e;
}

}  // namespace viz
