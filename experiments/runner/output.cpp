#include "runner/output.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <stdexcept>
#include <system_error>

#include "core/version.hpp"
#include "observe/rating.hpp"
#include "params/load.hpp"
#include "record/firm_table.hpp"

namespace cs {

namespace fs = std::filesystem;

namespace {

template <class T> std::string shortest(T v) {
  if (std::isnan(v)) return {};
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  if (v == 0) return "0";  // no "-0": it reads back equal and keeps diffs quiet
  std::array<char, 64> b;
  auto r = std::to_chars(b.data(), b.data() + b.size(), v);
  return std::string(b.data(), r.ptr);
}

}  // namespace

std::string format_number(double v) { return shortest(v); }
std::string format_number(float v) { return shortest(v); }

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

std::string json_string(std::string_view s) {
  std::string o = "\"";
  for (char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char u[8];
          std::snprintf(u, sizeof u, "\\u%04x", static_cast<unsigned>(c));
          o += u;
        } else {
          o += c;
        }
    }
  }
  o += '"';
  return o;
}

std::string run_id(const Params& p) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : to_toml(p)) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char b[17];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(h));
  return b;
}

namespace {

/// `name` is `f` followed by a temporary suffix: .partial, .tmp or .tmp<pid>.
bool is_temporary_of(const std::string& name, const std::string& f) {
  if (name.size() <= f.size() || name.compare(0, f.size(), f) != 0) return false;
  const std::string rest = name.substr(f.size());
  if (rest == kPartialSuffix || rest == ".tmp") return true;
  return rest.size() > 4 && rest.compare(0, 4, ".tmp") == 0 &&
         rest.find_first_not_of("0123456789", 4) == std::string::npos;
}

/// Fails now, not after the work, when nothing can be created in `dir` (permissions, a
/// read-only or full file system).
void check_writable(const fs::path& dir) {
  const fs::path probe = dir / (".clustersim-write-check." + std::to_string(::getpid()));
  {
    std::ofstream out(probe, std::ios::binary | std::ios::trunc);
    out << 'x';
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(probe, ec);
      throw std::runtime_error("cannot write into the output directory " + dir.string() + ": " +
                               std::strerror(errno ? errno : EACCES));
    }
  }
  std::error_code ec;
  fs::remove(probe, ec);
}

}  // namespace

std::string prepare_out_dir(const fs::path& dir, bool force, const std::vector<std::string>& own) {
  std::string note;
  if (!fs::exists(dir)) {
    fs::create_directories(dir);
    check_writable(dir);
    return note;
  }
  if (!fs::is_directory(dir))
    throw std::runtime_error("output path " + dir.string() + " exists and is not a directory");
  bool finished = false, foreign = false, leftovers = false;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    bool mine = false;
    for (const std::string& f : own) {
      if (name == f) {
        mine = true;
        leftovers = true;
        finished = finished || f == kManifestFile;
      } else if (is_temporary_of(name, f)) {
        mine = true;
        leftovers = true;
      }
    }
    foreign = foreign || !mine;
  }
  if (!force) {
    if (finished)
      throw std::runtime_error("output directory " + dir.string() + " holds a finished output (" + kManifestFile +
                               "); use --force to overwrite it, or another --out");
    if (foreign)
      throw std::runtime_error("output directory " + dir.string() + " is not empty; use --force to overwrite, or another --out");
    if (leftovers) note = "replacing the unfinished output of an interrupted run in " + dir.string();
  }
  if (leftovers) {
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      for (const std::string& f : own)
        if (name == f || is_temporary_of(name, f)) fs::remove(e.path());
    }
  }
  check_writable(dir);
  return note;
}

std::string prepare_out_dir(const fs::path& dir, bool force) {
  const std::string gz = ".gz";
  return prepare_out_dir(dir, force, {kTimeseriesFile, kTimeseriesFile + gz, kFirmPanelFile, kFirmPanelFile + gz,
                                      kSelectionFile, kManifestFile});
}

