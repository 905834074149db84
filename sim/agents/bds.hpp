#pragma once
// Business development services (BDS): the providers (one struct of arrays over all clusters),
// the market state of each cluster, and the BDS state of each firm, indexed by firm slot. Each
// firm row is tagged with the uid of the firm it describes, so that a slot reused by an entrant
// is recognised and reset. The one BDS outcome kept in the firm table is certification
// (Firms::cert_until), which exports and the CFC share.
#include <array>
#include <cstdint>
#include <vector>

#include "agents/column.hpp"

#include "agents/firms.hpp"
#include "core/ledger.hpp"

namespace cs {

struct World;
struct Indicators;

/// The five kinds of service, in the order used by every per-kind array.
enum class BdsKind : std::uint8_t { design = 0, testing = 1, consulting = 2, logistics = 3, finance = 4 };
inline constexpr int kBdsKinds = 5;
inline constexpr std::uint8_t kBdsAllKinds = (1u << kBdsKinds) - 1;
/// "design", "testing", "consulting", "logistics", "finance".
const char* bds_kind_name(int kind);

/// Step stamp of a purchase that never happened.
inline constexpr std::int16_t kBdsNever = -32768;
/// Owner tag of a firm row that describes no firm yet.
inline constexpr std::uint32_t kBdsNoOwner = 0xFFFFFFFFu;

/// BDS state of the firms, one row per firm slot (grown with the firm table).
struct BdsFirmState {
  Column<std::uint32_t> owner;          ///< uid of the firm the row describes
  Column<std::uint8_t> aware;           ///< bit k set: the firm knows service kind k exists
  /// Step of the firm's last purchase of each kind (kBdsNever if none); one record per firm so
  /// that a neighbour's purchases are read from one cache line.
  Column<std::array<std::int16_t, kBdsKinds>> last_buy;
  /// Bit k set: the firm bought kind k in the last `recent_months` months, as neighbours see it
  /// this month (1 byte per firm, so the word-of-mouth scan reads a small array). Stage 1 of the
  /// phase writes next month's mask into `recent_next` (neighbours read `recent` meanwhile); the
  /// two are swapped at the start of the next phase.
  Column<std::uint8_t> recent, recent_next;
  Column<float> logistics_saving;       ///< monthly transport saving while its logistics contract runs, share of revenue
  std::size_t size() const { return owner.size(); }
  bool operator==(const BdsFirmState&) const = default;
};

/// A provider's offer as firms see it this month.
struct BdsOffer {
  std::uint32_t provider;  ///< index in BdsProviders
  std::uint32_t local;     ///< index in its cluster's BdsMarket::providers
  float quality;           ///< provider quality
  double net_fee;          ///< the fee before vouchers, ₹ lakh (each firm applies its own voucher share)
  double min_net_fee;      ///< lowest fee (before vouchers) of this and the better-ranked offers (non-increasing)
  std::uint32_t capacity;  ///< clients per month (0 for the reference offer of a kind with no provider)
  bool operator==(const BdsOffer&) const = default;
};

/// BDS market of one cluster.
struct BdsMarket {
  /// Alive providers of each kind, best quality / fee first (ties: lower index first); a kind
  /// without providers holds one reference offer of capacity 0, so latent demand is seen.
  std::array<std::vector<BdsOffer>, kBdsKinds> offers;
  std::array<float, kBdsKinds> best_quality{};  ///< highest quality among the offers of each kind
  std::vector<std::uint32_t> providers;      ///< this cluster's providers (alive or not), by index
  std::array<double, kBdsKinds> unmet_avg{}; ///< moving average of unmet requests, clients / month
  std::array<int, kBdsKinds> gap_months{};   ///< consecutive months unmet_avg was above the entry threshold
  std::array<std::uint32_t, kBdsKinds> requests{}, served{};  ///< this month
  /// Requests left unserved this month that a typical entrant (reference fee, mean quality)
  /// could have served: the demand that signals a gap in supply.
  std::array<std::uint32_t, kBdsKinds> unmet{};
  double spending = 0;       ///< paid by firms this month (net of vouchers), ₹ lakh
  double vouchers = 0;       ///< paid by the programme this month, ₹ lakh
  double savings = 0;        ///< logistics savings credited to firms this month, ₹ lakh
  std::uint32_t alive = 0;   ///< alive providers after this month's entry and exit
  std::uint32_t entries = 0, exits = 0;  ///< providers entering and exiting this month
  bool operator==(const BdsMarket&) const = default;
};

/// BDS providers of all clusters (rows are never reused: an exited provider stays dead).
struct BdsProviders {
  std::vector<std::uint16_t> cluster;
  std::vector<std::uint8_t> kind;          ///< BdsKind
  std::vector<AccountId> account;          ///< its money account
  std::vector<std::uint32_t> capacity;     ///< clients per month
  std::vector<double> fee;                 ///< ₹ lakh per service
  std::vector<double> fixed_cost;          ///< ₹ lakh per month, paid to households
  std::vector<float> quality;              ///< in [0, 1]
  std::vector<std::int32_t> birth;         ///< step of entry (0 for initial providers)
  std::vector<std::uint16_t> loss_months;  ///< consecutive months of revenue below fixed cost
  std::vector<std::uint8_t> alive;
  std::vector<std::uint32_t> served;       ///< clients this month
  std::vector<double> revenue;             ///< fees received this month (firms and programme)
  std::vector<BdsMarket> market;           ///< one per cluster
  BdsFirmState firm;                       ///< per firm slot
  std::size_t size() const { return cluster.size(); }
  bool operator==(const BdsProviders&) const = default;
};

/// Whether the firm in slot i holds a valid certificate at w.step. Certification is the firm
/// column Firms::cert_until (written by testing services here, by a CFC testing lab, and drawn
/// for initial firms); this is the same test as certified(w.firms, i, w.step). A template only so
/// that World is complete where it is called: use as certified(w, i).
template <class W> inline bool certified(const W& w, Slot i) { return w.step < w.firms.cert_until[i]; }

/// Creates the initial providers of every cluster and the firms' BDS state (called by make_world
/// after the firms).
void init_bds(World& w);

/// Writes the BDS indicators of cluster c into `o` (called by observe).
void observe_bds(const World& w, std::size_t c, Indicators& o);

}  // namespace cs
