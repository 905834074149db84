#include "moments/moment.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "moments/aggregate.hpp"
#include "moments/statistics.hpp"
#include "params/load.hpp"

namespace cs::moments {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt_number(double v) { return fmt_double(v); }

const std::vector<double>& column_of(const FirmWave& w, Column c) {
  switch (c) {
    case Column::employees: return w.employees;
    case Column::productivity: return w.productivity;
    case Column::turnover: return w.turnover;
    case Column::output: return w.output;
  }
  return w.employees;
}

bool in_cluster(const FirmWave& w, std::size_t i, int cluster) { return cluster < 0 || w.cluster[i] == cluster; }

/// Values of `col` for the firms of the moment's cluster.
std::vector<double> values(const FirmWave& w, Column col, int cluster) {
  const auto& v = column_of(w, col);
  std::vector<double> out;
  for (std::size_t i = 0; i < w.size(); ++i)
    if (in_cluster(w, i, cluster)) out.push_back(v[i]);
  return out;
}

double ratio(double a, double b) { return b != 0 ? a / b : kNaN; }

/// A cross-section statistic at one wave.
double cross_section(const Moment& m, const FirmWave& w) {
  switch (m.panel) {
    case Panel::quantile_ratio: {
      const auto v = values(w, m.column, m.cluster);
      const double lo = quantile(v, m.q_lo);
      return lo > 0 ? quantile(v, m.q_hi) / lo : kNaN;
    }
    case Panel::tail_exponent: {
      const auto v = values(w, Column::employees, m.cluster);
      return m.top > 0 ? hill_top(v, m.top) : hill_threshold(v, m.threshold);
    }
    case Panel::share:
    case Panel::exporter_share: {
      const int want_exporter = m.panel == Panel::exporter_share ? 1 : m.exporter;
      double n = 0, k = 0;
      for (std::size_t i = 0; i < w.size(); ++i) {
        if (!in_cluster(w, i, m.cluster)) continue;
        ++n;
        const double e = w.employees[i];
        const bool ok = (want_exporter < 0 || w.exporter[i] == want_exporter) &&
                        !(e >= m.employees_below) && !(e < m.employees_at_least);  // NaN bounds pass
        k += ok;
      }
      return ratio(k, n);
    }
    case Panel::exporter_premium: {
      const auto& v = column_of(w, m.column);
      double se = 0, ne = 0, sn = 0, nn = 0;
      for (std::size_t i = 0; i < w.size(); ++i) {
        if (!in_cluster(w, i, m.cluster)) continue;
        if (w.exporter[i]) {
          se += v[i];
          ++ne;
        } else {
          sn += v[i];
          ++nn;
        }
      }
      return ne > 0 && nn > 0 ? ratio(se / ne, sn / nn) : kNaN;
    }
    default: return kNaN;
  }
}

/// uid -> index of a wave, sorted by uid, for matching firms across waves.
std::vector<std::pair<std::uint32_t, std::size_t>> by_uid(const FirmWave& w) {
  std::vector<std::pair<std::uint32_t, std::size_t>> v;
  v.reserve(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) v.emplace_back(w.uid[i], i);
  std::sort(v.begin(), v.end());
  return v;
}

std::size_t find_uid(const std::vector<std::pair<std::uint32_t, std::size_t>>& v, std::uint32_t uid) {
  const auto it = std::lower_bound(v.begin(), v.end(), std::pair<std::uint32_t, std::size_t>(uid, 0));
  return it != v.end() && it->first == uid ? it->second : static_cast<std::size_t>(-1);
}

/// A growth statistic between the waves `t - lag` and `t`, over firms of the cluster alive at both
/// with a positive value at both.
double growth_statistic(const Moment& m, const FirmWave& before, const FirmWave& after) {
  const auto index = by_uid(before);
  const auto& x0 = column_of(before, m.column);
  const auto& x1 = column_of(after, m.column);
  std::vector<double> size, growth;
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (!in_cluster(after, i, m.cluster)) continue;
    const std::size_t j = find_uid(index, after.uid[i]);
    if (j == static_cast<std::size_t>(-1) || !(x0[j] > 0) || !(x1[i] > 0)) continue;
    size.push_back(x0[j]);
    growth.push_back(std::log(x1[i] / x0[j]));
  }
  switch (m.panel) {
    case Panel::growth_sd: return sd(growth);
    case Panel::growth_kurtosis: return kurtosis(growth);
    case Panel::growth_sd_slope: return growth_sd_slope(size, growth, m.bins);
    default: return kNaN;
  }
}

