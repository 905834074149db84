#pragma once
// The firm table: one struct of arrays, one row per slot. A slot whose firm has exited is dead
// (`alive == 0`) and may be reused by an entrant; `uid` identifies a firm across its life.
// Money stocks are double; rates and small quantities are float to keep a firm under ~300 bytes.
#include <cstdint>
#include <vector>

#include "agents/column.hpp"

namespace cs {

/// Index of a row (slot) in the firm table.
using Slot = std::uint32_t;
inline constexpr Slot kNoSlot = 0xFFFFFFFFu;
inline constexpr std::uint32_t kNoConsortium = 0xFFFFFFFFu;

/// Udyam size classes (investment and turnover thresholds).
enum class SizeClass : std::uint8_t { micro = 0, small = 1, medium = 2, large = 3 };

/// Reasons a firm exits, recorded when it is marked.
enum class ExitReason : std::uint8_t { none = 0, share = 1, insolvent = 2, npa = 3 };

struct Firms {
  // identity and place
  Column<std::uint32_t> uid;        ///< unique id over the run (entity id of its draws)
  Column<std::uint16_t> cluster;    ///< cluster index
  Column<std::uint8_t> alive;       ///< 1 alive, 0 dead slot
  Column<std::uint8_t> exit_mark;   ///< ExitReason set during the step, applied in demography
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
  Column<float> prod_next;          ///< proposal written by learning, applied after it
  Column<float> employees;          ///< L, workers this month
  Column<float> tfp;                ///< firm-specific efficiency z (management, organisation), mean 1
  // market
  Column<double> share;             ///< domestic market share f_t within the cluster
  Column<double> share_prev;        ///< f_{t-1}
  Column<float> orders;             ///< o: its customers' orders relative to what its share commands (mean 1)
  Column<float> markup;             ///< mu
  Column<float> unit_cost;          ///< c_i, ₹ lakh / unit
  Column<float> price;              ///< p_i
  Column<float> demand;             ///< units demanded this month
  Column<float> exp_demand;         ///< adaptive expected demand, units
  Column<float> output;             ///< units produced this month
  Column<float> sold;               ///< units sold this month
  Column<float> inventory;          ///< units in stock
  Column<float> unfilled;           ///< unfilled-demand ratio l in [0, 1]
  Column<float> revenue;            ///< turnover this month, ₹ lakh (gross of commission)
  Column<float> profit;             ///< profit this month, ₹ lakh (before tax)
  Column<float> profit_avg;         ///< exponential average of profit / revenue
  // exports and consortia
  Column<float> export_qty;         ///< units a month committed to a foreign order (its share)
  Column<float> export_price;       ///< price of that order, ₹ lakh / unit
  Column<float> export_sold;        ///< units delivered abroad this month (orders and standing customers)
  Column<float> export_revenue;     ///< revenue from abroad this month, ₹ lakh
  Column<double> xshare;            ///< its share of the cluster's standing foreign market (> 0: it has foreign customers)
  Column<std::uint32_t> consortium; ///< consortium index, kNoConsortium if none
  Column<std::int32_t> cert_until;  ///< export certification valid while step < cert_until
  Column<float> sub_in;             ///< units a month this firm makes for contractors
  Column<float> sub_out;            ///< units a month this firm passed to subcontractors
  Column<float> sub_price;          ///< mean price of the units it makes for contractors
  Column<float> sub_done;           ///< units it delivered to contractors this month
  // finance
  Column<double> cash;              ///< money account M, ₹ lakh
  Column<double> debt;              ///< formal debt D
  Column<double> debt_inf;          ///< informal debt
  Column<double> recv[3];           ///< receivables from the agent due in 1, 2, 3 months
  Column<float> credit_req;         ///< credit requested this month
  Column<float> credit_ok;          ///< credit the bank would grant before its cap
  Column<float> inv_plan;           ///< planned investment this month, ₹ lakh
  Column<float> wc_need;            ///< working capital needed for planned output
  Column<std::uint8_t> credit_class;///< 1 = best
  Column<std::uint8_t> missed;      ///< consecutive missed loan payments
  Column<std::uint8_t> neg_nw;      ///< consecutive months of negative net worth
  Column<std::uint8_t> rationed;    ///< 1 if credit fell short of need this month
  Column<std::uint8_t> adopt;       ///< 1 if planning chose to replace the vintage
  Column<std::uint8_t> spawn;       ///< 1 if the firm spins off a new firm this step
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

  /// Calls f(column) for every column (used for add/clear/bytes).
  template <class F> void for_each_column(F&& f) {
    f(uid); f(cluster); f(alive); f(exit_mark); f(direct); f(bank); f(agent); f(neighbourhood);
    f(x); f(y); f(birth); f(capital); f(prod); f(energy); f(skill); f(quality); f(known_prod);
    f(known_energy); f(prod_next); f(employees); f(tfp); f(share); f(share_prev); f(orders); f(markup); f(unit_cost);
    f(price); f(demand); f(exp_demand); f(output); f(sold); f(inventory); f(unfilled); f(revenue);
    f(profit); f(profit_avg); f(export_qty); f(export_price); f(export_sold); f(export_revenue); f(xshare); f(consortium); f(cert_until); f(sub_in); f(sub_out); f(sub_price);
    f(sub_done); f(cash); f(debt); f(debt_inf); f(recv[0]); f(recv[1]); f(recv[2]);
    f(credit_req); f(credit_ok); f(inv_plan); f(wc_need); f(credit_class); f(missed); f(neg_nw);
    f(rationed); f(adopt); f(spawn);
    f(opportunism); f(awareness);
  }
};

/// Net worth: cash + capital + inventory at cost + receivables - formal and informal debt.
inline double net_worth(const Firms& f, Slot i) {
  return f.cash[i] + f.capital[i] + double(f.inventory[i]) * f.unit_cost[i] + f.recv[0][i] +
         f.recv[1][i] + f.recv[2][i] - f.debt[i] - f.debt_inf[i];
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
