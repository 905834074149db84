// Controls: run control (play, pause, step, reset, speed, seed, A/B), the policy levers, class
// events at a click, and every scenario parameter as a slider built from the schema.
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>

#include "app.hpp"
#include "params/schema.hpp"

namespace viz {

namespace {

std::string text_of(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.9g", v);
  return b;
}

// One slider for one schema field; returns true when an edit was completed.
template <class T> bool param_widget(const char* key, T& v, const cs::Range& r, const char* doc) {
  bool done = false;
  ImGui::PushID(key);
  const float w = ImGui::GetContentRegionAvail().x * 0.52f;
  ImGui::SetNextItemWidth(w);
  if constexpr (std::is_same_v<T, double>) {
    float f = static_cast<float>(v);
    const bool finite = std::isfinite(r.lo) && std::isfinite(r.hi);
    if (finite && r.hi - r.lo <= 10) {
      ImGui::SliderFloat(key, &f, static_cast<float>(r.lo), static_cast<float>(r.hi), "%.4g");
    } else {
      const float lo = std::isfinite(r.lo) ? static_cast<float>(r.lo) : -1e9f;
      const float hi = std::isfinite(r.hi) ? static_cast<float>(r.hi) : 1e9f;
      ImGui::DragFloat(key, &f, std::max(1e-4f, std::abs(f) * 0.01f), lo, hi, "%.4g", ImGuiSliderFlags_AlwaysClamp);
    }
    v = f;
    done = ImGui::IsItemDeactivatedAfterEdit();
  } else if constexpr (std::is_same_v<T, int>) {
    const int lo = static_cast<int>(std::max(r.lo, -1e9)), hi = static_cast<int>(std::min(r.hi, 1e9));
    if (hi - lo <= 100) ImGui::SliderInt(key, &v, lo, hi);
    else ImGui::DragInt(key, &v, std::max(1.f, std::abs(v) * 0.01f), lo, hi, "%d", ImGuiSliderFlags_AlwaysClamp);
    done = ImGui::IsItemDeactivatedAfterEdit();
  } else {
    ImGui::TextDisabled("%s", key);  // strings and the seed are edited elsewhere
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", doc);
  ImGui::PopID();
  return done;
}

template <class T> std::string value_text(const T& v) {
  if constexpr (std::is_same_v<T, double>) return text_of(v);
  else if constexpr (std::is_same_v<T, std::string>) return v;
  else return std::to_string(v);
}

void shock_button(App& app, const char* label, const char* kind, float& size, float lo, float hi, const char* tip) {
  ImGui::PushID(kind);
  // The button beside its size slider, or above it when its label needs more than half the width.
  const float full = ImGui::GetContentRegionAvail().x;
  const bool beside = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x <= full * 0.48f;
  if (ImGui::Button(label, {beside ? full * 0.48f : full, 0}))
    app.runner->send(cmd::Shock{kind, app.controls.shock_months, size});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  if (beside) ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  float pct = size * 100;
  if (ImGui::SliderFloat("##size", &pct, lo * 100, hi * 100, "%+.0f %%")) size = pct / 100;
  ImGui::PopID();
}

// An item `frac` of the width with its label on the right, or, when the label would not fit
// there, the label on a line above and the item the whole width. Returns the label to give the
// item ("##" + label when it is above).
std::string side_label(const char* label, float frac) {
  const float full = ImGui::GetContentRegionAvail().x;
  if (full * frac + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x <= full) {
    ImGui::SetNextItemWidth(full * frac);
    return label;
  }
  ImGui::TextUnformatted(label);
  ImGui::SetNextItemWidth(-1);
  return std::string("##") + label;
}

// A heading with a rule (ImGui 1.86 has no SeparatorText).
void section(const char* text) {
  ImGui::Spacing();
  ImGui::TextColored(ImVec4(0.15f, 0.3f, 0.55f, 1), "%s", text);
  ImGui::Separator();
}

}  // namespace

void controls_panel(App& app) {
  run_panel(app, false);
  levers_panel(app);
}

void run_panel(App& app, bool compact) {
  const View& v = *app.view;
  const cs::Frame& fr = *v.policy;
  const float fs = ImGui::GetFontSize();
  const float full = ImGui::GetContentRegionAvail().x;

  // The scenario's name, and its file on a line of its own (a file name does not wrap well).
  const std::string& sc = v.scenario;
  const auto paren = sc.rfind("  (");
  if (paren != std::string::npos && sc.back() == ')') {
    ImGui::TextWrapped("%s", sc.substr(0, paren).c_str());
    const std::string file = sc.substr(paren + 3, sc.size() - paren - 4);
    fit_text(app, ImGui::GetWindowDrawList(), ImGui::GetCursorScreenPos(), full, ImGui::GetColorU32(ImGuiCol_TextDisabled), file,
             "scenario file");
    ImGui::Dummy({1, fs});
  } else {
    ImGui::TextWrapped("%s", sc.c_str());
  }
  if (fr.step <= fr.steps_planned)
    ImGui::TextWrapped("Month %d of %d  %s", fr.step, fr.steps_planned, v.playing ? "(running)" : "(paused)");
  else  // Play goes on past the scenario's end when asked to
    ImGui::TextWrapped("Month %d, past the scenario's %d  %s", fr.step, fr.steps_planned, v.playing ? "(running)" : "(paused)");
  ImGui::ProgressBar(fr.steps_planned > 0 ? std::min(1.f, float(fr.step) / fr.steps_planned) : 0.f, {full, fs * 0.5f}, "");

  // Four buttons in a row, or two rows of two when their labels would not fit.
  const ImGuiStyle& style = ImGui::GetStyle();
  float need = 0;
  for (const char* l : {"Pause", "Step", "+1 year", "Reset"}) need = std::max(need, ImGui::CalcTextSize(l).x + 2 * style.FramePadding.x);
  const int per_row = 4 * need + 3 * style.ItemSpacing.x <= full ? 4 : 2;
  const float bw = (full - (per_row - 1) * style.ItemSpacing.x) / per_row;
  ImGui::PushStyleColor(ImGuiCol_Button, v.playing ? ImVec4(0.85f, 0.45f, 0.2f, 1) : ImVec4(0.2f, 0.6f, 0.3f, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  if (ImGui::Button(v.playing ? "Pause" : "Play", {bw, fs * 1.8f})) app.runner->send(cmd::Play{!v.playing});
  ImGui::PopStyleColor(2);
  ImGui::SameLine();
  if (ImGui::Button("Step", {bw, fs * 1.8f})) app.runner->send(cmd::Step{1});
  if (per_row == 4) ImGui::SameLine();
  if (ImGui::Button("+1 year", {bw, fs * 1.8f})) app.runner->send(cmd::Step{12});
  ImGui::SameLine();
  if (ImGui::Button("Reset", {bw, fs * 1.8f})) app.runner->send(cmd::Reset{});
  if (!compact) run_settings(app);
}

void run_settings(App& app) {
  const View& v = *app.view;
  ControlState& c = app.controls;
  const float full = ImGui::GetContentRegionAvail().x;
  if (ImGui::SliderFloat(side_label("speed", 0.6f).c_str(), &c.speed, 0, 200, c.speed <= 0 ? "max" : "%.0f months/s", ImGuiSliderFlags_Logarithmic))
    app.runner->send(cmd::Speed{c.speed});
  ImGui::SetNextItemWidth(full * 0.35f);
  ImGui::InputInt("##seed", &c.seed);
  ImGui::SameLine();
  if (ImGui::Button("Set seed + reset")) app.runner->send(cmd::Seed{static_cast<std::uint64_t>(std::max(0, c.seed))});
  bool ab = v.ab;
  if (ImGui::Checkbox("A/B: baseline vs policy", &ab)) app.runner->send(cmd::SetAB{ab});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Runs the scenario as loaded without its programme (A) beside the scenario with its\n"
                      "programme (B), which gets your lever and parameter changes, in lockstep with the same\n"
                      "seed. Switching resets both.");

}

void levers_panel(App& app) {
  const View& v = *app.view;
  const cs::Frame& fr = *v.policy;
  ControlState& c = app.controls;
  section(v.ab ? "Policy levers (run B)" : "Policy levers");
  float g = c.guarantee * 100;
  if (ImGui::SliderFloat(side_label("credit guarantee", 0.5f).c_str(), &g, 0, 90, "%.0f %% cover")) c.guarantee = g / 100;
  bool send = ImGui::IsItemDeactivatedAfterEdit();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Share of a formal loan covered by a credit guarantee (banks lend more)");
  float s = c.subsidy * 100;
  if (ImGui::SliderFloat(side_label("capital subsidy", 0.5f).c_str(), &s, 0, 50, "%.0f %% of price")) c.subsidy = s / 100;
  send |= ImGui::IsItemDeactivatedAfterEdit();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Share of a new machine vintage's price paid by the programme");
  if (send) {
    c.edit.finance.guarantee_cover = c.guarantee;  // saved with the scenario
    app.runner->send(cmd::SetLevers{c.guarantee, c.subsidy});
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("now: guarantee %.0f %%, subsidy %.0f %%", fr.levers.guarantee_cover * 100, fr.levers.capital_subsidy * 100);
  ImGui::PopStyleColor();

  section("Class events (from next month)");
  ImGui::SliderInt(side_label("lasting", 0.5f).c_str(), &c.shock_months, 1, 60, "%d months");
  shock_button(app, "Demand collapse", "demand", c.demand_size, -0.9f, 0.f, "Domestic demand falls by this share");
  shock_button(app, "Input price spike", "input_price", c.input_size, 0.f, 3.f, "Raw-material price rises by this share");
  shock_button(app, "Energy price spike", "energy_price", c.energy_size, 0.f, 5.f, "Energy price rises by this share");
}

void parameters_panel(App& app) {
  cs::Params& p = app.controls.edit;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Edits act live on the %s; tables marked * apply on Reset.", app.view->ab ? "policy run (B)" : "run");
  ImGui::PopStyleColor();
  auto table = [&](const std::string& name, auto& t, bool on_reset) {
    const std::string header = name + (on_reset ? " *" : "");
    if (!ImGui::CollapsingHeader(header.c_str())) return;
    cs::visit_table(t, [&](const char* key, auto& field, cs::Range r, const char* doc) {
      using T = std::remove_reference_t<decltype(field)>;
      if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::uint64_t>) {
        return;
      } else {
        if (param_widget(key, field, r, doc)) app.runner->send(cmd::SetParam{name + "." + key, value_text(field)});
      }
    });
  };
  cs::visit_tables(p, [&](const char* name, auto& t) {
    const std::string n = name;
    table(n, t, n == "run" || n == "firms" || n == "network");
  });
  for (std::size_t k = 0; k < p.clusters.size(); ++k)
    table("cluster[" + std::to_string(k) + "]", p.clusters[k], true);
}

}  // namespace viz
