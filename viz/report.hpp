#pragma once
// What the layout reports for tests (`--layout-report FILE`): rectangles of map data areas, plot
// areas, legend boxes and texts, with whether a text had to be cut or a panel's content did not
// fit; and the one way texts are shortened to fit a width (at a word boundary, never mid-word).
#include <imgui.h>

#include <string>
#include <vector>

namespace viz {

struct LayoutReport {
  struct Item {
    std::string kind;        ///< map, plot, legend, text, panel, narrative
    std::string name;
    ImVec2 min, max;
    bool clipped = false;    ///< text: not even its first word fits; panel: content larger than it
  };
  bool on = false;
  std::vector<Item> items;
  void add(const char* kind, std::string name, ImVec2 a, ImVec2 b, bool clipped = false) {
    if (on) items.push_back({kind, std::move(name), a, b, clipped});
  }
};

/// The text whole when it fits `max_w` px in the current font, else its longest prefix ending at
/// a word boundary followed by an ellipsis; "" when not even the first word fits.
std::string shorten_to(const std::string& text, float max_w);

/// Draws `text` at `a` within `max_w` px (shortened by shorten_to) and reports it as a text item
/// (clipped when nothing fits). Returns the width drawn. `report` may be null.
float fit_text(LayoutReport* report, ImDrawList* dl, ImVec2 a, float max_w, ImU32 col, const std::string& text,
               const char* name);

}  // namespace viz
