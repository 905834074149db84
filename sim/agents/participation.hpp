#pragma once
// Who a programme reached: per firm and intervention kind, the month it first and last reached
// the firm, how many months it did, and how much it gave (docs/evaluation.md, "Participation").
// A side table indexed by firm slot, like the BDS and institution rows: the firm table has no
// room for more columns. Each row is tagged with the uid of the firm it describes; when a slot
// is given to a new firm, the old firm's record moves to `retired`, so that the records of
// firms that exited are kept until the end of the run.
//
// The table records only the kinds a programme tracks (policies::attach_programme tracks those
// of the scenario's interventions); without a programme it is empty and recording costs one
// comparison. Recording never changes the simulation: a run with the table is the run without.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "agents/column.hpp"
#include "agents/firms.hpp"
#include "levers.hpp"

namespace cs {

struct World;

/// Step stamp of a record that never happened.
inline constexpr std::int16_t kPartNever = -32768;

/// What one intervention kind gave one firm.
struct PartRecord {
  std::int16_t first = kPartNever;  ///< step it first reached the firm
  std::int16_t last = kPartNever;   ///< step it last reached the firm
  std::uint16_t count = 0;          ///< months (or events) in which it reached the firm, saturating
  float amount = 0;                 ///< ₹ lakh given (see Participation::note); guarantee: largest covered debt
  bool operator==(const PartRecord&) const = default;
};

/// The records of a firm whose slot was given to a new firm.
struct RetiredParticipation {
  std::uint32_t uid = 0;
  std::uint16_t kinds = 0;           ///< bit k: channel k reached it
  std::vector<PartRecord> rec;       ///< one per tracked channel, in Participation::tracked order
  bool operator==(const RetiredParticipation&) const = default;
};

/// Participation of the firms, one row per firm slot.
struct Participation {
  /// Record column of each channel, -1 when it is not tracked.
  std::array<std::int8_t, channel_count> column;
  std::vector<Channel> tracked;             ///< tracked channels, in the order of their columns
  Column<std::uint32_t> owner;              ///< uid of the firm the row describes
  Column<std::uint16_t> kinds;              ///< bit k set: channel k reached the firm
  std::vector<Column<PartRecord>> rec;      ///< [column][slot]
  std::vector<RetiredParticipation> retired;

  Participation() { column.fill(-1); }
  /// True when at least one channel is tracked.
  bool on() const { return !tracked.empty(); }
  bool tracks(Channel c) const { return column[idx(c)] >= 0; }

  /// Records that channel c reached firm slot i at `step`, giving `amount` (₹ lakh, added up).
  /// Writes only row i: safe in a per-firm parallel loop. Does nothing for untracked channels.
  void note(Slot i, Channel c, int step, double amount = 0) {
    const int k = column[idx(c)];
    if (k < 0 || i >= owner.size()) return;
    PartRecord& r = rec[static_cast<std::size_t>(k)][i];
    touch(r, step);
    r.amount += static_cast<float>(amount);
    kinds[i] |= static_cast<std::uint16_t>(1u << idx(c));
  }
  /// As note, but `amount` is a stock: the record keeps the largest value seen.
  void note_max(Slot i, Channel c, int step, double amount) {
    const int k = column[idx(c)];
    if (k < 0 || i >= owner.size()) return;
    PartRecord& r = rec[static_cast<std::size_t>(k)][i];
    touch(r, step);
    if (static_cast<float>(amount) > r.amount) r.amount = static_cast<float>(amount);
    kinds[i] |= static_cast<std::uint16_t>(1u << idx(c));
  }
  /// The record of channel c for slot i (a default record when c is not tracked).
  PartRecord record(Slot i, Channel c) const {
    const int k = column[idx(c)];
    return k < 0 || i >= owner.size() ? PartRecord{} : rec[static_cast<std::size_t>(k)][i];
  }

  bool operator==(const Participation&) const = default;
 private:
  static void touch(PartRecord& r, int step) {
    const auto s = static_cast<std::int16_t>(step);
    if (r.count == 0) r.first = s;
    r.last = s;
    if (r.count < 0xFFFF) ++r.count;
  }
};

/// The kind name of a channel ("tech_upgradation", ...), the same as intervention_kinds().
const std::string& channel_name(Channel c);

/// Starts tracking channel c (no-op when tracked): every row gets an empty record for it, and
/// rows are sized to the firm table and tagged with their firms.
void participation_track(World& w, Channel c);

/// Sizes the rows to the firm table and gives the slots of new firms (w.created) a fresh row,
/// moving any record of the firm that held the slot before to `retired`. Serial; called at the
/// start of the policy phase, before anything is recorded in the month.
void participation_sync(World& w);

/// Whether a channel's reach is recorded per firm: false for the cluster-wide kinds (twinning
/// and infrastructure act on every firm of the clusters they serve and reach none in particular).
bool channel_reaches_firms(Channel c);

}  // namespace cs
