// Charts: indicator time series (several, with the baseline overlaid in A/B mode and the
// difference below), the firm-size distribution on log-log axes and a productivity histogram.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.hpp"
#include "chart.hpp"
#include "evaluate/panel.hpp"
#include "observe/indicators.hpp"

namespace viz {

namespace {

// Distributions of one frame, computed once per published view.
struct Dist {
  std::uint64_t serial = 0;
  std::vector<double> size_x, size_y;  ///< employment s, share of firms with employment >= s
  std::vector<double> prod;            ///< productivity of every firm in the cluster
};

const Dist& dist_of(const cs::Frame& fr, int cluster, std::uint64_t serial, Dist& d) {
  if (d.serial == serial) return d;
  d = Dist{};
  d.serial = serial;
  // The CCDF from a histogram of log2(employment) in 1/64-octave bins (one pass, no sort: the
  // UI redoes this for every new frame), sampled at about 60 log-spaced ranks, each point at the
  // largest size in its bin: P(L >= s) = (firms of size >= s) / n.
  constexpr float kLo = 0.5f, kPerOctave = 64;
  std::size_t n = 0;
  float hi = kLo;
  for (std::size_t i = 0; i < fr.firms.size(); ++i)
    if (fr.firms.cluster[i] == cluster) {
      ++n;
      hi = std::max(hi, fr.firms.employees[i]);
      d.prod.push_back(fr.firms.prod[i]);
    }
  const std::size_t bins = static_cast<std::size_t>(std::log2(hi / kLo) * kPerOctave) + 1;
  std::vector<std::uint32_t> count(bins, 0);
  std::vector<float> top(bins, 0.f);
  for (std::size_t i = 0; i < fr.firms.size(); ++i) {
    const float e = fr.firms.employees[i];
    if (fr.firms.cluster[i] != cluster || !(e >= kLo)) continue;
    const std::size_t k = std::min(bins - 1, static_cast<std::size_t>(std::log2(e / kLo) * kPerOctave));
    ++count[k];
    top[k] = std::max(top[k], e);
  }
  double next = 1;
  std::size_t above = 0;
  for (std::size_t k = bins; k-- > 0;) {
    if (!count[k]) continue;
    above += count[k];
    if (above < next && k != 0) continue;
    d.size_x.push_back(top[k]);
    d.size_y.push_back(double(above) / n);
    while (next <= above) next = std::max(next + 1, next * 1.15);
  }
  std::reverse(d.size_x.begin(), d.size_x.end());
  std::reverse(d.size_y.begin(), d.size_y.end());
  return d;
}

chart::Bars histogram(const std::vector<double>& v, double lo, double hi, int bins, std::string label, ImU32 col) {
  chart::Bars b;
  b.label = std::move(label);
  b.color = col;
  b.counts.assign(bins, 0);
  for (int k = 0; k <= bins; ++k) b.edges.push_back(lo + (hi - lo) * k / bins);
  for (double x : v) {
    const int k = std::clamp(static_cast<int>((x - lo) / (hi - lo) * bins), 0, bins - 1);
    b.counts[k] += 1;
  }
  return b;
}

double value(const cs::Indicators& in, int field) { return in.*(cs::indicator_fields()[field].member); }

// Events of the same month share one marker.
// The changes made (red; events of the same month share one marker), and the programme's
// implementation and exit (blue lines, named in the legend: they would crowd the labels).
std::vector<chart::Marker> markers_of(const cs::Frame& fr, const Extras* ex, chart::Spec& spec) {
  std::vector<chart::Marker> m;
  for (const auto& e : fr.events) {
    if (!m.empty() && m.back().x == double(e.step)) m.back().text += ", " + e.text;
    else m.push_back({double(e.step), e.text});
  }
  if (ex && ex->programme.present) {
    const ImU32 blue = IM_COL32(40, 90, 170, 255);
    const int impl = ex->programme.begin[6], exit = ex->programme.begin[9];
    m.push_back({double(impl), "", blue});
    m.push_back({double(exit), "", blue});
    spec.marker_notes.push_back({"implementation " + std::to_string(impl) + ", exit " + std::to_string(exit), blue});
  }
  return m;
}

std::vector<chart::Span> spans_of(const cs::Frame& fr) {
  std::vector<chart::Span> v;
  for (const auto& s : fr.shocks) {
    char b[64];
    std::snprintf(b, sizeof b, "%s %+.0f %%", s.kind == "demand" ? "demand" : s.kind == "input_price" ? "input price" : "energy price",
                  s.size * 100);
    v.push_back({double(s.start), double(s.start + s.duration), b});
  }
  return v;
}

int pol_clusters(const View& v) { return static_cast<int>(v.policy->history.size()); }

void effects_spec(App& app, chart::Spec spec, double months, chart::Spec& out, std::vector<chart::Series>& ser);

constexpr const char* kChartNames[] = {"Indicators", "B vs A difference", "Effects by year", "Firm sizes", "Productivity"};

// The outcomes the effects chart offers (eval::Outcome), by name.
constexpr cs::eval::Outcome kEffectOutcomes[] = {cs::eval::Outcome::employment, cs::eval::Outcome::output,
                                                 cs::eval::Outcome::turnover,   cs::eval::Outcome::productivity,
                                                 cs::eval::Outcome::exports,    cs::eval::Outcome::survival,
                                                 cs::eval::Outcome::credit,     cs::eval::Outcome::emissions};

// The toolbar: series, index, cluster, which charts, the effects' outcome; a control that does
// not fit on the line goes to the next.
void toolbar(App& app, bool ab, const std::vector<ChartKind>& hidden) {
  ChartState& st = app.charts;
  const View& v = *app.view;
  const auto fields = cs::indicator_fields();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize();
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  auto same_line_if = [&](float w) {
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right) ImGui::SameLine();
  };
  auto button_w = [&](const char* t) { return ImGui::CalcTextSize(t).x + 2 * style.FramePadding.x; };
  auto check_w = [&](const char* t) { return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(t).x; };
  if (ImGui::Button("Series...")) ImGui::OpenPopup("series");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Indicators shown on the first chart");
  if (ImGui::BeginPopup("series")) {
    for (int k = 0; k < static_cast<int>(fields.size()); ++k) {
      bool on = std::find(st.series.begin(), st.series.end(), k) != st.series.end();
      if (ImGui::Checkbox(fields[k].name, &on)) {
        if (on) st.series.push_back(k);
        else std::erase(st.series, k);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", fields[k].doc);
    }
    ImGui::EndPopup();
  }
  same_line_if(check_w("index"));
  ImGui::Checkbox("index", &st.index);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Indicators as an index, month 0 = 100");
  same_line_if(button_w("Charts..."));
  if (ImGui::Button("Charts...")) ImGui::OpenPopup("charts");
  if (ImGui::BeginPopup("charts")) {
    for (int k = 0; k < static_cast<int>(ChartKind::count); ++k) {
      const bool ab_only = k == int(ChartKind::difference) || k == int(ChartKind::effects);
      if (ab_only && !ab) continue;
      ImGui::Checkbox(kChartNames[k], &st.show[k]);
    }
    ImGui::EndPopup();
  }
  if (pol_clusters(v) > 1) {
    same_line_if(fs * 9);
    ImGui::SetNextItemWidth(fs * 5);
    ImGui::SliderInt("cluster##charts", &st.cluster, 0, pol_clusters(v) - 1);
  }
  if (ab && st.show[int(ChartKind::effects)]) {
    same_line_if(fs * 9 + check_w("%"));
    ImGui::SetNextItemWidth(fs * 9);
    st.outcome = std::clamp(st.outcome, 0, static_cast<int>(std::size(kEffectOutcomes)) - 1);
    if (ImGui::BeginCombo("##outcome", cs::eval::outcome_info(kEffectOutcomes[st.outcome]).name)) {
      for (int k = 0; k < static_cast<int>(std::size(kEffectOutcomes)); ++k)
        if (ImGui::Selectable(cs::eval::outcome_info(kEffectOutcomes[k]).name, k == st.outcome)) st.outcome = k;
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Outcome of the effects chart");
    ImGui::SameLine();
    ImGui::Checkbox("%", &st.effect_pct);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Effects in %% of the baseline mean; off: per firm, in the outcome's unit");
  }
  if (!hidden.empty()) {
    std::string note = "Not shown for lack of room:";
    for (ChartKind k : hidden) note += std::string(" ") + kChartNames[int(k)] + (k == hidden.back() ? "" : ",");
    same_line_if(ImGui::CalcTextSize(note.c_str()).x);
    ImGui::TextDisabled("%s", note.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Enlarge the window or the chart area, or untick charts in Charts...");
  }
}

}  // namespace

// A chart ready to draw: its spec and data.
struct Job {
  ChartKind kind;
  const char* id;
  chart::Spec spec;
  std::vector<chart::Series> series;
  std::vector<chart::Bars> bars;
};

void charts_panel(App& app) {
  static Dist dist_a, dist_b;
  const View& v = *app.view;
  const cs::Frame& pol = *v.policy;
  const cs::Frame* base = v.baseline.get();
  ChartState& st = app.charts;
  st.cluster = std::clamp(st.cluster, 0, std::max(0, static_cast<int>(pol.history.size()) - 1));
  const auto fields = cs::indicator_fields();
  const float fs = ImGui::GetFontSize();
  const float lw = app.layout.presentation ? 1.5f : 1.f;

  // Time series: the run (policy) solid, the baseline dashed in the same colour.
  std::vector<chart::Series> ts, diff;
  auto build = [&](const cs::Frame& fr, int field, bool dashed, int colour) {
    chart::Series s;
    static const std::vector<cs::Indicators> none;
    const auto& h = fr.history.empty() ? none : fr.history[st.cluster];
    const double v0 = h.empty() ? 0 : value(h.front(), field);
    for (std::size_t t = 0; t < h.size(); ++t) {
      s.x.push_back(double(t));
      const double y = value(h[t], field);
      s.y.push_back(st.index ? (v0 != 0 ? 100 * y / v0 : NAN) : y);
    }
    s.label = dashed ? "" : fields[field].name;  // the style key below tells A from B
    s.color = chart::palette(colour);
    s.dashed = dashed;
    s.thickness = 2.f;  // whole pixels: ImGui draws them as textured quads, two triangles a segment
    return s;
  };
  for (std::size_t k = 0; k < st.series.size(); ++k) {
    const int field = st.series[k];
    ts.push_back(build(pol, field, false, static_cast<int>(k)));
    if (base) {
      ts.push_back(build(*base, field, true, static_cast<int>(k)));
      chart::Series d;
      d.label = fields[field].name;
      d.color = chart::palette(static_cast<int>(k));
      d.thickness = 2.f;
      const auto& hp = pol.history[st.cluster];
      const auto& hb = base->history[st.cluster];
      for (std::size_t t = 0; t < std::min(hp.size(), hb.size()); ++t) {
        const double b = value(hb[t], field), p = value(hp[t], field);
        d.x.push_back(double(t));
        d.y.push_back(b != 0 ? 100 * (p - b) / std::abs(b) : (p == b ? 0 : NAN));
      }
      diff.push_back(std::move(d));
    }
  }
  if (base) {
    // One key for the two styles: the lines named above are B's.
    ts.push_back({"A: baseline (solid: B)", {}, {}, IM_COL32(60, 60, 60, 255), 2.f, true, false});
  }
  const double months = double(std::max(pol.steps_planned, pol.step));
  auto spec_of = [&](std::string title) {
    chart::Spec s;
    s.title = std::move(title);
    s.line_scale = lw;
    s.report = &app.report;
    return s;
  };

  // The charts chosen, in order of importance: those that do not fit are dropped from the end.
  std::vector<Job> jobs;
  for (ChartKind kind : {ChartKind::indicators, ChartKind::difference, ChartKind::effects, ChartKind::productivity,
                         ChartKind::sizes}) {
    if (!st.show[int(kind)] || (!base && (kind == ChartKind::difference || kind == ChartKind::effects))) continue;
    // The effects by year are those of a programme's participants: none without one in B.
    if (kind == ChartKind::effects && !(v.policy_extra && v.policy_extra->programme.present)) continue;
    Job j{kind, "", {}, {}, {}};
    switch (kind) {
      case ChartKind::indicators:
        j.id = "ts";
        j.spec = spec_of("Indicators");
        j.spec.x = {"month", false, false, 0, months};
        j.spec.y.label = st.index ? "index (month 0 = 100)" : "level (each in its own unit)";
        j.spec.y.include_zero = !st.index;
        j.spec.markers = markers_of(pol, v.policy_extra.get(), j.spec);
        j.spec.spans = spans_of(pol);
        j.series = ts;
        break;
      case ChartKind::difference:
        j.id = "diff";
        j.spec = spec_of("B (policy) against A");
        j.spec.x = {"month", false, false, 0, months};
        j.spec.y.label = "% difference from A";
        j.spec.zero_line = true;
        j.spec.markers = markers_of(pol, v.policy_extra.get(), j.spec);
        j.spec.spans = spans_of(pol);
        j.series = diff;
        break;
      case ChartKind::effects:
        j.id = "effects";
        effects_spec(app, spec_of(""), months, j.spec, j.series);
        break;
      case ChartKind::sizes: {
        j.id = "size";
        const Dist& da = dist_of(pol, st.cluster, v.serial, dist_a);
        const Dist* db = base ? &dist_of(*base, st.cluster, v.serial, dist_b) : nullptr;
        j.series.push_back({base ? "B: policy" : "firms", da.size_x, da.size_y, chart::palette(0), 1.5f, false, true});
        if (db) j.series.push_back({"A: baseline", db->size_x, db->size_y, chart::palette(1, 220), 1.5f, false, true});
        j.spec = spec_of("Firm sizes (log-log)");
        j.spec.x = {"workers (log scale)", true, false, 0, 0};
        j.spec.y = {"share of firms ≥ x workers", true, false, 0, 0};
        break;
      }
      case ChartKind::productivity: {
        j.id = "hist";
        const Dist& da = dist_of(pol, st.cluster, v.serial, dist_a);
        const Dist* db = base ? &dist_of(*base, st.cluster, v.serial, dist_b) : nullptr;
        double lo = 1e30, hi = -1e30;
        for (const Dist* d : {&da, db})
          if (d)
            for (double x : d->prod) lo = std::min(lo, x), hi = std::max(hi, x);
        if (lo < hi) {
          j.bars.push_back(histogram(da.prod, lo, hi, 30, base ? "B: policy" : "firms", chart::palette(0)));
          if (db) j.bars.push_back(histogram(db->prod, lo, hi, 30, "A: baseline", chart::palette(1)));
        }
        j.spec = spec_of("Productivity of firms");
        j.spec.x = {"units per worker-month", false, false, 0, 0};
        j.spec.y = {"firms", false, true, 0, 0};
        break;
      }
      case ChartKind::count: break;
    }
    jobs.push_back(std::move(j));
  }

  // The grid: as many charts as leave each at least 17 text heights wide and 3.5 high for its
  // data (after its title, axes, labels and legend), in columns and rows read best near 3:2.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gx = style.ItemSpacing.x, gy = style.ItemSpacing.y;
  const ImVec2 full = ImGui::GetContentRegionAvail();
  const float toolbar_h = ImGui::GetFrameHeightWithSpacing() * (full.x < fs * 40 ? 2 : 1);
  auto fits = [&](std::size_t n, int cols) {
    const int rows = static_cast<int>((n + cols - 1) / cols);
    const ImVec2 cell{(full.x - (cols - 1) * gx) / cols, (full.y - toolbar_h - (rows - 1) * gy) / rows};
    if (cell.x < fs * 17) return -1.f;
    for (std::size_t k = 0; k < n; ++k)
      if (chart::plot_height(cell, jobs[k].spec, jobs[k].series, jobs[k].bars) < fs * 3.5f) return -1.f;
    return std::min(cell.x / 1.5f, cell.y);
  };
  std::size_t n = jobs.size();
  int cols = 1;
  for (; n > 1; --n) {
    float best = -1;
    for (int c = 1; c <= static_cast<int>(n); ++c)
      if (const float sc = fits(n, c); sc > best) best = sc, cols = c;
    if (best > 0) break;
  }
  if (n == 1) cols = 1;  // the first chart is always shown, small if need be
  std::vector<ChartKind> hidden;
  for (std::size_t k = n; k < jobs.size(); ++k) hidden.push_back(jobs[k].kind);
  toolbar(app, base != nullptr, hidden);
  if (jobs.empty()) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const int rows = static_cast<int>((n + cols - 1) / cols);
  const ImVec2 cell{(avail.x - (cols - 1) * gx) / cols, (avail.y - (rows - 1) * gy) / rows};
  for (std::size_t k = 0; k < n; ++k) {
    if (k % cols != 0) ImGui::SameLine();
    chart::plot(jobs[k].id, cell, jobs[k].spec, jobs[k].series, jobs[k].bars);
  }
}

namespace {

// The evaluation's effects year by year (compare's effects_by_year.csv for one replication):
// participants and non-participants (the spillover) of the firms alive when the programme
// started, policy run against baseline.
void effects_spec(App& app, chart::Spec spec, double months, chart::Spec& out, std::vector<chart::Series>& ser) {
  const View& v = *app.view;
  const ChartState& st = app.charts;
  const auto o = static_cast<std::size_t>(kEffectOutcomes[std::clamp(st.outcome, 0, int(std::size(kEffectOutcomes)) - 1)]);
  const cs::eval::OutcomeInfo& info = cs::eval::outcome_info(o);
  spec.title = std::string("Effects by year: ") + info.name;
  spec.y.label = st.effect_pct ? std::string("% vs baseline") : std::string("per firm, ") + info.unit;
  spec.zero_line = true;
  const EffectsView* e = v.effects.get();
  const int impl = e ? e->impl : 0;
  (void)impl;
  spec.x.label = "year (0 = implementation)";
  const int last = e ? static_cast<int>(std::floor((months - impl) / 12.0)) : 1;
  spec.x.lo = (e && !e->years.empty() ? std::min(e->years.front(), -1) : -1) - 0.5;
  spec.x.hi = std::max(last, 1) + 0.5;
  if (e) {
    const ImU32 blue = IM_COL32(40, 90, 170, 255);  // programme phases, as on the other charts
    spec.markers.push_back({0, "", blue});           // the axis' label names year 0
    spec.markers.push_back({double(e->exit_year), "exit", blue});
    char part[64];
    std::snprintf(part, sizeof part, "participants (%.0f of %.0f)", e->participants, e->cohort);
    const char* names[2] = {part, "non-participants"};
    const ImU32 cols[2] = {IM_COL32(215, 95, 20, 255), IM_COL32(90, 110, 150, 255)};
    for (std::size_t g = 0; g < 2; ++g) {
      chart::Series line, dots;
      line.label = names[g];
      line.color = dots.color = cols[g];
      line.thickness = 2.f;
      dots.points = true;
      dots.thickness = 2.5f;
      for (std::size_t y = 0; y < e->years.size(); ++y) {
        const cs::eval::Sum& s = e->at(y, g, o);
        if (s.n <= 0) continue;
        const double eff = st.effect_pct ? (s.s0 != 0 ? 100 * (s.s1 - s.s0) / std::abs(s.s0) : NAN) : (s.s1 - s.s0) / s.n;
        if (!std::isfinite(eff)) continue;
        line.x.push_back(e->years[y]), line.y.push_back(eff);
      }
      dots.x = line.x, dots.y = line.y;
      ser.push_back(std::move(line));
      ser.push_back(std::move(dots));
    }
    if (!e->problem.empty()) spec.notes.push_back({e->problem, IM_COL32(200, 30, 30, 255)});
    else if (e->years.empty()) spec.notes.push_back({"from the first full year", IM_COL32(150, 150, 150, 255)});
  }
  out = std::move(spec);
}

}  // namespace

}  // namespace viz
