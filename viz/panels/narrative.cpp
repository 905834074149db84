// Trainer mode: the scenario's short narrative and its presets, one click each.
#include "app.hpp"

namespace viz {

void narrative_panel(App& app) {
  const Narrative& n = app.narrative;
  if (n.title.empty() && n.text.empty()) {
    ImGui::TextWrapped("No narrative for this scenario (add viz/narratives/<scenario>.toml).");
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.1f, 0.25f, 0.5f, 1));
  ImGui::TextWrapped("%s", n.title.c_str());
  ImGui::PopStyleColor();
  ImGui::Separator();
  ImGui::TextWrapped("%s", n.text.c_str());
  if (n.presets.empty()) return;
  ImGui::Spacing();
  ImGui::TextDisabled("Presets");
  for (std::size_t k = 0; k < n.presets.size(); ++k) {
    const Preset& p = n.presets[k];
    ImGui::PushID(static_cast<int>(k));
    // A button whose label wraps at words instead of being cut at the button's edge.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float w = ImGui::GetContentRegionAvail().x, wrap = w - 2 * style.FramePadding.x;
    const ImVec2 ts = ImGui::CalcTextSize(p.name.c_str(), nullptr, false, wrap);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (ImGui::Button("##preset", {w, ts.y + 2 * style.FramePadding.y})) apply_preset(app, p);
    ImGui::GetWindowDrawList()->AddText(nullptr, 0.f, {at.x + style.FramePadding.x, at.y + style.FramePadding.y},
                                        ImGui::GetColorU32(ImGuiCol_Text), p.name.c_str(), nullptr, wrap);
    if (!p.note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.note.c_str());
    ImGui::PopID();
  }
}

}  // namespace viz
