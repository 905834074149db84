#include "calibrate/optimise.hpp"

#include <nlopt.h>

#include <cmath>
#include <exception>
#include <limits>
#include <stdexcept>

namespace cs::calib {

namespace {

nlopt_algorithm algorithm(const std::string& name) {
  static const std::pair<const char*, nlopt_algorithm> kNames[] = {
      {"GN_CRS2_LM", NLOPT_GN_CRS2_LM}, {"GN_ISRES", NLOPT_GN_ISRES},   {"GN_DIRECT_L", NLOPT_GN_DIRECT_L},
      {"GN_DIRECT", NLOPT_GN_DIRECT},   {"GN_DIRECT_L_RAND", NLOPT_GN_DIRECT_L_RAND}, {"GN_ESCH", NLOPT_GN_ESCH},
      {"LN_NELDERMEAD", NLOPT_LN_NELDERMEAD}, {"LN_BOBYQA", NLOPT_LN_BOBYQA}, {"LN_SBPLX", NLOPT_LN_SBPLX},
      {"LN_COBYLA", NLOPT_LN_COBYLA}};
  for (const auto& [n, a] : kNames)
    if (name == n) return a;
  throw std::invalid_argument("unknown NLopt algorithm " + name);
}

std::string status_text(nlopt_result r) {
  switch (r) {
    case NLOPT_SUCCESS: return "SUCCESS";
    case NLOPT_STOPVAL_REACHED: return "STOPVAL_REACHED";
    case NLOPT_FTOL_REACHED: return "FTOL_REACHED";
    case NLOPT_XTOL_REACHED: return "XTOL_REACHED";
    case NLOPT_MAXEVAL_REACHED: return "MAXEVAL_REACHED";
    case NLOPT_MAXTIME_REACHED: return "MAXTIME_REACHED";
    case NLOPT_FAILURE: return "FAILURE";
    case NLOPT_INVALID_ARGS: return "INVALID_ARGS";
    case NLOPT_OUT_OF_MEMORY: return "OUT_OF_MEMORY";
    case NLOPT_ROUNDOFF_LIMITED: return "ROUNDOFF_LIMITED";
    case NLOPT_FORCED_STOP: return "FORCED_STOP";
    default: return "UNKNOWN";
  }
}

/// What the NLopt callback needs; an exception is kept and rethrown after nlopt_optimize, so it
/// never crosses NLopt's C frames.
struct Context {
  Evaluator* ev;
  const char* phase;
  SearchResult* best;
  std::exception_ptr error;
  nlopt_opt opt;
};

double callback(unsigned n, const double* x, double*, void* data) {
  auto* ctx = static_cast<Context*>(data);
  try {
    const Evaluation e = ctx->ev->run({std::vector<double>(x, x + n)}, ctx->phase).front();
    // Ties keep the earlier point, so the best is a function of the sequence alone.
    if (ctx->best->unit.empty() || e.objective < ctx->best->objective) {
      ctx->best->unit = e.unit;
      ctx->best->objective = e.objective;
      ctx->best->best_index = e.index;
    }
    return e.objective;
  } catch (...) {
    ctx->error = std::current_exception();
    nlopt_force_stop(ctx->opt);
    return std::numeric_limits<double>::max();
  }
}

/// Runs one NLopt algorithm from `x` (updated to its best point); returns its status text.
std::string run_phase(const Calibration& c, Evaluator& ev, const std::string& name, const char* phase,
                      std::vector<double>& x, int evals, SearchResult& best) {
  const auto n = static_cast<unsigned>(x.size());
  nlopt_opt opt = nlopt_create(algorithm(name), n);
  if (!opt) throw std::runtime_error("NLopt cannot create " + name + " for " + std::to_string(n) + " parameters");
  Context ctx{&ev, phase, &best, nullptr, opt};
  nlopt_set_lower_bounds1(opt, 0.0);
  nlopt_set_upper_bounds1(opt, 1.0);
  nlopt_set_min_objective(opt, callback, &ctx);
  nlopt_set_maxeval(opt, evals);
  nlopt_set_xtol_abs1(opt, c.xtol);
  // Local searches start with steps of a tenth of the range: with common random numbers the
  // objective is rough at small scales, and smaller first steps stall on that roughness.
  if (name.rfind("LN_", 0) == 0) nlopt_set_initial_step1(opt, 0.1);
  // The algorithms' random draws (CRS2, ISRES, ESCH, DIRECT_L_RAND) from the calibration seed.
  nlopt_srand(static_cast<unsigned long>(c.seed));
  double f = 0;
  const nlopt_result r = nlopt_optimize(opt, x.data(), &f);
  nlopt_destroy(opt);
  if (ctx.error) std::rethrow_exception(ctx.error);
  x = best.unit;
  return status_text(r);
}

}  // namespace

SearchResult search(const Calibration& c, Evaluator& ev) {
  SearchResult best;
  std::vector<double> x;
  for (const Parameter& p : c.parameters) x.push_back(p.start ? to_unit(p, *p.start) : 0.5);
  if (c.optimizer != "none") best.global_status = run_phase(c, ev, c.optimizer, "global", x, c.global_evals, best);
  if (c.local != "none") best.local_status = run_phase(c, ev, c.local, "local", x, c.local_evals, best);
  if (best.unit.empty()) {  // neither search: evaluate the start point
    const Evaluation e = ev.run({x}, "global").front();
    best = SearchResult{e.unit, e.objective, e.index, "none", "none"};
  }
  return best;
}

}  // namespace cs::calib
