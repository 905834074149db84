#include "sweep/run.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "moments/moment.hpp"
#include "observe/indicators.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"
#include "simulate/simulation.hpp"
#include "sweep/names.hpp"
#include "world.hpp"

namespace cs::sweep {

namespace fs = std::filesystem;

RunRef run_ref(const Experiment& ex, std::size_t run) {
  const auto reps = static_cast<std::size_t>(ex.replications);
  return RunRef{run, run / reps, static_cast<int>(run % reps)};
}

Params point_params(const Experiment& ex, const Design& d, std::size_t point, int rep) {
  Params p = ex.base;
  for (const FixedSetting& s : ex.fixed) apply_override(p, s.path, s.value);
  for (std::size_t j = 0; j < ex.factors.size(); ++j)
    apply_override(p, ex.factors[j].path, format_value(d.values(static_cast<Eigen::Index>(point),
                                                                static_cast<Eigen::Index>(j))));
  p.run.steps = ex.steps;
  p.run.seed = replication_seed(ex.seed, rep);
  std::vector<ConfigIssue> issues = validate(p, ex.file);
  if (!issues.empty()) {
    for (ConfigIssue& i : issues) i.message += " (design point " + std::to_string(point) + ")";
    throw ConfigError(std::move(issues));
  }
  return p;
}

std::vector<std::string> summary_columns(const Experiment& ex) {
  std::vector<std::string> cols;
  const std::size_t nc = ex.base.clusters.size();
  for (std::size_t c = 0; c < nc; ++c)
    for (int i : ex.indicators) {
      const std::string name = indicator_fields()[i].name;
      cols.push_back(nc == 1 ? name : cluster_column(name, c));
    }
  for (const moments::Moment& m : ex.moments) cols.push_back(m.name);
  return cols;
}

std::string cluster_column(const std::string& name, std::size_t c) { return name + "_cluster" + std::to_string(c); }

std::string runs_header(const Experiment& ex) {
  std::string h = "run,point,replication,seed,run_id";
  for (const Factor& f : ex.factors) append_fields(h, f.column);
  for (const std::string& c : summary_columns(ex)) append_fields(h, c);
  return h;
}

namespace {

void append_series(std::string& out, const World& w, const std::vector<int>& inds) {
  const auto fields = indicator_fields();
  std::string prefix = std::to_string(w.step);
  prefix += ',';
  for (std::size_t c = 0; c < w.indicators.size(); ++c)
    for (int i : inds) {
      out += prefix;
      out += std::to_string(c);
      out += ',';
      out += fields[i].name;
      out += ',';
      out += format_number(w.indicators[c].*(fields[i].member));
      out += '\n';
    }
}

}  // namespace

std::string simulate_run(const Experiment& ex, const Design& d, std::size_t run) {
  const RunRef ref = run_ref(ex, run);
  const Params p = point_params(ex, d, ref.point, ref.replication);
  std::string series;
  std::vector<Indicators> snapshot;
  FunctionObserver observe([&](const World& w) {
    if (ex.keep_steps.keeps(w.step)) append_series(series, w, ex.indicators);
    if (w.step == ex.summary_step) snapshot = w.indicators;
  });
  moments::Recorder recorder(moments::plan_for(ex.moments));
  Simulation sim(p);  // serial: runs are the unit of parallelism; results do not depend on it
  sim.add(observe);
  if (!ex.moments.empty()) sim.add(recorder);
  sim.run();

  std::string row = std::to_string(ref.point);
  append_fields(row, std::to_string(ref.replication), std::to_string(p.run.seed), run_id(p));
  for (std::size_t j = 0; j < ex.factors.size(); ++j)
    append_fields(row, format_number(d.values(static_cast<Eigen::Index>(ref.point), static_cast<Eigen::Index>(j))));
  const auto fields = indicator_fields();
  for (const Indicators& ind : snapshot)
    for (int i : ex.indicators) append_fields(row, format_number(ind.*(fields[i].member)));
  for (const moments::Moment& m : ex.moments) append_fields(row, format_number(moments::evaluate(m, recorder.record())));
  row += '\n';
  return row + series;
}

fs::path part_path(const fs::path& dir, const RunRef& ref) {
  char name[48];
  std::snprintf(name, sizeof name, "%09zu-%06d.csv", ref.point, ref.replication);
  return dir / "parts" / name;
}

bool parse_part_name(const std::string& name, std::size_t& point, int& replication) {
  // 9 digits, '-', 6 digits, ".csv" (more digits for very large designs: %09zu is a minimum width)
  const auto dash = name.find('-');
  if (dash == std::string::npos || dash < 9 || name.size() != dash + 11 || name.compare(dash + 7, 4, ".csv") != 0)
    return false;
  const std::string a = name.substr(0, dash), b = name.substr(dash + 1, 6);
  if (a.find_first_not_of("0123456789") != std::string::npos || b.find_first_not_of("0123456789") != std::string::npos)
    return false;
  point = std::strtoull(a.c_str(), nullptr, 10);
  replication = std::atoi(b.c_str());
  return true;
}

void write_atomically(const fs::path& path, const std::string& text) {
  // The pid keeps two processes that share a directory (shards) off each other's temporaries.
  fs::path tmp = path;
  tmp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw std::runtime_error("cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message());
}

bool is_temporary_of(const std::string& name, const std::string& file) {
  const std::string tag = file + ".tmp";
  return name.size() > tag.size() && name.compare(0, tag.size(), tag) == 0 &&
         name.find_first_not_of("0123456789", tag.size()) == std::string::npos;
}

void remove_stale_temporaries(const fs::path& dir, const std::string& file) {
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!is_temporary_of(name, file)) continue;
    const long pid = std::strtol(name.c_str() + file.size() + 4, nullptr, 10);
    const bool alive = pid > 0 && pid != ::getpid() && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
    std::error_code rm;
    if (!alive) fs::remove(it->path(), rm);
  }
}

}  // namespace cs::sweep
