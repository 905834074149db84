// The step's declared data flow (StepPhase::reads and ::writes in sim/step.cpp) checked against
// what each phase does, on a small cluster running every intervention of a programme:
//  - writes: a phase changes no firm column and no part of the World it does not declare;
//  - reads: a firm column a phase does not declare (in reads or writes) can be scrambled before
//    the phase without changing anything the phase produces;
//  - scratch: a phase run with World::scratch filled with NaN does the same;
//  - messages: the per-step message columns (Firms::msg) can be scrambled at
//    the start of a step without changing the world at its end.
// Scrambling rotates a column's values among the alive firms of each cluster, so every value
// stays one the model could hold. A read or write the checks do not see (a branch not taken in
// these months) is not an error: the declarations may say more than the checks observe.
// CS_DATAFLOW_REPORT=1 prints what was observed, phase by phase.
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "policies/programme.hpp"
#include "support/programme.hpp"
#include "world.hpp"

using namespace cs;

namespace {

using Names = std::set<std::string>;

Names split(const char* s) {
  Names out;
  std::istringstream in(s);
  for (std::string t; in >> t;) out.insert(t);
  return out;
}

std::string join(const Names& n) {
  std::string s;
  for (const std::string& x : n) s += (s.empty() ? "" : " ") + x;
  return s;
}

struct ColumnView {
  const char* name;
  const char* data;
  std::size_t elem, rows;
};

std::vector<ColumnView> columns(const World& w) {
  std::vector<ColumnView> v;
  w.firms.for_each_named_column([&](const char* n, const auto& c) {
    v.push_back({n, reinterpret_cast<const char*>(c.data()), sizeof(c[0]), c.size()});
  });
  return v;
}

template <class T, class A> bool same_bytes(const std::vector<T, A>& a, const std::vector<T, A>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

/// The parts of the World other than the firm columns that differ between a and b.
Names changed_tables(const World& a, const World& b) {
  Names out;
  auto check = [&](const char* name, bool same) {
    if (!same) out.insert(name);
  };
  check("w.step", a.step == b.step);
  check("w.next_uid", a.next_uid == b.next_uid);
  check("w.env", a.env == b.env);
  check("w.levers", a.levers == b.levers);
  check("w.ledger", a.ledger == b.ledger);
  check("w.net", a.net == b.net);
  check("w.banks", a.banks == b.banks);
  check("w.agents", a.agents == b.agents);
  check("w.bds", a.bds == b.bds);
  check("w.exports", a.exports == b.exports);
  check("w.inst", a.inst == b.inst);
  check("w.part", a.part == b.part);
  check("w.clusters", a.clusters == b.clusters);
  check("w.members", a.members == b.members);
  check("w.free_slots", a.free_slots == b.free_slots);
  check("w.created", a.created == b.created);
  check("w.indicators", same_bytes(a.indicators, b.indicators));
  return out;
}

/// Firm columns that differ between a and b (every row, or only rows alive in both).
Names changed_columns(const World& a, const World& b, bool alive_rows_only = false) {
  Names out;
  const auto ca = columns(a), cb = columns(b);
  for (std::size_t k = 0; k < ca.size(); ++k) {
    const ColumnView &x = ca[k], &y = cb[k];
    if (!alive_rows_only) {
      if (x.rows != y.rows || std::memcmp(x.data, y.data, x.rows * x.elem) != 0) out.insert(x.name);
      continue;
    }
    const std::size_t n = std::min({x.rows, y.rows, a.firms.size(), b.firms.size()});
    for (std::size_t i = 0; i < n; ++i)
      if (a.firms.alive[i] && b.firms.alive[i] && std::memcmp(x.data + i * x.elem, y.data + i * y.elem, x.elem) != 0) {
        out.insert(x.name);
        break;
      }
  }
  return out;
}

Names changed(const World& a, const World& b) {
  Names n = changed_columns(a, b);
  n.merge(changed_tables(a, b));
  return n;
}

/// What differs between `ref` and `other`, the same phase run from `before` and from `before`
/// with column `scrambled` rotated: every other column and table, and the rows of `scrambled`
/// that the phase wrote in `ref` (the rows it did not write still hold the rotated values).
Names differences(const World& before, const World& ref, const World& other, const std::string& scrambled) {
  Names out = changed_tables(ref, other);
  const auto cb = columns(before), cr = columns(ref), co = columns(other);
  for (std::size_t k = 0; k < cr.size(); ++k) {
    const ColumnView &b = cb[k], &r = cr[k], &o = co[k];
    if (r.rows != o.rows) {
      out.insert(r.name);
      continue;
    }
    for (std::size_t i = 0; i < r.rows; ++i) {
      const char* ri = r.data + i * r.elem;
      if (r.name == scrambled && i < b.rows && std::memcmp(b.data + i * b.elem, ri, r.elem) == 0) continue;
      if (std::memcmp(ri, o.data + i * o.elem, r.elem) != 0) {
        out.insert(r.name);
        break;
      }
    }
  }
  return out;
}

/// Rotates column `name` among the alive firms of each cluster (firm k gets firm k+1's value).
void scramble(World& w, const std::string& name) {
  w.firms.for_each_named_column([&](const char* n, auto& c) {
    if (name != n) return;
    for (const std::vector<Slot>& m : w.members) {
      if (m.size() < 2) continue;
      auto first = c[m[0]];
      for (std::size_t k = 0; k + 1 < m.size(); ++k) c[m[k]] = c[m[k + 1]];
      c[m.back()] = first;
    }
  });
}

Names firm_column_names(const World& w) {
  Names n;
  for (const ColumnView& c : columns(w)) n.insert(c.name);
  return n;
}

Names table_names() {
  return {"w.step", "w.next_uid", "w.env", "w.levers", "w.ledger", "w.net", "w.banks", "w.agents", "w.bds",
          "w.exports", "w.inst", "w.part", "w.clusters", "w.members", "w.free_slots", "w.created",
          "w.indicators", "w.params", "w.policy"};
}

// Columns not scrambled for the read check: which rows are firms, and which cluster a row
// belongs to (rotation within a cluster leaves it unchanged anyway).
const Names kNotScrambled = {"alive", "cluster"};

Params dataflow_params() {
  Params p = test::programme_params(test::all_kinds(), 300, 11);
  p.clusters[0].export_share = 0.2;
  p.clusters[0].exporter_share = 0.15;
  return p;
}

World dataflow_world(const Params& p, int months) {
  World w = make_world(p);
  policies::attach_programme(w);
  w.exec.parallel = false;
  for (int s = 0; s < months; ++s) step(w);
  return w;
}

struct Observed {
  Names reads, writes;
};

/// Runs step `months + 1` phase by phase, checking each phase's reads and writes.
std::vector<Observed> observe_phases(const Params& p, int months) {
  World w = dataflow_world(p, months);
  const auto phases = step_phases();
  std::vector<Observed> obs(phases.size());
  const Names cols = firm_column_names(w);
  ++w.step;
  w.ledger.clear_flows();
  for (std::size_t k = 0; k < phases.size(); ++k) {
    const World before = w;
    phases[k].run(w);
    obs[k].writes = changed(before, w);
    // The programme is shared by copies of the world; its phase runs once.
    if (std::string(phases[k].name) == "policy") continue;
    {
      // Scratch is phase-local: the phase run on NaN-filled scratch does the same.
      World poisoned = before;
      for (auto& s : poisoned.scratch) s.assign(poisoned.firms.size(), std::numeric_limits<double>::quiet_NaN());
      phases[k].run(poisoned);
      const std::string name = phases[k].name;
      INFO("phase '" << name << "' reads scratch it did not write");
      CHECK(changed(w, poisoned).empty());
    }
    for (const std::string& c : cols) {
      if (kNotScrambled.count(c)) continue;
      World other = before;
      scramble(other, c);
      if (changed_columns(before, other).empty()) continue;  // nothing to rotate
      phases[k].run(other);
      if (!differences(before, w, other, c).empty()) obs[k].reads.insert(c);
    }
  }
  return obs;
}

bool report() {
  const char* r = std::getenv("CS_DATAFLOW_REPORT");
  return r && *r && std::string(r) != "0";
}

}  // namespace

TEST_CASE("dataflow: every declared name is a firm column or a part of the World") {
  const World w = make_world(dataflow_params());
  const Names cols = firm_column_names(w), tables = table_names();
  for (const StepPhase& ph : step_phases()) {
    for (const char* list : {ph.reads, ph.writes})
      for (const std::string& n : split(list)) {
        INFO("phase " << ph.name << " declares " << n);
        CHECK((cols.count(n) + tables.count(n) + (n == "firms" ? 1 : 0)) == 1);
      }
  }
}

TEST_CASE("dataflow: each phase reads and writes only what it declares") {
  const Params p = dataflow_params();
  const auto phases = step_phases();
  // Month 13: the programme is in implementation (from month 10); month 30: later in it.
  for (int months : {12, 29}) {
    const std::vector<Observed> obs = observe_phases(p, months);
    for (std::size_t k = 0; k < phases.size(); ++k) {
      const Names reads = split(phases[k].reads), writes = split(phases[k].writes);
      if (report())
        std::cout << "month " << months + 1 << " " << phases[k].name << "\n  reads:  " << join(obs[k].reads)
                  << "\n  writes: " << join(obs[k].writes) << '\n';
      const bool rows = writes.count("firms") == 1;  // whole rows: every column
      for (const std::string& n : obs[k].writes) {
        INFO("phase '" << std::string(phases[k].name) << "' at month " << months + 1 << " writes " << n << " undeclared");
        CHECK((writes.count(n) == 1 || (rows && !n.starts_with("w."))));
      }
      for (const std::string& n : obs[k].reads) {
        INFO("phase '" << std::string(phases[k].name) << "' at month " << months + 1 << " reads " << n << " undeclared");
        CHECK((reads.count(n) + writes.count(n)) >= 1);
      }
    }
  }
}

TEST_CASE("dataflow: per-step messages carry nothing from one month to the next") {
  const Params p = dataflow_params();
  const int months = 20;
  World ref = dataflow_world(p, months);
  step(ref);
  Names carried;
  Names messages;
  ref.firms.for_each_message_column([&](const char* n, const auto&) { messages.insert(n); });
  CHECK(messages.size() == 14);
  const Names cols = firm_column_names(ref);
  for (const std::string& c : cols) {
    if (kNotScrambled.count(c)) continue;
    World w = dataflow_world(p, months);
    const World unscrambled = w;
    scramble(w, c);
    if (changed_columns(unscrambled, w).empty()) continue;  // nothing to rotate: no evidence
    step(w);
    Names diff = changed_columns(ref, w, true);
    diff.merge(changed_tables(ref, w));
    const bool carries = !diff.empty();
    if (carries) carried.insert(c);
    if (messages.count(c)) {
      INFO("message column " << c << " carries into the next month: " << join(diff));
      CHECK_FALSE(carries);
    }
  }
  if (report()) {
    Names free;
    for (const std::string& c : cols)
      if (!carried.count(c) && !kNotScrambled.count(c)) free.insert(c);
    std::cout << "columns whose start-of-month values do not matter: " << join(free) << '\n';
  }
}
