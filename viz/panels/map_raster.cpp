// The CPU rasteriser of the cluster map (map_raster.hpp): firm colours, anti-aliased disks and
// exit crosses in a premultiplied RGBA image, the worker thread that draws it, and its upload as
// an OpenGL texture.
#include "map_raster.hpp"

#include <chrono>
#include <cstdio>
#include <utility>

namespace viz {

namespace {

ImU32 lerp_col(const ImVec4& a, const ImVec4& b, float t) {
  return ImGui::ColorConvertFloat4ToU32({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1});
}

}  // namespace

ImU32 viridis(float t) {
  static const ImVec4 s[] = {{0.267f, 0.005f, 0.329f, 1}, {0.230f, 0.322f, 0.546f, 1}, {0.128f, 0.567f, 0.551f, 1},
                             {0.369f, 0.789f, 0.383f, 1}, {0.993f, 0.906f, 0.144f, 1}};
  t = std::clamp(t, 0.f, 1.f) * 4.f;
  const int i = std::min(3, static_cast<int>(t));
  return lerp_col(s[i], s[i + 1], t - i);
}

ImU32 diverging(float t) {  // t in [-1, 1]: red, grey, blue
  const ImVec4 red{0.80f, 0.15f, 0.15f, 1}, grey{0.82f, 0.82f, 0.82f, 1}, blue{0.13f, 0.40f, 0.75f, 1};
  t = std::clamp(t, -1.f, 1.f);
  return t < 0 ? lerp_col(grey, red, -t) : lerp_col(grey, blue, t);
}

Scale scale_of(const cs::Frame& fr, std::uint64_t serial, Scale& cache) {
  if (cache.serial == serial) return cache;
  Scale s;
  s.serial = serial;
  // Quantiles of an even sample of at most 20,000 firms: the same scale, a fraction of the work
  // for the largest maps (this runs for every new frame).
  const std::size_t stride = fr.firms.size() / 20000 + 1;
  std::vector<float> v;
  for (std::size_t i = 0; i < fr.firms.size(); i += stride) v.push_back(fr.firms.prod[i]);
  if (!v.empty()) {
    const auto at = [&](double q) {
      auto it = v.begin() + static_cast<std::ptrdiff_t>(q * (v.size() - 1));
      std::nth_element(v.begin(), it, v.end());
      return *it;
    };
    s.prod_lo = at(0.02);
    s.prod_hi = std::max(at(0.98), s.prod_lo + 1e-6f);
  }
  v.clear();
  for (std::size_t i = 0; i < fr.firms.size(); i += stride) v.push_back(std::abs(fr.firms.cash[i]));
  if (!v.empty()) {
    auto it = v.begin() + static_cast<std::ptrdiff_t>(0.95 * (v.size() - 1));
    std::nth_element(v.begin(), it, v.end());
    s.cash_max = std::max(*it, 1e-3f);
  }
  cache = s;
  return s;
}

ImU32 firm_colour(const cs::Frame& fr, std::size_t i, ColourBy by, const Scale& sc, const std::uint8_t* flags) {
  const auto& f = fr.firms;
  const std::uint8_t st = f.status[i];
  switch (by) {
    case ColourBy::productivity: return viridis((f.prod[i] - sc.prod_lo) / (sc.prod_hi - sc.prod_lo));
    case ColourBy::size_class: return kSizeColours[std::min<int>(3, f.size_class[i])];
    case ColourBy::cash: {
      const float t = std::log1p(std::abs(f.cash[i])) / std::log1p(sc.cash_max);
      return diverging(f.cash[i] < 0 ? -t : t);
    }
    case ColourBy::status:
      return st & cs::kStatusDistressed ? kDistressed : st & cs::kStatusRationed ? kRationed
           : st & cs::kStatusEntrant    ? kEntrant    : kHealthy;
    case ColourBy::channel: return st & cs::kStatusDirect ? kDirect : kAgent;
    case ColourBy::exporter: return st & cs::kStatusExporter ? kExporter : kNo;
    case ColourBy::member: return flags && (flags[i] & kFlagMember) ? kYes : kNo;
    case ColourBy::cfc_user: return flags && (flags[i] & kFlagCfcUser) ? kYes : kNo;
    case ColourBy::participant: return flags && (flags[i] & kFlagParticipant) ? kYes : kNo;
    case ColourBy::certified: return flags && (flags[i] & kFlagCertified) ? kYes : kNo;
  }
  return kHealthy;
}
namespace {

// Composites a premultiplied source (rgb * a, a) over a premultiplied pixel.
inline void blend(std::uint32_t& d, float r, float g, float b, float a) {
  const float k = 1.f - a;
  const float dr = float(d & 0xFF), dg = float((d >> 8) & 0xFF), db = float((d >> 16) & 0xFF), da = float(d >> 24);
  const auto q = [](float v) { return static_cast<std::uint32_t>(std::min(255.f, v + 0.5f)); };
  d = q(r + dr * k) | q(g + dg * k) << 8 | q(b + db * k) << 16 | q(255.f * a + da * k) << 24;
}

// An anti-aliased disk of radius r centred at (cx, cy) (pixels), optionally with the dark 1 px
// outline the vector map drew on firms of radius >= 5.
void splat_disk(RasterImage& R, float cx, float cy, float r, ImU32 col, bool outline) {
  const int W = R.key.w, H = R.key.h;
  const float reach = r + (outline ? 1.f : 0.5f);
  const int x0 = std::max(0, static_cast<int>(std::floor(cx - reach))), x1 = std::min(W - 1, static_cast<int>(cx + reach));
  const int y0 = std::max(0, static_cast<int>(std::floor(cy - reach))), y1 = std::min(H - 1, static_cast<int>(cy + reach));
  const float cr = float(col & 0xFF), cg = float((col >> 8) & 0xFF), cb = float((col >> 16) & 0xFF);
  const float in2 = r > 0.5f ? (r - (outline ? 1.f : 0.5f)) * (r - (outline ? 1.f : 0.5f)) : -1.f, out2 = reach * reach;
  const std::uint32_t solid = (col & 0x00FFFFFFu) | 0xFF000000u;
  constexpr float ol = 160.f / 255.f, oc = 40.f;
  const std::uint32_t rb = solid & 0x00FF00FFu, ga = (solid >> 8) & 0x00FF00FFu;
  const float inv_band = 1.f / (out2 - std::max(0.f, r - 0.5f) * std::max(0.f, r - 0.5f));
  for (int y = y0; y <= y1; ++y) {
    std::uint32_t* row = R.px.data() + static_cast<std::size_t>(y) * W;
    const float dy = y + 0.5f - cy, dy2 = dy * dy;
    if (dy2 >= out2) continue;
    // Only the pixels whose centres fall inside the reach; those well inside are solid.
    const float half = std::sqrt(out2 - dy2), inner = in2 > dy2 ? std::sqrt(in2 - dy2) : -1.f;
    const int xa = std::max(x0, static_cast<int>(std::floor(cx - half))), xb = std::min(x1, static_cast<int>(cx + half));
    for (int x = xa; x <= xb; ++x) {
      const float dx = x + 0.5f - cx;
      if (std::abs(dx) <= inner) {
        row[x] = solid;
        continue;
      }
      if (!outline) {
        // Edge pixel: coverage from d^2 (no square root; within 1 px of the edge the band is
        // linear in d^2 to first order), blended in fixed point on two channels at a time.
        const float d2 = dx * dx + dy2;
        const auto ia = static_cast<std::uint32_t>(std::clamp((out2 - d2) * inv_band, 0.f, 1.f) * 256.f);
        const std::uint32_t k = 256 - ia, dst = row[x];
        row[x] = (((rb * ia + (dst & 0x00FF00FFu) * k) >> 8) & 0x00FF00FFu) |
                 ((((ga * ia + ((dst >> 8) & 0x00FF00FFu) * k) >> 8) & 0x00FF00FFu) << 8);
        continue;
      }
      // Edge of an outlined disk: the fill, then the ring centred on r over it.
      const float d = std::sqrt(dx * dx + dy2);
      const float a = std::clamp(r + 0.5f - d, 0.f, 1.f);
      const float o = std::clamp(1.f - std::abs(d - r), 0.f, 1.f) * ol;
      const float pa = o + a * (1 - o);
      if (pa > 0) blend(row[x], oc * o + cr * a * (1 - o), oc * o + cg * a * (1 - o), oc * o + cb * a * (1 - o), pa);
    }
  }
}

// Exits: dark red crosses of half-size c with 1.5 px strokes, from one coverage stamp (centres
// rounded to the pixel: there can be tens of thousands of them on the largest maps).
struct CrossStamp {
  int half = 0;
  struct Ink { int dx, dy; float a; };
  std::vector<Ink> cover;  ///< the inked pixels and their coverage
  explicit CrossStamp(float c) : half(static_cast<int>(std::ceil(c)) + 1) {
    for (int y = -half; y <= half; ++y)
      for (int x = -half; x <= half; ++x) {
        const float dx = float(x), dy = float(y);
        const float along = std::max(std::abs(dx), std::abs(dy));
        const float d = std::min(std::abs(dx - dy), std::abs(dx + dy)) * 0.70710678f;
        const float a = std::clamp(1.25f - d, 0.f, 1.f) * std::clamp(c + 0.5f - along, 0.f, 1.f);
        if (a > 0) cover.push_back({x, y, a});
      }
  }
};

void splat_cross(RasterImage& R, const CrossStamp& st, float fx, float fy, float alpha) {
  const int W = R.key.w, H = R.key.h;
  const int cx = static_cast<int>(std::floor(fx)), cy = static_cast<int>(std::floor(fy));
  if (cx < -st.half || cy < -st.half || cx > W + st.half || cy > H + st.half) return;
  for (const CrossStamp::Ink& k : st.cover) {
    const int x = cx + k.dx, y = cy + k.dy;
    if (x < 0 || y < 0 || x >= W || y >= H) continue;
    const float a = k.a * alpha;
    blend(R.px[static_cast<std::size_t>(y) * W + x], 120 * a, 0, 0, a);
  }
}

}  // namespace

void rasterise(RasterImage& R, const RasterJob& job) {
  const auto t0 = std::chrono::steady_clock::now();
  const cs::Frame& fr = *job.frame;
  const RasterKey& k = job.key;
  const MapXform& xf = job.xf;
  const auto& f = fr.firms;
  const std::size_t n = f.size();
  const float fb = k.fb, ox = k.ox, oy = k.oy, base = job.base;
  const int rw = k.w, rh = k.h;
  R.key = k, R.xf = xf;
  R.px.assign(static_cast<std::size_t>(rw) * rh, 0u);
  R.in_view = 0;
  // Small firms first so that large ones stay visible on top.
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < n; ++i) {
      if (f.cluster[i] != k.cluster || (f.employees[i] >= 10) != (pass == 1)) continue;
      const ImVec2 p = xf.to_screen(f.x[i], f.y[i]);
      const float r = radius_for(f.employees[i], base) * fb;
      const float x = (p.x - ox) * fb, y = (p.y - oy) * fb;
      if (x + r < 0 || x - r > rw || y + r < 0 || y - r > rh) continue;
      ++R.in_view;
      splat_disk(R, x, y, std::max(r, 0.75f), firm_colour(fr, i, k.colour, job.scale, job.flags), r >= 5 * fb);
    }
  if (k.exits) {
    const CrossStamp stamp(std::max(2.f, 3.5f * base) * fb);
    for (const cs::FrameExit& e : fr.exits) {
      if (e.cluster != k.cluster) continue;
      const ImVec2 p = xf.to_screen(e.x, e.y);
      const float a = std::clamp(255 - (fr.step - e.step) * 16, 60, 255) / 255.f;
      splat_cross(R, stamp, (p.x - ox) * fb, (p.y - oy) * fb, a);
    }
  }
  R.cost = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

RasterWorker::RasterWorker() : thread_([this] { loop(); }) {}

RasterWorker::~RasterWorker() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
    pending_.reset();
  }
  cv_.notify_all();
  thread_.join();
}

