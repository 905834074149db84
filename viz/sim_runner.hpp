#pragma once
// The simulation thread of the visualiser. It owns the Simulation (two in A/B mode: the baseline
// and the policy run, stepped in lockstep with the same seed), drains a command queue between steps
// and publishes immutable frames. The UI only sends commands and reads the latest published
// View; it never touches a World and the simulation never waits for the UI.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "evaluate/effects.hpp"
#include "extras.hpp"
#include "observe/frame.hpp"
#include "params/params.hpp"

namespace viz {

namespace cmd {
struct Play { bool on = true; };
struct Step { int n = 1; };           ///< advance n steps, then pause
struct Reset {};                      ///< rebuild the world(s) from the current scenario
struct Speed { double steps_per_s = 0; };  ///< 0: as fast as possible
struct Seed { std::uint64_t seed = 1; };   ///< new seed, then reset
/// A dotted-path parameter change (apply_override); in A/B mode only the policy run gets it.
struct SetParam { std::string path, value; };
/// Policy levers; in A/B mode only the policy run gets them.
struct SetLevers { double guarantee_cover = 0, capital_subsidy = 0; };
/// A class event from now on: a shock with start = next step; both runs get it.
struct Shock { std::string kind; int duration = 12; double size = 0; };
/// Replaces the scenario (already loaded and validated) and resets.
struct Load { cs::Params params; std::string name; };
struct SetAB { bool on = false; };    ///< switch A/B mode (resets both runs)
struct AutoPause { bool on = true; };  ///< pause when the scenario's run.steps is reached
struct Watch { std::uint32_t uid = cs::kNoUid; };  ///< trace one firm in the inspector
/// The policy run's whole [[intervention]] list as edited (switched on or off, budgets, main
/// parameters, new entries appended); validated, then handed to its programme before the next
/// step (a programme is attached if there was none). `note` goes on the timeline.
struct SetInterventions { std::vector<cs::InterventionParams> list; std::string note; };
}  // namespace cmd

using Command = std::variant<cmd::Play, cmd::Step, cmd::Reset, cmd::Speed, cmd::Seed, cmd::SetParam,
                             cmd::SetLevers, cmd::Shock, cmd::Load, cmd::SetAB, cmd::AutoPause, cmd::Watch,
                             cmd::SetInterventions>;

/// Above this many initial firms A/B mode computes no effects by year (the panels' memory).
inline constexpr std::size_t kEffectsMaxFirms = 200000;

/// The evaluation's year-by-year effects of the policy run against the baseline (A/B mode), as
/// `clustersim compare` computes them for one replication (eval::Panel, eval::reduce_pair):
/// firms alive when the programme started, split by whether an intervention has reached them
/// so far. Completed years only.
struct EffectsView {
  std::vector<int> years;        ///< completed years, relative to the start of implementation
  std::vector<cs::eval::Sum> cells;  ///< [year][group: 0 participants, 1 non-participants][outcome]
  double cohort = 0, participants = 0;
  int impl = 0, exit_year = 0;   ///< first month of implementation; the programme's exit year
  std::string problem;           ///< why there are no effects (runs not comparable), else ""
  const cs::eval::Sum& at(std::size_t y, std::size_t g, std::size_t o) const {
    return cells[(y * 2 + g) * cs::eval::kOutcomes + o];
  }
};

/// What the UI reads: the latest frames and the runner's own state. Immutable once published.
struct View {
  std::shared_ptr<const cs::Frame> policy;    ///< the run (the policy run in A/B mode)
  std::shared_ptr<const cs::Frame> baseline;  ///< A/B mode only, else null
  std::shared_ptr<const Extras> policy_extra;   ///< programme, markers and flags of `policy`
  std::shared_ptr<const Extras> baseline_extra; ///< the same for `baseline` (A/B mode only)
  std::shared_ptr<const EffectsView> effects;   ///< A/B mode only, else null
  /// run_id (runner/output.hpp) of each run's scenario, the policy run's with its parameter
  /// edits so far: the export's run_id column.
  std::string policy_run_id, baseline_run_id;
  std::vector<cs::InterventionParams> interventions;  ///< the policy run's list as it runs now
  std::uint64_t interventions_gen = 0;        ///< changes whenever that list is replaced
  bool playing = false;
  bool ab = false;
  double speed = 0;
  std::string scenario;                       ///< name of the loaded scenario
  std::string message;                        ///< last command result or error, for the status bar
  std::uint64_t serial = 0;                   ///< increases with every publication
};

class SimRunner {
 public:
  /// Builds the world(s) and starts the thread (paused unless `play`).
  SimRunner(cs::Params params, std::string scenario_name, bool ab, bool play);
  ~SimRunner();
  SimRunner(const SimRunner&) = delete;
  SimRunner& operator=(const SimRunner&) = delete;

  /// Queues a command; it is applied before the next step. Never blocks on a step.
  void send(Command c);
  /// The latest published view (never null after construction).
  std::shared_ptr<const View> view() const;
  /// Steps completed since the start (all resets included); for throughput measurements.
  std::uint64_t steps_done() const { return steps_done_.load(std::memory_order_relaxed); }
  /// Whether the queue is empty and no step is pending (for scripted runs).
  bool idle() const;

 private:
  struct Run;
  void loop();
  void run_loop();
  void apply(Command& c);
  void rebuild();
  void step_all();
  void publish();
  void update_effects();

  // Owned by the simulation thread only.
  cs::Params base_params_, policy_params_;
  std::unique_ptr<Run> policy_, baseline_;
  std::shared_ptr<const EffectsView> effects_;  ///< A/B mode: refreshed at each year's end
  bool playing_ = false, ab_ = false, auto_pause_ = true;
  double speed_ = 0;
  int pending_steps_ = 0;
  std::string scenario_, message_;
  std::uint64_t serial_ = 0, interventions_gen_ = 1;

  // Shared with the UI.
  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Command> queue_;
  bool quit_ = false;
  bool busy_ = false;
  mutable std::mutex view_mu_;
  std::shared_ptr<const View> view_;
  std::atomic<std::uint64_t> steps_done_{0};
  std::thread thread_;
};

}  // namespace viz
