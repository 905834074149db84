// Charts: indicator time series (several, with the baseline overlaid in A/B mode and the
// difference below), the firm-size distribution on log-log axes and a productivity histogram.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.hpp"
#include "chart.hpp"
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
std::vector<chart::Marker> markers_of(const cs::Frame& fr) {
  std::vector<chart::Marker> m;
  for (const auto& e : fr.events) {
    if (!m.empty() && m.back().x == double(e.step)) m.back().text += ", " + e.text;
    else m.push_back({double(e.step), e.text});
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

void series_picker(ChartState& st) {
  const auto fields = cs::indicator_fields();
  if (ImGui::Button("Series...")) ImGui::OpenPopup("series");
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
  ImGui::SameLine();
  ImGui::Checkbox("index (month 0 = 100)", &st.index);
}

}  // namespace

void charts_panel(App& app, bool row) {
  static Dist dist_a, dist_b;
  const View& v = *app.view;
  const cs::Frame& pol = *v.policy;
  const cs::Frame* base = v.baseline.get();
  ChartState& st = app.charts;
  st.cluster = std::clamp(st.cluster, 0, std::max(0, static_cast<int>(pol.history.size()) - 1));
  const auto fields = cs::indicator_fields();
  const float fs = ImGui::GetFontSize();

  series_picker(st);
  if (pol.history.size() > 1) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 5);
    ImGui::SliderInt("cluster##charts", &st.cluster, 0, static_cast<int>(pol.history.size()) - 1);
  }
  // Column layout: charts stacked; row layout (A/B under two maps): four charts side by side.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.y, gx = ImGui::GetStyle().ItemSpacing.x;
  const float h_ts = row ? avail.y : base ? avail.y * 0.38f : avail.y * 0.55f;
  const float h_diff = row ? avail.y : base ? avail.y * 0.25f : 0.f;
  const float h_bottom = row ? avail.y : avail.y - h_ts - h_diff - gap * (base ? 2 : 1);
  const float w_ts = row ? (avail.x - 3 * gx) * (base ? 0.3f : 0.5f) : avail.x;
  const float w2 = row ? (avail.x - 3 * gx) * 0.2f : (avail.x - gx) * 0.5f;

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
    ts.push_back({"B: policy", {}, {}, IM_COL32(60, 60, 60, 255), 2.5f, false, false});
    ts.push_back({"A: baseline", {}, {}, IM_COL32(60, 60, 60, 255), 2.f, true, false});
  }
  chart::Spec spec;
  spec.title = st.index ? "Indicators (index, month 0 = 100)" : "Indicators";
  spec.x = {"month", false, false, 0, double(std::max(pol.steps_planned, pol.step))};
  spec.y.include_zero = !st.index;
  spec.markers = markers_of(pol);
  spec.spans = spans_of(pol);
  chart::plot("ts", {w_ts, h_ts}, spec, ts);
  if (row) ImGui::SameLine();
  if (base) {
    chart::Spec ds;
    ds.title = "Policy (B) vs baseline (A), % difference";
    ds.x = spec.x;
    ds.y.label = "%";
    ds.zero_line = true;
    ds.markers = spec.markers;
    ds.spans = spec.spans;
    chart::plot("diff", {w_ts, h_diff}, ds, diff);
    if (row) ImGui::SameLine();
  }

  // Bottom row: size distribution and productivity histogram, side by side.
  const Dist& da = dist_of(pol, st.cluster, v.serial, dist_a);
  const Dist* db = base ? &dist_of(*base, st.cluster, v.serial, dist_b) : nullptr;
  std::vector<chart::Series> sd;
  chart::Series sp{base ? "policy (B)" : "firms", da.size_x, da.size_y, chart::palette(0), 1.5f, false, true};
  sd.push_back(sp);
  if (db) sd.push_back({"baseline (A)", db->size_x, db->size_y, chart::palette(1, 220), 1.5f, false, true});
  chart::Spec ss;
  ss.title = "Firm sizes (log-log)";
  ss.x = {"workers", true, false, 0, 0};
  ss.y = {"share of firms >= size", true, false, 0, 0};
  chart::plot("size", {w2, h_bottom}, ss, sd);
  ImGui::SameLine();

  double lo = 1e30, hi = -1e30;
  for (const Dist* d : {&da, db})
    if (d)
      for (double x : d->prod) lo = std::min(lo, x), hi = std::max(hi, x);
  std::vector<chart::Bars> bars;
  if (lo < hi) {
    bars.push_back(histogram(da.prod, lo, hi, 30, base ? "policy (B)" : "firms", chart::palette(0)));
    if (db) bars.push_back(histogram(db->prod, lo, hi, 30, "baseline (A)", chart::palette(1)));
  }
  chart::Spec hs;
  hs.title = "Productivity";
  hs.x = {"units per worker-month", false, false, 0, 0};
  hs.y = {"firms", false, true, 0, 0};
  chart::plot("hist", {w2, h_bottom}, hs, {}, bars);
}

}  // namespace viz
