#pragma once
// A moment: one number computed from a run, defined once here and described in TOML by a
// [[target]] (calibration) or [[moment]] (sweep) table (moments/parse.hpp). Each moment says
// which months it reads (`plan`), so a run keeps only those (moments/record.hpp), and computes
// its value from the record (`evaluate`). docs/calibration.md gives every definition.
#include <limits>
#include <string>
#include <vector>

#include "moments/record.hpp"

namespace cs::moments {

/// What kind of statistic.
enum class Kind {
  indicator,  ///< an indicator at a month, its mean over a window, or its annualised growth
  ratio,      ///< sum of one indicator over a window / sum of another over the same window
  panel,      ///< a statistic of the firm table at one or several waves (or of the flows)
};

/// How an indicator moment reads its months.
enum class Reading { at, window, growth };

/// Panel statistics.
enum class Panel {
  quantile_ratio, share, exporter_share, exporter_premium, tail_exponent, growth_sd, growth_kurtosis,
  growth_sd_slope, entry_rate, exit_rate, survival, job_reallocation
};

/// Whether a panel statistic compares two waves `lag` months apart (growth rates, reallocation).
bool is_growth(Panel p);

/// Firm columns a panel statistic reads.
enum class Column { employees, productivity, turnover, output };

/// Names as written in TOML.
const char* panel_name(Panel p);
const char* column_name(Column c);

/// One moment, validated (moments/parse.hpp builds it).
struct Moment {
  std::string name;          ///< label: a column of trace.csv, runs.csv, ...
  Kind kind = Kind::indicator;
  Reading reading = Reading::at;
  int field = -1;            ///< indicator: index into indicator_fields(); ratio: the numerator
  int denominator = -1;      ///< ratio: index of the denominator
  int t0 = 0, t1 = 0;        ///< months: at (t0 = t1), window [t0, t1] inclusive, growth from t0 to t1
  Panel panel = Panel::share;
  Column column = Column::employees;
  std::vector<int> waves;    ///< panel: months of the waves averaged (growth: the later wave)
  double q_hi = 0.9, q_lo = 0.1;   ///< quantile_ratio
  double employees_below = std::numeric_limits<double>::quiet_NaN();     ///< share: employees < this
  double employees_at_least = std::numeric_limits<double>::quiet_NaN();  ///< share: employees >= this
  int exporter = -1;         ///< share: -1 any, 0 non-exporters, 1 exporters
  double threshold = 0;      ///< tail_exponent: Hill threshold (employees); 0 = use `top`
  int top = 0;               ///< tail_exponent: Hill on the `top` largest
  int lag = 12;              ///< growth statistics: months between the two waves
  int bins = 5;              ///< growth_sd_slope: size bins of equal count
  int cluster = -1;          ///< cluster index, -1 = all clusters together
};

/// Adds the months `m` reads to `plan`.
void plan(const Moment& m, RecordPlan& plan);

/// The plan for several moments.
RecordPlan plan_for(const std::vector<Moment>& ms);

/// Value of `m` in one run. NaN when it is undefined there (e.g. an exporter premium without
/// exporters). Throws std::out_of_range when `rec` lacks a month `m` needs.
double evaluate(const Moment& m, const RunRecord& rec);

}  // namespace cs::moments

namespace cs::moments {

/// Canonical one-line definition, e.g. "indicator employment growth [0, 120]", "panel p90_p10
/// productivity waves [60, 120]": written to fit.csv and hashed into the evaluation cache keys.
std::string definition(const Moment& m);

}  // namespace cs::moments
