#include "sweep/assemble.hpp"

#include <charconv>
#include <cstdlib>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "observe/indicators.hpp"
#include "core/version.hpp"
#include "params/load.hpp"
#include "runner/output.hpp"
#include "sweep/names.hpp"
#include "sweep/run.hpp"
#include "sweep/stats.hpp"

namespace cs::sweep {

namespace fs = std::filesystem;

namespace {

/// Fields of one CSV line without quoting (part rows hold numbers and hex ids only).
std::vector<std::string_view> split_row(std::string_view line) {
  std::vector<std::string_view> f;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t c = line.find(',', pos);
    f.push_back(line.substr(pos, c == std::string_view::npos ? std::string_view::npos : c - pos));
    if (c == std::string_view::npos) return f;
    pos = c + 1;
  }
}

double parse_double(std::string_view s) {
  if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (s == "Inf") return std::numeric_limits<double>::infinity();
  if (s == "-Inf") return -std::numeric_limits<double>::infinity();
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string factor_cells(const Experiment& ex, const Design& d, std::size_t point) {
  std::string s;
  for (std::size_t j = 0; j < ex.factors.size(); ++j)
    append_fields(s, format_number(d.values(static_cast<Eigen::Index>(point), static_cast<Eigen::Index>(j))));
  return s;
}

/// The summary values of a part's runs.csv row (after run bookkeeping and factor values).
std::vector<double> summary_values(const std::string& part, const fs::path& path, std::size_t nf, std::size_t ncols) {
  const std::size_t eol = part.find('\n');
  if (eol == std::string::npos || part.back() != '\n') throw std::runtime_error("malformed part file " + path.string());
  const auto f = split_row(std::string_view(part.data(), eol));
  if (f.size() != 4 + nf + ncols) throw std::runtime_error("malformed part file " + path.string());
  std::vector<double> v(ncols);
  for (std::size_t c = 0; c < ncols; ++c) v[c] = parse_double(f[4 + nf + c]);
  return v;
}

void write_manifest_json(const Experiment& ex, const Design& d, const fs::path& dir, const SweepInfo& info,
                         const std::vector<std::string>& files) {
  std::ostringstream j;
  const auto str = [](const std::string& s) { return json_string(s); };
  j << "{\n  \"kind\": \"sweep\",\n  \"name\": " << str(ex.name) << ",\n  \"version\": "
    << str(version()) << ",\n  \"git_commit\": " << str(git_commit())
    << ",\n  \"experiment_file\": " << str(ex.file) << ",\n  \"experiment_toml\": " << str(ex.text)
    << ",\n  \"base_file\": " << str(ex.base_file) << ",\n  \"design\": " << str(design_name(ex.design))
    << ",\n  \"points\": " << d.points() << ",\n  \"replications\": " << ex.replications
    << ",\n  \"runs\": " << d.points() * ex.replications << ",\n  \"steps\": " << ex.steps
    << ",\n  \"summary_step\": " << ex.summary_step << ",\n  \"master_seed\": " << ex.seed
    << ",\n  \"replication_seeds\": [";
  for (int r = 0; r < ex.replications; ++r) j << (r ? ", " : "") << replication_seed(ex.seed, r);
  j << "],\n  \"factors\": [";
  for (std::size_t i = 0; i < ex.factors.size(); ++i) j << (i ? ", " : "") << str(ex.factors[i].path);
  j << "],\n  \"columns\": {";  // CSV column -> parameter path
  for (std::size_t i = 0; i < ex.factors.size(); ++i)
    j << (i ? ", " : "") << str(ex.factors[i].column) << ": " << str(ex.factors[i].path);
  j << "},\n  \"indicator_columns\": {";  // several clusters: CSV column -> indicator and cluster
  if (ex.base.clusters.size() > 1) {
    bool first = true;
    for (std::size_t c = 0; c < ex.base.clusters.size(); ++c)
      for (int i : ex.indicators) {
        const std::string name = indicator_fields()[i].name;
        j << (first ? "" : ", ") << str(cluster_column(name, c)) << ": "
          << str(name + " of cluster " + std::to_string(c) + " (" + ex.base.clusters[c].name + ")");
        first = false;
      }
  }
  j << "},\n  \"reference_point\": " << (ex.reference >= 0 ? std::to_string(ex.reference) : "null");
  j << ",\n  \"fixed\": {";
  for (std::size_t i = 0; i < ex.fixed.size(); ++i) {
    const FixedSetting& s = ex.fixed[i];
    j << (i ? ", " : "") << str(s.path) << ": " << (s.text ? str(s.value) : s.value);
  }
  j << "},\n  \"indicators\": {";
  for (std::size_t i = 0; i < ex.indicators.size(); ++i) {
    const IndicatorField& f = indicator_fields()[ex.indicators[i]];
    j << (i ? ",\n" : "\n") << "    " << str(f.name) << ": " << str(f.doc);
  }
  j << "\n  },\n  \"moments\": {";
  for (std::size_t i = 0; i < ex.moments.size(); ++i)
    j << (i ? ",\n" : "\n") << "    " << str(ex.moments[i].name) << ": " << str(moments::definition(ex.moments[i]));
  j << "\n  },\n  \"jobs\": " << info.jobs << ",\n  \"mpi_ranks\": " << info.ranks << ",\n  \"wall_seconds\": " << format_number(info.wall_seconds)
    << ",\n  \"started_at\": " << str(info.started_at) << ",\n  \"command_line\": [";
  for (std::size_t i = 0; i < info.command_line.size(); ++i) j << (i ? ", " : "") << str(info.command_line[i]);
  j << "],\n  \"base_config_toml\": " << str(to_toml(ex.base)) << ",\n  \"files\": [";
  for (std::size_t i = 0; i < files.size(); ++i) j << (i ? ", " : "") << str(files[i]);
  j << "]\n}\n";
  write_atomically(dir / kSweepManifest, j.str());
}

}  // namespace

std::vector<std::string> assemble(const Experiment& ex, const Design& d, const fs::path& dir,
                                  const SweepInfo& info, bool keep_parts) {
  const std::size_t points = d.points();
  const std::size_t reps = static_cast<std::size_t>(ex.replications);
  const std::vector<std::string> cols = summary_columns(ex);
  const std::size_t nf = ex.factors.size();
  const bool sens = ex.design == DesignKind::morris || ex.design == DesignKind::sobol;
  std::vector<Eigen::VectorXd> y(sens ? cols.size() : 0, Eigen::VectorXd(static_cast<Eigen::Index>(points)));

  // Each written as <name>.partial and renamed when complete (TextFile::commit).
  TextFile runs(dir / kRunsFile), series(dir / kSeriesFile), summary(dir / kSummaryFile);
  runs.buf() += runs_header(ex) + '\n';
  series.buf() += std::string(kTimeseriesHeader) + '\n';
  summary.buf() += "point";
  for (const Factor& f : ex.factors) append_fields(summary.buf(), f.column);
  summary.buf() += ",indicator,n,mean,sd,ci95";
  summary.buf() += ex.reference >= 0 ? ",diff,diff_ci_low,diff_ci_high\n" : "\n";

  // [output] reference: its replications' values, which every point's are paired with.
  const bool paired = ex.reference >= 0;
  std::vector<std::vector<double>> ref(reps);  // [replication][column]
  if (paired)
    for (std::size_t rep = 0; rep < reps; ++rep) {
      const auto point = static_cast<std::size_t>(ex.reference);
      const fs::path path = part_path(dir, RunRef{point * reps + rep, point, static_cast<int>(rep)});
      ref[rep] = summary_values(read_file(path), path, nf, cols.size());
    }

  std::vector<Welford> acc(cols.size()), diff(cols.size());
  for (std::size_t point = 0; point < points; ++point) {
    acc.assign(cols.size(), Welford{});
    diff.assign(cols.size(), Welford{});
    for (std::size_t rep = 0; rep < reps; ++rep) {
      const std::size_t run = point * reps + rep;
      const fs::path path = part_path(dir, RunRef{run, point, static_cast<int>(rep)});
      const std::string part = read_file(path);
      const std::size_t eol = part.find('\n');
      if (eol == std::string::npos || part.back() != '\n') throw std::runtime_error("malformed part file " + path.string());
      const std::string number = std::to_string(run) + ',';  // parts hold no run number: it depends on the replications
      const std::string_view row(part.data(), eol);
      runs.buf() += number;
      runs.buf().append(row);
      runs.end_row();
      for (std::size_t a = eol + 1; a < part.size();) {  // the series rows
        const std::size_t b = part.find('\n', a);
        series.buf() += number;
        series.buf().append(part, a, b - a);
        series.end_row();
        a = b + 1;
      }
      const std::vector<double> v = summary_values(part, path, nf, cols.size());
      for (std::size_t c = 0; c < cols.size(); ++c) {
        acc[c].add(v[c]);
        if (paired) diff[c].add(v[c] - ref[rep][c]);  // the same seed: replication rep of both points
      }
    }
    const std::string fc = factor_cells(ex, d, point);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      std::string& b = summary.buf();
      b += std::to_string(point);
      b += fc;
      append_fields(b, cols[c], std::to_string(acc[c].n), format_number(acc[c].mean), format_number(acc[c].sd()),
                    format_number(acc[c].ci95()));
      if (paired) {
        const double h = diff[c].ci95();
        append_fields(b, format_number(diff[c].mean), format_number(diff[c].mean - h), format_number(diff[c].mean + h));
      }
      summary.end_row();
      if (sens) y[c](static_cast<Eigen::Index>(point)) = acc[c].mean;
    }
  }
  std::vector<std::string> files{kRunsFile, kSeriesFile, kSummaryFile};
  runs.commit();
  series.commit();
  summary.commit();

