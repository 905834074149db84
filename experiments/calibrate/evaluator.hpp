#pragma once
// Evaluations of the objective. An evaluation runs the replications of one parameter point with
// the calibration's replication seeds (the same at every point: common random numbers), computes
// every target's moment in each, and the objective from their means. Replications run in
// parallel on a TBB arena of `jobs` workers, one serial simulation each, spread over MPI ranks
// under mpirun; every evaluation goes to the journal, and one already there is read, not run.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "calibrate/calibration.hpp"
#include "calibrate/journal.hpp"
#include "sweep/mpi.hpp"

namespace cs::calib {

/// One evaluation of the objective.
struct Evaluation {
  std::size_t index = 0;          ///< order of evaluation, from 0
  std::string phase;              ///< "global", "local" or "jacobian"
  std::vector<double> unit;       ///< point in the unit cube
  std::vector<double> values;     ///< parameter values (rounded for integers)
  RepMoments reps;                ///< reps[r][k]: target k in replication r
  std::vector<double> mean, sd;   ///< per target, over the replications where it is finite
  std::vector<int> n;             ///< finite replications per target
  double objective = 0;           ///< sum of squared standardised distances (see objective())
  bool cached = false;            ///< read from the journal
};

/// A target whose model mean is undefined (NaN in every replication) adds this to the objective:
/// as if it were 100 standard errors away.
inline constexpr double kUndefinedPenalty = 1e4;

/// sum_k ((mean_k - value_k) / se_k)^2, with kUndefinedPenalty for an undefined mean.
double objective(const Calibration& c, const std::vector<double>& mean);

/// Means, standard deviations and counts over the finite values of each target.
void summarise(const RepMoments& reps, std::vector<double>& mean, std::vector<double>& sd, std::vector<int>& n);

class Evaluator {
 public:
  /// `journal` is rank 0's (null on other ranks); `jobs` >= 1 threads per rank.
  Evaluator(const Calibration& c, Journal* journal, const sweep::mpi::Session& mpi, int jobs);

  /// Evaluates the unit-cube points of a batch, in order, and appends them to the trace.
  std::vector<Evaluation> run(const std::vector<std::vector<double>>& units, const std::string& phase);

  /// Every evaluation so far, in order.
  const std::vector<Evaluation>& trace() const { return trace_; }
  std::size_t computed() const { return computed_; }
  std::size_t cached() const { return cached_; }
  /// Called (rank 0) after each batch with the number of evaluations so far.
  std::function<void(std::size_t)> on_progress;

  /// Cache key of a point: its exact values, the seeds, the months, the base scenario and the
  /// target definitions.
  std::uint64_t key(const std::vector<double>& values) const;

 private:
  const Calibration& c_;
  Journal* journal_;
  const sweep::mpi::Session& mpi_;
  int jobs_;
  std::uint64_t salt_ = 0;
  moments::RecordPlan plan_;
  std::vector<moments::Moment> moments_;
  std::vector<Evaluation> trace_;
  std::size_t computed_ = 0, cached_ = 0;
};

}  // namespace cs::calib