namespace {

// Means over clusters, weighted by what they are means of; everything else is summed (exits_share
// too: it counts the exits for a low market share, it is not a share).
struct Weighted {
  double Indicators::*value;
  double Indicators::*weight;
};
const Weighted kWeighted[] = {
    {&Indicators::export_share, &Indicators::turnover},
    {&Indicators::exporter_size_ratio, &Indicators::exporters},
    {&Indicators::exporter_prod_ratio, &Indicators::exporters},
    {&Indicators::visibility, &Indicators::firms},
    {&Indicators::unfilled_share, &Indicators::demand},
    {&Indicators::prod_mean, &Indicators::employment},
    {&Indicators::frontier, &Indicators::firms},
    {&Indicators::near_frontier_share, &Indicators::firms},
    {&Indicators::quality_mean, &Indicators::firms},
    {&Indicators::price_mean, &Indicators::firms},
    {&Indicators::input_price, &Indicators::firms},
    {&Indicators::wage, &Indicators::employment},
    {&Indicators::markup_mean, &Indicators::firms},
    {&Indicators::margin, &Indicators::turnover},
    {&Indicators::profit_rate, &Indicators::turnover},
    {&Indicators::rationed_share, &Indicators::firms},
    {&Indicators::npa_ratio, &Indicators::credit},
    {&Indicators::mean_degree, &Indicators::firms},
    {&Indicators::trust_mean, &Indicators::links},
    {&Indicators::association_effectiveness, &Indicators::firms},
    {&Indicators::association_rating, &Indicators::firms},
    {&Indicators::cfc_utilisation, &Indicators::cfc_open},
    {&Indicators::emissions_intensity, &Indicators::turnover},
    {&Indicators::programme_phase, &Indicators::firms},
};

}  // namespace

Indicators total_indicators(std::span<const Indicators> v) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t nc = v.size();
  if (nc == 1) return v[0];
  Indicators t{};
  const auto fields = indicator_fields();
  for (const IndicatorField& f : fields) t.*f.member = 0;
  for (const Indicators& x : v)
    for (const IndicatorField& f : fields) t.*f.member += x.*f.member;
  for (const Weighted& m : kWeighted) {
    double num = 0, den = 0, plain = 0;
    for (const Indicators& x : v) {
      num += x.*m.value * x.*m.weight;
      den += x.*m.weight;
      plain += x.*m.value;
    }
    t.*m.value = den > 0 ? num / den : (nc ? plain / double(nc) : nan);
  }
  t.prod_p90_p10 = t.gini_employment = t.hhi = nan;  // need firm-level data
  return t;
}

const char* series_level_name(SeriesLevel l) {
  switch (l) {
    case SeriesLevel::cluster: return "cluster";
    case SeriesLevel::archetype: return "archetype";
    case SeriesLevel::national: return "national";
  }
  return "?";
}

std::optional<SeriesLevel> parse_series_level(std::string_view name) {
  for (SeriesLevel l : {SeriesLevel::cluster, SeriesLevel::archetype, SeriesLevel::national})
    if (name == series_level_name(l)) return l;
  return std::nullopt;
}

SeriesLevel default_series_level(const Params& p) {
  for (const ClusterParams& c : p.clusters)
    if (c.replicas > 1) return SeriesLevel::archetype;
  return SeriesLevel::cluster;
}

std::vector<std::size_t> cluster_tables(const Params& p) {
  std::vector<std::size_t> t;
  for (std::size_t k = 0; k < p.clusters.size(); ++k) t.insert(t.end(), static_cast<std::size_t>(std::max(1, p.clusters[k].replicas)), k);
  return t;
}

std::string series_header(SeriesLevel level) {
  std::string b = level == SeriesLevel::cluster     ? "run_id,step,cluster,cluster_name"
                  : level == SeriesLevel::archetype ? "run_id,step,archetype,archetype_name,clusters"
                                                    : "run_id,step,clusters";
  for (const IndicatorField& f : indicator_fields()) (b += ',') += csv_field(f.name);
  return b;
}

void append_series_row(std::string& b, std::string_view run_id, int step, std::string_view label,
                       const Indicators& x) {
  b += run_id;
  (b += ',') += std::to_string(step);
  (b += ',') += label;
  for (const IndicatorField& f : indicator_fields()) (b += ',') += format_number(x.*f.member);
}