  if (sens) {
    std::string s = "method,indicator,factor,factor_column,measure,value,ci_lo,ci_hi\n";
    const int k = static_cast<int>(nf);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (ex.design == DesignKind::morris) {
        const auto m = morris_indices(y[c], d.moves, k);
        for (int j = 0; j < k; ++j) {
          std::string pre = "morris";
          append_fields(pre, cols[c], csv_field(ex.factors[j].path), ex.factors[j].column, "");
          s += pre + "mu_star," + format_number(m[j].mu_star) + ",,\n";
          s += pre + "mu," + format_number(m[j].mu) + ",,\n";
          s += pre + "sigma," + format_number(m[j].sigma) + ",,\n";
        }
      } else {
        const auto si = sobol_indices(y[c], k, kBootstrapResamples, ex.seed);
        for (int j = 0; j < k; ++j) {
          std::string pre = "sobol";
          append_fields(pre, cols[c], csv_field(ex.factors[j].path), ex.factors[j].column, "");
          s += pre + "S1";
          append_fields(s, format_number(si[j].s1), format_number(si[j].s1_lo), format_number(si[j].s1_hi));
          s += '\n';
          s += pre + "ST";
          append_fields(s, format_number(si[j].st), format_number(si[j].st_lo), format_number(si[j].st_hi));
          s += '\n';
        }
      }
    }
    write_atomically(dir / kSensitivityFile, s);
    files.push_back(kSensitivityFile);
  }
  files.push_back(kSweepManifest);
  write_manifest_json(ex, d, dir, info, files);
  if (!keep_parts) {
    std::error_code ec;
    fs::remove_all(dir / kPartsDir, ec);
  }
  return files;
}

