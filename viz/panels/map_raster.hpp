// The firms of a cluster map as a CPU raster: their colours and the colour scale of a frame,
// anti-aliased disks (small firms first) and exit crosses drawn into one premultiplied RGBA image
// per map, on a worker thread per map, uploaded as one OpenGL texture on the UI thread. map.cpp
// decides when to request a raster and draws the image as a single quad (see the cost note there).
#pragma once
#include <GLFW/glfw3.h>  // OpenGL 1.1 entry points: the firm texture and its blend function

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "app.hpp"

namespace viz {

inline constexpr ImU32 kYes = IM_COL32(215, 95, 20, 255), kNo = IM_COL32(165, 175, 190, 255);
inline constexpr ImU32 kExporter = IM_COL32(30, 110, 200, 255);
inline constexpr ImU32 kDirect = IM_COL32(148, 80, 189, 255), kAgent = IM_COL32(23, 170, 185, 255);
inline constexpr ImU32 kSizeColours[4] = {IM_COL32(110, 160, 215, 255), IM_COL32(44, 160, 44, 255),
                                          IM_COL32(255, 127, 14, 255), IM_COL32(214, 39, 40, 255)};
inline constexpr ImU32 kHealthy = IM_COL32(105, 140, 185, 255), kEntrant = IM_COL32(44, 170, 60, 255),
                       kRationed = IM_COL32(245, 150, 20, 255), kDistressed = IM_COL32(210, 30, 30, 255);

// Institution markers.
inline constexpr ImU32 kCfcCol = IM_COL32(200, 60, 20, 255), kBdsCol = IM_COL32(0, 150, 140, 255),
                       kAssocCol = IM_COL32(30, 60, 150, 255), kCdaCol = IM_COL32(190, 20, 140, 255);

/// An institution's glyph at p, radius r: CFC a square (hollow while being built, grey once
/// closed: `stage` 0, 2), BDS provider a diamond, association a triangle, CDA a star.
void glyph(ImDrawList* dl, MarkerKind k, ImVec2 p, float r, int stage = 1);

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
/// The scale the maps of a view use: the policy frame's, or in A/B mode one over both frames
/// (so that a colour means the same value on each map). UI thread.
Scale view_scale(const View& v, const cs::Frame& fr);
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

/// What a raster of the firms is drawn for: the simulation frame (View::serial) and the view.
/// Two keys with the same view differ only by a newer frame.
struct RasterKey {
  std::uint64_t serial = 0;
  ColourBy colour = ColourBy::productivity;
  int cluster = -1, w = 0, h = 0;  ///< w x h device pixels
  float zoom = 0, pan_x = 0, pan_y = 0, ox = 0, oy = 0, fb = 0;  ///< origin (logical px), px per logical px
  bool exits = false;
  bool same_view(const RasterKey& o) const {
    return colour == o.colour && cluster == o.cluster && w == o.w && h == o.h && zoom == o.zoom && pan_x == o.pan_x &&
           pan_y == o.pan_y && ox == o.ox && oy == o.oy && fb == o.fb && exits == o.exits;
  }
};

/// One raster to draw, self-contained: the worker reads nothing else. `view` keeps the published
/// (immutable) frame and extras alive; `frame` and `flags` point into them.
struct RasterJob {
  RasterKey key;
  std::shared_ptr<const View> view;
  const cs::Frame* frame = nullptr;
  const std::uint8_t* flags = nullptr;  ///< the extras' per-firm flags, may be null
  Scale scale;
  MapXform xf;
  float base = 1;
  bool urgent = false;  ///< a view change (or a screenshot): drawn as soon as the worker is free
};

/// A finished raster: the firms (and exit crosses) of one map as a premultiplied RGBA image.
struct RasterImage {
  RasterKey key;
  MapXform xf;                    ///< the transform it was drawn with
  std::vector<std::uint32_t> px;  ///< premultiplied RGBA8, row-major, key.w * key.h
  std::size_t in_view = 0;        ///< firms inside the panel
  double cost = 0;                ///< seconds the raster took (on the worker)
};

/// Draws `job` into `out` (its buffer reused): the firms of the cluster coloured by the key's
/// variable, small ones first, and with `exits` the exits of the last months as crosses fading
/// with age; counts the firms in view.
void rasterise(RasterImage& out, const RasterJob& job);

/// One map's background rasteriser: a thread that draws the latest requested job. The UI thread
/// requests (a newer request replaces one not yet started: nothing queues up) and takes finished
/// images without ever waiting, except in wait_idle(). A job that is not urgent (only a newer
/// frame) starts at the earliest one raster's time after the previous finished, so that a large
/// map playing keeps the worker busy at most half the time (the simulation and the renderer
/// share the cores).
class RasterWorker {
 public:
  RasterWorker();
  ~RasterWorker();  ///< drops a pending job, finishes the running one, joins
  RasterWorker(const RasterWorker&) = delete;
  RasterWorker& operator=(const RasterWorker&) = delete;

  void request(RasterJob job);
  /// Swaps the latest finished image into `out` if there is one not yet taken; never blocks.
  bool take(RasterImage& out);
  /// Blocks until no job is pending or running (scripted screenshots).
  void wait_idle();

 private:
  void loop();
  std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::optional<RasterJob> pending_;  ///< guarded by mu_
  RasterImage ready_;                 ///< guarded by mu_
  bool has_ready_ = false, busy_ = false, stop_ = false;  ///< guarded by mu_
  RasterImage work_;                  ///< the worker's own
  std::thread thread_;                ///< last: started once the rest exists
};

/// One map's raster on the UI side: the worker, what was last requested, the image on screen and
/// its texture. Only the UI thread touches it (the worker has its own state).
struct MapRaster {
  RasterWorker worker;
  RasterKey requested;     ///< the last key requested (w == 0: none yet)
  RasterImage shown;       ///< the last finished image, uploaded as `tex`
  GLuint tex = 0;
  int tex_w = 0, tex_h = 0;
  float base = 1;          ///< the disks' size factor last drawn (the legend's size key)
  // The cluster's links, strongest first (at most kLinkBudget), for `link_serial`.
  std::uint64_t link_serial = 0;
  int link_cluster = -1;
  std::vector<std::uint32_t> links;
};

/// Uploads M.shown as M.tex (created or resized as needed). UI thread (the GL context).
void upload(MapRaster& M);
/// An ImDrawList callback: composite the premultiplied image with (1, 1 - source alpha).
void premultiplied_blend(const ImDrawList*, const ImDrawCmd*);

}  // namespace viz
