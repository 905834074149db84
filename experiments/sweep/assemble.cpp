#include "sweep/assemble.hpp"

#include <charconv>
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
  j << "},\n  \"fixed\": {";
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
  summary.buf() += ",indicator,n,mean,sd,ci95\n";

  std::vector<Welford> acc(cols.size());
  for (std::size_t point = 0; point < points; ++point) {
    acc.assign(cols.size(), Welford{});
    for (std::size_t rep = 0; rep < reps; ++rep) {
      const std::string part = read_file(part_path(dir, point * reps + rep));
      const std::size_t eol = part.find('\n');
      if (eol == std::string::npos) throw std::runtime_error("malformed part file for run " + std::to_string(point * reps + rep));
      const std::string_view row(part.data(), eol);
      runs.buf().append(row);
      runs.end_row();
      if (part.size() > eol + 1) {  // the series rows, without the last newline end_row() adds
        series.buf().append(part, eol + 1, part.size() - eol - 2);
        series.end_row();
      }
      const auto f = split_row(row);
      for (std::size_t c = 0; c < cols.size(); ++c) acc[c].add(parse_double(f[5 + nf + c]));
    }
    const std::string fc = factor_cells(ex, d, point);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      std::string& b = summary.buf();
      b += std::to_string(point);
      b += fc;
      append_fields(b, cols[c], std::to_string(acc[c].n), format_number(acc[c].mean), format_number(acc[c].sd()),
                    format_number(acc[c].ci95()));
      summary.end_row();
      if (sens) y[c](static_cast<Eigen::Index>(point)) = acc[c].mean;
    }
  }
  std::vector<std::string> files{kRunsFile, kSeriesFile, kSummaryFile};
  runs.commit();
  series.commit();
  summary.commit();

  if (sens) {
    std::string s = "method,indicator,factor,measure,value,ci_lo,ci_hi\n";
    const int k = static_cast<int>(nf);
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (ex.design == DesignKind::morris) {
        const auto m = morris_indices(y[c], d.moves, k);
        for (int j = 0; j < k; ++j) {
          std::string pre = "morris";
          append_fields(pre, cols[c], csv_field(ex.factors[j].path), "");
          s += pre + "mu_star," + format_number(m[j].mu_star) + ",,\n";
          s += pre + "mu," + format_number(m[j].mu) + ",,\n";
          s += pre + "sigma," + format_number(m[j].sigma) + ",,\n";
        }
      } else {
        const auto si = sobol_indices(y[c], k, kBootstrapResamples, ex.seed);
        for (int j = 0; j < k; ++j) {
          std::string pre = "sobol";
          append_fields(pre, cols[c], csv_field(ex.factors[j].path), "");
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

}  // namespace cs::sweep
