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
    if (ImGui::Button(p.name.c_str(), {ImGui::GetContentRegionAvail().x, 0})) apply_preset(app, p);
    if (!p.note.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.note.c_str());
    ImGui::PopID();
  }
}

}  // namespace viz