std::size_t recover_parts(const Experiment& ex, const fs::path& dir) {
  std::ifstream runs(dir / kRunsFile), series(dir / kSeriesFile);
  std::string row, line;
  if (!runs || !std::getline(runs, row)) return 0;  // no runs.csv: nothing assembled
  bool more = series && std::getline(series, line) && std::getline(series, line);  // past the header
  const auto run_of = [](const std::string& l) { return std::strtoull(l.c_str(), nullptr, 10); };
  std::size_t written = 0;
  fs::create_directories(dir / kPartsDir);
  for (std::size_t n = 2; std::getline(runs, row); ++n) {
    const auto f = split_row(row);
    if (f.size() < 5) throw std::runtime_error((dir / kRunsFile).string() + ":" + std::to_string(n) + ": malformed row");
    const std::size_t run = run_of(row);
    std::string part = row.substr(f[0].size() + 1) + '\n';
    for (; more && run_of(line) <= run; more = static_cast<bool>(std::getline(series, line)))
      if (run_of(line) == run) part += line.substr(line.find(',') + 1) + '\n';
    const RunRef ref{run, std::strtoull(std::string(f[1]).c_str(), nullptr, 10), std::atoi(std::string(f[2]).c_str())};
    if (ref.replication >= ex.replications || fs::exists(part_path(dir, ref))) continue;
    if (!series.is_open())
      throw std::runtime_error((dir / kSeriesFile).string() + " is missing: the runs of " + (dir / kRunsFile).string() +
                               " cannot be reused; restore it, or use --force to start over");
    write_atomically(part_path(dir, ref), part);
    ++written;
  }
  return written;
}

}  // namespace cs::sweep
