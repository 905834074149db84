#pragma once
// A Cluster Development Programme (MODEL.md section 10): the lifecycle of the source
// methodology and the interventions of its action plan. It drives the simulation only through
// the levers and through transfers from its own ledger accounts, once a month in the policy phase.
#include <memory>
#include <string>
#include <vector>

#include "observe/rating.hpp"
#include "world.hpp"

namespace cs::policies {

/// Lifecycle phases, in order; `exited` after handing over, `before` until the programme starts.
enum class Phase : int {
  before = -1, selection = 0, appointment, diagnostic, trust_building, action_plan, approval,
  implementation, evaluation, handover, exited
};
const char* phase_name(Phase p);

/// Start step of each phase (and of `exited`), from ProgrammeParams.
struct Lifecycle {
  int begin[10] = {};  ///< begin[k] = first step of phase k; begin[9] = exit step
  explicit Lifecycle(const ProgrammeParams& p);
  Phase at(int step) const;
  int implementation_start() const { return begin[static_cast<int>(Phase::implementation)]; }
  int exit_step() const { return begin[static_cast<int>(Phase::exited)]; }
};

/// One budget line: an intervention, or the programme's management (CDA and diagnostics).
struct BudgetLine {
  std::string name;          ///< the intervention's name (or kind), or "management"
  std::string kind;          ///< intervention kind, or "management"
  double budget = 0;         ///< ₹ lakh
  double spent = 0;          ///< ₹ lakh so far
  double spent_month = 0;    ///< ₹ lakh in the last month
  int first_step = -1;       ///< first active step (-1 if it never ran)
  int last_step = -1;        ///< last active step
  AccountId account{};       ///< its ledger account (opened when it first runs)
  bool opened = false;
  int eligible_max = -1;     ///< most firms its target allowed in a month while it ran (-1: never ran)
  bool trust_met = true;     ///< collective kinds (cfc, consortia): the trust prerequisite was met
};

/// A budget line allocated by rating: its intervention has rated_clusters = N > 0. When the line
/// first runs, every cluster is rated on the eight selection parameters (rate_clusters, the ranking
/// `clustersim rate` prints) and the best-rated N are selected; each selected cluster gets an equal
/// share, budget / N, and its firms draw only on that share (the purse's budgets per cluster,
/// sim/levers.hpp); the other clusters get nothing. A share left unspent stays with its cluster
/// (it goes back to the government when the line closes); a cluster whose share is spent leaves
/// the line's target. The money stays in the line's one account: the shares are limits on it.
struct RatedAllocation {
  std::size_t line = 0;               ///< index in Programme::lines()
  int rated_clusters = 0;             ///< N asked for
  int rated_step = -1;                ///< step whose state was rated (the line's first step)
  std::vector<ClusterRating> rating;  ///< every cluster's rating then, in index order
  std::vector<std::size_t> selected;  ///< the best-rated min(N, clusters), sorted by index
  std::vector<double> allocated;      ///< per cluster, ₹ lakh: budget / selected.size() when selected, else 0
  std::vector<double> spent;          ///< per cluster, ₹ lakh so far (a guarantee fund: claims net of fees)
};

class Programme final : public PolicyDriver {
 public:
  explicit Programme(const Params& p);
  void record(const World& w) override;
  void apply(const World& w, Levers& levers, Ledger& ledger) override;

  const Lifecycle& lifecycle() const { return life_; }
  /// Phase in the last month applied.
  Phase phase() const { return phase_; }
  /// Budget lines: "management" first, then each enabled intervention in file order. Their
  /// spending is recorded when a month starts, so it stops at the month before the last one
  /// stepped; lines(w) counts that one too.
  const std::vector<BudgetLine>& lines() const { return lines_; }
  /// The budget lines with spending up to the last month stepped in `w` (the world this
  /// programme drives): what a run that ends now has spent.
  std::vector<BudgetLine> lines(const World& w) const;
  /// Total spent up to the last month stepped in `w`, ₹ lakh.
  double spent(const World& w) const;
  /// The lines allocated by rating that have selected their clusters, in line order. Spending is
  /// counted up to the last month stepped in `w` (the world this programme drives), which lines()
  /// count only when the next month starts.
  std::vector<RatedAllocation> allocations(const World& w) const;
  /// Interventions as now configured, one per budget line after "management" (after
  /// set_interventions: the whole list, disabled ones included; before: the enabled ones).
  const std::vector<InterventionParams>& interventions() const { return iv_; }
  /// Replaces the interventions between steps (the visualiser's live edits): `all` is the
  /// scenario's whole list, which may only grow; entries keep their budget lines by position.
  /// A switched-off intervention stops and its line closes (what is left goes back to the
  /// government); a switched-on one opens its line, funded with what is left of its budget,
  /// when it next runs; a changed budget of an open line is topped up or refunded at once.
  void set_interventions(const std::vector<InterventionParams>& all, Ledger& ledger);

  struct State;  ///< per-intervention working state (targets, diagnosed firms, latches)

 private:
  /// What line k spent in the last month stepped in `w`, not yet recorded (record adds it when
  /// the next month starts).
  double month_spent(std::size_t k, const World& w) const;
  Lifecycle life_;
  Phase phase_ = Phase::before;
  std::vector<InterventionParams> iv_;  ///< enabled interventions (all, after set_interventions)
  std::vector<int> src_;                ///< index of each iv_ entry in the scenario's list
  std::vector<BudgetLine> lines_;
  std::vector<std::shared_ptr<State>> state_;
  std::vector<std::uint32_t> diagnosed_;  ///< uids on the CDA's diagnosed list
  std::uint64_t seed_ = 0;
  void open_line(BudgetLine& b, Ledger& ledger, const World& w);
  void close_line(BudgetLine& b, Ledger& ledger);
  void run_management(const World& w, Levers& L, Ledger& ledger);
  void select_clusters(const World& w, const InterventionParams& x, State& st);
  double cluster_share(std::size_t k) const;
  void diagnose(const World& w);
};

/// Attaches a programme to the world when its params list an enabled intervention, and returns
/// it; returns null (and attaches nothing) otherwise. Call right after make_world.
std::shared_ptr<Programme> attach_programme(World& w);

/// The same scenario with no programme: the baseline of a comparison.
Params baseline_of(const Params& p);

}  // namespace cs::policies
