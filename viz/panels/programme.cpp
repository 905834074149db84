// The programme panel: the lifecycle as a timeline of phases with the current month marked, and
// one row per budget line: switch, name and kind, window, budget, the kind's main parameter and
// a bar of what is spent and left. Edits go to the runner as one SetInterventions command; the
// simulation thread hands them to the programme between steps.
#include <algorithm>
#include <cstdio>

#include "app.hpp"
#include "policies/programme.hpp"

namespace viz {

namespace {

// The main parameter of each kind: what a trainer tunes live.
struct MainParam {
  const char* kind;
  const char* label;
  double cs::InterventionParams::*d = nullptr;
  int cs::InterventionParams::*i = nullptr;
  float lo, hi, scale;  ///< shown value = field * scale
  const char* format;
};

const MainParam kMain[] = {
    {"tech_upgradation", "subsidy", &cs::InterventionParams::subsidy_share, nullptr, 0, 90, 100, "%.0f %% of price"},
    {"credit_guarantee", "cover", &cs::InterventionParams::cover, nullptr, 0, 95, 100, "%.0f %% cover"},
    {"credit_planning", "ceiling", &cs::InterventionParams::ceiling_mult, nullptr, 1, 3, 1, "x %.2f credit"},
    {"cfc", "grant", &cs::InterventionParams::grant_share, nullptr, 0, 90, 100, "%.0f %% grant"},
    {"bds_development", "voucher", &cs::InterventionParams::voucher_share, nullptr, 0, 100, 100, "%.0f %% voucher"},
    {"cda", "hours", &cs::InterventionParams::hours, nullptr, 0, 400, 1, "%.0f h / month"},
    {"consortia", "seed grant", &cs::InterventionParams::seed_grant, nullptr, 0, 50, 1, "%.0f lakh grant"},
    {"export_promotion", "fairs", &cs::InterventionParams::fairs_per_year, nullptr, 0, 12, 1, "%.0f fairs / year"},
    {"twinning", "spillover", &cs::InterventionParams::spillover, nullptr, 0, 100, 100, "+%.0f %% innovation"},
    {"energy_efficiency", "saving", &cs::InterventionParams::audit_saving, nullptr, 0, 50, 100, "%.0f %% saving"},
    {"skills_training", "trainees", nullptr, &cs::InterventionParams::trainees_per_month, 0, 500, 1, "%.0f trainees / mo"},
    {"association_strengthening", "grant", &cs::InterventionParams::grant, nullptr, 0, 20, 1, "%.1f lakh / month"},
    {"quality_certification", "voucher", &cs::InterventionParams::voucher_share, nullptr, 0, 100, 100, "%.0f %% voucher"},
    {"infrastructure", "downtime cut", &cs::InterventionParams::downtime_cut, nullptr, 0, 100, 100, "%.0f %% less downtime"},
};

const MainParam* main_param(const std::string& kind) {
  for (const MainParam& m : kMain)
    if (kind == m.kind) return &m;
  return nullptr;
}

// Soft colours of the lifecycle phases (selection ... handing over).
const ImU32 kPhaseColours[9] = {IM_COL32(206, 219, 236, 255), IM_COL32(190, 208, 232, 255), IM_COL32(214, 200, 232, 255),
                                IM_COL32(244, 214, 180, 255), IM_COL32(236, 226, 170, 255), IM_COL32(222, 232, 176, 255),
                                IM_COL32(160, 212, 160, 255), IM_COL32(178, 216, 214, 255), IM_COL32(200, 200, 214, 255)};
const char* const kPhaseShort[9] = {"select", "CDA", "diagnostic", "trust", "plan", "approval",
                                    "implementation", "M&E", "handover"};
const char* const kPhaseTiny[9] = {"S", "C", "diag", "trust", "plan", "appr", "impl", "M&E", "H"};

void send(App& app, const std::string& note) {
  app.controls.edit.interventions = app.programme.edit;  // saved with the scenario
  app.runner->send(cmd::SetInterventions{app.programme.edit, note});
}

std::string label_of(const cs::InterventionParams& x) { return x.name.empty() ? x.kind : x.name; }

void timeline(App& app, const ProgrammeView& pv, int step, int steps_planned) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x, h = fs * 1.45f;
  const int horizon = std::max({steps_planned, pv.begin[9] + 12, step + 1});
  auto xs = [&](double t) { return p0.x + static_cast<float>(w * std::clamp(t, 0.0, double(horizon)) / horizon); };
  const float y0 = p0.y, y1 = p0.y + h;
  dl->AddRectFilled({p0.x, y0}, {p0.x + w, y1}, IM_COL32(236, 236, 232, 255), 3.f);
  ImGui::InvisibleButton("##timeline", {w, h + fs * 1.1f});
  const bool hovered = ImGui::IsItemHovered();
  const float mx = ImGui::GetIO().MousePos.x;
  for (int k = 0; k < 9; ++k) {
    const float a = xs(pv.begin[k]), b = xs(pv.begin[k + 1]);
    if (b <= a) continue;
    dl->AddRectFilled({a, y0}, {b, y1}, kPhaseColours[k]);
    dl->AddLine({a, y0}, {a, y1}, IM_COL32(255, 255, 255, 255), 1.f);
    const char* names[3] = {cs::policies::phase_name(static_cast<cs::policies::Phase>(k)), kPhaseShort[k], kPhaseTiny[k]};
    for (const char* n : names)
      if (ImGui::CalcTextSize(n).x + 6 < b - a) {
        dl->AddText({(a + b - ImGui::CalcTextSize(n).x) * 0.5f, y0 + (h - fs) * 0.5f}, IM_COL32(30, 30, 40, 255), n);
        break;
      }
    if (hovered && mx >= a && mx < b)
      ImGui::SetTooltip("%s: months %d to %d", names[0], pv.begin[k], pv.begin[k + 1] - 1);
  }
  if (xs(pv.begin[9]) < p0.x + w - fs * 3)
    fit_text(app, dl, {xs(pv.begin[9]) + 6, y0 + (h - fs) * 0.5f}, p0.x + w - xs(pv.begin[9]) - 8, IM_COL32(110, 110, 110, 255),
             "after exit: do the effects last?", "timeline");
  // Windows of the interventions that are on, as thin bars under the phases.
  for (const LineView& l : pv.lines) {
    if (l.index < 0 || !l.enabled || l.to <= l.from) continue;
    dl->AddRectFilled({xs(l.from), y1 - 4}, {xs(l.to), y1 - 1}, IM_COL32(40, 120, 60, 200));
  }
  // Year ticks and the current month.
  char buf[32];
  for (int t = 0; t <= horizon; t += 12) {
    dl->AddLine({xs(t), y1}, {xs(t), y1 + 4}, IM_COL32(90, 90, 90, 255));
    if (t % (horizon > 150 ? 24 : 12) == 0 && xs(t) + fs * 2 < p0.x + w) {
      std::snprintf(buf, sizeof buf, "%d", t);
      dl->AddText({xs(t) - ImGui::CalcTextSize(buf).x * 0.5f, y1 + 3}, IM_COL32(90, 90, 90, 255), buf);
    }
  }
  const float cx = xs(step);
  dl->AddRectFilled({p0.x, y0}, {cx, y0 + 3}, IM_COL32(30, 60, 120, 255));
  dl->AddLine({cx, y0 - 3}, {cx, y1 + 3}, IM_COL32(200, 30, 30, 255), 3.f);
  dl->AddTriangleFilled({cx - 6, y0 - 7}, {cx + 6, y0 - 7}, {cx, y0}, IM_COL32(200, 30, 30, 255));
}

}  // namespace