void RasterWorker::request(RasterJob job) {
  std::optional<RasterJob> old;  // released outside the lock (it may hold the last ref to a View)
  {
    std::lock_guard lk(mu_);
    if (pending_) job.urgent = job.urgent || pending_->urgent;
    old = std::exchange(pending_, std::move(job));
  }
  cv_.notify_all();
}

bool RasterWorker::take(RasterImage& out) {
  std::lock_guard lk(mu_);
  if (!has_ready_) return false;
  std::swap(out, ready_);  // out's old buffer goes back to the worker for reuse
  has_ready_ = false;
  return true;
}

void RasterWorker::wait_idle() {
  std::unique_lock lk(mu_);
  idle_cv_.wait(lk, [&] { return stop_ || (!pending_ && !busy_); });
}

void RasterWorker::loop() {
  using Clock = std::chrono::steady_clock;
  Clock::time_point next{};  // a job that is not urgent does not start before this
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return stop_ || pending_; });
    if (stop_) break;
    if (!pending_->urgent && Clock::now() < next) {
      cv_.wait_until(lk, next, [&] { return stop_ || (pending_ && pending_->urgent); });
      continue;  // look again: stopped, replaced, urgent or due
    }
    RasterJob job = std::move(*pending_);
    pending_.reset();
    busy_ = true;
    lk.unlock();
    rasterise(work_, job);
    job = RasterJob{};  // drop the frame before taking the lock
    lk.lock();
    std::swap(ready_, work_);
    has_ready_ = true;
    busy_ = false;
    next = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(ready_.cost));
    if (!pending_) idle_cv_.notify_all();
  }
  busy_ = false;
  idle_cv_.notify_all();
}

// The image is premultiplied: composite it with (1, 1 - source alpha), then let the backend
// restore its own state.
void premultiplied_blend(const ImDrawList*, const ImDrawCmd*) { glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA); }

void upload(MapRaster& M) {
  const RasterImage& R = M.shown;
  const int w = R.key.w, h = R.key.h;
  if (!M.tex) glGenTextures(1, &M.tex);
  glBindTexture(GL_TEXTURE_2D, M.tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (M.tex_w != w || M.tex_h != h) {
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, R.px.data());
    M.tex_w = w, M.tex_h = h;
  } else {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, R.px.data());
  }
}
}  // namespace viz
