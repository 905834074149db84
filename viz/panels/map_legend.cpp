// The map legend, beside or below the maps (never over them): what the colours mean with the
// number of firms in each class (both runs in A/B mode, on their one shared scale), the size
// key, the exits and the institutions, as a flow of entries that wraps to the width it gets.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "app.hpp"
#include "map_raster.hpp"

namespace viz {

namespace {

constexpr ImU32 kInk = IM_COL32(30, 30, 30, 255);

// One entry: a glyph `gw` px wide drawn by `draw` at its top left, then its text.
struct Entry {
  float gw = 0;
  std::string text;
  std::function<void(ImDrawList*, ImVec2)> draw;
  bool heading = false;  ///< starts a group: a little more space before it
};

// Index of firm i's class in the legend's order, or -1 for a continuous colouring.
int class_of(const cs::Frame& fr, std::size_t i, ColourBy by, const std::uint8_t* flags) {
  const std::uint8_t st = fr.firms.status[i];
  auto flag = [&](std::uint8_t bit) { return flags && (flags[i] & bit) ? 0 : 1; };
  switch (by) {
    case ColourBy::size_class: return std::min<int>(3, fr.firms.size_class[i]);
    case ColourBy::status:
      return st & cs::kStatusDistressed ? 3 : st & cs::kStatusRationed ? 2 : st & cs::kStatusEntrant ? 1 : 0;
    case ColourBy::channel: return st & cs::kStatusDirect ? 0 : 1;
    case ColourBy::exporter: return st & cs::kStatusExporter ? 0 : 1;
    case ColourBy::member: return flag(kFlagMember);
    case ColourBy::cfc_user: return flag(kFlagCfcUser);
    case ColourBy::participant: return flag(kFlagParticipant);
    case ColourBy::certified: return flag(kFlagCertified);
    default: return -1;
  }
}

struct Class {
  ImU32 colour;
  const char* name;
};

std::vector<Class> classes_of(ColourBy by) {
  switch (by) {
    case ColourBy::size_class:
      return {{kSizeColours[0], "micro"}, {kSizeColours[1], "small"}, {kSizeColours[2], "medium"}, {kSizeColours[3], "large"}};
    case ColourBy::status:
      return {{kHealthy, "healthy"}, {kEntrant, "entrant (< 1 year)"}, {kRationed, "credit-rationed"},
              {kDistressed, "distressed (may exit)"}};
    case ColourBy::channel: return {{kDirect, "sells directly"}, {kAgent, "via a selling agent"}};
    case ColourBy::exporter: return {{kExporter, "exporting this month"}, {kNo, "domestic only"}};
    case ColourBy::member: return {{kYes, "member"}, {kNo, "not a member"}};
    case ColourBy::cfc_user: return {{kYes, "CFC user"}, {kNo, "not using a CFC"}};
    case ColourBy::participant: return {{kYes, "reached"}, {kNo, "not reached (yet)"}};
    case ColourBy::certified: return {{kYes, "certified"}, {kNo, "not certified"}};
    default: return {};
  }
}

// Firms of the cluster in each class; counted once per published view, colouring and cluster
// (the legend is measured and drawn several times a frame).
std::vector<int> counts_of(const cs::Frame& fr, const Extras* ex, int cluster, ColourBy by, std::size_t classes,
                           std::uint64_t serial) {
  struct Cached {
    const cs::Frame* frame = nullptr;
    std::uint64_t serial = 0;
    int cluster = -1;
    ColourBy by{};
    std::vector<int> counts;
  };
  static Cached cache[2];  // the policy and the baseline frame
  for (const Cached& k : cache)
    if (k.frame == &fr && k.serial == serial && k.cluster == cluster && k.by == by && k.counts.size() == classes)
      return k.counts;
  std::vector<int> c(classes, 0);
  const std::uint8_t* flags = ex && ex->firm_flags.size() == fr.firms.size() ? ex->firm_flags.data() : nullptr;
  for (std::size_t i = 0; i < fr.firms.size(); ++i) {
    if (fr.firms.cluster[i] != cluster) continue;
    const int k = class_of(fr, i, by, flags);
    if (k >= 0 && static_cast<std::size_t>(k) < classes) ++c[k];
  }
  Cached& slot = cache[cache[0].frame == &fr || cache[0].serial != serial ? 0 : 1];
  slot = {&fr, serial, cluster, by, c};
  return c;
}

void swatch(ImDrawList* dl, ImVec2 p, ImU32 c, float fs) {
  dl->AddCircleFilled({p.x + fs * 0.45f, p.y + fs * 0.55f}, fs * 0.42f, c, 16);
}

std::vector<Entry> entries(App& app, float fs) {
  const View& v = *app.view;
  const MapState& st = app.map_a;
  const ColourBy by = st.colour;
  const int cl = st.cluster;
  std::vector<Entry> out;
  static const char* const kNames[] = {"Productivity", "Size class", "Cash", "Status", "Selling channel", "Exporter",
                                       "Association member", "CFC user", "Programme participant", "Certified"};
  out.push_back({0, std::string(kNames[static_cast<int>(by)]) + (v.baseline ? ", A and B" : ""), {}, true});
  char buf[96];
  if (by == ColourBy::productivity || by == ColourBy::cash) {
    const Scale sc = view_scale(v, *v.policy);
    const bool prod = by == ColourBy::productivity;
    const float lo = prod ? sc.prod_lo : -sc.cash_max, hi = prod ? sc.prod_hi : sc.cash_max;
    char lo_s[32], hi_s[48];
    std::snprintf(lo_s, sizeof lo_s, "%.3g", lo);
    std::snprintf(hi_s, sizeof hi_s, "%.3g", hi);
    const float gw = fs * 9;
    out.push_back({0, lo_s, {}, false});
    out.push_back({gw, std::string(hi_s) + (prod ? " units per worker-month" : " ₹ lakh (cash)"),
                   [gw, fs, prod](ImDrawList* dl, ImVec2 p) {
                     for (int k = 0; k < 32; ++k) {
                       const float t = k / 31.f;
                       const ImU32 c = prod ? viridis(t) : diverging(2 * t - 1);
                       dl->AddRectFilled({p.x + gw * k / 32, p.y + fs * 0.15f}, {p.x + gw * (k + 1) / 32 + 1, p.y + fs * 0.95f}, c);
                     }
                   },
                   false});
  } else {
    const auto cls = classes_of(by);
    const auto cp = counts_of(*v.policy, v.policy_extra.get(), cl, by, cls.size(), v.serial);
    const auto cb =
        v.baseline ? counts_of(*v.baseline, v.baseline_extra.get(), cl, by, cls.size(), v.serial) : std::vector<int>{};
    for (std::size_t k = 0; k < cls.size(); ++k) {
      if (v.baseline) std::snprintf(buf, sizeof buf, "%s: A %d, B %d", cls[k].name, cb[k], cp[k]);
      else std::snprintf(buf, sizeof buf, "%s: %d", cls[k].name, cp[k]);
      const ImU32 c = cls[k].colour;
      out.push_back({fs * 1.1f, buf, [c, fs](ImDrawList* dl, ImVec2 p) { swatch(dl, p, c, fs); }, false});
    }
  }
  // Size key and exits.
  const float base = app.rasters[0] ? app.rasters[0]->base : 1.f;
  // The size key as one entry (never split over two lines): circles for 2, 20 and 200 workers.
  {
    const float sizes[3] = {2.f, 20.f, 200.f};
    float w = 0;
    for (float e : sizes) {
      std::snprintf(buf, sizeof buf, "%g", e);
      w += 2 * radius_for(e, base) + 3 + ImGui::CalcTextSize(buf).x + fs * 0.5f;
    }
    out.push_back({w, "workers", [sizes, base, fs](ImDrawList* dl, ImVec2 p) {
                     char b[16];
                     float x = p.x;
                     for (float e : sizes) {
                       const float r = radius_for(e, base);
                       dl->AddCircle({x + r + 1, p.y + fs * 0.55f}, r, IM_COL32(60, 60, 60, 255), 20, 1.2f);
                       std::snprintf(b, sizeof b, "%g", e);
                       dl->AddText({x + 2 * r + 3, p.y}, kInk, b);
                       x += 2 * r + 3 + ImGui::CalcTextSize(b).x + fs * 0.5f;
                     }
                   },
                   true});
  }
  out.push_back({fs * 1.1f, "exit (last 12 months)", [fs](ImDrawList* dl, ImVec2 p) {
                   const float c = fs * 0.3f, x = p.x + fs * 0.5f, y = p.y + fs * 0.55f;
                   dl->AddLine({x - c, y - c}, {x + c, y + c}, IM_COL32(120, 0, 0, 255), 2);
                   dl->AddLine({x - c, y + c}, {x + c, y - c}, IM_COL32(120, 0, 0, 255), 2);
                 },
                 true});
  // Institutions, counted in the policy run (B).
  if (st.institutions && v.policy_extra) {
    int cfc_open = 0, cfc_building = 0, bds = 0, cda = 0;
    for (const Marker& m : v.policy_extra->markers) {
      if (m.cluster != cl) continue;
      cfc_open += m.kind == MarkerKind::cfc && m.stage == 1;
      cfc_building += m.kind == MarkerKind::cfc && m.stage == 0;
      bds += m.kind == MarkerKind::bds;
      cda += m.kind == MarkerKind::cda;
    }
    out.push_back({0, v.baseline ? "Institutions in B" : "Institutions", {}, true});
    const float r = fs * 0.33f;
    auto g = [r, fs](MarkerKind k, int stage) {
      return [k, stage, r, fs](ImDrawList* dl, ImVec2 p) { glyph(dl, k, {p.x + fs * 0.5f, p.y + fs * 0.55f}, r, stage); };
    };
    std::snprintf(buf, sizeof buf, "CFC: %d open, %d building", cfc_open, cfc_building);
    out.push_back({fs * 1.1f, buf, g(MarkerKind::cfc, 1), false});
    std::snprintf(buf, sizeof buf, "BDS providers: %d", bds);
    out.push_back({fs * 1.1f, buf, g(MarkerKind::bds, 1), false});
    out.push_back({fs * 1.1f, "association", g(MarkerKind::association, 1), false});
    out.push_back({fs * 1.1f, cda ? "CDA at work" : "CDA (not now)", g(MarkerKind::cda, 1), false});
  }
  return out;
}

// The switches of the maps (both in A/B mode): colour, links, institutions, cluster; wrapped to
// `width`. Returns the height used.
float switches(App& app, float width, bool measure) {
  MapState& st = app.map_a;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize(), fh = ImGui::GetFrameHeight();
  auto check_w = [&](const char* t) { return fh + style.ItemInnerSpacing.x + ImGui::CalcTextSize(t).x; };
  static const char* const kNames[] = {"Productivity", "Size class", "Cash", "Status", "Selling channel", "Exporter",
                                       "Association member", "CFC user", "Programme participant", "Certified"};
  float combo_w = 0;  // wide enough for every name: a preview is never cut
  for (const char* n : kNames) combo_w = std::max(combo_w, ImGui::CalcTextSize(n).x);
  combo_w += fh + 2 * style.FramePadding.x;
  const float label_w = ImGui::CalcTextSize("Colour").x + style.ItemInnerSpacing.x;
  const float ws[] = {label_w + combo_w, check_w("links"), check_w("institutions")};
  const int clusters = static_cast<int>(app.view->policy->clusters.size());
  float x = 0;
  int rows = 1;
  for (float w : ws) {
    if (x > 0 && x + style.ItemSpacing.x + w > width) x = 0, ++rows;
    x += (x > 0 ? style.ItemSpacing.x : 0) + w;
  }
  if (clusters > 1) ++rows;
  if (measure) return rows * fh + (rows - 1) * style.ItemSpacing.y + style.ItemSpacing.y;
  const float x0 = ImGui::GetCursorPosX(), right = ImGui::GetCursorScreenPos().x + width;
  auto same_line_if = [&](float w) {
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right) ImGui::SameLine();
  };
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Colour");
  ImGui::SameLine(0, style.ItemInnerSpacing.x);
  ImGui::SetNextItemWidth(combo_w);
  int by = static_cast<int>(st.colour);
  if (ImGui::Combo("##colour", &by, kNames, IM_ARRAYSIZE(kNames))) st.colour = static_cast<ColourBy>(by);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("What the firms are coloured by (both maps)");
  same_line_if(ws[1]);
  ImGui::Checkbox("links", &st.links);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Trust links, the strongest 2,000 of the cluster");
  same_line_if(ws[2]);
  ImGui::Checkbox("institutions", &st.institutions);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Common facility centres, BDS providers, the association and the CDA");
  if (clusters > 1) {
    ImGui::SetCursorPosX(x0);
    ImGui::SetNextItemWidth(std::min(width * 0.5f, fs * 8));
    ImGui::SliderInt("cluster", &st.cluster, 0, clusters - 1);
  }
  return 0;
}

}  // namespace

