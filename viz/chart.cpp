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

void plot(const char* id, ImVec2 size, const Spec& spec, std::span<const Series> series, std::span<const Bars> bars) {
  ImGui::PushID(id);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##chart", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  const ImVec2 p1{p0.x + size.x, p0.y + size.y};
  dl->AddRectFilled(p0, p1, kBack, 4.f);

  const Range rx = fit(spec.x, true, series, bars);
  const Range ry = fit(spec.y, false, series, bars);
  // Tick labels decide the left margin.
  std::vector<std::pair<double, std::string>> yt, xt;
  auto make_ticks = [](const Axis& a, const Range& r, int target, auto& out) {
    if (a.log) {
      for (double e = std::ceil(r.lo - 1e-9); e <= r.hi + 1e-9; e += 1)
        out.push_back({e, format_tick(std::pow(10.0, e), std::pow(10.0, e))});
    } else {
      const double st = nice_step(r.hi - r.lo, target);
      for (double v = std::ceil(r.lo / st) * st; v <= r.hi + st * 1e-6; v += st)
        out.push_back({v, format_tick(std::abs(v) < st * 1e-6 ? 0 : v, st)});
    }
  };
  make_ticks(spec.y, ry, std::max(2, static_cast<int>(size.y / (fs * 3.2f))), yt);
  make_ticks(spec.x, rx, std::max(2, static_cast<int>(size.x / (fs * 6.f))), xt);
  float label_w = 0;
  for (auto& t : yt) label_w = std::max(label_w, ImGui::CalcTextSize(t.second.c_str()).x);

  const float top = (spec.title.empty() ? fs * 0.6f : fs * 1.7f) + (spec.y.label.empty() ? 0 : fs * 1.2f);
  const ImVec2 a0{p0.x + label_w + fs * (spec.y.label.empty() ? 0.8f : 2.0f), p0.y + top};
  const ImVec2 a1{p1.x - fs * 0.8f, p1.y - fs * (spec.x.label.empty() ? 1.6f : 2.8f)};
  if (a1.x - a0.x < 20 || a1.y - a0.y < 20) {
    ImGui::PopID();
    return;
  }
  auto sx = [&](double v) { return a0.x + static_cast<float>((v - rx.lo) / (rx.hi - rx.lo)) * (a1.x - a0.x); };
  auto sy = [&](double v) { return a1.y - static_cast<float>((v - ry.lo) / (ry.hi - ry.lo)) * (a1.y - a0.y); };

  if (!spec.title.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(spec.title.c_str());
    dl->AddText({(p0.x + p1.x - ts.x) * 0.5f, p0.y + fs * 0.3f}, kText, spec.title.c_str());
  }
  // Grid, ticks, labels.
  for (auto& [v, s] : yt) {
    const float y = sy(v);
    dl->AddLine({a0.x, y}, {a1.x, y}, kGrid);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    dl->AddText({a0.x - ts.x - fs * 0.3f, y - ts.y * 0.5f}, kText, s.c_str());
  }
  for (auto& [v, s] : xt) {
    const float x = sx(v);
    dl->AddLine({x, a0.y}, {x, a1.y}, kGrid);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    dl->AddText({x - ts.x * 0.5f, a1.y + fs * 0.2f}, kText, s.c_str());
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
  if (!spec.x.label.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(spec.x.label.c_str());
    dl->AddText({(a0.x + a1.x - ts.x) * 0.5f, a1.y + fs * 1.35f}, kText, spec.x.label.c_str());
  }
  if (!spec.y.label.empty()) {
    // Vertical text is not available in ImGui 1.86: stack the y label above the axis.
    dl->AddText({p0.x + fs * 0.3f, p0.y + top - fs * 1.25f}, IM_COL32(90, 90, 90, 255), spec.y.label.c_str());
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
  for (std::size_t k = 0; k < spec.spans.size(); ++k) {
    const Span& sp = spec.spans[k];
    if (!usable(spec.x, sp.x0) || !usable(spec.x, sp.x1)) continue;
    const float x0 = sx(to_axis(spec.x, sp.x0)), x1 = sx(to_axis(spec.x, sp.x1));
    dl->AddRectFilled({x0, a0.y}, {x1, a1.y}, IM_COL32(120, 120, 120, 28));
    dl->AddText({x0 + 3, a1.y - fs * (1.2f + 1.1f * (k % 2))}, IM_COL32(90, 90, 90, 255), sp.text.c_str());
  }
  for (const Marker& m : spec.markers) {
    if (!usable(spec.x, m.x)) continue;
    const float x = sx(to_axis(spec.x, m.x));
    dashed_polyline(dl, {{x, a0.y}, {x, a1.y}}, IM_COL32(180, 30, 30, 200), 1.5f);
    dl->AddText({x + 3, a0.y + 2}, IM_COL32(160, 20, 20, 255), m.text.c_str());
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
        dl->AddCircleFilled(p, r, s.color, 8);
        last = p;
      }
    } else if (s.dashed) {
      dashed_polyline(dl, pts, s.color, s.thickness);
    } else if (pts.size() > 1) {
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, ImDrawFlags_None, s.thickness);
    }
  }
  dl->PopClipRect();

  // Legend: a box in the top-left corner of the plot area.
  std::vector<std::pair<std::string, std::pair<ImU32, int>>> entries;  // label, colour, kind
  for (const Series& s : series)
    if (!s.label.empty()) entries.push_back({s.label, {s.color, s.points ? 2 : s.dashed ? 1 : 0}});
  for (const Bars& b : bars)
    if (!b.label.empty()) entries.push_back({b.label, {b.color, 3}});
  if (!entries.empty()) {
    float w = 0;
    for (auto& e : entries) w = std::max(w, ImGui::CalcTextSize(e.first.c_str()).x);
    const float lh = fs * 1.15f, sw = fs * 1.6f;
    const ImVec2 l0{a0.x + fs * 0.5f, a0.y + fs * 0.4f};
    const ImVec2 l1{l0.x + w + sw + fs * 0.9f, l0.y + lh * entries.size() + fs * 0.4f};
    dl->AddRectFilled(l0, l1, IM_COL32(255, 255, 255, 215), 3.f);
    dl->AddRect(l0, l1, IM_COL32(0, 0, 0, 50), 3.f);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const float y = l0.y + fs * 0.2f + lh * i + lh * 0.5f;
      const ImVec2 s0{l0.x + fs * 0.3f, y}, s1{l0.x + fs * 0.3f + sw, y};
      const auto [col, kind] = entries[i].second;
      if (kind == 1) dashed_polyline(dl, {s0, s1}, col, 2.5f);
      else if (kind == 2) dl->AddCircleFilled({(s0.x + s1.x) * 0.5f, y}, fs * 0.25f, col);
      else if (kind == 3) dl->AddRectFilled({s0.x, y - fs * 0.3f}, {s1.x, y + fs * 0.3f}, col);
      else dl->AddLine(s0, s1, col, 3.f);
      dl->AddText({s1.x + fs * 0.4f, y - fs * 0.5f}, kText, entries[i].first.c_str());
    }
  }

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
