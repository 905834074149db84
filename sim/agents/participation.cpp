#include "agents/participation.hpp"

#include "params/intervention_params.hpp"
#include "world.hpp"

namespace cs {

const std::string& channel_name(Channel c) {
  static const std::vector<std::string> names = intervention_kinds();
  return names[idx(c)];
}

bool channel_reaches_firms(Channel c) { return c != Channel::twinning && c != Channel::infrastructure; }

namespace {

void size_rows(Participation& p, const Firms& f) {
  const std::size_t n = f.size();
  if (p.owner.size() >= n) return;
  const std::size_t from = p.owner.size();
  p.owner.resize(n);
  p.kinds.resize(n, 0);
  for (auto& r : p.rec) r.resize(n);
  // A new row describes the firm now in its slot (nothing recorded yet).
  for (std::size_t i = from; i < n; ++i) p.owner[i] = f.uid[i];
}

}  // namespace

void participation_track(World& w, Channel c) {
  Participation& p = w.part;
  if (p.tracks(c) || !channel_reaches_firms(c)) return;
  size_rows(p, w.firms);
  p.column[idx(c)] = static_cast<std::int8_t>(p.tracked.size());
  p.tracked.push_back(c);
  p.rec.emplace_back(p.owner.size());
  for (RetiredParticipation& r : p.retired) r.rec.emplace_back();
}

void participation_sync(World& w) {
  Participation& p = w.part;
  if (!p.on()) return;
  const Firms& f = w.firms;
  size_rows(p, f);
  for (Slot i : w.created) {
    if (describes(p.owner, f, i)) continue;
    if (p.kinds[i] != 0) {
      RetiredParticipation r;
      r.uid = p.owner[i];
      r.kinds = p.kinds[i];
      for (auto& col : p.rec) r.rec.push_back(col[i]);
      p.retired.push_back(std::move(r));
    }
    p.owner[i] = f.uid[i];
    p.kinds[i] = 0;
    for (auto& col : p.rec) col[i] = PartRecord{};
  }
}

}  // namespace cs
