#pragma once
// The firm-year panel of one run, as an evaluator would collect it and more: for every firm
// alive when the programme starts (the cohort, the same firms in a policy run and its baseline
// under common random numbers), its outcomes year by year relative to the start of
// implementation; the same outcomes summed over the firms that entered later; the cluster's
// totals from the indicators; and, at the end, whom the programme reached (docs/evaluation.md).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "agents/participation.hpp"
#include "simulate/simulation.hpp"

namespace cs::eval {

/// Outcomes of the firm-level analysis, in the order of every per-outcome array.
enum class Outcome : int {
  employment, output, turnover, productivity, exports, exporter, survival, credit, energy, emissions, count
};
inline constexpr std::size_t kOutcomes = static_cast<std::size_t>(Outcome::count);

/// Name, unit and meaning of an outcome for a firm in a year.
struct OutcomeInfo {
  const char* name;
  const char* unit;
  const char* definition;
  bool additive;  ///< defined for exited firms (0) and summed over firms; false: productivity
  const char* total_unit;  ///< unit of a sum over firms (survival summed: firms alive)
};
const OutcomeInfo& outcome_info(Outcome o);
inline const OutcomeInfo& outcome_info(std::size_t o) { return outcome_info(static_cast<Outcome>(o)); }

/// Years relative to the start of implementation: year y holds steps impl + 12 y ...
/// impl + 12 y + 11, cut to the run (steps 1 .. steps). Year -1 is the reference of the
/// difference-in-differences.
struct YearGrid {
  int impl = 1;       ///< first step of implementation
  int steps = 0;      ///< last step of the run
  int first = 0;      ///< first year (holds step 1)
  int last = 0;       ///< last year (holds step `steps`)
  int cohort_step = 0;  ///< the cohort is the firms alive after this step (programme.start - 1)
  YearGrid() = default;
  YearGrid(int impl_start, int run_steps, int programme_start);
  int count() const { return last - first + 1; }
  int year_of(int step) const;                       ///< floor((step - impl) / 12)
  int from(int year) const;                          ///< first step of the year within the run
  int to(int year) const;                            ///< last step of the year within the run
  int months(int year) const { return to(year) - from(year) + 1; }
  /// Whether a year lies wholly after the cohort was drawn and before implementation (the
  /// pre-period of the pooled difference-in-differences).
  bool pre(int year) const { return year < 0 && from(year) > cohort_step; }
};

/// One firm in one year: sums over the year's months (0 in months it was not alive) and its
/// state in the last month of the year.
struct FirmYear {
  double employment = 0, output = 0, turnover = 0, exports = 0, energy = 0, emissions = 0;  ///< monthly sums
  double export_months = 0;  ///< months it sold abroad
  double debt_end = 0;       ///< formal debt in the last month of the year (0 if not alive)
  double alive_end = 0;      ///< 1 if alive in the last month of the year (sums: firms alive)
};

/// Value of outcome `o` for a firm-year (NaN for productivity without employment).
double outcome_value(const FirmYear& y, Outcome o, int months);

/// Whom the programme reached in the cohort and among entrants, from the policy run.
struct Reach {
  std::vector<std::uint16_t> kinds;            ///< per cohort index: bit k = channel k reached it
  std::vector<std::array<float, channel_count>> amount;  ///< per cohort index and channel, ₹ lakh
  std::vector<std::int16_t> first;             ///< per cohort index: first step reached (kPartNever)
  std::array<double, channel_count> entrant_firms{};   ///< entrants reached, per channel
  std::array<double, channel_count> entrant_amount{};  ///< and what they got, ₹ lakh
};

/// The panel of one run. Observe it from step 0 (run_and_observe).
class Panel : public Observer {
 public:
  /// `horizons`: steps at which every cohort firm's employment and survival are kept (exit, end).
  Panel(const YearGrid& grid, std::vector<int> horizons);
  void observe(const World& w) override;

  const YearGrid& grid() const { return grid_; }
  /// Firms in the cohort (alive after grid.cohort_step), indexed 0 .. n-1 in uid order.
  std::size_t cohort() const { return uid_.size(); }
  const std::vector<std::uint32_t>& uids() const { return uid_; }
  /// Firm-year of cohort firm k in year index yi (0 = grid.first).
  const FirmYear& at(std::size_t k, int yi) const { return years_[k * static_cast<std::size_t>(grid_.count()) + static_cast<std::size_t>(yi)]; }
  /// Firms that entered after the cohort was drawn, summed: one FirmYear per year index.
  const std::vector<FirmYear>& entrants() const { return entrants_; }
  /// Cluster totals per year index from the indicators (all clusters): sums over the year's
  /// months of employment, output, turnover, exports, energy, emissions, exporters; firms and
  /// formal credit at the year's last month (in alive_end / debt_end as counts and ₹ lakh).
  const std::vector<FirmYear>& cluster() const { return cluster_; }
  /// Employment (0 when not alive) and survival of cohort firm k at horizon h.
  double employment_at(std::size_t h, std::size_t k) const { return hemp_[h][k]; }
  bool alive_at(std::size_t h, std::size_t k) const { return halive_[h][k] != 0; }
  /// Participation at the end of the run (policy runs; empty kinds without a programme).
  const Reach& reach() const { return reach_; }
  /// Takes participation as of w.step into reach(); observe() does it at the end of the run, the
  /// visualiser in every year to show the effects so far.
  void collect_reach(const World& w);

 private:
  YearGrid grid_;
  std::vector<int> horizons_;
  std::uint32_t uid_end_ = 0;                  ///< cohort uids are below it
  std::vector<std::uint32_t> uid_;             ///< cohort uids, ascending
  std::vector<std::int32_t> index_;            ///< uid -> cohort index, -1 if not in it
  std::vector<FirmYear> years_, entrants_, cluster_;
  std::vector<std::vector<float>> hemp_;
  std::vector<std::vector<std::uint8_t>> halive_;
  Reach reach_;
  void draw_cohort(const World& w);
  void add_month(const World& w);
};

}  // namespace cs::eval
