#pragma once
// Foreign orders and consortia (MODEL.md sections 2 and 7). Both are small tables: a cluster has
// a few active orders and at most a few hundred consortia.
#include <cstdint>
#include <vector>

#include "agents/firms.hpp"

namespace cs {

/// An export order being delivered: by one firm or by a consortium, split by capacity.
struct Order {
  std::uint32_t cluster = 0;
  Slot firm = kNoSlot;                    ///< single-firm supplier, or kNoSlot
  std::uint32_t consortium = kNoConsortium; ///< consortium supplier, or kNoConsortium
  double qty = 0;                         ///< units per month
  double price = 0;                       ///< ₹ lakh per unit
  int months_left = 0;
  bool active = false;
  bool operator==(const Order&) const = default;
};

/// A consortium: 3-15 firms that bid together and split the work by capacity.
struct Consortium {
  std::uint32_t cluster = 0;
  std::vector<Slot> members;
  int formed = 0;               ///< step of formation
  int orders_won = 0;
  bool alive = false;
  bool busy = false;            ///< delivering an order
  bool operator==(const Consortium&) const = default;
};

/// This month's subcontract: `sub` makes `qty` units a month of `contractor`'s orders.
struct Subcontract {
  Slot contractor = kNoSlot, sub = kNoSlot;
  float qty = 0, price = 0;
  bool operator==(const Subcontract&) const = default;
};

struct ExportBook {
  std::vector<Subcontract> subcontracts;  ///< this month's, in contractor slot order
  std::vector<Order> orders;            ///< active and finished orders (finished are reused)
  std::vector<Consortium> consortia;    ///< alive and dissolved (dissolved are reused)
  std::vector<std::uint32_t> free_consortia;  ///< dissolved consortium indices, reused lowest first
  std::vector<double> visibility;       ///< per cluster, export visibility (reputation)
  std::vector<std::uint32_t> arrivals, awards, failures;  ///< per cluster, this step
  bool operator==(const ExportBook&) const = default;
};

}  // namespace cs
