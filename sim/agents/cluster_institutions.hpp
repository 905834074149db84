#pragma once
// The association, the Cluster Development Agent and Common Facility Centres of each cluster
// (MODEL.md section 2). Per-cluster state is a small struct of arrays; per-firm state is kept
// here as vectors indexed by firm slot (the firm table has no institution columns), each row
// tagged with the uid of the firm it describes so that a slot reused by an entrant is reset.
#include <cstdint>
#include <vector>

#include "agents/column.hpp"

#include "agents/firms.hpp"
#include "core/ledger.hpp"

namespace cs {

struct World;
struct Indicators;

/// Bits of InstitutionFirms::flags.
inline constexpr std::uint8_t kAssocMember = 1, kCompliant = 2, kMobilised = 4;
/// Owner tag of a row that describes no firm.
inline constexpr std::uint32_t kInstNoOwner = 0xFFFFFFFFu;

/// Institution state of the firms, one row per firm slot.
struct InstitutionFirms {
  Column<std::uint32_t> owner;       ///< uid of the firm the row describes
  Column<std::uint8_t> flags;        ///< kAssocMember | kCompliant | kMobilised
  Column<std::int32_t> last_design;  ///< step of its last CFC design job
  bool operator==(const InstitutionFirms&) const = default;
};

/// The association of each cluster.
struct Associations {
  std::vector<AccountId> account;
  std::vector<double> effectiveness;  ///< in [0, 1]
  std::vector<double> members;        ///< member firms after this month's decisions
  std::vector<double> share;          ///< members / alive firms
  std::vector<double> staff;          ///< staff-months paid this month
  std::vector<double> spend;          ///< staff spending this month, ₹ lakh
  std::vector<double> rating;         ///< rating score in [0, 1]
  bool operator==(const Associations&) const = default;
};

/// The CDA's work in each cluster this month.
struct CdaState {
  std::vector<double> hours_used;     ///< this month
  std::vector<double> visits;         ///< diagnostic visits, cumulative
  std::vector<double> meetings;       ///< trust-building meetings, cumulative
  std::vector<double> brokered;       ///< consortia formed by brokering, cumulative
  std::vector<double> mobilised;      ///< firms mobilised for an SPV, cumulative
  std::vector<Slot> spv_anchor;       ///< first mobilised firm (kNoSlot if none)
  std::vector<std::uint32_t> spv_anchor_uid;
  bool operator==(const CdaState&) const = default;
};

/// Life of a CFC.
enum class CfcStage : std::uint8_t { building = 0, open = 1, closed = 2 };

/// One Common Facility Centre.
struct Cfc {
  std::uint32_t cluster = 0;
  int kind = 0;                 ///< 0 tool room, 1 testing lab, 2 effluent, 3 raw-material bank, 4 design studio
  CfcStage stage = CfcStage::building;
  AccountId account{};
  double cost = 0;              ///< project cost, ₹ lakh
  double book = 0;              ///< book value of the facility (depreciates; no cash flow)
  double capacity = 0;          ///< units a month
  double om = 0;                ///< O&M cost a month
  double tech = 0;              ///< tool room: the facility's productivity
  int formed = 0, opens = 0, support_until = 0;
  int closed = -1;              ///< step it closed (-1 while building or open)
  int low_months = 0;           ///< consecutive months of revenue below O&M after support
  double used = 0, revenue = 0; ///< this month
  int users = 0;                ///< this month
  std::vector<Slot> members;    ///< SPV members
  std::vector<std::uint32_t> member_uid;
  std::vector<double> contribution;
  bool operator==(const Cfc&) const = default;
};

struct Institutions {
  InstitutionFirms firm;
  Associations assoc;
  CdaState cda;
  std::vector<Cfc> cfcs;
  std::vector<std::uint8_t> cfc_done;  ///< per cluster: a CFC was formed under the current request
  /// Per cluster, this month: effluent fines paid (₹ lakh) and firms fined (cfc.effluent_*).
  std::vector<double> effluent_fines, effluent_fined;
  bool operator==(const Institutions&) const = default;
};

/// Creates the associations and their initial members (called by make_world after the firms).
void init_institutions(World& w);

/// Writes the institutions' indicators of cluster c into `o` (called by observe).
void observe_institutions(const World& w, std::size_t c, Indicators& o);

/// Pieces of phase_institutions, in the order it calls them (association.cpp, cda.cpp, cfc.cpp).
/// Sizes the firms' institution rows to the firm table and resets those of the firms in
/// w.created that are not set up yet.
void institutions_sync_firms(World& w);
void association_month(World& w);
void cda_month(World& w);
void cfc_month(World& w);

}  // namespace cs
