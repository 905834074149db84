#pragma once
// The firm table: one struct of arrays, one row per slot. A slot whose firm has exited is dead
// (`alive == 0`) and may be reused by an entrant; `uid` identifies a firm across its life.
// Money stocks are double; rates and small quantities are float to keep a firm under ~300 bytes.
#include <cstdint>
#include <vector>

#include "agents/column.hpp"

/// Every column of the firm table, once: X(member) for a column of the firm's state (the three
/// receivables columns as recv[0], recv[1], recv[2]), M(member) for a per-step message (a member
/// of Firms::msg). for_each_column and its named variants are made from it.
#define CS_FIRM_COLUMNS(X, M)                                                                           \
  X(uid) X(cluster) X(alive) M(exit_mark) X(direct) X(bank) X(agent) X(neighbourhood) X(x) X(y)      \
  X(birth) X(capital) X(prod) X(energy) X(skill) X(quality) X(known_prod) X(known_energy)            \
  M(prod_next) X(employees) X(tfp) X(share) X(share_prev) X(orders) X(markup) X(unit_cost) X(price)  \
  M(demand) X(exp_demand) M(output) X(sold) X(inventory) X(unfilled) X(revenue) M(profit)            \
  X(profit_avg) X(export_qty) X(export_price) X(export_sold) M(export_revenue) X(xshare)             \
  X(consortium) X(cert_until) X(sub_in) X(sub_out) X(sub_price) M(sub_done) X(cash) X(debt)          \
  X(debt_inf) X(recv[0]) X(recv[1]) X(recv[2]) M(credit_req) M(credit_ok) M(inv_plan) M(wc_need)     \
  X(credit_class) X(missed) X(neg_nw) M(rationed) M(adopt) M(spawn) X(opportunism) X(awareness)