TimeseriesWriter::TimeseriesWriter(const fs::path& file, std::string run_id, SeriesLevel level, const Params& tables,
                                   Compression compression)
    : file_(file, compression), run_id_(csv_field(run_id)), level_(level) {
  file_.buf() = series_header(level);
  file_.end_row();
  const std::vector<std::size_t> table = cluster_tables(tables);
  if (level == SeriesLevel::archetype) {
    // The replicas of a table are consecutive clusters (params/expand.hpp).
    for (std::size_t c = 0; c < table.size();) {
      std::size_t e = c;
      while (e < table.size() && table[e] == table[c]) ++e;
      groups_.push_back({std::to_string(table[c]) + ',' + csv_field(tables.clusters[table[c]].name) + ',' +
                             std::to_string(e - c),
                         c, e});
      c = e;
    }
  } else if (level == SeriesLevel::national) {
    groups_.push_back({std::to_string(table.size()), 0, table.size()});
  }
}

void TimeseriesWriter::write(const World& w) {
  const Indicators none{};
  if (level_ != SeriesLevel::cluster) {
    std::vector<Indicators> all(w.params.clusters.size(), none);
    std::copy_n(w.indicators.begin(), std::min(all.size(), w.indicators.size()), all.begin());
    for (const Group& g : groups_) {
      const std::size_t e = std::min(g.end, all.size()), b0 = std::min(g.begin, e);
      const Indicators x = total_indicators(std::span<const Indicators>(all.data() + b0, e - b0));
      append_series_row(file_.buf(), run_id_, w.step, g.label, x);
      file_.end_row();
    }
    return;
  }
  for (std::size_t c = 0; c < w.params.clusters.size(); ++c) {
    const Indicators& x = c < w.indicators.size() ? w.indicators[c] : none;
    append_series_row(file_.buf(), run_id_, w.step, std::to_string(c) + ',' + csv_field(w.params.clusters[c].name), x);
    file_.end_row();
  }
}

FirmPanelWriter::FirmPanelWriter(const fs::path& dir, std::string run_id, int every, Compression compression)
    : file_(dir / kFirmPanelFile, compression), run_id_(std::move(run_id)), every_(every) {
  if (every_ < 1) throw std::invalid_argument("firm panel interval must be >= 1");
  file_.buf() =
      "run_id,firm_id,cluster,step,employees,output,turnover,productivity,size_class,age_months,"
      "exporter,cash,debt,informal_debt,certified,member,cfc_user,programme_kinds,programme_support";
  file_.end_row();
}

void FirmPanelWriter::write(const World& w) {
  if (!due(w.step)) return;
  const FirmTable t = firm_table(w);
  const std::string id = csv_field(run_id_);
  const std::string step = std::to_string(w.step);
  auto flag = [](std::uint8_t v) { return v ? ",1" : ",0"; };
  for (std::size_t k = 0; k < t.size(); ++k) {
    std::string& b = file_.buf();
    b += id;
    (b += ',') += std::to_string(t.firm_id[k]);
    (b += ',') += std::to_string(t.cluster[k]);
    (b += ',') += step;
    (b += ',') += format_number(t.employees[k]);
    (b += ',') += format_number(t.output[k]);
    (b += ',') += format_number(t.turnover[k]);
    (b += ',') += format_number(t.productivity[k]);
    (b += ',') += t.size_class[k];
    (b += ',') += std::to_string(t.age_months[k]);
    b += flag(t.exporter[k]);
    (b += ',') += format_number(t.cash[k]);
    (b += ',') += format_number(t.debt[k]);
    (b += ',') += format_number(t.informal_debt[k]);
    b += flag(t.certified[k]);
    b += flag(t.member[k]);
    b += flag(t.cfc_user[k]);
    (b += ',') += t.programme_kinds[k];
    (b += ',') += format_number(t.programme_support[k]);
    file_.end_row();
  }
}

bool has_rated_allocation(const Params& p) {
  for (const InterventionParams& x : p.interventions)
    if (x.enabled && x.rated_clusters > 0) return true;
  return false;
}