void switch_on(App& app, const std::string& kind) {
  ProgrammeState& ps = app.programme;
  bool found = false;
  for (cs::InterventionParams& x : ps.edit)
    if (x.kind == kind) x.enabled = 1, found = true;
  if (!found) {
    cs::InterventionParams x;
    x.kind = kind;
    ps.edit.push_back(x);
  }
  send(app, kind + " switched on");
}

float programme_panel_height(const App& app) {
  const float fs = ImGui::GetFontSize();
  const auto& e = app.view->policy_extra;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float header = ImGui::GetFrameHeight() + st.ItemSpacing.y + 2 * st.WindowPadding.y;
  if (!e || !e->programme.present || !app.layout.programme_open) return header;
  const float rows = static_cast<float>(e->programme.lines.size()) + 1;  // and the table's header
  const float timeline = fs * (1.45f + 1.1f) + st.ItemSpacing.y;
  return header + timeline + rows * (ImGui::GetFrameHeight() - 2 * st.FramePadding.y + 2 + 4 + 1) + fs * 0.5f;
}

void programme_panel(App& app) {
  const View& v = *app.view;
  ProgrammeState& ps = app.programme;
  if (ps.gen != v.interventions_gen && !ImGui::IsAnyItemActive()) ps.edit = v.interventions, ps.gen = v.interventions_gen;
  const float fs = ImGui::GetFontSize();
  const ProgrammeView* pv = v.policy_extra ? &v.policy_extra->programme : nullptr;
  const int step = v.policy->step;

  // Header: fold switch, title, phase now and money (shortened to the room left), and "add an
  // intervention" at the right.
  bool& open = app.layout.programme_open;
  if (ImGui::ArrowButton("##fold", open ? ImGuiDir_Down : ImGuiDir_Right)) open = !open;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(open ? "Fold the programme to this line" : "Show the programme's timeline and budget lines");
  ImGui::SameLine();
  ImGui::TextColored(ImVec4(0.1f, 0.3f, 0.6f, 1), "Programme%s", v.ab ? " (B)" : "");
  ImGui::SameLine();
  const auto& kinds = cs::intervention_kinds();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float add_w = fs * 11 + ImGui::CalcTextSize("Add").x + 2 * style.FramePadding.x + style.ItemSpacing.x;
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  char status[200];
  bool cda = false;
  if (pv && pv->present) {
    double budget = 0, spent = 0;
    for (const LineView& l : pv->lines)
      if (l.enabled) budget += l.budget, spent += l.spent;
    std::snprintf(status, sizeof status, "month %d: %s  |  spent %.0f of %.0f lakh", step,
                  cs::policies::phase_name(static_cast<cs::policies::Phase>(pv->phase)), spent, budget);
    cda = pv->cda_active;
  } else {
    std::snprintf(status, sizeof status, "none in this scenario: add an intervention to start one");
  }
  {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float room = right - add_w - fs - at.x;
    std::string text = std::string(status) + (cda ? "  |  CDA at work" : "");
    const float w = fit_text(app, ImGui::GetWindowDrawList(), {at.x, at.y + style.FramePadding.y}, room,
                             pv && pv->present ? ImGui::GetColorU32(ImGuiCol_Text) : ImGui::GetColorU32(ImGuiCol_TextDisabled),
                             text, "programme status");
    ImGui::Dummy({std::max(1.f, w), ImGui::GetFrameHeight()});
  }
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - add_w));
  ImGui::SetNextItemWidth(fs * 11);
  ps.add_kind = std::clamp(ps.add_kind, 0, static_cast<int>(kinds.size()) - 1);
  if (ImGui::BeginCombo("##addkind", kinds[ps.add_kind].c_str())) {
    for (int k = 0; k < static_cast<int>(kinds.size()); ++k)
      if (ImGui::Selectable(kinds[k].c_str(), k == ps.add_kind)) ps.add_kind = k;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button("Add")) {
    cs::InterventionParams x;
    x.kind = kinds[ps.add_kind];
    ps.edit.push_back(x);
    send(app, x.kind + " added");
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Adds this kind with its default settings, switched on; it runs in its window\n"
                      "(by default the whole implementation phase) from the next month.");
  if (!open) return;
  if (!pv || !pv->present) return;

  timeline(app, *pv, step, v.policy->steps_planned);

  const ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                             ImGuiTableFlags_ScrollY | ImGuiTableFlags_PadOuterX;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, {6, 1});
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, {4, 2});
  if (!ImGui::BeginTable("lines", 6, tf, ImGui::GetContentRegionAvail())) {
    ImGui::PopStyleVar(2);
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed, fs * 1.6f);
  ImGui::TableSetupColumn("intervention (kind)", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("window", ImGuiTableColumnFlags_WidthFixed, fs * 5.6f);
  ImGui::TableSetupColumn("budget, lakh", ImGuiTableColumnFlags_WidthFixed, fs * 6.0f);
  ImGui::TableSetupColumn("setting", ImGuiTableColumnFlags_WidthStretch, 2.2f);
  ImGui::TableSetupColumn("spent / left", ImGuiTableColumnFlags_WidthStretch, 2.6f);
  ImGui::TableHeadersRow();
  std::string note;
  for (const LineView& l : pv->lines) {
    ImGui::TableNextRow();
    ImGui::PushID(l.index);
    cs::InterventionParams* x = l.index >= 0 && l.index < static_cast<int>(ps.edit.size()) ? &ps.edit[l.index] : nullptr;
    ImGui::TableNextColumn();
    if (x) {
      bool on = x->enabled != 0;
      if (ImGui::Checkbox("##on", &on)) {
        x->enabled = on;
        note = label_of(*x) + (on ? " switched on" : " switched off");
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Switch on or off from the next month (policy run)");
    } else {
      ImGui::TextDisabled("-");
    }
    ImGui::TableNextColumn();
    const ImVec4 name_col = !l.enabled ? ImVec4(0.55f, 0.55f, 0.55f, 1) : l.active ? ImVec4(0.05f, 0.45f, 0.15f, 1) : ImVec4(0.1f, 0.1f, 0.1f, 1);
    // The name (shortened at a word when the column is narrow), then its kind and "running" when
    // they fit; the whole in a tooltip.
    const std::string name = l.index < 0 ? "management (CDA, diagnostic)" : l.name;
    const float cell_w = ImGui::GetContentRegionAvail().x;
    std::string shown = shorten_to(name, cell_w);
    if (shown.empty()) shown = l.index < 0 ? "mgmt" : l.kind.substr(0, 4);
    ImGui::TextColored(name_col, "%s", shown.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)%s", name.c_str(), l.index < 0 ? "CDA, study" : l.kind.c_str(), l.active ? ", running" : "");
    float used = ImGui::CalcTextSize(shown.c_str()).x;
    const char* run_word = l.index < 0 ? "working" : "running";
    const std::string kind = "(" + l.kind + ")";
    const float sp = style.ItemSpacing.x;
    if (l.index >= 0 && l.name != l.kind && used + sp + ImGui::CalcTextSize(kind.c_str()).x + (l.active ? sp + ImGui::CalcTextSize(run_word).x : 0) <= cell_w) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", kind.c_str());
      used += sp + ImGui::CalcTextSize(kind.c_str()).x;
    }
    if (l.active && used + sp + ImGui::CalcTextSize(run_word).x <= cell_w) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.05f, 0.45f, 0.15f, 1), "%s", run_word);
    }
    ImGui::TableNextColumn();
    ImGui::Text("%d-%d", l.from, std::max(l.from, l.to - 1));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("months %d to %d (window of the intervention)", l.from, l.to - 1);
    ImGui::TableNextColumn();
    if (x) {
      float b = static_cast<float>(x->budget);
      ImGui::SetNextItemWidth(-1);
      ImGui::DragFloat("##budget", &b, std::max(1.f, b * 0.01f), 0, 1e6f, "%.0f", ImGuiSliderFlags_AlwaysClamp);
      x->budget = b;
      if (ImGui::IsItemDeactivatedAfterEdit()) note = label_of(*x) + " budget " + std::to_string(static_cast<int>(b)) + " lakh";
    } else {
      ImGui::Text("%.0f", l.budget);
    }
    ImGui::TableNextColumn();
    if (const MainParam* m = x ? main_param(x->kind) : nullptr) {
      float val = static_cast<float>(m->d ? x->*m->d * m->scale : x->*m->i);
      ImGui::SetNextItemWidth(-1);
      ImGui::SliderFloat("##main", &val, m->lo, m->hi, m->format);
      if (m->d) x->*m->d = val / m->scale;
      else x->*m->i = static_cast<int>(val + 0.5f);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s of this %s (acts from the next month)", m->label, x->kind.c_str());
      if (ImGui::IsItemDeactivatedAfterEdit()) {
        char b[96];
        std::snprintf(b, sizeof b, m->format, val);
        note = label_of(*x) + " " + b;
      }
    } else {
      ImGui::TextDisabled("%s", l.index < 0 ? "CDA salary, study" : "");
    }
    ImGui::TableNextColumn();
    const float frac = l.budget > 0 ? static_cast<float>(std::clamp(l.spent / l.budget, 0.0, 1.0)) : 0.f;
    char txt[64];
    // A guarantee fund may earn more in fees than it pays in claims: its net spending is negative.
    if (l.spent < 0) std::snprintf(txt, sizeof txt, "%.0f net fees in, fund %.0f", -l.spent, l.budget - l.spent);
    else std::snprintf(txt, sizeof txt, "%.0f spent, %.0f left", l.spent, std::max(0.0, l.budget - l.spent));
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, !l.enabled ? ImVec4(0.6f, 0.6f, 0.6f, 1)
                                                  : frac > 0.9f ? ImVec4(0.85f, 0.35f, 0.2f, 1) : ImVec4(0.25f, 0.55f, 0.85f, 1));
    ImGui::ProgressBar(frac, {-1, 0}, txt);
    ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::EndTable();
  ImGui::PopStyleVar(2);
  if (!note.empty()) send(app, note);
}

}  // namespace viz
