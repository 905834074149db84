// clustersim._core: the C++ side of the Python package (python/clustersim/__init__.py wraps it
// in pandas). A scenario is loaded and validated as the command line does (the same --set rules
// and the same file/line/key errors); a Simulation is the one run-and-observe API of
// experiments/simulate, recording each step's indicators as timeseries.csv does; the firm table
// is the one firms.csv writes. compare and sweep are the command line's own entry points
// (cmd_compare, run_sweep), quiet, writing their files into a directory the package then reads.
// The model runs with the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "observe/indicators.hpp"
#include "params/load.hpp"
#include "record/firm_table.hpp"
#include "runner/compare.hpp"
#include "runner/output.hpp"
#include "runner/overrides.hpp"
#include "simulate/simulation.hpp"
#include "sweep/engine.hpp"

namespace py = pybind11;

namespace cs {
namespace {

/// A resolved scenario: what `clustersim run FILE --set ...` would run.
struct Scenario {
  Params params;
  std::string source;
};

/// Applies "KEY=VALUE" overrides as --set does and re-validates; throws one ConfigError listing
/// every problem.
void apply(Scenario& s, const std::vector<std::string>& sets) {
  std::vector<ConfigIssue> issues;
  apply_sets(s.params, sets, issues);
  for (ConfigIssue& i : validate(s.params, s.source)) issues.push_back(std::move(i));
  if (!issues.empty()) throw ConfigError(std::move(issues));
}

Scenario load(const std::string& path, const std::vector<std::string>& sets) {
  std::vector<std::string> notes;
  Scenario s{load_params(path, notes), path};
  apply(s, sets);
  return s;
}

/// Keeps each step's indicators, one row per cluster and step, in timeseries.csv's order.
class IndicatorRecorder : public Observer {
 public:
  void observe(const World& w) override {
    const Indicators none{};
    const auto fields = indicator_fields();
    if (columns_.empty()) columns_.resize(fields.size());
    for (std::size_t c = 0; c < w.params.clusters.size(); ++c) {
      const Indicators& x = c < w.indicators.size() ? w.indicators[c] : none;
      steps_.push_back(w.step);
      clusters_.push_back(static_cast<std::int64_t>(c));
      names_.push_back(w.params.clusters[c].name);
      for (std::size_t k = 0; k < fields.size(); ++k) columns_[k].push_back(x.*fields[k].member);
    }
  }
  py::dict table() const {
    py::dict d;
    d["step"] = py::array_t<std::int64_t>(steps_.size(), steps_.data());
    d["cluster"] = py::array_t<std::int64_t>(clusters_.size(), clusters_.data());
    d["cluster_name"] = names_;
    const auto fields = indicator_fields();
    for (std::size_t k = 0; k < fields.size() && k < columns_.size(); ++k)
      d[fields[k].name] = py::array_t<double>(columns_[k].size(), columns_[k].data());
    return d;
  }

 private:
  std::vector<std::int64_t> steps_, clusters_;
  std::vector<std::string> names_;
  std::vector<std::vector<double>> columns_;
};

template <class T>
py::array_t<T> array(const std::vector<T>& v) {
  return py::array_t<T>(v.size(), v.data());
}

py::dict firms(const World& w) {
  const FirmTable t = firm_table(w);
  py::dict d;
  d["firm_id"] = array(t.firm_id);
  d["cluster"] = array(t.cluster);
  d["employees"] = array(t.employees);
  d["output"] = array(t.output);
  d["turnover"] = array(t.turnover);
  d["productivity"] = array(t.productivity);
  d["size_class"] = t.size_class;
  d["age_months"] = array(t.age_months);
  d["exporter"] = array(t.exporter);
  d["cash"] = array(t.cash);
  d["debt"] = array(t.debt);
  d["informal_debt"] = array(t.informal_debt);
  d["certified"] = array(t.certified);
  d["member"] = array(t.member);
  d["cfc_user"] = array(t.cfc_user);
  d["programme_kinds"] = t.programme_kinds;
  d["programme_support"] = array(t.programme_support);
  return d;
}

/// A simulation of a scenario with a recorder of its indicators; `threads` bounds TBB's worker
/// threads while it steps (0 = all cores). Results do not depend on it.
class PySimulation {
 public:
  PySimulation(const Scenario& s, std::optional<std::uint64_t> seed, int threads)
      : params_(with_seed(s, seed)), threads_(threads), sim_(params_, SimulationSetup{true, true}) {
    sim_.add(recorder_);
  }
  void step(int n) {
    py::gil_scoped_release unlocked;
    const auto limit = limit_threads();
    sim_.run(n);
  }
  py::dict indicators() const { return recorder_.table(); }
  py::dict firms_now() const { return firms(sim_.world()); }
  int steps_done() const { return sim_.world().step; }
  std::string id() const { return run_id(params_); }
  const Params& params() const { return params_; }