namespace cs {

/// Index of a row (slot) in the firm table.
using Slot = std::uint32_t;
inline constexpr Slot kNoSlot = 0xFFFFFFFFu;
inline constexpr std::uint32_t kNoConsortium = 0xFFFFFFFFu;

/// Udyam size classes (investment and turnover thresholds).
enum class SizeClass : std::uint8_t { micro = 0, small = 1, medium = 2, large = 3 };

/// Reasons a firm exits, recorded when it is marked.
enum class ExitReason : std::uint8_t { none = 0, share = 1, insolvent = 2, npa = 3 };

/// The per-step messages between phases, one column each, a row per slot like the state's: each
/// is written during a month before it is read, or (exit_mark) set during the month and cleared
/// by demography at its end, so their values at the start of a month do not matter
/// (tests/invariants/test_dataflow.cpp checks it). Observation and the firm panel read them after
/// the step.
struct FirmMessages {
  Column<std::uint8_t> exit_mark;   ///< ExitReason set during the step, applied in demography
  Column<float> prod_next;          ///< proposal written by learning, applied after it
  Column<float> demand;             ///< units demanded this month
  Column<float> output;             ///< units produced this month
  Column<float> profit;             ///< profit this month, ₹ lakh (before tax)
  Column<float> export_revenue;     ///< revenue from abroad this month, ₹ lakh
  Column<float> sub_done;           ///< units it delivered to contractors this month
  Column<float> credit_req;         ///< credit requested this month
  Column<float> credit_ok;          ///< credit the bank would grant before its cap
  Column<float> inv_plan;           ///< planned investment this month, ₹ lakh
  Column<float> wc_need;            ///< working capital needed for planned output
  Column<std::uint8_t> rationed;    ///< 1 if credit fell short of need this month
  Column<std::uint8_t> adopt;       ///< 1 if planning chose to replace the vintage
  Column<std::uint8_t> spawn;       ///< 1 if the firm spins off a new firm this step
};

struct Firms {
  // identity and place
  Column<std::uint32_t> uid;        ///< unique id over the run (entity id of its draws)
  Column<std::uint16_t> cluster;    ///< cluster index
  Column<std::uint8_t> alive;       ///< 1 alive, 0 dead slot
  Column<std::uint8_t> direct;      ///< 1 if it sells directly, 0 through a selling agent
  Column<std::uint8_t> bank;        ///< bank index within the cluster
  Column<std::uint16_t> agent;      ///< selling-agent index within the cluster
  Column<std::uint8_t> neighbourhood; ///< industrial estate
  Column<float> x, y;               ///< position, km
  Column<std::int32_t> birth;       ///< step of entry (negative for initial firms)
  // technology and labour
  Column<double> capital;           ///< K, ₹ lakh (replacement value)
  Column<float> prod;               ///< vintage productivity A_v, units / worker-month
  Column<float> energy;             ///< energy intensity e_v, MWh / unit
  Column<float> skill;              ///< worker skill s (same unit as A_v)
  Column<float> quality;            ///< q in [0, 1]
  Column<float> known_prod;         ///< best vintage the firm knows of (brochures)
  Column<float> known_energy;       ///< energy intensity of that vintage
  Column<float> employees;          ///< L, workers this month
  Column<float> tfp;                ///< firm-specific efficiency z (management, organisation), mean 1
  // market
  Column<double> share;             ///< domestic market share f_t within the cluster
  Column<double> share_prev;        ///< f_{t-1}
  Column<float> orders;             ///< o: its customers' orders relative to what its share commands (mean 1)
  Column<float> markup;             ///< mu
  Column<float> unit_cost;          ///< c_i, ₹ lakh / unit (last month's until competition sets this month's; net worth values inventory at it)
  Column<float> price;              ///< p_i
  Column<float> exp_demand;         ///< adaptive expected demand, units
  Column<float> sold;               ///< units sold this month
  Column<float> inventory;          ///< units in stock
  Column<float> unfilled;           ///< unfilled-demand ratio l in [0, 1]
  Column<float> revenue;            ///< turnover this month, ₹ lakh (gross of commission)
  Column<float> profit_avg;         ///< exponential average of profit / revenue
  // exports and consortia
  Column<float> export_qty;         ///< units a month committed to a foreign order (its share)
  Column<float> export_price;       ///< price of that order, ₹ lakh / unit
  Column<float> export_sold;        ///< units delivered abroad this month (orders and standing customers)
  Column<double> xshare;            ///< its share of the cluster's standing foreign market (> 0: it has foreign customers)
  Column<std::uint32_t> consortium; ///< consortium index, kNoConsortium if none
  Column<std::int32_t> cert_until;  ///< export certification valid while step < cert_until
  Column<float> sub_in;             ///< units a month this firm makes for contractors
  Column<float> sub_out;            ///< units a month this firm passed to subcontractors
  Column<float> sub_price;          ///< mean price of the units it makes for contractors
  // finance
  Column<double> cash;              ///< money account M, ₹ lakh
  Column<double> debt;              ///< formal debt D
  Column<double> debt_inf;          ///< informal debt
  Column<double> recv[3];           ///< receivables from the agent due in 1, 2, 3 months
  Column<std::uint8_t> credit_class;///< 1 = best
  Column<std::uint8_t> missed;      ///< consecutive missed loan payments
  Column<std::uint8_t> neg_nw;      ///< consecutive months of negative net worth
  // owner traits
  Column<float> opportunism;        ///< o in [0, 1]
  Column<float> awareness;          ///< a in [0, 1]

  std::size_t size() const { return uid.size(); }
  /// Appends one zeroed row; returns its slot.
  Slot add_row();
  /// Resets a row to zero (for reuse of a dead slot).
  void clear_row(Slot s);
  /// Heap bytes held by the columns (capacity, not size).
  std::size_t bytes() const;

  /// The per-step messages (their own struct, so every use says which it is: f.msg.demand).
  FirmMessages msg;

