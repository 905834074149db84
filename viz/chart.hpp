#pragma once
// A small chart module on ImDrawList (ImPlot is not packaged in Debian): line and scatter series,
// histograms as bars, linear or log axes with "nice" ticks, dashed series for a baseline
// overlay, vertical event markers and shaded spans, and a hover read-out. Everything around the
// plot area stays outside it: the title on one line (shortened at a word, never mid-word), the
// y axis' label with its unit above the axis, tick labels that never overlap, the event labels
// in rows above the plot (numbered when they do not fit, and listed in the legend), and the
// legend in a strip under the x axis.
#include <imgui.h>

#include "report.hpp"

#include <span>
#include <string>
#include <vector>

namespace viz::chart {

/// One line (or set of points) in data coordinates; x ascending for the hover read-out.
struct Series {
  std::string label;
  std::vector<double> x, y;
  ImU32 color = IM_COL32(31, 119, 180, 255);
  float thickness = 2.f;
  bool dashed = false;   ///< drawn dashed (baseline overlay)
  bool points = false;   ///< markers instead of a line
};

/// Bars over bins [edges[i], edges[i+1]) with heights `counts[i]`; several sets overlay.
struct Bars {
  std::string label;
  std::vector<double> edges, counts;
  ImU32 color = IM_COL32(31, 119, 180, 255);
};

struct Axis {
  std::string label;
  bool log = false;
  bool include_zero = false;  ///< extend a fitted linear range to 0
  double lo = 0, hi = 0;      ///< fixed range when lo < hi, else fitted to the data
};

/// A vertical line at x with a short label (lever change, shock).
struct Marker {
  double x = 0;
  std::string text;
  ImU32 color = IM_COL32(180, 30, 30, 255);  ///< line and label (red: a change made; blue: a programme phase)
};

/// A shaded band from x0 to x1 with a label (a shock while it lasts).
struct Span {
  double x0 = 0, x1 = 0;
  std::string text;
};

struct Spec {
  std::string title;
  Axis x, y;
  std::vector<Marker> markers;
  std::vector<Span> spans;
  bool zero_line = false;  ///< a horizontal line at y = 0 (difference charts)
  std::vector<std::pair<std::string, ImU32>> notes;  ///< extra legend entries (text, colour of a dash)
  std::vector<std::pair<std::string, ImU32>> marker_notes;  ///< legend entries keyed by a marker's tick
  float line_scale = 1;    ///< multiplies line widths (presentation)
  LayoutReport* report = nullptr;  ///< where the plot, legend and texts are reported (may be null)
};

/// Height of the plot area (the data) of a chart of `size`: what is left by the title, axes,
/// event labels and legend. For choosing sizes that leave room for the data.
float plot_height(ImVec2 size, const Spec& spec, std::span<const Series> series, std::span<const Bars> bars = {});

/// Draws a chart filling `size` at the cursor (an item of that size). Empty series are skipped.
void plot(const char* id, ImVec2 size, const Spec& spec, std::span<const Series> series,
          std::span<const Bars> bars = {});

/// A qualitative palette (Tableau 10), index taken modulo 10.
ImU32 palette(int i, int alpha = 255);

/// Formats a number compactly for ticks (12k, 1.5M, 0.25).
std::string format_tick(double v, double step);

}  // namespace viz::chart
