// Scenarios: open (errors shown in the window, never a crash), save as TOML, narratives and
// presets for trainers, and the export of the run in the format of timeseries.csv.
#include <imgui.h>
#include <imgui_stdlib.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "app.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"

namespace viz {

namespace fs = std::filesystem;

namespace {

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

// viz/narratives beside the working directory, else beside the source tree.
fs::path narratives_dir() {
  if (fs::is_directory("viz/narratives")) return "viz/narratives";
  return fs::path(CLUSTERSIM_SOURCE_DIR) / "viz" / "narratives";
}

std::string text_value(const toml::node& n) {
  if (auto s = n.value<std::string>()) return *s;
  if (auto d = n.value<double>()) {
    char b[40];
    std::snprintf(b, sizeof b, "%.9g", *d);
    return b;
  }
  if (auto i = n.value<std::int64_t>()) return std::to_string(*i);
  return "";
}

}  // namespace

Narrative load_narrative(const std::string& scenario_path) {
  Narrative n;
  const fs::path file = narratives_dir() / (stem_of(scenario_path) + ".toml");
  if (!fs::exists(file)) return n;
  try {
    const toml::table t = toml::parse_file(file.string());
    n.title = t["title"].value_or(std::string{});
    n.text = t["text"].value_or(std::string{});
    if (const toml::array* ps = t["preset"].as_array()) {
      for (const toml::node& node : *ps) {
        const toml::table* pt = node.as_table();
        if (!pt) continue;
        Preset p;
        p.name = (*pt)["name"].value_or(std::string{"preset"});
        p.note = (*pt)["note"].value_or(std::string{});
        p.guarantee = (*pt)["guarantee"].value_or(-1.0);
        p.subsidy = (*pt)["subsidy"].value_or(-1.0);
        if (const toml::table* set = (*pt)["set"].as_table())
          for (const auto& [k, v] : *set) p.set.push_back({std::string(k.str()), text_value(v)});
        if (const toml::table* sh = (*pt)["shock"].as_table()) {
          p.shock_kind = (*sh)["kind"].value_or(std::string{"demand"});
          p.shock_months = (*sh)["months"].value_or(12);
          p.shock_size = (*sh)["size"].value_or(0.0);
        }
        p.month = (*pt)["month"].value_or(-1);
        n.presets.push_back(std::move(p));
      }
    }
  } catch (const std::exception& e) {
    n.title = "Narrative";
    n.text = std::string("Could not read ") + file.string() + ": " + e.what();
  }
  return n;
}

void open_scenario(App& app, const std::string& path) {
  try {
    cs::Params p = cs::load_params(path);
    ControlState& c = app.controls;
    c.edit = p;
    c.guarantee = static_cast<float>(p.finance.guarantee_cover);
    c.subsidy = 0;
    c.seed = static_cast<int>(p.run.seed);
    const std::string name = p.clusters.front().name + "  (" + fs::path(path).filename().string() + ")";
    app.runner->send(cmd::Load{std::move(p), name});
    app.scenario_path = path;
    app.narrative = load_narrative(path);
    app.inspect_uid = cs::kNoUid;
    app.scenario.error_title.clear();
  } catch (const cs::ConfigError& e) {
    app.scenario.error_title = "Cannot open " + path;
    app.scenario.errors.clear();
    for (const auto& issue : e.issues()) app.scenario.errors.push_back(issue.to_string());
  } catch (const std::exception& e) {
    app.scenario.error_title = "Cannot open " + path;
    app.scenario.errors = {e.what()};
  }
}

void apply_preset(App& app, const Preset& p) {
  ControlState& c = app.controls;
  // A jump back in time restarts the run (same seed, edits kept) before anything else is set.
  const int now = app.view && app.view->policy ? app.view->policy->step : 0;
  if (p.month >= 0 && p.month < now) app.runner->send(cmd::Reset{});
  for (const auto& [path, value] : p.set) {
    try {
      cs::apply_override(c.edit, path, value);
      app.runner->send(cmd::SetParam{path, value});
    } catch (const std::exception& e) {
      app.scenario.error_title = "Preset " + p.name;
      app.scenario.errors = {e.what()};
    }
  }
  if (p.guarantee >= 0 || p.subsidy >= 0) {
    if (p.guarantee >= 0) c.guarantee = static_cast<float>(p.guarantee);
    if (p.subsidy >= 0) c.subsidy = static_cast<float>(p.subsidy);
    c.edit.finance.guarantee_cover = c.guarantee;
    app.runner->send(cmd::SetLevers{c.guarantee, c.subsidy});
  }
  if (!p.shock_kind.empty()) app.runner->send(cmd::Shock{p.shock_kind, p.shock_months, p.shock_size});
  // Runs to the month and pauses there (Play goes on from it).
  if (p.month >= 0) {
    const int from = p.month < now ? 0 : now;
    if (p.month > from) app.runner->send(cmd::Step{p.month - from});
    else app.runner->send(cmd::Play{false});
  }
}

std::string export_csv(const View& view, const std::string& path) {
  std::error_code ec;
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path(), ec);
  try {
    // timeseries.csv's columns and numbers, month by month; written as path.partial, then renamed.
    cs::TextFile out(path);
    out.buf() = cs::series_header(cs::SeriesLevel::cluster);
    out.end_row();
    auto rows = [&](const cs::Frame& fr, const std::string& run_id) {
      const std::string id = cs::csv_field(run_id);
      std::size_t months = 0;
      for (const auto& h : fr.history) months = std::max(months, h.size());
      for (std::size_t t = 0; t < months; ++t)
        for (std::size_t c = 0; c < fr.history.size(); ++c) {
          if (t >= fr.history[c].size()) continue;
          const std::string name = c < fr.clusters.size() ? fr.clusters[c].name : "";
          cs::append_series_row(out.buf(), id, static_cast<int>(t), std::to_string(c) + ',' + cs::csv_field(name),
                                fr.history[c][t]);
          out.end_row();
        }
    };
    rows(*view.policy, view.policy_run_id);
    if (view.baseline) rows(*view.baseline, view.baseline_run_id);
    out.commit();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void scenario_menu(App& app) {
  ScenarioState& s = app.scenario;
  if (ImGui::BeginMenu("Scenario")) {
    ImGui::TextDisabled("Library (configs/; national*.toml are too large to draw live: use clustersim run)");
    for (const std::string& f : s.files)
      if (ImGui::MenuItem(f.c_str(), nullptr, f == app.scenario_path)) open_scenario(app, f);
    ImGui::Separator();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    ImGui::InputTextWithHint("##open", "path/to/scenario.toml", &s.open_path);
    ImGui::SameLine();
    if (ImGui::Button("Open")) open_scenario(app, s.open_path);
    ImGui::Separator();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    ImGui::InputText("##save", &s.save_path);
    ImGui::SameLine();
    if (ImGui::Button("Save settings as scenario")) {
      std::error_code ec;
      if (fs::path(s.save_path).has_parent_path()) fs::create_directories(fs::path(s.save_path).parent_path(), ec);
      std::ofstream out(s.save_path);
      out << "# Saved by clustersim-gui from " << app.scenario_path << "\n" << cs::to_toml(app.controls.edit);
      if (!out) s.error_title = "Cannot save", s.errors = {"cannot write " + s.save_path};
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    ImGui::InputText("##csv", &s.csv_path);
    ImGui::SameLine();
    if (ImGui::Button("Export run as CSV"))
      if (auto err = export_csv(*app.view, s.csv_path); !err.empty()) s.error_title = "Export failed", s.errors = {err};
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    ImGui::InputText("##png", &s.png_path);
    ImGui::SameLine();
    if (ImGui::Button("Save window as PNG")) s.want_png = true;
    ImGui::EndMenu();
  }
}

void error_window(App& app) {
  ScenarioState& s = app.scenario;
  if (s.error_title.empty()) return;
  const ImVec2 vp = ImGui::GetMainViewport()->WorkSize;
  ImGui::SetNextWindowPos({vp.x * 0.5f, vp.y * 0.45f}, ImGuiCond_Always, {0.5f, 0.5f});
  ImGui::SetNextWindowSize({vp.x * 0.55f, 0}, ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_TitleBgActive, ImVec4(0.75f, 0.1f, 0.1f, 1));
  ImGui::PushStyleColor(ImGuiCol_TitleBg, ImVec4(0.75f, 0.1f, 0.1f, 1));
  bool open = true;
  ImGui::Begin("Scenario error", &open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextWrapped("%s: %zu problem%s", s.error_title.c_str(), s.errors.size(), s.errors.size() == 1 ? "" : "s");
  ImGui::Separator();
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.7f, 0.05f, 0.05f, 1));
  for (const std::string& e : s.errors) ImGui::TextWrapped("%s", e.c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
  ImGui::TextWrapped("The simulation keeps the scenario it had (the defaults at start-up). Fix the file and open it again.");
  if (ImGui::Button("Close")) open = false;
  ImGui::End();
  ImGui::PopStyleColor(2);
  if (!open) s.error_title.clear();
}

}  // namespace viz
