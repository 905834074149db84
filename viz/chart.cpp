#include "chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace viz::chart {

namespace {

constexpr ImU32 kText = IM_COL32(30, 30, 30, 255);
constexpr ImU32 kGrid = IM_COL32(0, 0, 0, 28);
constexpr ImU32 kMinorGrid = IM_COL32(0, 0, 0, 12);
constexpr ImU32 kAxis = IM_COL32(60, 60, 60, 255);
constexpr ImU32 kBack = IM_COL32(255, 255, 255, 255);

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) { lo = std::min(lo, v); hi = std::max(hi, v); }
  bool valid() const { return lo <= hi; }
};

double to_axis(const Axis& a, double v) { return a.log ? std::log10(v) : v; }
bool usable(const Axis& a, double v) { return std::isfinite(v) && (!a.log || v > 0); }

// Fitted range in axis space (log10 for log axes), padded.
Range fit(const Axis& a, bool is_x, std::span<const Series> series, std::span<const Bars> bars) {
  Range r;
  if (a.lo < a.hi) {
    r.add(to_axis(a, a.lo));
    r.add(to_axis(a, a.hi));
    return r;
  }
  for (const Series& s : series) {
    const auto& v = is_x ? s.x : s.y;
    for (double d : v)
      if (usable(a, d)) r.add(to_axis(a, d));
  }
  for (const Bars& b : bars) {
    if (is_x) {
      for (double e : b.edges)
        if (usable(a, e)) r.add(to_axis(a, e));
    } else {
      for (double c : b.counts)
        if (usable(a, c)) r.add(to_axis(a, c));
      if (!a.log) r.add(0);
    }
  }
  if (!r.valid()) return Range{0, 1};
  if (a.include_zero && !a.log) r.add(0);
  if (r.hi - r.lo < 1e-12) {
    const double pad = a.log ? 0.5 : std::max(1e-9, std::abs(r.hi) * 0.1 + (r.hi == 0 ? 1 : 0));
    r.lo -= pad;
    r.hi += pad;
  } else if (!is_x || a.log) {
    const double pad = (r.hi - r.lo) * 0.06;
    if (!(a.include_zero && r.lo == 0)) r.lo -= pad;
    r.hi += pad;
  }
  return r;
}

double nice_step(double range, int target) {
  const double raw = range / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float th) {
  const float on = 7.f, off = 5.f;
  float phase = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) {
    ImVec2 a = pts[i - 1], b = pts[i];
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    float t = 0;
    while (t < len) {
      const float period_pos = std::fmod(phase + t, on + off);
      const float seg = period_pos < on ? on - period_pos : on + off - period_pos;
      const float t2 = std::min(len, t + seg);
      if (period_pos < on) {
        const ImVec2 p{a.x + (b.x - a.x) * t / len, a.y + (b.y - a.y) * t / len};
        const ImVec2 q{a.x + (b.x - a.x) * t2 / len, a.y + (b.y - a.y) * t2 / len};
        dl->AddLine(p, q, col, th);
      }
      t = t2 + 1e-4f;
    }
    phase = std::fmod(phase + len, on + off);
  }
}

// A line with more than one point per pixel column is drawn through the first, lowest, highest
// and last point of each column instead (in their order): the same picture, spikes included,
// with at most four points a pixel. A software renderer pays per triangle.
void thin_to_pixels(std::vector<ImVec2>& pts) {
  if (pts.size() < 3) return;
  std::vector<ImVec2> out;
  out.reserve(pts.size());
  std::size_t i = 0;
  while (i < pts.size()) {
    const float col = std::floor(pts[i].x);
    std::size_t j = i, lo = i, hi = i;
    while (j < pts.size() && std::floor(pts[j].x) == col) {
      if (pts[j].y < pts[lo].y) lo = j;
      if (pts[j].y > pts[hi].y) hi = j;
      ++j;
    }
    std::size_t keep[4] = {i, std::min(lo, hi), std::max(lo, hi), j - 1};
    for (int k = 0; k < 4; ++k)
      if (k == 0 || keep[k] != keep[k - 1]) out.push_back(pts[keep[k]]);
    i = j;
  }
  pts.swap(out);
}

}  // namespace

