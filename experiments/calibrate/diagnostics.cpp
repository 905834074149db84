#include "calibrate/diagnostics.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cs::calib {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

Diagnostics diagnose(const Calibration& c, Evaluator& ev, const Evaluation& best) {
  const std::size_t np = c.parameters.size(), nt = c.targets.size();
  // Steps of jacobian_step each side, shortened at a bound (one-sided at the bound itself).
  std::vector<std::vector<double>> points;
  for (std::size_t j = 0; j < np; ++j) {
    std::vector<double> up = best.unit, down = best.unit;
    up[j] = std::min(1.0, best.unit[j] + c.jacobian_step);
    down[j] = std::max(0.0, best.unit[j] - c.jacobian_step);
    points.push_back(up);
    points.push_back(down);
  }
  const std::vector<Evaluation> e = ev.run(points, "jacobian");

  Diagnostics d;
  d.derivative.assign(nt, std::vector<double>(np, kNaN));
  d.elasticity = d.derivative;
  Eigen::MatrixXd J(static_cast<Eigen::Index>(nt), static_cast<Eigen::Index>(np));  // per parameter unit
  Eigen::MatrixXd S(static_cast<Eigen::Index>(nt), static_cast<Eigen::Index>(np));  // se per full range
  for (std::size_t j = 0; j < np; ++j) {
    const Evaluation& up = e[2 * j];
    const Evaluation& down = e[2 * j + 1];
    const double dtheta = up.values[j] - down.values[j];  // as applied (integers rounded)
    const double du = up.unit[j] - down.unit[j];
    for (std::size_t k = 0; k < nt; ++k) {
      const double dm = up.mean[k] - down.mean[k];
      const double deriv = dtheta != 0 ? dm / dtheta : kNaN;
      d.derivative[k][j] = deriv;
      d.elasticity[k][j] = best.mean[k] != 0 ? deriv * best.values[j] / best.mean[k] : kNaN;
      const auto ki = static_cast<Eigen::Index>(k), ji = static_cast<Eigen::Index>(j);
      J(ki, ji) = std::isfinite(deriv) ? deriv : 0.0;
      S(ki, ji) = du != 0 && std::isfinite(dm) ? dm / du / c.targets[k].se : 0.0;
    }
  }

  Eigen::VectorXd w(static_cast<Eigen::Index>(nt));
  for (std::size_t k = 0; k < nt; ++k) w(static_cast<Eigen::Index>(k)) = 1.0 / (c.targets[k].se * c.targets[k].se);
  const Eigen::MatrixXd A = J.transpose() * w.asDiagonal() * J;
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(S);
  const Eigen::VectorXd sv = svd.singularValues();
  for (Eigen::Index i = 0; i < sv.size(); ++i) d.singular_values.push_back(sv(i));
  const double smax = sv.size() ? sv(0) : 0, smin = sv.size() ? sv(sv.size() - 1) : 0;
  const bool singular = sv.size() < static_cast<Eigen::Index>(np) || !(smin > 1e-12 * smax) || !(smax > 0);
  d.condition_number = singular ? std::numeric_limits<double>::infinity() : smax / smin;
  Eigen::MatrixXd cov = Eigen::MatrixXd::Constant(A.rows(), A.cols(), kNaN);
  if (!singular) cov = A.inverse();
  const Eigen::MatrixXd G = S.transpose() * S;
  Eigen::MatrixXd Ginv = Eigen::MatrixXd::Constant(G.rows(), G.cols(), kNaN);
  if (!singular) Ginv = G.inverse();

  for (std::size_t j = 0; j < np; ++j) {
    const Parameter& p = c.parameters[j];
    const auto ji = static_cast<Eigen::Index>(j);
    ParameterDiagnostics pd;
    pd.estimate = best.values[j];
    pd.se = cov(ji, ji) >= 0 ? std::sqrt(cov(ji, ji)) : kNaN;
    pd.ci_lo = pd.estimate - 1.96 * pd.se;
    pd.ci_hi = pd.estimate + 1.96 * pd.se;
    pd.ci_share = std::isfinite(pd.se) ? (std::min(pd.ci_hi, p.max) - std::max(pd.ci_lo, p.min)) / (p.max - p.min) : 1.0;
    pd.sensitivity = S.col(ji).norm();
    const double norm2 = G(ji, ji);
    pd.collinearity = np == 1 ? 0.0 : (norm2 > 0 && std::isfinite(Ginv(ji, ji)) ? 1.0 - 1.0 / (Ginv(ji, ji) * norm2) : 1.0);
    std::string f;
    const auto flag = [&](bool on, const char* name) {
      if (on) f += (f.empty() ? "" : ";") + std::string(name);
    };
    flag(singular, "singular");
    flag(pd.ci_share > kWideShare, "wide");
    flag(pd.sensitivity < kFlatSensitivity, "flat");
    flag(pd.collinearity > kCollinearR2, "collinear");
    pd.flags = f;
    d.parameters.push_back(pd);
  }
  return d;
}

}  // namespace cs::calib
