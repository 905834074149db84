// The firm inspector: the state of the clicked firm and its history since it was clicked.
#include <cstdio>

#include "app.hpp"
#include "chart.hpp"

namespace viz {

namespace {
const char* kSize[] = {"micro", "small", "medium", "large"};

void row(const char* name, const char* fmt, double v) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(name);
  ImGui::TableNextColumn();
  ImGui::Text(fmt, v);
}
}  // namespace

void inspector_window(App& app) {
  if (app.inspect_uid == cs::kNoUid) return;
  const cs::FirmTrace& tr = app.view->policy->trace;
  const float fs = ImGui::GetFontSize();
  const ImVec2 vp = ImGui::GetMainViewport()->WorkSize;
  ImGui::SetNextWindowSize({fs * 24, fs * 34}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos({vp.x * 0.5f, vp.y * 0.2f}, ImGuiCond_FirstUseEver);
  bool open = true;
  char title[64];
  std::snprintf(title, sizeof title, "Firm %u###inspector", app.inspect_uid);
  ImGui::Begin(title, &open, ImGuiWindowFlags_NoCollapse);
  if (tr.now.uid != app.inspect_uid) {
    ImGui::TextDisabled("waiting for the simulation...");
  } else if (!tr.now.alive) {
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "This firm has exited%s.",
                       tr.step.empty() ? "" : (" after month " + std::to_string(tr.step.back())).c_str());
  } else {
    const cs::FirmState& s = tr.now;
    ImGui::Text("%s firm, cluster %d, %d months old", kSize[s.size_class & 3], s.cluster, s.age_months);
    ImGui::Text("%s, credit class %d%s, %d trust links", s.direct ? "sells directly" : "sells via an agent",
                s.credit_class, s.rationed ? " (rationed)" : "", s.degree);
    if (ImGui::BeginTable("state", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      row("workers", "%.1f", s.employees);
      row("productivity (eff.)", "%.3f", s.prod);
      row("vintage A_v", "%.3f", s.vintage);
      row("skill", "%.3f", s.skill);
      row("quality", "%.3f", s.quality);
      row("output, units", "%.2f", s.output);
      row("sold, units", "%.2f", s.sold);
      row("turnover, lakh", "%.2f", s.revenue);
      row("profit, lakh", "%.2f", s.profit);
      row("price", "%.3f", s.price);
      row("markup", "%.3f", s.markup);
      row("market share, %", "%.4f", s.share * 100);
      row("capital, lakh", "%.1f", s.capital);
      row("cash, lakh", "%.2f", s.cash);
      row("formal debt, lakh", "%.2f", s.debt);
      row("informal debt, lakh", "%.2f", s.debt_inf);
      row("net worth, lakh", "%.2f", s.net_worth);
      ImGui::EndTable();
    }
  }
  if (tr.now.uid == app.inspect_uid && tr.step.size() > 1) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    auto series = [&](const std::vector<float>& v, const char* label, int colour) {
      chart::Series s{label, {}, {}, chart::palette(colour), 2.f, false, false};
      for (std::size_t k = 0; k < v.size(); ++k) s.x.push_back(tr.step[k]), s.y.push_back(v[k]);
      return s;
    };
    const chart::Series a[] = {series(tr.employees, "workers", 0), series(tr.output, "output", 1)};
    const chart::Series b[] = {series(tr.cash, "cash, lakh", 2)};
    chart::Spec spec;
    spec.x.label = "month";
    spec.zero_line = true;
    chart::plot("trace1", {avail.x, std::max(fs * 6, avail.y * 0.5f - 4)}, spec, a);
    chart::plot("trace2", {avail.x, std::max(fs * 6, ImGui::GetContentRegionAvail().y)}, spec, b);
  } else {
    ImGui::TextDisabled("History starts when the firm is clicked; run a few months.");
  }
  ImGui::End();
  if (!open) {
    app.inspect_uid = cs::kNoUid;
    app.runner->send(cmd::Watch{cs::kNoUid});
  }
}

}  // namespace viz
