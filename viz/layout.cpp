// The window layout: a menu bar, the controls column on the left (resizable, collapsible), then
// the maps with their legend beside or below them, never over them, the charts, and the
// programme strip at the foot (collapsible). Single run: the map beside the charts. A/B: the two
// maps side by side over one shared legend, the charts below. Sizes follow the window and the
// text size setting; the splitters between the panels move with the mouse.
#include <imgui_internal.h>  // the window's content extent, to report text that does not fit

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app.hpp"

namespace viz {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoTitleBar;

// Map and chart windows skip the window background: the glClear colour is the same and a
// software renderer (Xvfb) is bound by the pixels it fills.
constexpr ImGuiWindowFlags kOwnBackground = ImGuiWindowFlags_NoBackground;

bool begin_fixed(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  return ImGui::Begin(name, nullptr, kFixed | extra);
}

// Reports the window and whether its content ran past its right edge (clipped: ImGui windows
// do not scroll sideways here) or past its foot without a scroll bar.
void report_overflow(App& app, const char* name, bool scrolls) {
  if (app.report.on) {
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    const ImRect r = w->InnerRect;
    const bool wide = w->DC.CursorMaxPos.x > w->InnerClipRect.Max.x + 1.5f;
    const bool tall = !scrolls && w->DC.CursorMaxPos.y > r.Max.y + 1.5f;
    char why[96] = "";
    if (wide || tall)
      std::snprintf(why, sizeof why, " (content to %.0f, %.0f; room to %.0f, %.0f)", w->DC.CursorMaxPos.x, w->DC.CursorMaxPos.y,
                    w->InnerClipRect.Max.x, r.Max.y);
    app.report.add("panel", std::string(name) + why, r.Min, r.Max, wide || tall);
  }
}

void end_fixed(App& app, const char* name, bool scrolls) {
  report_overflow(app, name, scrolls);
  ImGui::End();
}

// A splitter in the gap between two panels: drag to move the boundary by `delta` (px).
bool splitter(const char* id, ImVec2 pos, ImVec2 size, bool vertical, float& delta) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, {1, 1});
  ImGui::Begin(id, nullptr, kFixed | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
  ImGui::InvisibleButton("##split", size);
  const bool active = ImGui::IsItemActive();
  if (ImGui::IsItemHovered() || active) {
    ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    ImGui::GetWindowDrawList()->AddRectFilled(pos, {pos.x + size.x, pos.y + size.y}, IM_COL32(90, 120, 170, 120));
  }
  delta = active ? (vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y) : 0.f;
  ImGui::End();
  ImGui::PopStyleVar(2);
  return delta != 0;
}

void text_size_menu(App& app) {
  LayoutState& L = app.layout;
  if (!ImGui::BeginMenu("Text size")) return;
  for (int pct : {80, 90, 100, 115, 130, 150, 175})
    if (ImGui::MenuItem((std::to_string(pct) + " %").c_str(), nullptr, L.text_pct == pct)) L.text_pct = pct;
  ImGui::EndMenu();
}

void menu_bar(App& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.6f, 1), "ClusterSim");
  scenario_menu(app);
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Trainer mode (narrative, larger text)", nullptr, &app.trainer);
    if (ImGui::MenuItem("Presentation (projector: large text, thick lines)", nullptr, &app.layout.presentation) &&
        app.layout.presentation)
      app.layout.programme_open = false;  // the maps and charts get the room; the strip unfolds with its arrow
    text_size_menu(app);
    ImGui::Separator();
    bool ab = app.view->ab;
    if (ImGui::MenuItem("A/B: baseline vs policy", nullptr, &ab)) app.runner->send(cmd::SetAB{ab});
    ImGui::MenuItem("Controls column", nullptr, &app.layout.sidebar_open);
    ImGui::MenuItem("Programme panel", nullptr, &app.programme.show);
    ImGui::MenuItem("Trust links on map", nullptr, &app.map_a.links);
    ImGui::MenuItem("Institutions on map (CFC, BDS, association, CDA)", nullptr, &app.map_a.institutions);
    ImGui::EndMenu();
  }
  ImGui::Separator();
  char fps[48];
  std::snprintf(fps, sizeof fps, "%.0f fps", ImGui::GetIO().Framerate);
  const float fs = ImGui::GetFontSize(), fps_w = ImGui::CalcTextSize(fps).x + fs;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float room = ImGui::GetWindowWidth() - fps_w - ImGui::GetCursorPosX() - fs;
  fit_text(app, ImGui::GetWindowDrawList(), {at.x, at.y + ImGui::GetStyle().FramePadding.y}, room,
           ImGui::GetColorU32(ImGuiCol_Text), app.view->message, "status message");
  ImGui::SameLine(ImGui::GetWindowWidth() - fps_w);
  ImGui::TextDisabled("%s", fps);
  ImGui::EndMainMenuBar();
}