 private:
  static Params with_seed(const Scenario& s, std::optional<std::uint64_t> seed) {
    Scenario copy = s;
    if (seed) apply(copy, {"run.seed=" + std::to_string(*seed)});
    return copy.params;
  }
  std::unique_ptr<tbb::global_control> limit_threads() const {
    if (threads_ <= 0) return nullptr;
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                 static_cast<std::size_t>(threads_));
  }

  Params params_;
  int threads_;
  IndicatorRecorder recorder_;
  Simulation sim_;
};

/// `clustersim compare`, quiet, into `out` (which must exist; `force` as --force). Returns its
/// exit code; errors are thrown as the command line's (ConfigError for a bad file or --set key).
int py_compare(const std::string& config, const std::vector<std::string>& mixes, int reps, std::optional<int> steps,
            const std::vector<std::string>& sets, int threads, const std::string& out, double discount, bool force,
            const std::vector<std::string>& command_line) {
  if (discount < 0 || discount > 1) throw std::invalid_argument("--discount must be in [0, 1]");
  if (threads < 0) throw std::invalid_argument("--threads must be >= 0");
  CompareOptions o;
  o.config = config;
  o.mixes = mixes;
  o.reps = reps;
  o.has_steps = steps.has_value();
  o.steps = steps.value_or(0);
  o.sets = sets;
  o.threads = threads;
  o.out = out;
  o.has_out = true;
  o.force = force;
  o.discount = discount;
  o.quiet = true;
  o.command_line = command_line;
  py::gil_scoped_release unlocked;
  std::ostringstream sink;
  return cmd_compare(o, sink);
}

/// `clustersim sweep`, quiet, into `out`. Returns its exit code; errors as the command line's.
int py_sweep(const std::string& experiment, const std::string& out, int jobs, bool resume, bool force, bool keep_parts,
          const std::vector<std::string>& command_line) {
  if (jobs < 0) throw std::invalid_argument("--jobs must be >= 0");
  if (resume && force) throw std::invalid_argument("--resume and --force exclude each other");
  sweep::SweepOptions o;
  o.experiment = experiment;
  o.out = out;
  o.jobs = jobs;
  o.resume = resume;
  o.force = force;
  o.keep_parts = keep_parts;
  o.quiet = true;
  o.command_line = command_line;
  py::gil_scoped_release unlocked;
  std::ostringstream sink;
  return sweep::run_sweep(o, sink);
}

}  // namespace
}  // namespace cs

PYBIND11_MODULE(_core, m) {
  using namespace cs;
  m.doc() = "ClusterSim's C++ core (use the clustersim package)";
  py::register_exception<ConfigError>(m, "ConfigError", PyExc_ValueError);
  py::class_<Scenario>(m, "Scenario")
      .def("to_toml", [](const Scenario& s) { return to_toml(s.params); }, "the resolved scenario as TOML")
      .def("set", [](Scenario& s, const std::vector<std::string>& sets) { apply(s, sets); },
           "applies KEY=VALUE overrides as --set does, then validates")
      .def("copy", [](const Scenario& s) { return s; })
      .def_property_readonly("source", [](const Scenario& s) { return s.source; })
      .def_property_readonly("steps", [](const Scenario& s) { return s.params.run.steps; })
      .def_property_readonly("seed", [](const Scenario& s) { return s.params.run.seed; });
  m.def("load", &load, py::arg("path"), py::arg("sets") = std::vector<std::string>{},
        "loads and validates a scenario file, then applies KEY=VALUE overrides as --set does");
  py::class_<PySimulation>(m, "Simulation")
      .def(py::init<const Scenario&, std::optional<std::uint64_t>, int>(), py::arg("scenario"),
           py::arg("seed") = py::none(), py::arg("threads") = 0)
      .def("step", &PySimulation::step, py::arg("n") = 1, "runs n months (the GIL is released)")
      .def("indicators", &PySimulation::indicators, "every recorded step's indicators, by column")
      .def("firms", &PySimulation::firms_now, "the current firm table, by column")
      .def_property_readonly("step_count", &PySimulation::steps_done)
      .def_property_readonly("run_id", &PySimulation::id)
      .def_property_readonly("steps", [](const PySimulation& s) { return s.params().run.steps; });
  m.def("compare", &cs::py_compare, py::arg("config"), py::arg("mixes"), py::arg("reps"), py::arg("steps"),
        py::arg("sets"), py::arg("threads"), py::arg("out"), py::arg("discount"), py::arg("force"),
        py::arg("command_line"), "clustersim compare, quiet, into out (the GIL released); returns the exit code");
  m.def("sweep", &cs::py_sweep, py::arg("experiment"), py::arg("out"), py::arg("jobs"), py::arg("resume"),
        py::arg("force"), py::arg("keep_parts"), py::arg("command_line"),
        "clustersim sweep, quiet, into out (the GIL released); returns the exit code");
  py::list names;
  for (const IndicatorField& f : indicator_fields()) names.append(f.name);
  m.attr("indicator_names") = names;
  py::dict units;
  for (const FirmColumn& c : firm_columns()) units[c.name] = py::make_tuple(c.unit, c.doc);
  m.attr("firm_columns") = units;
}
