#include "calibrate/evaluator.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <stdexcept>

#include "calibrate/collective.hpp"
#include "params/load.hpp"
#include "sweep/experiment.hpp"

namespace cs::calib {

double objective(const Calibration& c, const std::vector<double>& mean) {
  double f = 0;
  for (std::size_t k = 0; k < c.targets.size(); ++k) {
    const double z = (mean[k] - c.targets[k].value) / c.targets[k].se;
    f += std::isfinite(z) ? z * z : kUndefinedPenalty;
  }
  return f;
}

void summarise(const RepMoments& reps, std::vector<double>& mean, std::vector<double>& sd, std::vector<int>& n) {
  const std::size_t k = reps.empty() ? 0 : reps[0].size();
  mean.assign(k, 0);
  sd.assign(k, 0);
  n.assign(k, 0);
  for (std::size_t j = 0; j < k; ++j) {
    double s = 0;
    for (const auto& r : reps)
      if (std::isfinite(r[j])) {
        s += r[j];
        ++n[j];
      }
    mean[j] = n[j] > 0 ? s / n[j] : std::nan("");
    double ss = 0;
    for (const auto& r : reps)
      if (std::isfinite(r[j])) ss += (r[j] - mean[j]) * (r[j] - mean[j]);
    sd[j] = n[j] > 1 ? std::sqrt(ss / (n[j] - 1)) : std::nan("");
  }
}

Evaluator::Evaluator(const Calibration& c, Journal* journal, const sweep::mpi::Session& mpi, int jobs)
    : c_(c), journal_(journal), mpi_(mpi), jobs_(jobs), moments_(target_moments(c)) {
  plan_ = moments::plan_for(moments_);
  std::string salt = to_toml(c.base) + "\n-- steps " + std::to_string(c.steps) + "\n";
  for (int r = 0; r < c.replications; ++r) salt += std::to_string(sweep::replication_seed(c.seed, r)) + " ";
  for (const Parameter& p : c.parameters) salt += "\n" + p.path;
  for (const moments::Moment& m : moments_) salt += "\n" + moments::definition(m);
  salt_ = sweep::fnv1a(salt);
}

std::uint64_t Evaluator::key(const std::vector<double>& values) const {
  std::string bytes(values.size() * sizeof(double), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return sweep::fnv1a(bytes, salt_);
}

std::vector<Evaluation> Evaluator::run(const std::vector<std::vector<double>>& units, const std::string& phase) {
  const std::size_t np = units.size(), nr = static_cast<std::size_t>(c_.replications), nk = moments_.size();
  std::vector<Evaluation> out(np);
  // Rank 0 reads the journal and tells the others: [hit, values...] per point.
  std::vector<double> hits;
  for (std::size_t i = 0; i < np; ++i) {
    out[i].phase = phase;
    out[i].unit = units[i];
    out[i].values = to_values(c_, units[i]);
    if (!journal_) continue;
    const auto found = journal_->find(key(out[i].values));
    const bool ok = found && found->size() == nr && (nr == 0 || (*found)[0].size() == nk);
    hits.push_back(ok ? 1 : 0);
    if (ok)
      for (const auto& rep : *found) hits.insert(hits.end(), rep.begin(), rep.end());
  }
  broadcast(mpi_, hits);
  std::vector<std::pair<std::size_t, int>> tasks;  // (point, replication) still to run
  std::size_t pos = 0;
  for (std::size_t i = 0; i < np; ++i) {
    out[i].cached = hits.at(pos++) != 0;
    out[i].reps.assign(nr, std::vector<double>(nk));
    if (out[i].cached) {
      for (auto& rep : out[i].reps)
        for (double& v : rep) v = hits.at(pos++);
    } else {
      for (std::size_t r = 0; r < nr; ++r) tasks.emplace_back(i, static_cast<int>(r));
    }
  }

  // Every rank checks the new points the same way, so a point that breaks a cross-field rule
  // stops all ranks alike (and names the point).
  for (const Evaluation& e : out)
    if (!e.cached) {
      try {
        run_params(c_, e.values, 0);
      } catch (const ConfigError& err) {
        std::string at;
        for (std::size_t j = 0; j < e.values.size(); ++j) at += (j ? ", " : "") + c_.parameters[j].path + " = " + fmt_double(e.values[j]);
        throw std::runtime_error("the point " + at + " breaks a rule of the scenario; narrow the bounds: " + err.what());
      }
    }

  // Tasks t with t % ranks == rank are this rank's; their moments are gathered in rank order.
  const auto ranks = static_cast<std::size_t>(mpi_.size()), rank = static_cast<std::size_t>(mpi_.rank());
  std::vector<std::size_t> mine;
  for (std::size_t t = rank; t < tasks.size(); t += ranks) mine.push_back(t);
  std::vector<double> local(mine.size() * nk);
  std::exception_ptr error;
  std::mutex m;
  tbb::task_arena arena(jobs_);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, mine.size(), 1), [&](const tbb::blocked_range<std::size_t>& br) {
      for (std::size_t i = br.begin(); i != br.end(); ++i) {
        try {
          const auto [point, rep] = tasks[mine[i]];
          const moments::RunRecord rec = moments::record_run(run_params(c_, out[point].values, rep), plan_);
          for (std::size_t k = 0; k < nk; ++k) local[i * nk + k] = moments::evaluate(moments_[k], rec);
        } catch (...) {
          std::lock_guard lock(m);
          if (!error) error = std::current_exception();
        }
      }
    }, tbb::simple_partitioner());
  });
  if (error) std::rethrow_exception(error);  // a bad point (cross-field rule): every rank fails alike
  const std::vector<double> all = all_gather(mpi_, local);
  std::size_t at = 0;
  for (std::size_t q = 0; q < ranks; ++q)
    for (std::size_t t = q; t < tasks.size(); t += ranks, ++at) {
      const auto [point, rep] = tasks[t];
      for (std::size_t k = 0; k < nk; ++k) out[point].reps[static_cast<std::size_t>(rep)][k] = all[at * nk + k];
    }

  for (Evaluation& e : out) {
    summarise(e.reps, e.mean, e.sd, e.n);
    e.objective = objective(c_, e.mean);
    e.index = trace_.size();
    if (e.cached) ++cached_;
    else {
      ++computed_;
      if (journal_) journal_->append(key(e.values), e.reps);
    }
    trace_.push_back(e);
  }
  if (on_progress) on_progress(trace_.size());
  return out;
}

}  // namespace cs::calib