ImU32 palette(int i, int alpha) {
  static const int rgb[10][3] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},
                                 {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                 {188, 189, 34},  {23, 190, 207}};
  const int* c = rgb[((i % 10) + 10) % 10];
  return IM_COL32(c[0], c[1], c[2], alpha);
}

std::string format_tick(double v, double step) {
  char b[32];
  const double a = std::abs(v);
  if (a >= 1e9) std::snprintf(b, sizeof b, "%gB", std::round(v / 1e8) / 10);
  else if (a >= 1e6) std::snprintf(b, sizeof b, "%gM", std::round(v / 1e5) / 10);
  else if (a >= 1e4) std::snprintf(b, sizeof b, "%gk", std::round(v / 1e2) / 10);
  else if (a < 1e-12) std::snprintf(b, sizeof b, "0");
  else {
    const int dec = std::clamp(static_cast<int>(-std::floor(std::log10(std::max(step, 1e-12)))), 0, 6);
    std::snprintf(b, sizeof b, "%.*f", dec, v);
  }
  return b;
}

namespace {

// A legend entry: a line (kind 0), a dashed line (1), a dot (2), a box (3) or a number tag (4).
struct Entry {
  std::string text;
  ImU32 color;
  int kind;
};

// Lays out the entries in rows of `width`; returns the height; draws when dl is not null.
float legend_rows(ImDrawList* dl, ImVec2 o, float width, const std::vector<Entry>& es, LayoutReport* rep) {
  const float fs = ImGui::GetFontSize(), sw = fs * 1.5f, line = fs * 1.2f, space = fs * 0.9f;
  float x = 0, y = 0;
  for (const Entry& e : es) {
    const float w = sw + fs * 0.35f + ImGui::CalcTextSize(e.text.c_str()).x;
    if (x > 0 && x + space + w > width) x = 0, y += line;
    else if (x > 0) x += space;
    if (dl) {
      const float cy = o.y + y + fs * 0.55f;
      const ImVec2 s0{o.x + x, cy}, s1{o.x + x + sw, cy};
      if (e.kind == 1) dashed_polyline(dl, {s0, s1}, e.color, 2.5f);
      else if (e.kind == 2) dl->AddCircleFilled({(s0.x + s1.x) * 0.5f, cy}, fs * 0.28f, e.color);
      else if (e.kind == 3) dl->AddRectFilled({s0.x, cy - fs * 0.3f}, {s1.x, cy + fs * 0.3f}, e.color);
      else if (e.kind == 4) dl->AddLine({s0.x + sw * 0.5f, cy - fs * 0.5f}, {s0.x + sw * 0.5f, cy + fs * 0.5f}, e.color, 2.f);
      else dl->AddLine(s0, s1, e.color, 3.f);
      fit_text(rep, dl, {s1.x + fs * 0.35f, o.y + y}, width - (x + sw + fs * 0.35f), kText, e.text, "chart legend");
    }
    x += w;
  }
  return es.empty() ? 0.f : y + line;
}

// Where everything of a chart goes: ranges, ticks, the legend's entries, the event labels and
// the plot area, for a chart of `size` at p0. plot() draws it; plot_height() measures it.
struct Label {
  double x;
  std::string text;
  ImU32 col;
  bool band;
};
struct Placed {
  float x;
  int row;
  std::string text;
  ImU32 col;
};
struct Geometry {
  Range rx, ry;
  std::vector<std::pair<double, std::string>> yt, xt;
  float label_w = 0;
  std::vector<Entry> entries;
  std::vector<Label> labels;
  std::vector<Placed> placed;
  int label_rows = 0;
  float title_w = 0, ylab_w = 0, title_h = 0, ylabel_h = 0, legend_w = 0, legend_h = 0, xl_w = 0;
  bool one_line = false, xl_inline = false;
  ImVec2 a0, a1;  ///< the plot area
  Geometry(ImVec2 p0, ImVec2 size, const Spec& spec, std::span<const Series> series, std::span<const Bars> bars);
  double sxv(double v) const { return a0.x + static_cast<float>((v - rx.lo) / (rx.hi - rx.lo)) * (a1.x - a0.x); }
};

Geometry::Geometry(ImVec2 p0, ImVec2 size, const Spec& spec, std::span<const Series> series, std::span<const Bars> bars) {
  const float fs = ImGui::GetFontSize();
  auto sx = [&](double v) { return static_cast<float>(sxv(v)); };
  rx = fit(spec.x, true, series, bars);
  ry = fit(spec.y, false, series, bars);
  // Ticks: nice steps on linear axes; decades on log axes, with 2 and 5 when a decade has the
  // room (or fewer than two decades are in view).
  auto make_ticks = [](const Axis& a, const Range& r, int target, auto& out) {
    if (a.log) {
      const double decades = r.hi - r.lo;
      const bool subs = decades < 1.5 || target > 2.5 * decades;
      for (double e = std::floor(r.lo); e <= r.hi + 1e-9; e += 1)
        for (int m : {1, 2, 5}) {
          if (m > 1 && !subs) continue;
          const double v = e + std::log10(m);
          if (v < r.lo - 1e-9 || v > r.hi + 1e-9) continue;
          const double x = std::pow(10.0, v);
          out.push_back({v, format_tick(x, std::pow(10.0, std::floor(v)))});
        }
    } else {
      const double st = nice_step(r.hi - r.lo, target);
      for (double v = std::ceil(r.lo / st) * st; v <= r.hi + st * 1e-6; v += st)
        out.push_back({v, format_tick(std::abs(v) < st * 1e-6 ? 0 : v, st)});
    }
  };
  make_ticks(spec.y, ry, std::max(2, static_cast<int>(size.y / (fs * 3.2f))), yt);
  make_ticks(spec.x, rx, std::max(2, static_cast<int>(size.x / (fs * 6.f))), xt);
  for (auto& t : yt) label_w = std::max(label_w, ImGui::CalcTextSize(t.second.c_str()).x);

  // The legend strip under the x axis: series, bars, spans and notes; numbered event labels
  // that do not fit above the plot join it below.
  for (const Series& s : series)
    if (!s.label.empty()) entries.push_back({s.label, s.color, s.points ? 2 : s.dashed ? 1 : 0});
  for (const Bars& b : bars)
    if (!b.label.empty()) entries.push_back({b.label, b.color, 3});
  for (const auto& [t, c] : spec.notes) entries.push_back({t, c, 0});
  for (const auto& [t, c] : spec.marker_notes) entries.push_back({t, c, 4});

  // Event labels: markers and spans, left to right, each in the first of two rows above the
  // plot where it does not run into the one before; shortened at a word to fit before the plot's
  // right edge; a number, listed in the legend, when not even its first word fits.
  std::vector<Label> labels;
  for (const Marker& m : spec.markers)
    if (usable(spec.x, m.x) && !m.text.empty()) labels.push_back({m.x, m.text, m.color, false});
  for (const Span& sp : spec.spans)
    if (usable(spec.x, sp.x0) && !sp.text.empty()) labels.push_back({sp.x0, sp.text, IM_COL32(90, 90, 90, 255), true});
  std::stable_sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.x < b.x; });
  label_rows = labels.empty() ? 0 : labels.size() == 1 ? 1 : 2;

  // The title and the y axis' label (its unit) share a line when both fit: "Title   unit".
  title_w = ImGui::CalcTextSize(spec.title.c_str()).x, ylab_w = ImGui::CalcTextSize(spec.y.label.c_str()).x;
  one_line = !spec.title.empty() && !spec.y.label.empty() && title_w + ylab_w + fs * 2.f <= size.x - fs * 0.6f;
  title_h = spec.title.empty() ? fs * 0.4f : fs * 1.35f;
  ylabel_h = spec.y.label.empty() || one_line ? 0.f : fs * 1.2f;
  const float top = title_h + ylabel_h + label_rows * fs * 1.15f + fs * 0.3f;
  const float left_pad = label_w + fs * 0.9f;
  const float plot_w_guess = size.x - left_pad - fs * 0.9f;
  // Entries for labels that will be numbered are only known after placing them; reserve for
  // the legend as measured with every label numbered in the worst case would waste room, so
  // place the labels first on the guessed width (the width does not depend on the legend).
  const float a0x = p0.x + left_pad, a1x = p0.x + left_pad + plot_w_guess;
  a0.x = a0x, a1.x = a1x;
  {
    float end[2] = {-1e30f, -1e30f};
    int number = 0;
    for (const Label& l : labels) {
      const float x = sx(to_axis(spec.x, l.x)) + 3;
      if (x > a1x) continue;
      int row = -1;
      for (int r = 0; r < label_rows && row < 0; ++r)
        if (end[r] <= x - fs * 0.4f) row = r;
      std::string t = row >= 0 ? shorten_to(l.text, a1x - x) : std::string();
      if (t.empty()) {
        // A number here and the text in the legend; no number either where it would overlap.
        const std::string tag = std::to_string(++number);
        entries.push_back({tag + ": " + l.text + " (" + format_tick(l.x, 1) + ")", l.col, 4});
        if (row < 0) continue;
        t = std::to_string(number);
      }
      placed.push_back({x, row, t, l.col});
      end[row] = x + ImGui::CalcTextSize(t.c_str()).x;
    }
  }
  legend_w = size.x - fs * 0.8f;
  legend_h = legend_rows(nullptr, {}, legend_w, entries, nullptr);
  // The x axis' label goes at the right end of the tick labels' row when it fits there.
  float ticks_end = 0;
  {
    float last = -1e30f;
    for (auto& [v, t] : xt) {
      const float w = ImGui::CalcTextSize(t.c_str()).x, x = std::clamp(sx(v) - w * 0.5f, p0.x, p0.x + size.x - w);
      if (x < last + fs * 0.5f) continue;
      last = x + w;
    }
    ticks_end = last;
  }
  xl_w = ImGui::CalcTextSize(spec.x.label.c_str()).x;
  // Inline when it fits after the tick labels, or when the plot is wide enough to give up the
  // tick labels under it (they are left out below).
  xl_inline = !spec.x.label.empty() && (ticks_end + fs * 0.8f + xl_w <= a1x || xl_w < (a1x - a0x) * 0.45f);
  const float bottom = fs * (spec.x.label.empty() || xl_inline ? 1.5f : 2.7f) + (legend_h > 0 ? legend_h + fs * 0.3f : 0.f);
  a0.y = p0.y + top;
  a1.y = p0.y + size.y - bottom;
}

}  // namespace

