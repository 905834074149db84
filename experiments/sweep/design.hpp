#pragma once
// Design points of an experiment: full factorial grid, Latin hypercube, Morris trajectories and
// Saltelli (2010) sample blocks for Sobol indices. A pure function of the experiment (the master
// seed keys the Philox draws), so every process, shard and resumed sweep sees the same design.
#include <cstddef>
#include <vector>

#include <Eigen/Core>

#include "sweep/experiment.hpp"

namespace cs::sweep {

/// Morris: the move from point i-1 to point i of a trajectory (i >= 1).
struct MorrisMove {
  int factor = 0;      ///< factor changed
  double delta = 0;    ///< signed change in unit scale (fraction of the factor's range)
};

/// Every design point of an experiment.
struct Design {
  /// points x factors, in unit scale [0, 1] (grid: position of the value in its list).
  Eigen::MatrixXd unit;
  /// points x factors, the parameter values applied (integers rounded).
  Eigen::MatrixXd values;
  /// Morris only: trajectories x factors moves; point t (k + 1) + i follows move (t, i - 1).
  std::vector<MorrisMove> moves;
  std::size_t points() const { return static_cast<std::size_t>(values.rows()); }
};

/// Number of design points without building them: grid: product of the value counts (1 with no
/// factors); lhs: samples; morris: trajectories (k + 1); sobol: samples (k + 2).
std::size_t design_size(const Experiment& ex);

/// Builds the design. Sobol layout: base row r gives points r (k + 2) + b with b = 0 for A,
/// 1 for B and 2 + j for A with column j taken from B (AB_j).
Design build_design(const Experiment& ex);

/// Uniform [0, 1) draws of a design: Philox keyed by (seed, purpose); (row, col) is the counter.
double design_uniform(std::uint64_t seed, unsigned purpose, std::uint32_t row, std::uint32_t col);

}  // namespace cs::sweep