/// Gross job reallocation between the waves (Davis and Haltiwanger 1992): the sum of the
/// increases and of the decreases of `column` over every firm of the cluster at either wave (an
/// entrant counts from 0, a firm that left to 0), per the mean of the two waves' totals.
double job_reallocation(const Moment& m, const FirmWave& before, const FirmWave& after) {
  const auto index = by_uid(before);
  const auto& x0 = column_of(before, m.column);
  const auto& x1 = column_of(after, m.column);
  std::vector<char> matched(before.size(), 0);
  double moved = 0, total0 = 0, total1 = 0;
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (!in_cluster(after, i, m.cluster)) continue;
    const std::size_t j = find_uid(index, after.uid[i]);
    double was = 0;
    if (j != static_cast<std::size_t>(-1) && in_cluster(before, j, m.cluster)) {
      matched[j] = 1;
      was = x0[j];
    }
    moved += std::fabs(x1[i] - was);
    total1 += x1[i];
  }
  for (std::size_t j = 0; j < before.size(); ++j) {
    if (!in_cluster(before, j, m.cluster)) continue;
    total0 += x0[j];
    if (!matched[j]) moved += x0[j];
  }
  const double mean = 0.5 * (total0 + total1);
  return mean > 0 ? moved / mean : kNaN;
}

double survival(const Moment& m, const FirmWave& w0, const FirmWave& w1) {
  const auto later = by_uid(w1);
  double n = 0, alive = 0;
  for (std::size_t i = 0; i < w0.size(); ++i) {
    if (!in_cluster(w0, i, m.cluster)) continue;
    ++n;
    alive += find_uid(later, w0.uid[i]) != static_cast<std::size_t>(-1);
  }
  return ratio(alive, n);
}

/// Entries (or exits) per firm and year over the months t0+1 .. t1, per mean stock of firms at
/// the start of those months (t0 .. t1-1).
double flow_rate(const Moment& m, const RunRecord& rec) {
  const int flow = indicator_index(m.panel == Panel::entry_rate ? "entries" : "exits");
  const int firms = indicator_index("firms");
  double flows = 0, stock = 0;
  for (int t = m.t0 + 1; t <= m.t1; ++t) {
    flows += indicator_value(rec.at(t), flow, m.cluster);
    stock += indicator_value(rec.at(t - 1), firms, m.cluster);
  }
  const double months = m.t1 - m.t0;
  return stock > 0 ? flows / (stock / months) * 12.0 / months : kNaN;
}

}  // namespace

bool is_growth(Panel p) {
  return p == Panel::growth_sd || p == Panel::growth_kurtosis || p == Panel::growth_sd_slope || p == Panel::job_reallocation;
}

const char* panel_name(Panel p) {
  switch (p) {
    case Panel::quantile_ratio: return "quantile_ratio";
    case Panel::share: return "share";
    case Panel::exporter_share: return "exporter_share";
    case Panel::exporter_premium: return "exporter_premium";
    case Panel::tail_exponent: return "tail_exponent";
    case Panel::growth_sd: return "growth_sd";
    case Panel::growth_kurtosis: return "growth_kurtosis";
    case Panel::growth_sd_slope: return "growth_sd_slope";
    case Panel::entry_rate: return "entry_rate";
    case Panel::exit_rate: return "exit_rate";
    case Panel::survival: return "survival";
    case Panel::job_reallocation: return "job_reallocation";
  }
  return "?";
}

const char* column_name(Column c) {
  switch (c) {
    case Column::employees: return "employees";
    case Column::productivity: return "productivity";
    case Column::turnover: return "turnover";
    case Column::output: return "output";
  }
  return "?";
}

void plan(const Moment& m, RecordPlan& p) {
  if (m.kind != Kind::panel) {
    if (m.reading == Reading::window) p.add_steps(m.t0, m.t1);
    else {
      p.add_steps(m.t0, m.t0);
      p.add_steps(m.t1, m.t1);
    }
    return;
  }
  switch (m.panel) {
    case Panel::entry_rate:
    case Panel::exit_rate: p.add_steps(m.t0, m.t1); return;
    case Panel::survival:
      p.add_wave(m.t0);
      p.add_wave(m.t1);
      return;
    default:
      for (int t : m.waves) {
        p.add_wave(t);
        if (is_growth(m.panel)) p.add_wave(t - m.lag);
      }
  }
}

RecordPlan plan_for(const std::vector<Moment>& ms) {
  RecordPlan p;
  for (const Moment& m : ms) plan(m, p);
  return p;
}

