#pragma once
// Run and observe: a simulation of one scenario with observers that see the world at step 0 and
// after every step (Mesa's DataCollector, Agents.jl's run!). Observers read the World and keep
// what they need; they never write it. The commands (run, sweep, compare, calibrate) differ only
// in their observers.
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "params/params.hpp"
#include "world.hpp"

namespace cs {

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
  /// Adds an observer (not owned; it must outlive run()).
  void add(Observer& o) { observers_.push_back(&o); }
  /// Observes step 0 (once), then steps p.run.steps months, observing after each.
  void run();
  /// Observes step 0 if no step has been observed yet, then steps one month and observes it.
  void step();
  /// step() n times.
  void run(int n);
  /// The world: the initial one before run(), the final one after.
  const World& world() const { return world_; }

 private:
  void start();

  World world_;
  std::vector<Observer*> observers_;
  bool started_ = false;
};

/// Runs `p` with `observers` (serial unless setup says otherwise).
void run_and_observe(const Params& p, std::span<Observer* const> observers, SimulationSetup setup = {});

}  // namespace cs