// Adds the CPU time of its scope to one of App::times' counters.
struct Timed {
  double& into;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  ~Timed() { into += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
};

void sidebar(App& app, ImVec2 pos, ImVec2 size) {
  if (begin_fixed("Controls", pos, size)) {
    if (ImGui::SmallButton("<< hide")) app.layout.sidebar_open = false;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fold the controls column (View > Controls column brings it back)");
    // Trainer mode: run control, then the story and its presets, where they are read without
    // scrolling; the levers and events folded under them.
    if (app.trainer) {
      run_panel(app, true);
      ImGui::Spacing();
      const float y0 = ImGui::GetCursorScreenPos().y;
      narrative_panel(app);
      const float y1 = ImGui::GetCursorScreenPos().y;
      app.report.add("narrative", "narrative and presets", {pos.x, y0}, {pos.x + size.x, y1}, y1 > pos.y + size.y);
      ImGui::Spacing();
    }
    if (!app.trainer) controls_panel(app);
    else if (ImGui::CollapsingHeader("Speed, seed, A/B, levers and class events")) {
      run_settings(app);
      levers_panel(app);
    }
    ImGui::Spacing();
    const bool open_params = !app.trainer && !app.layout.presentation;
    if (ImGui::CollapsingHeader("Scenario parameters", open_params ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
      ImGui::BeginChild("params", {0, std::max(ImGui::GetContentRegionAvail().y, ImGui::GetFontSize() * 12)}, false);
      parameters_panel(app);
      report_overflow(app, "scenario parameters", true);
      ImGui::EndChild();
    }
  }
  end_fixed(app, "controls", true);
}

}  // namespace

float wanted_font_size(const App& app, ImVec2 window) {
  const float k = std::clamp(std::min(window.x / 1600.f, window.y / 900.f), 0.7f, 2.5f);
  return 17.f * k * app.layout.text_pct / 100.f * (app.layout.presentation ? 1.35f : 1.f) * (app.trainer ? 1.2f : 1.f);
}

ImFont* font_scaled(const App& app, float factor) {
  const float want = ImGui::GetFontSize() * factor;
  std::size_t best = 0;
  for (std::size_t k = 1; k < app.fonts.size(); ++k)
    if (std::abs(kFontSizes[k] - want) < std::abs(kFontSizes[best] - want)) best = k;
  return app.fonts.empty() ? ImGui::GetFont() : app.fonts[best];
}

std::string shorten_to(const std::string& text, float max_w) {
  if (ImGui::CalcTextSize(text.c_str()).x <= max_w) return text;
  // Cut at the last space before which the text and an ellipsis fit.
  const std::string ell = "\xE2\x80\xA6";
  std::size_t best = std::string::npos;
  for (std::size_t k = text.find(' '); k != std::string::npos; k = text.find(' ', k + 1)) {
    std::size_t end = k;
    while (end > 0 && (text[end - 1] == ',' || text[end - 1] == ':' || text[end - 1] == '(' || text[end - 1] == ' ')) --end;
    if (end == 0) continue;
    if (ImGui::CalcTextSize((text.substr(0, end) + ell).c_str()).x <= max_w) best = end;
    else break;
  }
  return best == std::string::npos ? std::string() : text.substr(0, best) + ell;
}

float fit_text(LayoutReport* report, ImDrawList* dl, ImVec2 a, float max_w, ImU32 col, const std::string& text,
               const char* name) {
  if (text.empty()) return 0;
  const std::string s = shorten_to(text, max_w);
  const float fs = ImGui::GetFontSize();
  if (s.empty()) {
    if (report) report->add("text", std::string(name) + ": " + text, a, {a.x + std::max(0.f, max_w), a.y + fs}, true);
    return 0;
  }
  const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
  dl->AddText(a, col, s.c_str());
  if (report) report->add("text", std::string(name) + ": " + s, a, {a.x + ts.x, a.y + ts.y}, false);
  return ts.x;
}

void draw_ui(App& app) {
  UiTimes& tm = app.times;
  LayoutState& L = app.layout;
  app.report.items.clear();
  {
    Timed t{tm.other};
    menu_bar(app);
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 o = vp->WorkPos, s = vp->WorkSize;
  const float fs = ImGui::GetFontSize();
  const float gap = std::max(5.f, std::round(fs * 0.35f));
  const View& v = *app.view;

  // The controls column: a share of the width, within what its widgets need and half the window.
  float left = 0;
  if (L.sidebar_open) {
    const float lo = fs * (app.trainer ? 22.f : 16.f), hi = s.x * 0.45f;
    left = std::clamp(s.x * L.sidebar, std::min(lo, hi), hi);
    Timed t{tm.controls};
    sidebar(app, o, {left, s.y});
    float d;
    if (splitter("##split_side", {o.x + left, o.y}, {gap, s.y}, true, d)) L.sidebar = std::clamp((left + d) / s.x, 0.1f, 0.45f);
    left += gap;
  } else {
    if (begin_fixed("##show_side", o, {fs * 2.2f, s.y}, ImGuiWindowFlags_NoScrollbar)) {
      if (ImGui::Button(">>", {-1, fs * 2})) L.sidebar_open = true;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the controls column");
    }
    ImGui::End();
    left = fs * 2.2f;
  }

  const float rx = o.x + left, rw = s.x - left;
  // The programme strip at the foot: all its rows when they fit in a third of the height, else a
  // scroll bar; folded to its header line.
  float prog_h = 0;
  if (app.programme.show) {
    const float want = L.programme_open ? programme_panel_height(app) : fs * 2.4f;
    prog_h = std::min(want, s.y * (app.trainer ? 0.24f : v.baseline ? 0.27f : 0.3f));
  }
  const float body_h = s.y - prog_h - (prog_h > 0 ? gap : 0);
  if (prog_h > 0) {
    Timed t{tm.programme};
    if (begin_fixed("Programme", {rx, o.y + body_h + gap}, {rw, prog_h}, ImGuiWindowFlags_NoScrollbar))
      programme_panel(app);
    end_fixed(app, "programme", false);
  }

  if (v.baseline) {
    // Two maps side by side and one legend (one colour scale) beside them when the maps are
    // wider than tall, else under both; the charts below.
    const ImVec2 pad = ImGui::GetStyle().WindowPadding;
    const float min_maps = fs * 10, min_charts = fs * 13 + ImGui::GetFrameHeightWithSpacing() + gap;
    const float max_maps = std::max(body_h - min_charts, body_h * 0.3f);
    float maps_h = std::clamp(body_h * L.maps, std::min(min_maps, body_h * 0.5f), max_maps);
    // Beside: the maps are wider than tall, so the legend's column costs them little; the maps
    // grow to the legend's height if need be. Below: the legend takes from the charts first.
    const float side_w = std::clamp(fs * 17, rw * 0.17f, rw * 0.3f);
    const float side_h = map_legend(app, side_w - 2 * pad.x, true) + 2 * pad.y;
    const bool beside = (rw - side_w - 2 * gap) * 0.5f >= (maps_h - fs * 1.5f) * 0.9f &&
                        side_h <= std::max(max_maps, body_h * 0.62f);
    float legend_h = 0, map_h = maps_h;
    if (beside) {
      maps_h = legend_h = map_h = std::max(maps_h, side_h);
    } else {
      // The maps keep at least a third of the height; the charts give way first.
      legend_h = map_legend(app, rw - 2 * pad.x, true) + 2 * pad.y;
      maps_h = std::min(maps_h + legend_h, std::max(max_maps, body_h * 0.34f + legend_h));
      map_h = std::max(body_h * 0.34f, maps_h - legend_h);
      maps_h = std::min(map_h + legend_h, body_h - fs * 4);
    }
    const float maps_w = beside ? rw - side_w - gap : rw;
    const float half = (maps_w - gap) * 0.5f;
    app.map_b.colour = app.map_a.colour;  // one colour choice for both maps
    app.map_b.links = app.map_a.links;
    app.map_b.institutions = app.map_a.institutions;
    app.map_b.zoom = app.map_a.zoom, app.map_b.pan_x = app.map_a.pan_x, app.map_b.pan_y = app.map_a.pan_y;
    app.map_b.cluster = app.map_a.cluster;
    if (begin_fixed("A: baseline", {rx, o.y}, {half, map_h}, kOwnBackground | ImGuiWindowFlags_NoScrollbar)) {
      Timed t{tm.maps};
      map_panel("map_a", app, *v.baseline, app.map_a, "A: baseline (no programme)", 0);
    }
    end_fixed(app, "map A", false);
    if (begin_fixed("B: policy", {rx + half + gap, o.y}, {half, map_h}, kOwnBackground | ImGuiWindowFlags_NoScrollbar)) {
      Timed t{tm.maps};
      map_panel("map_b", app, *v.policy, app.map_b, "B: policy", 0);
    }
    end_fixed(app, "map B", false);
    // The map B panel takes the edits of this frame (A is drawn first).
    app.map_a.zoom = app.map_b.zoom, app.map_a.pan_x = app.map_b.pan_x, app.map_a.pan_y = app.map_b.pan_y;
    const ImVec2 lpos = beside ? ImVec2{rx + maps_w + gap, o.y} : ImVec2{rx, o.y + map_h};
    if (begin_fixed("Legend", lpos, {beside ? side_w : rw, legend_h}, ImGuiWindowFlags_NoScrollbar)) {
      Timed t{tm.maps};
      map_legend(app, ImGui::GetContentRegionAvail().x, false);
    }
    end_fixed(app, "map legend", false);
    float d;
    if (splitter("##split_maps", {rx, o.y + maps_h}, {rw, gap}, false, d)) L.maps = std::clamp((maps_h + d) / body_h, 0.2f, 0.8f);
    if (begin_fixed("Charts", {rx, o.y + maps_h + gap}, {rw, body_h - maps_h - gap}, kOwnBackground | ImGuiWindowFlags_NoScrollbar)) {
      Timed t{tm.charts};
      charts_panel(app);
    }
    end_fixed(app, "charts", false);
  } else {
    // The map beside the charts, its legend at its foot.
    const float min_map = fs * 14, min_charts = fs * 22;
    const float map_w = std::clamp(rw * L.maps, std::min(min_map, rw * 0.5f), std::max(rw - min_charts, rw * 0.3f));
    if (begin_fixed("Map", {rx, o.y}, {map_w, body_h}, kOwnBackground | ImGuiWindowFlags_NoScrollbar)) {
      Timed t{tm.maps};
      const float lw = ImGui::GetContentRegionAvail().x;
      const float legend_h = map_legend(app, lw, true);
      map_panel("map", app, *v.policy, app.map_a, "Cluster map", legend_h + ImGui::GetStyle().ItemSpacing.y);
      map_legend(app, lw, false);
    }
    end_fixed(app, "map", false);
    float d;
    if (splitter("##split_map", {rx + map_w, o.y}, {gap, body_h}, true, d)) L.maps = std::clamp((map_w + d) / rw, 0.2f, 0.8f);
    if (begin_fixed("Charts", {rx + map_w + gap, o.y}, {rw - map_w - gap, body_h}, kOwnBackground | ImGuiWindowFlags_NoScrollbar)) {
      Timed t{tm.charts};
      charts_panel(app);
    }
    end_fixed(app, "charts", false);
  }
  Timed t{tm.other};
  inspector_window(app);
  error_window(app);
}

}  // namespace viz
