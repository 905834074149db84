#include "simulate/simulation.hpp"

#include "policies/programme.hpp"

namespace cs {

Simulation::Simulation(const Params& p, SimulationSetup setup) : world_(make_world(p)) {
  if (setup.programme) attach_programme();
  world_.exec.parallel = setup.parallel;
  // Replicas expanded (national mode) may give more clusters than tables: one row each.
  world_.indicators.resize(world_.clusters.size());
}

const std::shared_ptr<policies::Programme>& Simulation::attach_programme() {
  if (!programme_) programme_ = policies::attach_programme(world_);
  return programme_;
}

void Simulation::begin() {
  if (started_) return;
  started_ = true;
  for (Observer* o : observers_) o->observe(world_);
}

void Simulation::step() {
  begin();
  cs::step(world_);
  for (Observer* o : observers_) o->observe(world_);
}

void Simulation::run(int n) {
  begin();
  for (int s = 0; s < n; ++s) step();
}

void Simulation::run() { run(world_.params.run.steps); }

void run_and_observe(const Params& p, std::span<Observer* const> observers, SimulationSetup setup) {
  Simulation sim(p, setup);
  for (Observer* o : observers) sim.add(*o);
  sim.run();
}

}  // namespace cs