double evaluate(const Moment& m, const RunRecord& rec) {
  if (m.kind == Kind::indicator || m.kind == Kind::ratio) {
    const auto value = [&](int field, int t) { return indicator_value(rec.at(t), field, m.cluster); };
    const auto summed = [&](int field) {
      double s = 0;
      for (int t = m.t0; t <= m.t1; ++t) s += value(field, t);
      return s;
    };
    if (m.kind == Kind::ratio) return ratio(summed(m.field), summed(m.denominator));
    switch (m.reading) {
      case Reading::at: return value(m.field, m.t0);
      case Reading::window: return summed(m.field) / (m.t1 - m.t0 + 1);
      case Reading::growth: {
        const double x0 = value(m.field, m.t0), x1 = value(m.field, m.t1);
        if (!(x0 > 0) || !(x1 >= 0)) return kNaN;
        return std::pow(x1 / x0, 12.0 / (m.t1 - m.t0)) - 1.0;
      }
    }
  }
  switch (m.panel) {
    case Panel::entry_rate:
    case Panel::exit_rate: return flow_rate(m, rec);
    case Panel::survival: return survival(m, rec.wave(m.t0), rec.wave(m.t1));
    default: break;
  }
  double s = 0;
  for (int t : m.waves)
    s += m.panel == Panel::job_reallocation ? job_reallocation(m, rec.wave(t - m.lag), rec.wave(t))
         : is_growth(m.panel)               ? growth_statistic(m, rec.wave(t - m.lag), rec.wave(t))
                                            : cross_section(m, rec.wave(t));
  return m.waves.empty() ? kNaN : s / static_cast<double>(m.waves.size());
}

}  // namespace cs::moments

namespace cs::moments {

std::string definition(const Moment& m) {
  const auto fields = indicator_fields();
  const auto months = [&](const char* what) {
    return std::string(what) + " [" + std::to_string(m.t0) + ", " + std::to_string(m.t1) + "]";
  };
  std::string s;
  if (m.kind == Kind::indicator || m.kind == Kind::ratio) {
    s = m.kind == Kind::indicator ? std::string("indicator ") + fields[static_cast<std::size_t>(m.field)].name
                                  : std::string("ratio ") + fields[static_cast<std::size_t>(m.field)].name + " / " +
                                        fields[static_cast<std::size_t>(m.denominator)].name;
    s += m.reading == Reading::at ? " at " + std::to_string(m.t0)
                                  : " " + months(m.reading == Reading::window ? "window" : "growth");
  } else {
    s = std::string("panel ") + panel_name(m.panel);
    switch (m.panel) {
      case Panel::quantile_ratio:
        s += std::string(" ") + column_name(m.column) + " q" + fmt_number(m.q_hi) + "/q" + fmt_number(m.q_lo);
        break;
      case Panel::share:
        if (m.exporter >= 0) s += m.exporter ? " exporters" : " non-exporters";
        if (m.employees_below == m.employees_below) s += " employees < " + fmt_number(m.employees_below);
        if (m.employees_at_least == m.employees_at_least) s += " employees >= " + fmt_number(m.employees_at_least);
        break;
      case Panel::exporter_premium: s += std::string(" ") + column_name(m.column); break;
      case Panel::tail_exponent:
        s += m.top > 0 ? " top " + std::to_string(m.top) : " employees >= " + fmt_number(m.threshold);
        break;
      case Panel::growth_sd:
      case Panel::growth_kurtosis:
      case Panel::growth_sd_slope:
      case Panel::job_reallocation:
        s += std::string(m.panel == Panel::job_reallocation ? " " : " log ") + column_name(m.column) + " lag " + std::to_string(m.lag);
        if (m.panel == Panel::growth_sd_slope) s += " bins " + std::to_string(m.bins);
        break;
      default: break;
    }
    if (m.panel == Panel::entry_rate || m.panel == Panel::exit_rate || m.panel == Panel::survival) {
      s += " " + months("window");
    } else {
      s += m.waves.size() == 1 ? " at " + std::to_string(m.waves[0]) : std::string(" waves [");
      if (m.waves.size() > 1) {
        for (std::size_t i = 0; i < m.waves.size(); ++i) s += (i ? ", " : "") + std::to_string(m.waves[i]);
        s += "]";
      }
    }
  }
  if (m.cluster >= 0) s += " cluster " + std::to_string(m.cluster);
  return s;
}

}  // namespace cs::moments