void write_selection(const fs::path& dir, const std::string& run_id, const Params& tables, const World& w,
                     const policies::Programme* programme) {
  TextFile file(dir / kSelectionFile);
  std::string& b = file.buf();
  b = "run_id,intervention,rated_step,rank,cluster,cluster_name,archetype";
  for (std::size_t k = 0; k < kRatingParams; ++k) (b += ',') += rating_param_name(static_cast<RatingParam>(k));
  b += ",total,selected,allocated,spent";
  file.end_row();
  const std::vector<std::size_t> table = cluster_tables(tables);
  const std::string id = csv_field(run_id);
  if (programme) {
    for (const policies::RatedAllocation& a : programme->allocations(w)) {
      const std::string line = csv_field(programme->lines()[a.line].name);
      std::vector<std::size_t> order(a.rating.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return a.rating[x].rank != a.rating[y].rank ? a.rating[x].rank < a.rating[y].rank : x < y;
      });
      for (std::size_t i : order) {
        const ClusterRating& r = a.rating[i];
        const bool selected = std::binary_search(a.selected.begin(), a.selected.end(), r.cluster);
        std::string& row = file.buf();
        row += id;
        (row += ',') += line;
        (row += ',') += std::to_string(a.rated_step);
        (row += ',') += std::to_string(r.rank);
        (row += ',') += std::to_string(r.cluster);
        (row += ',') += csv_field(r.name);
        (row += ',') += r.cluster < table.size() ? csv_field(tables.clusters[table[r.cluster]].name) : std::string();
        for (double x : r.score) (row += ',') += format_number(x);
        (row += ',') += format_number(r.total);
        row += selected ? ",1," : ",0,";
        row += format_number(r.cluster < a.allocated.size() ? a.allocated[r.cluster] : 0.0);
        (row += ',') += format_number(r.cluster < a.spent.size() ? a.spent[r.cluster] : 0.0);
        file.end_row();
      }
    }
  }
  file.commit();
}

std::string utc_now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return b;
}

void write_manifest(const fs::path& dir, const Manifest& m) {
  auto list = [](const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) (s += i ? ", " : "") += json_string(v[i]);
    return s + "]";
  };
  std::string j = "{\n";
  auto kv = [&](const char* k, const std::string& v, bool last = false) {
    ((((j += "  ") += json_string(k)) += ": ") += v) += last ? "\n" : ",\n";
  };
  kv("run_id", json_string(m.run_id));
  kv("version", json_string(version()));
  kv("git_commit", json_string(git_commit()));
  kv("seed", std::to_string(m.seed));
  kv("steps", std::to_string(m.steps));
  kv("threads", std::to_string(m.threads));
  kv("firm_panel_every", std::to_string(m.firm_panel_every));
  kv("timeseries_level", json_string(m.timeseries_level));
  kv("wall_seconds", std::isfinite(m.wall_seconds) ? format_number(m.wall_seconds) : "null");
  kv("started_at", json_string(m.started_at));
  kv("command_line", list(m.command_line));
  kv("config_file", json_string(m.config_file));
  kv("files", list(m.files));
  kv("warnings", list(m.warnings));
  std::string docs = "{";
  bool first = true;
  for (const IndicatorField& f : indicator_fields()) {
    ((((docs += first ? "\n    " : ",\n    ") += json_string(f.name)) += ": ") += json_string(f.doc));
    first = false;
  }
  kv("indicators", docs + "\n  }");
  if (m.firm_panel_every > 0) {  // the firm panel's columns with their units
    std::string cols = "{";
    first = true;
    for (const FirmColumn& c : firm_columns()) {
      ((((cols += first ? "\n    " : ",\n    ") += json_string(c.name)) += ": {\"unit\": ") += json_string(c.unit)) +=
          ", \"doc\": " + json_string(c.doc) + "}";
      first = false;
    }
    kv("firm_columns", cols + "\n  }");
  }
  kv("config_toml", json_string(m.config_toml), true);
  j += "}\n";

  TextFile f(dir / kManifestFile);  // renamed into place whole: readers see no half manifest
  f.buf() = std::move(j);
  f.commit();
}

}  // namespace cs