float map_legend_body(App& app, float width, bool measure);

float map_legend(App& app, float width, bool measure) {
  // Large text (trainer, presentation, a large text size): the legend a step smaller, so that it
  // fits beside the maps.
  const bool large = app.trainer || app.layout.presentation || ImGui::GetFontSize() >= 20.f;
  if (large) ImGui::PushFont(font_scaled(app, 0.85f));
  const float h = map_legend_body(app, width, measure);
  if (large) ImGui::PopFont();
  return h;
}

float map_legend_body(App& app, float width, bool measure) {
  const float fs = ImGui::GetFontSize();
  const float sw_h = switches(app, width, true);
  if (!measure) switches(app, width, false);
  const std::vector<Entry> es = entries(app, fs);
  const float pad = fs * 0.4f, line = fs * 1.25f, space = fs * 0.9f, inner = fs * 0.3f;
  const ImVec2 o = measure ? ImVec2{0, 0} : ImGui::GetCursorScreenPos();
  ImDrawList* dl = measure ? nullptr : ImGui::GetWindowDrawList();
  float x = 0, y = pad * 0.5f;
  const bool narrow = width < fs * 22;  // a column beside the maps: each group on its own lines
  for (const Entry& e : es) {
    const float tw = ImGui::CalcTextSize(e.text.c_str()).x;
    const float w = e.gw + (e.gw > 0 ? inner : 0) + tw;
    const float lead = x > 0 ? (e.heading ? space * 1.8f : space) : 0.f;
    if (x > 0 && (x + lead + w > width || (e.heading && narrow))) x = 0, y += line;
    else x += lead;
    if (dl) {
      const ImVec2 p{o.x + x, o.y + y};
      if (e.draw) e.draw(dl, p);
      const float room = width - x - e.gw - (e.gw > 0 ? inner : 0);
      fit_text(app, dl, {p.x + e.gw + (e.gw > 0 ? inner : 0), p.y}, room, e.heading && !e.draw ? IM_COL32(20, 50, 110, 255) : kInk,
               e.text, "legend");
    }
    x += w;
  }
  const float h = y + line;
  if (dl) {
    app.report.add("legend", "map legend", o, {o.x + width, o.y + h});
    ImGui::Dummy({width, h});
  }
  return h + sw_h;
}

}  // namespace viz
