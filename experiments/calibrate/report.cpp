#include "calibrate/report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/version.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"
#include "sweep/experiment.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"
#include "sweep/stats.hpp"

namespace cs::calib {

namespace fs = std::filesystem;
using sweep::append_fields;

namespace {

std::string num(double v) { return format_number(v); }

/// 95 % interval of a mean over replications (Student t); NaN below 2 values.
std::pair<double, double> ci95(double mean, double sd, int n) {
  if (n < 2) return {std::nan(""), std::nan("")};
  const double h = sweep::t975(n - 1) * sd / std::sqrt(static_cast<double>(n));
  return {mean - h, mean + h};
}

std::string fit_csv(const Calibration& c, const Evaluation& best) {
  std::string s = "target,definition,source,value,se,se_from,model_mean,model_sd,n,ci95_lo,ci95_hi,z\n";
  for (std::size_t k = 0; k < c.targets.size(); ++k) {
    const Target& t = c.targets[k];
    const auto [lo, hi] = ci95(best.mean[k], best.sd[k], best.n[k]);
    s += csv_field(t.moment.name);
    append_fields(s, csv_field(moments::definition(t.moment)), csv_field(t.source), num(t.value), num(t.se), t.se_from,
                  num(best.mean[k]), num(best.sd[k]), std::to_string(best.n[k]), num(lo), num(hi),
                  num((best.mean[k] - t.value) / t.se));
    s += '\n';
  }
  return s;
}

std::string trace_csv(const Calibration& c, const std::vector<Evaluation>& trace) {
  std::string s = "evaluation,phase";
  for (const Parameter& p : c.parameters) append_fields(s, csv_field(p.path));
  s += ",objective";
  for (const Target& t : c.targets) append_fields(s, csv_field(t.moment.name));
  s += '\n';
  for (const Evaluation& e : trace) {
    s += std::to_string(e.index);
    append_fields(s, e.phase);
    for (double v : e.values) append_fields(s, num(v));
    append_fields(s, num(e.objective));
    for (double m : e.mean) append_fields(s, num(m));
    s += '\n';
  }
  return s;
}

std::string parameters_csv(const Calibration& c, const Diagnostics& d) {
  std::string s = "parameter,scale,min,max,start,estimate,se,ci95_lo,ci95_hi,ci_share_of_bounds,sensitivity,"
                  "collinearity_r2,identified,flags\n";
  for (std::size_t j = 0; j < c.parameters.size(); ++j) {
    const Parameter& p = c.parameters[j];
    const ParameterDiagnostics& pd = d.parameters[j];
    s += csv_field(p.path);
    append_fields(s, p.log ? "log" : "linear", num(p.min), num(p.max), p.start ? num(*p.start) : "", num(pd.estimate),
                  num(pd.se), num(pd.ci_lo), num(pd.ci_hi), num(pd.ci_share), num(pd.sensitivity),
                  num(pd.collinearity), pd.flags.empty() ? "yes" : "weak", pd.flags);
    s += '\n';
  }
  return s;
}

std::string identification_csv(const Calibration& c, const Diagnostics& d) {
  std::string s = "target,parameter,derivative,elasticity\n";
  for (std::size_t k = 0; k < c.targets.size(); ++k)
    for (std::size_t j = 0; j < c.parameters.size(); ++j) {
      s += csv_field(c.targets[k].moment.name);
      append_fields(s, csv_field(c.parameters[j].path), num(d.derivative[k][j]), num(d.elasticity[k][j]));
      s += '\n';
    }
  return s;
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string best_toml(const Calibration& c, const SearchResult& s, const Evaluation& best, const fs::path& dir) {
  std::error_code ec;
  const fs::path base = fs::absolute(c.base_file, ec).lexically_normal();
  fs::path rel = base.lexically_relative(fs::absolute(dir, ec).lexically_normal());
  if (rel.empty()) rel = base;
  std::ostringstream o;
  o << "# The scenario fitted by the calibration \"" << c.name << "\" (" << fs::path(c.file).filename().string()
    << "): its base with the\n# estimated parameters. Objective " << num(s.objective) << " at evaluation "
    << s.best_index << ";\n# " << c.replications << " replications of " << c.steps << " months, master seed "
    << c.seed << ". Run it with `clustersim run " << kBestFile << "`.\n";
  o << "base = " << toml_string(rel.generic_string()) << "\n\n[set]\n";
  o << "\"run.steps\" = " << c.steps << "\n";
  for (std::size_t j = 0; j < c.parameters.size(); ++j)
    o << toml_string(c.parameters[j].path) << " = " << sweep::format_value(best.values[j]) << "\n";
  return o.str();
}

std::string manifest_json(const Calibration& c, const SearchResult& s, const Diagnostics& d, const RunInfo& info,
                          const std::vector<std::string>& files) {
  const auto str = [](const std::string& x) { return json_string(x); };
  std::ostringstream j;
  j << "{\n  \"kind\": \"calibration\",\n  \"name\": " << str(c.name) << ",\n  \"version\": " << str(version())
    << ",\n  \"git_commit\": " << str(git_commit()) << ",\n  \"calibration_file\": " << str(c.file)
    << ",\n  \"calibration_toml\": " << str(c.text) << ",\n  \"base_file\": " << str(c.base_file)
    << ",\n  \"targets_file\": " << str(c.targets_file) << ",\n  \"steps\": " << c.steps
    << ",\n  \"replications\": " << c.replications << ",\n  \"master_seed\": " << c.seed << ",\n  \"replication_seeds\": [";
  for (int r = 0; r < c.replications; ++r) j << (r ? ", " : "") << sweep::replication_seed(c.seed, r);
  j << "],\n  \"optimizer\": " << str(c.optimizer) << ",\n  \"local\": " << str(c.local)
    << ",\n  \"global_evals\": " << c.global_evals << ",\n  \"local_evals\": " << c.local_evals
    << ",\n  \"global_status\": " << str(s.global_status) << ",\n  \"local_status\": " << str(s.local_status)
    << ",\n  \"objective\": " << num(s.objective) << ",\n  \"best_evaluation\": " << s.best_index
    << ",\n  \"jacobian_singular_values\": [";
  for (std::size_t i = 0; i < d.singular_values.size(); ++i) j << (i ? ", " : "") << num(d.singular_values[i]);
  j << "],\n  \"condition_number\": " << (std::isfinite(d.condition_number) ? num(d.condition_number) : "null")
    << ",\n  \"evaluations_run\": " << info.computed << ",\n  \"evaluations_from_journal\": " << info.cached
    << ",\n  \"jobs\": " << info.jobs << ",\n  \"mpi_ranks\": " << info.ranks << ",\n  \"wall_seconds\": "
    << num(info.wall_seconds) << ",\n  \"started_at\": " << str(info.started_at) << ",\n  \"command_line\": [";
  for (std::size_t i = 0; i < info.command_line.size(); ++i) j << (i ? ", " : "") << str(info.command_line[i]);
  j << "],\n  \"base_config_toml\": " << str(to_toml(c.base)) << ",\n  \"files\": [";
  for (std::size_t i = 0; i < files.size(); ++i) j << (i ? ", " : "") << str(files[i]);
  j << "]\n}\n";
  return j.str();
}

std::string fixed(double v, int width, int prec) {
  char b[64];
  if (!std::isfinite(v)) std::snprintf(b, sizeof b, "%*s", width, "-");
  else if (v != 0 && (std::fabs(v) >= 1e6 || std::fabs(v) < 1e-3)) std::snprintf(b, sizeof b, "%*.*e", width, prec, v);
  else std::snprintf(b, sizeof b, "%*.*f", width, prec, v);
  return b;
}

std::string padded(const std::string& s, std::size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

/// "[lo, hi]" right-aligned in `width` characters.
std::string interval(double lo, double hi, int prec, std::size_t width) {
  const auto trim = [](std::string x) { return x.substr(x.find_first_not_of(' ')); };
  const std::string s = "[" + trim(fixed(lo, 1, prec)) + ", " + trim(fixed(hi, 1, prec)) + "]";
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

}  // namespace

std::vector<std::string> write_outputs(const Calibration& c, const std::vector<Evaluation>& trace,
                                       const SearchResult& s, const Diagnostics& d, const fs::path& dir,
                                       const RunInfo& info) {
  const Evaluation& best = trace.at(s.best_index);
  sweep::write_atomically(dir / kFitFile, fit_csv(c, best));
  sweep::write_atomically(dir / kTraceFile, trace_csv(c, trace));
  sweep::write_atomically(dir / kParametersFile, parameters_csv(c, d));
  sweep::write_atomically(dir / kIdentificationFile, identification_csv(c, d));
  sweep::write_atomically(dir / kBestFile, best_toml(c, s, best, dir));
  std::vector<std::string> files{kFitFile, kTraceFile, kParametersFile, kIdentificationFile, kBestFile, kManifestFile};
  sweep::write_atomically(dir / kManifestFile, manifest_json(c, s, d, info, files));
  return files;
}

std::string summary_text(const Calibration& c, const Evaluation& best, const Diagnostics& d) {
  std::size_t wn = 6, wp = 9;
  for (const Target& t : c.targets) wn = std::max(wn, t.moment.name.size());
  for (const Parameter& p : c.parameters) wp = std::max(wp, p.path.size());
  std::string o = "Fit at the best point (objective " + num(best.objective) + ", evaluation " +
                  std::to_string(best.index) + "):\n  " + padded("target", wn) +
                  "        value           se   model mean    95 % CI of the mean       z\n";
  for (std::size_t k = 0; k < c.targets.size(); ++k) {
    const Target& t = c.targets[k];
    const auto [lo, hi] = ci95(best.mean[k], best.sd[k], best.n[k]);
    o += "  " + padded(t.moment.name, wn) + fixed(t.value, 13, 4) + fixed(t.se, 13, 4) + fixed(best.mean[k], 13, 4) +
         interval(lo, hi, 4, 25) + fixed((best.mean[k] - t.value) / t.se, 8, 2) + "\n";
  }
  o += "\nParameters (standard errors from (J' W J)^-1; flags: wide, flat, collinear, singular):\n  " +
       padded("parameter", wp) + "     estimate           se            95 % interval  identified\n";
  for (std::size_t j = 0; j < c.parameters.size(); ++j) {
    const ParameterDiagnostics& pd = d.parameters[j];
    o += "  " + padded(c.parameters[j].path, wp) + fixed(pd.estimate, 13, 5) + fixed(pd.se, 13, 5) +
         interval(pd.ci_lo, pd.ci_hi, 5, 25) + "  " + (pd.flags.empty() ? "yes" : "weak: " + pd.flags) + "\n";
  }
  o += "  singular values of the scaled Jacobian:";
  for (double v : d.singular_values) o += " " + num(v);
  o += "; condition number " + (std::isfinite(d.condition_number) ? num(d.condition_number) : std::string("inf")) + "\n";
  return o;
}

}  // namespace cs::calib