  /// Calls f(column) for every column, state and messages, in the order of CS_FIRM_COLUMNS.
  template <class F> void for_each_column(F&& f) {
#define CS_X(c) f(c);
#define CS_M(c) f(msg.c);
    CS_FIRM_COLUMNS(CS_X, CS_M)
#undef CS_M
#undef CS_X
  }
  template <class F> void for_each_column(F&& f) const {
#define CS_X(c) f(c);
#define CS_M(c) f(msg.c);
    CS_FIRM_COLUMNS(CS_X, CS_M)
#undef CS_M
#undef CS_X
  }
  /// Calls f(name, column) for every column: the names the phase table declares (step.cpp), as
  /// the code writes them after `f.` (`price`, `msg.demand`).
  template <class F> void for_each_named_column(F&& f) {
#define CS_X(c) f(#c, c);
#define CS_M(c) f("msg." #c, msg.c);
    CS_FIRM_COLUMNS(CS_X, CS_M)
#undef CS_M
#undef CS_X
  }
  template <class F> void for_each_named_column(F&& f) const {
#define CS_X(c) f(#c, c);
#define CS_M(c) f("msg." #c, msg.c);
    CS_FIRM_COLUMNS(CS_X, CS_M)
#undef CS_M
#undef CS_X
  }
  /// Calls f(name, column) for the message columns only.
  template <class F> void for_each_message_column(F&& f) {
#define CS_X(c)
#define CS_M(c) f("msg." #c, msg.c);
    CS_FIRM_COLUMNS(CS_X, CS_M)
#undef CS_M
#undef CS_X
  }
};

/// Net worth: cash + capital + inventory at cost + receivables - formal and informal debt.
inline double net_worth(const Firms& f, Slot i) {
  return f.cash[i] + f.capital[i] + double(f.inventory[i]) * f.unit_cost[i] + f.recv[0][i] +
         f.recv[1][i] + f.recv[2][i] - f.debt[i] - f.debt_inf[i];
}

/// Slots are reused by entrants, so whatever refers to a firm by its slot (a side table's row
/// per slot, a list of members) also keeps the firm's uid: the slot's generation. These two
/// checks are the only ways to tell whether such a reference still means the same firm.
///
/// Whether slot i holds the alive firm `uid`.
inline bool holds(const Firms& f, Slot i, std::uint32_t uid) { return i < f.size() && f.alive[i] && f.uid[i] == uid; }

/// Whether row i of a side table whose rows are tagged with the uid of the firm they describe
/// (`owner`) describes the firm now in slot i (false for a row not yet made).
template <class Owner> bool describes(const Owner& owner, const Firms& f, Slot i) {
  return i < owner.size() && owner[i] == f.uid[i];
}

/// Whether firm i holds a valid export certificate at `step`.
inline bool certified(const Firms& f, Slot i, int step) { return step < f.cert_until[i]; }

/// Whether firm i sold abroad this month (an export order or its standing foreign customers):
/// the one definition of "exporter" used by the indicators, the firm panel and the visualiser.
inline bool is_exporter(const Firms& f, Slot i) { return f.export_sold[i] > 0; }

/// Capacity in units per month.
inline double capacity(const Firms& f, Slot i, double capital_per_unit) { return f.capital[i] / capital_per_unit; }

/// Effective labour productivity A_eff = z min(A_v, s): the vintage as far as workers' skill
/// allows (EURACE), times the firm's own efficiency z.
inline float eff_prod(const Firms& f, Slot i) { return f.tfp[i] * (f.prod[i] < f.skill[i] ? f.prod[i] : f.skill[i]); }

/// Udyam class from investment (capital) and annualised turnover, in ₹ lakh.
inline SizeClass size_class(double investment, double annual_turnover) {
  if (investment <= 100 && annual_turnover <= 500) return SizeClass::micro;
  if (investment <= 1000 && annual_turnover <= 5000) return SizeClass::small;
  if (investment <= 5000 && annual_turnover <= 25000) return SizeClass::medium;
  return SizeClass::large;
}

}  // namespace cs