float plot_height(ImVec2 size, const Spec& spec, std::span<const Series> series, std::span<const Bars> bars) {
  const Geometry g({0, 0}, size, spec, series, bars);
  return g.a1.y - g.a0.y;
}

void plot(const char* id, ImVec2 size, const Spec& spec, std::span<const Series> series, std::span<const Bars> bars) {
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##chart", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  const ImVec2 p1{p0.x + size.x, p0.y + size.y};
  LayoutReport* rep = spec.report;
  dl->AddRectFilled(p0, p1, kBack, 4.f);
  Geometry g(p0, size, spec, series, bars);
  const Range& rx = g.rx;
  const Range& ry = g.ry;
  const auto& yt = g.yt;
  const auto& xt = g.xt;
  auto& entries = g.entries;
  const auto& placed = g.placed;
  const int label_rows = g.label_rows;
  const bool one_line = g.one_line, xl_inline = g.xl_inline;
  const float title_w = g.title_w, ylab_w = g.ylab_w, title_h = g.title_h, legend_w = g.legend_w, legend_h = g.legend_h,
              xl_w = g.xl_w;
  const ImVec2 a0 = g.a0, a1 = g.a1;
  auto sx = [&](double v) { return static_cast<float>(g.sxv(v)); };
  if (a1.x - a0.x < 20 || a1.y - a0.y < 20) {
    // Say so rather than draw a plot nobody can read.
    fit_text(nullptr, dl, {p0.x + fs * 0.3f, p0.y + fs * 0.2f}, size.x - fs * 0.6f, IM_COL32(110, 110, 110, 255),
             spec.title + ": too little room (enlarge the window, or fold the programme)", "chart");
    if (rep) rep->add("text", std::string("chart too small: ") + spec.title, p0, p1, true);
    ImGui::PopID();
    return;
  }
  if (rep) rep->add("plot", spec.title, a0, a1);
  auto sy = [&](double v) { return a1.y - static_cast<float>((v - ry.lo) / (ry.hi - ry.lo)) * (a1.y - a0.y); };

  if (one_line) {
    fit_text(rep, dl, {p0.x + fs * 0.3f, p0.y + fs * 0.2f}, title_w + 1, kText, spec.title, "chart title");
    fit_text(rep, dl, {p0.x + fs * 0.3f + title_w + fs * 1.2f, p0.y + fs * 0.2f}, ylab_w + 1, IM_COL32(70, 70, 70, 255),
             spec.y.label, "y axis");
  } else if (!spec.title.empty()) {
    const std::string t = shorten_to(spec.title, size.x - fs);
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    fit_text(rep, dl, {(p0.x + p1.x - ts.x) * 0.5f, p0.y + fs * 0.2f}, size.x - fs, kText, spec.title, "chart title");
  }
  if (!spec.y.label.empty() && !one_line)
    fit_text(rep, dl, {p0.x + fs * 0.3f, p0.y + title_h}, size.x - fs * 0.6f, IM_COL32(70, 70, 70, 255), spec.y.label,
             "y axis");
  // Grid, ticks, labels; a label that would overlap the one before is left out (its grid line stays).
  float last_y = 1e30f;
  for (auto& [v, s] : yt) {
    const float y = sy(v);
    dl->AddLine({a0.x, y}, {a1.x, y}, kGrid);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    if (last_y - y < ts.y * 1.05f) continue;
    dl->AddText({a0.x - ts.x - fs * 0.3f, y - ts.y * 0.5f}, kText, s.c_str());
    last_y = y;
  }
  float last_x = -1e30f;
  for (auto& [v, s] : xt) {
    const float x = sx(v);
    dl->AddLine({x, a0.y}, {x, a1.y}, kGrid);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    const float lx = std::clamp(x - ts.x * 0.5f, p0.x, p1.x - ts.x);
    if (lx < last_x + fs * 0.5f) continue;
    if (xl_inline && lx + ts.x > a1.x - xl_w - fs * 0.6f) continue;  // the axis' label is there
    dl->AddText({lx, a1.y + fs * 0.2f}, kText, s.c_str());
    last_x = lx + ts.x;
  }
  auto minor = [&](const Axis& a, const Range& r, bool is_x) {
    if (!a.log) return;
    for (double e = std::floor(r.lo); e <= r.hi; e += 1)
      for (int m = 2; m <= 9; ++m) {
        const double v = e + std::log10(m);
        if (v < r.lo || v > r.hi) continue;
        if (is_x) dl->AddLine({sx(v), a0.y}, {sx(v), a1.y}, kMinorGrid);
        else dl->AddLine({a0.x, sy(v)}, {a1.x, sy(v)}, kMinorGrid);
      }
  };
  minor(spec.x, rx, true);
  minor(spec.y, ry, false);
  dl->AddLine({a0.x, a1.y}, {a1.x, a1.y}, kAxis);
  dl->AddLine({a0.x, a0.y}, {a0.x, a1.y}, kAxis);
  if (xl_inline) {
    fit_text(rep, dl, {a1.x - xl_w, a1.y + fs * 0.2f}, xl_w + 1, IM_COL32(70, 70, 70, 255), spec.x.label, "x axis");
  } else if (!spec.x.label.empty()) {
    const std::string t = shorten_to(spec.x.label, size.x - fs);
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    fit_text(rep, dl, {std::max(p0.x + fs * 0.3f, (a0.x + a1.x - ts.x) * 0.5f), a1.y + fs * 1.3f}, size.x - fs, kText,
             spec.x.label, "x axis");
  }
  if (legend_h > 0) {
    const ImVec2 lo{p0.x + fs * 0.4f, a1.y + fs * (spec.x.label.empty() || xl_inline ? 1.5f : 2.7f)};
    legend_rows(dl, lo, legend_w, entries, rep);
    if (rep) rep->add("legend", spec.title + " legend", lo, {lo.x + legend_w, lo.y + legend_h});
  }
  // Event labels above the plot.
  for (const Placed& pl : placed) {
    const float y = a0.y - fs * 1.15f * (label_rows - pl.row) - fs * 0.1f;
    fit_text(rep, dl, {pl.x, y}, p1.x - pl.x - 2, pl.col, pl.text, "event label");
    dl->AddLine({pl.x - 3, y + fs * 0.9f}, {pl.x - 3, a0.y}, (pl.col & 0x00FFFFFFu) | 0x60000000u, 1.f);
  }

  dl->PushClipRect(a0, {a1.x + 1, a1.y + 1}, true);
  if (spec.zero_line && !spec.y.log && ry.lo < 0 && ry.hi > 0)
    dl->AddLine({a0.x, sy(0)}, {a1.x, sy(0)}, IM_COL32(0, 0, 0, 110), 1.5f);
  for (const Bars& b : bars) {
    const ImU32 fill = (b.color & 0x00FFFFFFu) | (static_cast<ImU32>(120) << 24);
    for (std::size_t i = 0; i + 1 < b.edges.size() && i < b.counts.size(); ++i) {
      if (!usable(spec.y, b.counts[i]) || !usable(spec.x, b.edges[i]) || !usable(spec.x, b.edges[i + 1])) continue;
      const float y0 = spec.y.log ? a1.y : sy(0);
      const ImVec2 q0{sx(to_axis(spec.x, b.edges[i])) + 1, sy(to_axis(spec.y, b.counts[i]))};
      const ImVec2 q1{sx(to_axis(spec.x, b.edges[i + 1])) - 1, y0};
      dl->AddRectFilled(q0, q1, fill);
      dl->AddRect(q0, q1, b.color);
    }
  }
  for (const Span& sp : spec.spans) {
    if (!usable(spec.x, sp.x0) || !usable(spec.x, sp.x1)) continue;
    const float x0 = sx(to_axis(spec.x, sp.x0)), x1 = sx(to_axis(spec.x, sp.x1));
    dl->AddRectFilled({x0, a0.y}, {x1, a1.y}, IM_COL32(120, 120, 120, 28));
  }
  for (const Marker& m : spec.markers) {
    if (!usable(spec.x, m.x)) continue;
    const float x = sx(to_axis(spec.x, m.x));
    dashed_polyline(dl, {{x, a0.y}, {x, a1.y}}, (m.color & 0x00FFFFFFu) | 0xC8000000u, 1.5f);
  }
  std::vector<ImVec2> pts;
  for (const Series& s : series) {
    pts.clear();
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
      if (usable(spec.x, s.x[i]) && usable(spec.y, s.y[i]))
        pts.push_back({sx(to_axis(spec.x, s.x[i])), sy(to_axis(spec.y, s.y[i]))});
    if (!s.points) thin_to_pixels(pts);
    if (s.points) {
      // A marker only where it would not overlap the last one drawn: dense series (the size
      // CCDF has up to 64 points an octave) look the same and cost far fewer triangles, which
      // is what a software renderer pays for.
      const float r = s.thickness + 1.5f, gap2 = (1.2f * r) * (1.2f * r);
      ImVec2 last{-1e9f, -1e9f};
      for (const ImVec2& p : pts) {
        const float dx = p.x - last.x, dy = p.y - last.y;
        if (dx * dx + dy * dy < gap2) continue;
        dl->AddCircleFilled(p, r * std::sqrt(spec.line_scale), s.color, 8);
        last = p;
      }
    } else if (s.dashed) {
      dashed_polyline(dl, pts, s.color, std::round(s.thickness * spec.line_scale));
    } else if (pts.size() > 1) {
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, ImDrawFlags_None, std::round(s.thickness * spec.line_scale));
    }
  }
  dl->PopClipRect();

  // Hover: a cursor line and the value of each series at the nearest x.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= a0.x && mouse.x <= a1.x && mouse.y >= a0.y && mouse.y <= a1.y) {
    const double xa = rx.lo + (mouse.x - a0.x) / (a1.x - a0.x) * (rx.hi - rx.lo);
    const double xv = spec.x.log ? std::pow(10.0, xa) : xa;
    dl->AddLine({mouse.x, a0.y}, {mouse.x, a1.y}, IM_COL32(0, 0, 0, 80));
    ImGui::BeginTooltip();
    ImGui::Text("%s %s", spec.x.label.empty() ? "x" : spec.x.label.c_str(), format_tick(xv, 1e-3).c_str());
    for (const Series& s : series) {
      if (s.x.empty() || s.points) continue;
      const auto it = std::lower_bound(s.x.begin(), s.x.end(), xv);
      std::size_t i = static_cast<std::size_t>(std::min<std::ptrdiff_t>(it - s.x.begin(), static_cast<std::ptrdiff_t>(s.x.size()) - 1));
      if (i > 0 && std::abs(s.x[i - 1] - xv) < std::abs(s.x[i] - xv)) --i;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s: %.4g", s.label.c_str(), s.y[i]);
    }
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

}  // namespace viz::chart
