#include "observe/frame.hpp"

#include <algorithm>

namespace cs {

namespace {

std::uint8_t status_of(const World& w, Slot i) {
  const Firms& f = w.firms;
  std::uint8_t s = 0;
  if (f.direct[i]) s |= kStatusDirect;
  if (f.msg.rationed[i]) s |= kStatusRationed;
  if (f.neg_nw[i] > 0 || f.missed[i] > 0) s |= kStatusDistressed;
  if (f.birth[i] > w.step - 12 && f.birth[i] > 0) s |= kStatusEntrant;
  if (is_exporter(f, i)) s |= kStatusExporter;
  return s;
}

std::uint8_t size_class_of(const World& w, Slot i) {
  return static_cast<std::uint8_t>(size_class(w.firms.capital[i], 12.0 * w.firms.revenue[i]));
}

}  // namespace

FirmState firm_state(const World& w, std::uint32_t uid) {
  FirmState s;
  s.uid = uid;
  const Firms& f = w.firms;
  for (Slot i = 0; i < f.size(); ++i) {
    if (!f.alive[i] || f.uid[i] != uid) continue;
    s.alive = true;
    s.cluster = f.cluster[i];
    s.age_months = w.step - f.birth[i];
    s.size_class = size_class_of(w, i);
    s.credit_class = f.credit_class[i];
    s.degree = w.net.degree(i);
    s.direct = f.direct[i] != 0;
    s.rationed = f.msg.rationed[i] != 0;
    s.employees = f.employees[i];
    s.prod = eff_prod(f, i);
    s.vintage = f.prod[i];
    s.skill = f.skill[i];
    s.quality = f.quality[i];
    s.output = f.msg.output[i];
    s.sold = f.sold[i];
    s.revenue = f.revenue[i];
    s.profit = f.msg.profit[i];
    s.price = f.price[i];
    s.markup = f.markup[i];
    s.share = f.share[i];
    s.capital = f.capital[i];
    s.cash = f.cash[i];
    s.debt = f.debt[i];
    s.debt_inf = f.debt_inf[i];
    s.net_worth = net_worth(f, i);
    break;
  }
  return s;
}

void RunRecord::record(const World& w) {
  if (history.size() != w.indicators.size()) history.resize(w.indicators.size());
  for (std::size_t c = 0; c < w.indicators.size(); ++c) history[c].push_back(w.indicators[c]);

  // A slot whose uid changed or that died since the last record held a firm that exited.
  const Firms& f = w.firms;
  const std::size_t n = f.size();
  if (!prev_uid_.empty()) {
    for (std::size_t i = 0; i < std::min(n, prev_uid_.size()); ++i) {
      if (prev_uid_[i] == kNoUid) continue;
      if (!f.alive[i] || f.uid[i] != prev_uid_[i])
        exits.push_back(FrameExit{f.x[i], f.y[i], f.cluster[i], w.step});
    }
  }
  std::erase_if(exits, [&](const FrameExit& e) { return e.step <= w.step - exit_memory; });
  prev_uid_.resize(n);
  for (std::size_t i = 0; i < n; ++i) prev_uid_[i] = f.alive[i] ? f.uid[i] : kNoUid;

  if (trace.now.uid != kNoUid && trace.now.alive) {
    trace.now = firm_state(w, trace.now.uid);
    if (trace.now.alive) {
      trace.step.push_back(w.step);
      trace.employees.push_back(static_cast<float>(trace.now.employees));
      trace.prod.push_back(static_cast<float>(trace.now.prod));
      trace.cash.push_back(static_cast<float>(trace.now.cash));
      trace.output.push_back(static_cast<float>(trace.now.output));
    }
  }
}

void RunRecord::watch(std::uint32_t uid, const World& w) {
  trace = FirmTrace{};
  trace.now.uid = uid;
  if (uid == kNoUid) return;
  trace.now = firm_state(w, uid);
  if (!trace.now.alive) return;
  trace.step.push_back(w.step);
  trace.employees.push_back(static_cast<float>(trace.now.employees));
  trace.prod.push_back(static_cast<float>(trace.now.prod));
  trace.cash.push_back(static_cast<float>(trace.now.cash));
  trace.output.push_back(static_cast<float>(trace.now.output));
}

Frame make_frame(const World& w, const RunRecord* rec, std::size_t max_links) {
  Frame fr;
  fr.step = w.step;
  fr.steps_planned = w.params.run.steps;
  fr.seed = w.params.run.seed;
  fr.levers = w.levers;
  fr.shocks = w.params.shocks;
  const Firms& f = w.firms;
  const std::size_t n = f.size();

  std::vector<std::uint32_t> row(n, kNoUid);
  std::size_t alive = 0;
  for (std::size_t i = 0; i < n; ++i) alive += f.alive[i] ? 1 : 0;
  FrameFirms& o = fr.firms;
  auto reserve = [&](auto& v) { v.reserve(alive); };
  reserve(o.uid); reserve(o.cluster); reserve(o.x); reserve(o.y); reserve(o.employees);
  reserve(o.prod); reserve(o.cash); reserve(o.output); reserve(o.size_class); reserve(o.status);
  for (Slot i = 0; i < n; ++i) {
    if (!f.alive[i]) continue;
    row[i] = static_cast<std::uint32_t>(o.uid.size());
    o.uid.push_back(f.uid[i]);
    o.cluster.push_back(f.cluster[i]);
    o.x.push_back(f.x[i]);
    o.y.push_back(f.y[i]);
    o.employees.push_back(f.employees[i]);
    o.prod.push_back(eff_prod(f, i));
    o.cash.push_back(static_cast<float>(f.cash[i]));
    o.output.push_back(f.msg.output[i]);
    o.size_class.push_back(size_class_of(w, i));
    o.status.push_back(status_of(w, i));
  }

  // Each undirected link once (from its lower slot); an even stride when there are too many.
  std::size_t total = 0;
  for (Slot i = 0; i < n; ++i)
    if (f.alive[i])
      for (int k = 0; k < w.net.degree(i); ++k) total += w.net.neighbour(i, k) > i ? 1 : 0;
  fr.links_total = total;
  const std::size_t stride = max_links == 0 ? total + 1 : std::max<std::size_t>(1, (total + max_links - 1) / max_links);
  fr.links.reserve(std::min(total, max_links));
  std::size_t seen = 0;
  for (Slot i = 0; i < n && fr.links.size() < max_links; ++i) {
    if (!f.alive[i]) continue;
    for (int k = 0; k < w.net.degree(i); ++k) {
      const Slot j = w.net.neighbour(i, k);
      if (j <= i || j >= n || row[j] == kNoUid) continue;
      if (seen++ % stride != 0) continue;
      fr.links.push_back(FrameLink{row[i], row[j], w.net.trust_at(i, k, w.step)});
    }
  }

  fr.clusters.reserve(w.clusters.size());
  for (const ClusterState& c : w.clusters)
    fr.clusters.push_back(ClusterView{c.name, c.product, static_cast<float>(c.area), c.nb_x, c.nb_y, c.demand});

  if (rec) {
    fr.history = rec->history;
    fr.exits = rec->exits;
    fr.trace = rec->trace;
    fr.events = rec->events;
  } else {
    fr.history.resize(w.indicators.size());
    for (std::size_t c = 0; c < w.indicators.size(); ++c) fr.history[c].push_back(w.indicators[c]);
  }
  return fr;
}

}  // namespace cs
