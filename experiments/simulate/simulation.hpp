#pragma once
// Run and observe: a simulation of one scenario with observers that see the world at step 0 and
// after every step (Mesa's DataCollector, Agents.jl's run!). Observers read the World and keep
// what they need; they never write it. This is the one loop that steps a world: the commands
// (run, sweep, compare, rate, calibrate), the Python package and the visualiser differ only in
// their observers (tests/invariants/test_one_loop.cpp keeps it so).
#include <functional>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "params/params.hpp"
#include "world.hpp"

namespace cs {

namespace policies {
class Programme;
}

/// Something that watches a run. `observe` is called with the initial world (w.step == 0) and
/// after each step, when w.indicators hold that step's indicators and w.firms the firm table.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void observe(const World& w) = 0;
};

/// An observer made of a function, for small ones.
class FunctionObserver : public Observer {
 public:
  explicit FunctionObserver(std::function<void(const World&)> f) : f_(std::move(f)) {}
  void observe(const World& w) override { f_(w); }

 private:
  std::function<void(const World&)> f_;
};

/// How a simulation runs.
struct SimulationSetup {
  bool parallel = false;  ///< false: one serial run (batch engines run many in parallel instead)
  bool programme = true;  ///< attach the scenario's programme (its [[intervention]] tables)
};

/// One simulation: the world built from validated Params, stepped p.run.steps months.
class Simulation {
 public:
  explicit Simulation(const Params& p, SimulationSetup setup = {});
  /// Adds an observer (not owned; it must outlive the simulation's last step). One added after
  /// step 0 was observed sees the steps from the next one on.
  void add(Observer& o) { observers_.push_back(&o); }
  /// Observes step 0 unless it has been observed already; step() and run() begin with it. A
  /// caller that must see step 0 recorded before the first step (a front end drawing it, a
  /// command that may be interrupted before it steps) calls it itself.
  void begin();
  /// Observes step 0 (once), then steps p.run.steps months, observing after each.
  void run();
  /// Observes step 0 if no step has been observed yet, then steps one month and observes it.
  void step();
  /// step() n times.
  void run(int n);
  /// The world: the initial one before run(), the final one after.
  const World& world() const { return world_; }
  /// The world for a front end that changes it between steps (a parameter, the levers, a
  /// shock, the intervention list); observers see the change from the next step on.
  World& edit() { return world_; }
  /// The programme attached to the world (setup.programme and an enabled intervention, or
  /// attach_programme()), else null.
  const std::shared_ptr<policies::Programme>& programme() const { return programme_; }
  /// Attaches the programme of world().params.interventions when none is attached yet (a front
  /// end switching on the first intervention); returns programme().
  const std::shared_ptr<policies::Programme>& attach_programme();

 private:
  World world_;
  std::shared_ptr<policies::Programme> programme_;
  std::vector<Observer*> observers_;
  bool started_ = false;
};

/// Runs `p` with `observers` (serial unless setup says otherwise).
void run_and_observe(const Params& p, std::span<Observer* const> observers, SimulationSetup setup = {});

}  // namespace cs
