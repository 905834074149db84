// The cluster map: firms at their positions, sized by employment and coloured by a chosen
// variable, trust links with opacity by trust, recent exits, a legend; pan, zoom and click to
// inspect.
//
// Cost: the firms and the exit crosses are rasterised on the CPU into one image per map
// (anti-aliased disks, small firms first), only when a new simulation frame arrives or the view
// changes, on a worker thread per map (RasterWorker), then uploaded on the UI thread as one
// OpenGL texture and drawn as a single quad. The UI never waits for a raster: it draws the last
// finished image, mapped onto the current view (scaled and shifted while a pan or zoom is being
// re-rasterised), and uploads a newer one when it lands. A UI frame therefore submits a few
// thousand vertices whatever the number of firms, and a renderer (a GPU, or llvmpipe under
// Xvfb) blends each pixel of the map once. Trust links stay vector lines: the strongest first,
// at most kLinkBudget, and only while at most kLinkMaxFirms firms are in view.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app.hpp"
#include "chart.hpp"
#include "map_raster.hpp"

namespace viz {

namespace {

constexpr ImU32 kBackground = IM_COL32(247, 245, 238, 255);
constexpr ImU32 kArea = IM_COL32(255, 255, 252, 255);
constexpr const char* kColourNames[] = {"Productivity", "Size class",          "Cash",    "Status",
                                        "Selling channel", "Exporter", "Association member", "CFC user",
                                        "Programme participant", "Certified"};

}  // namespace

void glyph(ImDrawList* dl, MarkerKind k, ImVec2 p, float r, int stage) {
  const ImU32 edge = IM_COL32(255, 255, 255, 255), dark = IM_COL32(20, 20, 20, 200);
  switch (k) {
    case MarkerKind::cfc: {
      const ImU32 c = stage == 2 ? IM_COL32(140, 140, 140, 255) : kCfcCol;
      dl->AddRectFilled({p.x - r - 1.5f, p.y - r - 1.5f}, {p.x + r + 1.5f, p.y + r + 1.5f}, edge);
      if (stage == 0) dl->AddRect({p.x - r, p.y - r}, {p.x + r, p.y + r}, c, 0, 0, 2.5f);
      else dl->AddRectFilled({p.x - r, p.y - r}, {p.x + r, p.y + r}, c);
      dl->AddRect({p.x - r - 1.5f, p.y - r - 1.5f}, {p.x + r + 1.5f, p.y + r + 1.5f}, dark);
      break;
    }
    case MarkerKind::bds: {
      const ImVec2 q[4] = {{p.x, p.y - r}, {p.x + r, p.y}, {p.x, p.y + r}, {p.x - r, p.y}};
      dl->AddConvexPolyFilled(q, 4, kBdsCol);
      dl->AddPolyline(q, 4, dark, ImDrawFlags_Closed, 1.f);
      break;
    }
    case MarkerKind::association: {
      const float h = r * 1.3f;
      dl->AddTriangleFilled({p.x, p.y - h - 2}, {p.x + h + 2, p.y + h * 0.8f + 1}, {p.x - h - 2, p.y + h * 0.8f + 1}, edge);
      dl->AddTriangleFilled({p.x, p.y - h}, {p.x + h, p.y + h * 0.8f}, {p.x - h, p.y + h * 0.8f}, kAssocCol);
      break;
    }
    case MarkerKind::cda: {
      ImVec2 q[10];
      for (int j = 0; j < 10; ++j) {
        const float a = -1.5708f + j * 0.6283f, rr = j % 2 ? r * 0.5f : r * 1.3f;
        q[j] = {p.x + rr * std::cos(a), p.y + rr * std::sin(a)};
      }
      dl->AddCircleFilled(p, r * 1.35f, IM_COL32(255, 255, 255, 220), 16);
      for (int j = 0; j < 10; j += 2) dl->AddTriangleFilled(q[j], q[(j + 1) % 10], q[(j + 9) % 10], kCdaCol);
      dl->AddCircleFilled(p, r * 0.55f, kCdaCol, 10);
      break;
    }
  }
}

Scale view_scale(const View& v, const cs::Frame& fr) {
  static Scale cache_policy, cache_baseline;
  const Scale p = scale_of(*v.policy, v.serial, cache_policy);
  if (!v.baseline) return p;
  Scale s = scale_of(*v.baseline, v.serial, cache_baseline);
  (void)fr;
  s.prod_lo = std::min(s.prod_lo, p.prod_lo), s.prod_hi = std::max(s.prod_hi, p.prod_hi);
  s.cash_max = std::max(s.cash_max, p.cash_max);
  return s;
}

namespace {

constexpr std::size_t kLinkBudget = 2000;    ///< links drawn at most, strongest first
constexpr std::size_t kLinkMaxFirms = 30000; ///< no links while more firms than this are in view


}  // namespace

void release_maps(App& app) {
  for (auto& m : app.rasters) {
    if (m && m->tex) glDeleteTextures(1, &m->tex);
    m.reset();  // joins the worker
  }
}

void map_panel(const char* id, App& app, const cs::Frame& fr, MapState& st, const char* title, float legend_h) {
  std::shared_ptr<MapRaster>& slot = app.rasters[&st == &app.map_b ? 1 : 0];
  if (!slot) slot = std::make_shared<MapRaster>();
  MapRaster& M = *slot;
  ImGui::PushID(id);
  const float fs = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  // One header line over the map (title, month, firms, links), never over it; the colour and
  // display switches are in the legend (map_legend).
  st.cluster = std::clamp(st.cluster, 0, std::max(0, static_cast<int>(fr.clusters.size()) - 1));
  const float status_y = ImGui::GetCursorScreenPos().y;
  ImGui::Dummy({1, fs * 1.15f});
  (void)style;

  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  avail.y -= legend_h;
  if (avail.x < 50 || avail.y < 50 || fr.clusters.empty()) {
    if (avail.y > 0) ImGui::Dummy({1, avail.y});
    ImGui::PopID();
    return;
  }
  ImGui::InvisibleButton("##map", avail);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p1{p0.x + avail.x, p0.y + avail.y};
  app.report.add("map", title, p0, p1);
  dl->AddRectFilled(p0, p1, kBackground, 4.f);
  dl->PushClipRect(p0, p1, true);

  const cs::ClusterView& cv = fr.clusters[st.cluster];
  // At zoom 1 the view fits the industrial estates (firms settle within 0.12 of the side of
  // an estate's centre), not the whole square, so that the firms fill the panel.
  float bx0 = cv.area, bx1 = 0, by0 = cv.area, by1 = 0;
  for (std::size_t k = 0; k < cv.nb_x.size(); ++k) {
    bx0 = std::min(bx0, cv.nb_x[k]), bx1 = std::max(bx1, cv.nb_x[k]);
    by0 = std::min(by0, cv.nb_y[k]), by1 = std::max(by1, cv.nb_y[k]);
  }
  if (bx0 > bx1) bx0 = by0 = 0, bx1 = by1 = cv.area;
  const float margin = 0.15f * cv.area;
  bx0 = std::max(0.f, bx0 - margin), bx1 = std::min(cv.area, bx1 + margin);
  by0 = std::max(0.f, by0 - margin), by1 = std::min(cv.area, by1 + margin);
  const float cx = (bx0 + bx1) * 0.5f, cy = (by0 + by1) * 0.5f;
  const float span_x = std::max(bx1 - bx0, 1e-3f), span_y = std::max(by1 - by0, 1e-3f);
  const float scale = std::min((avail.x - fs) / span_x, (avail.y - fs) / span_y) * st.zoom;  // px per km
  const float side = std::min(avail.x, avail.y);
  const ImVec2 centre{(p0.x + p1.x) * 0.5f, (p0.y + p1.y) * 0.5f};
  const MapXform xf{centre, cx, cy, st.pan_x, st.pan_y, scale};
  auto to_screen = [&xf](float x, float y) { return xf.to_screen(x, y); };
  const ImVec2 q0 = to_screen(0, cv.area), q1 = to_screen(cv.area, 0);
  dl->AddRectFilled(q0, q1, kArea);
  dl->AddRect(q0, q1, IM_COL32(0, 0, 0, 40));
  for (std::size_t k = 0; k < cv.nb_x.size(); ++k)
    dl->AddCircleFilled(to_screen(cv.nb_x[k], cv.nb_y[k]), cv.area * 0.12f * scale, IM_COL32(200, 190, 160, 40), 48);

  const auto& f = fr.firms;
  const std::size_t n = f.size();
  // A/B: one colour scale over both maps, so a colour means the same value on each.
  const Scale sc = view_scale(*app.view, fr);
  const Extras* ex = &fr == app.view->baseline.get() ? app.view->baseline_extra.get() : app.view->policy_extra.get();
  const std::uint8_t* firm_flags = ex && ex->firm_flags.size() == n ? ex->firm_flags.data() : nullptr;
  const float base = std::clamp(std::sqrt(1500.f / std::max<std::size_t>(n, 1)), 0.3f, 1.f) *
                     std::clamp(std::sqrt(side / 600.f), 0.6f, 1.4f) * std::sqrt(st.zoom);
  M.base = base;  // the legend's size key
  // The firms and exits: a raster requested only for a new frame or a changed view; the worker
  // keeps only the latest request, a view change goes ahead of the throttle on new frames.
  const float fb = std::max(1.f, ImGui::GetIO().DisplayFramebufferScale.x);
  const float ox = std::floor(p0.x * fb) / fb, oy = std::floor(p0.y * fb) / fb;
  const int rw = static_cast<int>(std::ceil((p1.x - ox) * fb)), rh = static_cast<int>(std::ceil((p1.y - oy) * fb));
  const std::uint64_t serial = app.view->serial;
  const RasterKey key{serial, st.colour, st.cluster, rw, rh, st.zoom, st.pan_x, st.pan_y, ox, oy, fb, st.exits};
  const bool view_changed = M.requested.w == 0 || !key.same_view(M.requested);
  if (view_changed || key.serial != M.requested.serial) {
    // The job holds the published View, so the frame and flags it points into outlive it.
    M.worker.request(RasterJob{key, app.view, &fr, firm_flags, sc, xf, base, view_changed || app.sync_maps});
    M.requested = key;
  }
  if (app.sync_maps) M.worker.wait_idle();  // scripted screenshots: the map of this very frame
  if (M.worker.take(M.shown)) {
    const auto t0 = std::chrono::steady_clock::now();
    upload(M);
    app.times.upload += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    app.times.raster += M.shown.cost;
    ++app.times.rasters;
  }
  // Trust links under the firms: 1 px without anti-aliasing, the strongest kLinkBudget of the
  // cluster (ranked once per frame), and only once zoomed in to kLinkMaxFirms firms or fewer
  // (counted by the last raster; all the firms until there is one).
  bool links_hidden = false;
  const std::size_t in_view = M.tex ? M.shown.in_view : n;
  if (st.links && in_view > kLinkMaxFirms) {
    links_hidden = true;
  } else if (st.links) {
    if (M.link_serial != serial || M.link_cluster != st.cluster) {
      M.link_serial = serial, M.link_cluster = st.cluster;
      M.links.clear();
      for (std::size_t k = 0; k < fr.links.size(); ++k)
        if (f.cluster[fr.links[k].a] == st.cluster) M.links.push_back(static_cast<std::uint32_t>(k));
      const auto stronger = [&](std::uint32_t a, std::uint32_t b) { return fr.links[a].trust > fr.links[b].trust; };
      if (M.links.size() > kLinkBudget) {
        std::nth_element(M.links.begin(), M.links.begin() + kLinkBudget, M.links.end(), stronger);
        M.links.resize(kLinkBudget);
      }
    }
    const ImDrawListFlags flags = dl->Flags;
    dl->Flags &= ~ImDrawListFlags_AntiAliasedLines;
    for (std::uint32_t k : M.links) {
      const cs::FrameLink& l = fr.links[k];
      const ImVec2 a = to_screen(f.x[l.a], f.y[l.a]), b = to_screen(f.x[l.b], f.y[l.b]);
      if (std::max(a.x, b.x) < p0.x || std::min(a.x, b.x) > p1.x || std::max(a.y, b.y) < p0.y || std::min(a.y, b.y) > p1.y)
        continue;
      const int alpha = static_cast<int>(15 + 130 * std::clamp(l.trust, 0.f, 1.f));
      dl->AddLine(a, b, IM_COL32(60, 80, 120, alpha), 1.f);
      ++app.times.links;
    }
    dl->Flags = flags;
  }
  // The last finished image, where its corners fall in the current view: exactly the panel when
  // it was drawn for this view, else scaled and shifted (a pan or zoom the worker has not caught
  // up with yet). Not shown for another cluster.
  if (M.tex && M.shown.key.cluster == st.cluster) {
    const RasterKey& k = M.shown.key;
    ImVec2 a{ox, oy}, b{ox + rw / fb, oy + rh / fb};
    if (!k.same_view(key)) {
      const MapXform& old = M.shown.xf;
      const auto remap = [&](float sx, float sy) {  // screen of the old view -> map -> screen now
        return to_screen((sx - old.centre.x) / old.scale + old.cx + old.pan_x,
                         -(sy - old.centre.y) / old.scale + old.cy + old.pan_y);
      };
      a = remap(k.ox, k.oy), b = remap(k.ox + k.w / k.fb, k.oy + k.h / k.fb);
    }
    dl->AddCallback(premultiplied_blend, nullptr);
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(M.tex)), a, b);
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  }
  // Institutions on top of the firms: BDS providers, CFCs, the association, the CDA.
  if (ex && st.institutions) {
    const float r = std::clamp(fs * 0.36f * std::sqrt(st.zoom), fs * 0.3f, fs * 0.8f);
    // BDS providers: one diamond per industrial estate, at its edge, with their number (dozens
    // of single markers hid the firms).
    std::vector<int> bds(std::max<std::size_t>(1, cv.nb_x.size()), 0);
    for (const Marker& m : ex->markers) {
      if (m.kind != MarkerKind::bds || m.cluster != st.cluster) continue;
      std::size_t best = 0;
      float bd = 1e30f;
      for (std::size_t k = 0; k < cv.nb_x.size(); ++k) {
        const float d = (m.x - cv.nb_x[k]) * (m.x - cv.nb_x[k]) + (m.y - cv.nb_y[k]) * (m.y - cv.nb_y[k]);
        if (d < bd) bd = d, best = k;
      }
      ++bds[best];
    }
    char num[16];
    for (std::size_t k = 0; k < bds.size(); ++k) {
      if (!bds[k]) continue;
      const float ex_x = cv.nb_x.empty() ? cv.area * 0.5f : cv.nb_x[k], ex_y = cv.nb_y.empty() ? cv.area * 0.5f : cv.nb_y[k];
      const ImVec2 p = to_screen(ex_x + 0.095f * cv.area, ex_y + 0.095f * cv.area);
      glyph(dl, MarkerKind::bds, p, r * 1.1f);
      std::snprintf(num, sizeof num, "%d", bds[k]);
      const ImVec2 ts = ImGui::CalcTextSize(num);
      dl->AddRectFilled({p.x + r * 1.3f, p.y - ts.y * 0.5f}, {p.x + r * 1.3f + ts.x + 4, p.y + ts.y * 0.5f}, IM_COL32(255, 255, 255, 200), 2.f);
      dl->AddText({p.x + r * 1.3f + 2, p.y - ts.y * 0.5f}, kBdsCol, num);
    }
    for (MarkerKind k : {MarkerKind::cfc, MarkerKind::association, MarkerKind::cda})
      for (const Marker& m : ex->markers)
        if (m.kind == k && m.cluster == st.cluster) glyph(dl, k, to_screen(m.x, m.y), r * 1.15f, m.stage);
  }
  // The inspected firm.
  for (std::size_t i = 0; i < n && app.inspect_uid != cs::kNoUid; ++i)
    if (f.uid[i] == app.inspect_uid) {
      const ImVec2 p = to_screen(f.x[i], f.y[i]);
      const float r = radius_for(f.employees[i], base) + 5;
      dl->AddCircle(p, r, IM_COL32(0, 0, 0, 255), 24, 2.5f);
      dl->AddCircle(p, r + 2.5f, IM_COL32(255, 255, 255, 255), 24, 1.5f);
    }

  dl->PopClipRect();
  char buf[200];
  const char* shown = !st.links ? "" : links_hidden ? " (zoom in to see them)"
                   : M.links.size() < fr.links_total ? " (strongest shown)" : "";
  std::snprintf(buf, sizeof buf, "%s  |  %s  |  month %d  |  %zu firms  |  %zu links%s", title, cv.name.c_str(),
                fr.step, n, fr.links_total, shown);
  if (ImGui::CalcTextSize(buf).x > avail.x)  // narrow panel: drop the cluster's name
    std::snprintf(buf, sizeof buf, "%s  |  month %d  |  %zu firms  |  %zu links%s", title, fr.step, n, fr.links_total,
                  links_hidden ? " (zoom in)" : "");
  // Still too long: the title without its note in brackets ("A: baseline (no programme)").
  std::string head = title;
  if (ImGui::CalcTextSize(buf).x > avail.x) {
    if (const auto k = head.find(" ("); k != std::string::npos) head.resize(k);
    std::snprintf(buf, sizeof buf, "%s  |  month %d  |  %zu firms", head.c_str(), fr.step, n);
  }
  const float tw = ImGui::CalcTextSize(head.c_str()).x;
  dl->AddText({p0.x, status_y}, IM_COL32(20, 50, 110, 255), head.c_str());
  fit_text(app, dl, {p0.x + tw, status_y}, avail.x - tw, IM_COL32(40, 40, 40, 255), std::string(buf).substr(head.size()),
           "map status");

  // Zoom around the cursor, drag to pan, click to inspect the nearest firm.
  ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) {
    const float old = st.zoom;
    st.zoom = std::clamp(st.zoom * std::pow(1.2f, io.MouseWheel), 0.5f, 40.f);
    const float mx = (io.MousePos.x - centre.x) / scale + cx + st.pan_x;
    const float my = -(io.MousePos.y - centre.y) / scale + cy + st.pan_y;
    st.pan_x = mx - cx - (mx - cx - st.pan_x) * old / st.zoom;
    st.pan_y = my - cy - (my - cy - st.pan_y) * old / st.zoom;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.f)) {
    st.pan_x -= io.MouseDelta.x / scale;
    st.pan_y += io.MouseDelta.y / scale;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) st.zoom = 1, st.pan_x = st.pan_y = 0;
  if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 16.f) {
    const float pick = fs * 0.8f;
    float best = 1e30f;
    std::uint32_t uid = cs::kNoUid;
    for (std::size_t i = 0; i < n; ++i) {
      if (f.cluster[i] != st.cluster) continue;
      const ImVec2 p = to_screen(f.x[i], f.y[i]);
      const float r = radius_for(f.employees[i], base);
      const float d = (p.x - io.MousePos.x) * (p.x - io.MousePos.x) + (p.y - io.MousePos.y) * (p.y - io.MousePos.y);
      if (d <= std::max(pick * pick, r * r) && d < best) best = d, uid = f.uid[i];
    }
    if (uid != cs::kNoUid) {
      app.inspect_uid = uid;
      app.runner->send(cmd::Watch{uid});
    }
  }
  ImGui::PopID();
}

}  // namespace viz