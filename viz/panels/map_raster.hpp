// The firms of a cluster map as a CPU raster: their colours and the colour scale of a frame,
// anti-aliased disks (small firms first) and exit crosses drawn into one premultiplied RGBA image
// per map, uploaded as one OpenGL texture. map.cpp decides when to redraw and draws the image as a
// single quad (see the cost note there).
#pragma once
#include <GLFW/glfw3.h>  // OpenGL 1.1 entry points: the firm texture and its blend function

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

#include "app.hpp"

namespace viz {

inline constexpr ImU32 kYes = IM_COL32(215, 95, 20, 255), kNo = IM_COL32(165, 175, 190, 255);
inline constexpr ImU32 kSizeColours[4] = {IM_COL32(110, 160, 215, 255), IM_COL32(44, 160, 44, 255),
                                          IM_COL32(255, 127, 14, 255), IM_COL32(214, 39, 40, 255)};
inline constexpr ImU32 kHealthy = IM_COL32(105, 140, 185, 255), kEntrant = IM_COL32(44, 170, 60, 255),
                       kRationed = IM_COL32(245, 150, 20, 255), kDistressed = IM_COL32(210, 30, 30, 255);

/// Viridis, five stops; t in [0, 1].
ImU32 viridis(float t);
/// t in [-1, 1]: red, grey, blue.
ImU32 diverging(float t);

/// Colour scale of a frame, computed once per frame and kept with it.
struct Scale {
  std::uint64_t serial = 0;  ///< View::serial it was computed for
  float prod_lo = 0, prod_hi = 1, cash_max = 1;
};

/// The scale of `fr` (productivity quantiles, cash range), from `cache` when it was computed for
/// `serial`.
Scale scale_of(const cs::Frame& fr, std::uint64_t serial, Scale& cache);
/// Colour of firm slot i by `by`; `flags` (may be null) are the extras' per-firm flags.
ImU32 firm_colour(const cs::Frame& fr, std::size_t i, ColourBy by, const Scale& sc, const std::uint8_t* flags);

/// Disk radius in pixels of a firm with `employees` workers, `base` being the map's size factor.
inline float radius_for(float employees, float base) { return base * (1.2f + 1.25f * std::log2(1.f + std::max(0.f, employees))); }

/// Map coordinates (km) to screen pixels (logical): the view's centre, pan and scale.
struct MapXform {
  ImVec2 centre;        ///< screen position of the view's centre
  float cx = 0, cy = 0; ///< map position at the centre before panning (km)
  float pan_x = 0, pan_y = 0, scale = 1;  ///< pan (km), px per km
  ImVec2 to_screen(float x, float y) const {
    return ImVec2{centre.x + (x - cx - pan_x) * scale, centre.y - (y - cy - pan_y) * scale};
  }
};

// The firms (and exit crosses) of one map as a premultiplied RGBA image at the panel's pixel
// size, and the key it was drawn for.
struct FirmRaster {
  std::uint64_t serial = 0;
  ColourBy colour = ColourBy::productivity;
  int cluster = -1, w = 0, h = 0;
  float zoom = 0, pan_x = 0, pan_y = 0, ox = 0, oy = 0, fb = 0;
  bool exits = false;
  std::vector<std::uint32_t> px;  ///< premultiplied RGBA8, row-major, w * h
  GLuint tex = 0;
  int tex_w = 0, tex_h = 0;
  std::size_t in_view = 0;        ///< firms inside the panel
  double cost = 0;                ///< seconds the last raster took
  std::chrono::steady_clock::time_point at{};  ///< when it was done
  // The cluster's links, strongest first (at most kLinkBudget), for `link_serial`.
  std::uint64_t link_serial = 0;
  int link_cluster = -1;
  std::vector<std::uint32_t> links;
};

/// Redraws R.px (R.w x R.h pixels at R.fb per logical pixel, origin R.ox, R.oy): the firms of
/// `cluster` coloured by `by`, small ones first, and with `exits` the exits of the last months as
/// crosses fading with age; counts the firms in view in R.in_view.
void rasterise(FirmRaster& R, const cs::Frame& fr, int cluster, ColourBy by, const Scale& sc,
               const std::uint8_t* flags, const MapXform& xf, float base, bool exits);
/// Uploads R.px as R.tex (created or resized as needed).
void upload(FirmRaster& R);
/// An ImDrawList callback: composite the premultiplied image with (1, 1 - source alpha).
void premultiplied_blend(const ImDrawList*, const ImDrawCmd*);

}  // namespace viz
