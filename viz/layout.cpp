// The window layout: a menu bar, the controls column on the left, then the map and the charts
// (one map and a chart column; in A/B mode two maps side by side above a row of charts).
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "app.hpp"

namespace viz {

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

// Map and chart windows skip the window background: the glClear colour is the same and a
// software renderer (Xvfb) is bound by the pixels it fills.
constexpr ImGuiWindowFlags kOwnBackground = ImGuiWindowFlags_NoBackground;

bool begin_fixed(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  return ImGui::Begin(name, nullptr, kFixed | extra);
}

void menu_bar(App& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.6f, 1), "ClusterSim");
  scenario_menu(app);
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Trainer mode (large text, narrative)", nullptr, &app.trainer);
    bool ab = app.view->ab;
    if (ImGui::MenuItem("A/B: baseline vs policy", nullptr, &ab)) app.runner->send(cmd::SetAB{ab});
    ImGui::MenuItem("Trust links on map", nullptr, &app.map_a.links);
    ImGui::MenuItem("Institutions on map (CFC, BDS, association, CDA)", nullptr, &app.map_a.institutions);
    ImGui::MenuItem("Programme panel", nullptr, &app.programme.show);
    ImGui::EndMenu();
  }
  ImGui::Separator();
  ImGui::TextUnformatted(app.view->message.c_str());
  char fps[48];
  std::snprintf(fps, sizeof fps, "%.0f fps", ImGui::GetIO().Framerate);
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(fps).x - ImGui::GetFontSize());
  ImGui::TextDisabled("%s", fps);
  ImGui::EndMainMenuBar();
}

// Adds the CPU time of its scope to one of App::times' counters.
struct Timed {
  double& into;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  ~Timed() { into += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
};

}  // namespace

void draw_ui(App& app) {
  UiTimes& tm = app.times;
  {
    Timed t{tm.other};
    menu_bar(app);
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 o = vp->WorkPos, s = vp->WorkSize;
  const float fs = ImGui::GetFontSize();
  const float left = std::min(std::max(s.x * 0.23f, fs * 20), s.x * 0.32f);
  const View& v = *app.view;

  if (Timed t{tm.controls}; begin_fixed("Controls", o, {left, s.y}, ImGuiWindowFlags_NoTitleBar)) {
    controls_panel(app);
    ImGui::Spacing();
    if (app.trainer && ImGui::CollapsingHeader("About this scenario", ImGuiTreeNodeFlags_DefaultOpen))
      narrative_panel(app);
    if (ImGui::CollapsingHeader("Scenario parameters", app.trainer ? 0 : ImGuiTreeNodeFlags_DefaultOpen)) {
      ImGui::BeginChild("params", {0, 0}, false);
      parameters_panel(app);
      ImGui::EndChild();
    }
  }
  ImGui::End();

  const float rx = o.x + left, rw = s.x - left;
  // The programme strip: under the maps in A/B mode, at the foot of the map and charts else.
  const float prog_h = app.programme.show ? std::min(programme_panel_height(app), s.y * (v.baseline ? 0.27f : 0.3f)) : 0.f;
  auto programme_strip = [&](float y) {
    if (prog_h <= 0) return;
    Timed t{tm.programme};
    if (begin_fixed("Programme", {rx, y}, {rw, prog_h}, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar))
      programme_panel(app);
    ImGui::End();
  };
  if (v.baseline) {
    const float map_h = s.y * (prog_h > 0 ? 0.45f : 0.56f);
    if (begin_fixed("A: baseline", {rx, o.y}, {rw * 0.5f, map_h}, ImGuiWindowFlags_NoTitleBar | kOwnBackground)) {
      Timed t{tm.maps};
      map_panel("map_a", app, *v.baseline, app.map_a, "A: baseline (no programme)");
    }
    ImGui::End();
    app.map_b.colour = app.map_a.colour;  // one colour choice for both maps
    app.map_b.links = app.map_a.links;
    app.map_b.institutions = app.map_a.institutions;
    app.map_b.zoom = app.map_a.zoom, app.map_b.pan_x = app.map_a.pan_x, app.map_b.pan_y = app.map_a.pan_y;
    if (begin_fixed("B: policy", {rx + rw * 0.5f, o.y}, {rw * 0.5f, map_h}, ImGuiWindowFlags_NoTitleBar | kOwnBackground)) {
      Timed t{tm.maps};
      map_panel("map_b", app, *v.policy, app.map_b, "B: policy");
    }
    ImGui::End();
    app.map_a.colour = app.map_b.colour;
    app.map_a.links = app.map_b.links;
    app.map_a.institutions = app.map_b.institutions;
    app.map_a.zoom = app.map_b.zoom, app.map_a.pan_x = app.map_b.pan_x, app.map_a.pan_y = app.map_b.pan_y;
    programme_strip(o.y + map_h);
    if (begin_fixed("Charts", {rx, o.y + map_h + prog_h}, {rw, s.y - map_h - prog_h}, ImGuiWindowFlags_NoTitleBar | kOwnBackground)) {
      Timed t{tm.charts};
      charts_panel(app, true);
    }
    ImGui::End();
  } else {
    const float h = s.y - prog_h;
    const float map_w = std::min(rw * 0.5f, h + fs * 2);
    if (begin_fixed("Map", {rx, o.y}, {map_w, h}, ImGuiWindowFlags_NoTitleBar | kOwnBackground)) {
      Timed t{tm.maps};
      map_panel("map", app, *v.policy, app.map_a, "Cluster map");
    }
    ImGui::End();
    if (begin_fixed("Charts", {rx + map_w, o.y}, {rw - map_w, h}, ImGuiWindowFlags_NoTitleBar | kOwnBackground)) {
      Timed t{tm.charts};
      charts_panel(app, false);
    }
    ImGui::End();
    programme_strip(o.y + h);
  }
  Timed t{tm.other};
  inspector_window(app);
  error_window(app);
}

}  // namespace viz
