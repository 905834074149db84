#pragma once
// The frame the simulation publishes for a viewer: an immutable copy of the columns a map draws
// (alive firms only, compacted), a sample of the trust links, per-cluster aggregates and the
// indicator history. A frame is built between steps on the simulation's thread and then shared
// read-only (std::shared_ptr<const Frame>); nothing in it points into the World.
#include <cstdint>
#include <string>
#include <vector>

#include "world.hpp"

namespace cs {

inline constexpr std::uint32_t kNoUid = 0xFFFFFFFFu;

/// Status bits of a firm in a frame (FrameFirms::status).
enum FirmStatus : std::uint8_t {
  kStatusDirect = 1,      ///< sells directly (own market access), else through a selling agent
  kStatusRationed = 2,    ///< credit fell short of need this month
  kStatusDistressed = 4,  ///< negative net worth or missed loan payments: at risk of exit
  kStatusEntrant = 8,     ///< entered within the last 12 months
  kStatusExporter = 16,   ///< sold abroad this month (is_exporter)
};

/// Columns of the alive firms, one row each, in slot order.
struct FrameFirms {
  std::vector<std::uint32_t> uid;
  std::vector<std::uint16_t> cluster;
  std::vector<float> x, y;               ///< position, km
  std::vector<float> employees;          ///< workers
  std::vector<float> prod;               ///< effective productivity min(A_v, s), units / worker-month
  std::vector<float> cash;               ///< ₹ lakh
  std::vector<float> output;             ///< units / month
  std::vector<std::uint8_t> size_class;  ///< SizeClass
  std::vector<std::uint8_t> status;      ///< FirmStatus bits
  std::size_t size() const { return uid.size(); }
};

/// One undirected trust link between rows a and b of FrameFirms.
struct FrameLink {
  std::uint32_t a, b;
  float trust;  ///< in [0, 1]
};

/// A firm that exited recently (drawn as a fading marker).
struct FrameExit {
  float x, y;
  std::uint16_t cluster;
  int step;  ///< step of exit
};

/// Per-cluster geometry and aggregates.
struct ClusterView {
  std::string name, product;
  float area = 10;                 ///< side of the square area, km
  std::vector<float> nb_x, nb_y;   ///< industrial-estate centres, km
  double demand = 0;               ///< domestic demand this month, ₹ lakh
};

/// State of one watched firm, refreshed every step while it is alive.
struct FirmState {
  std::uint32_t uid = kNoUid;
  bool alive = false;
  int cluster = 0, age_months = 0, size_class = 0, credit_class = 0, degree = 0;
  bool direct = false, rationed = false;
  double employees = 0, prod = 0, vintage = 0, skill = 0, quality = 0, output = 0, sold = 0;
  double revenue = 0, profit = 0, price = 0, markup = 0, share = 0, capital = 0;
  double cash = 0, debt = 0, debt_inf = 0, net_worth = 0;
};

/// History of the watched firm since it was chosen.
struct FirmTrace {
  FirmState now;
  std::vector<int> step;
  std::vector<float> employees, prod, cash, output;
};

/// A point on the run's timeline (lever change, shock, parameter change), drawn on charts.
struct TimelineEvent {
  int step = 0;
  std::string text;
};

/// What a frame needs beyond the current state, accumulated step by step on the simulation's
/// thread: the indicator history, recent exits, a watched firm's trace and the timeline.
struct RunRecord {
  std::vector<std::vector<Indicators>> history;  ///< [cluster][t], t = 0 .. step
  std::vector<FrameExit> exits;                  ///< exits of the last `exit_memory` steps
  FirmTrace trace;                               ///< trace.now.uid == kNoUid: none watched
  std::vector<TimelineEvent> events;
  int exit_memory = 12;

  /// Appends w.indicators to the history, records exits since the last call and updates the
  /// trace. Call once after make_world and once after every step.
  void record(const World& w);
  /// Starts a new trace of firm `uid` (kNoUid stops tracing).
  void watch(std::uint32_t uid, const World& w);

 private:
  std::vector<std::uint32_t> prev_uid_;  ///< uid per slot at the last record, kNoUid if dead
};

/// The immutable picture of one world after a step.
struct Frame {
  int step = 0;
  int steps_planned = 0;           ///< run.steps of the scenario
  std::uint64_t seed = 0;
  Levers levers;
  FrameFirms firms;
  std::vector<FrameLink> links;    ///< all links, or an even sample when there are more than max
  std::size_t links_total = 0;
  std::vector<ClusterView> clusters;
  std::vector<std::vector<Indicators>> history;  ///< [cluster][t]
  std::vector<FrameExit> exits;
  FirmTrace trace;
  std::vector<TimelineEvent> events;
  std::vector<ShockParams> shocks;  ///< scheduled and clicked shocks (drawn as bands on charts)
};

/// Builds a frame of `w`; `rec` (may be null) supplies history, exits, trace and events.
/// At most `max_links` links are copied (evenly sampled).
Frame make_frame(const World& w, const RunRecord* rec = nullptr, std::size_t max_links = 30000);

/// Current state of the firm with `uid` (alive == false when it is not alive in `w`).
FirmState firm_state(const World& w, std::uint32_t uid);

}  // namespace cs
