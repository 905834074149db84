#pragma once
// The trust network: an undirected weighted graph stored as fixed-capacity neighbour rows
// (padded CSR): row i holds up to `cap` links in slots [i*cap, i*cap + degree[i]). Each link is
// stored on both ends with the same trust. Trust decays lazily towards a baseline: the stored
// value is as of `stamp`, and `trust_at` applies the decay since then, so idle links cost nothing.
// Structural changes (add, remove) happen only between parallel phases.
#include <cmath>
#include <cstdint>
#include <vector>

#include "agents/firms.hpp"

namespace cs {

class TrustGraph {
 public:
  void init(std::size_t rows, int cap);
  void add_rows(std::size_t rows);
  /// Makes room for `rows` rows in all, so that adding rows up to it moves nothing.
  void reserve(std::size_t rows);
  int cap() const { return cap_; }
  int degree(Slot i) const { return deg_[i]; }
  Slot neighbour(Slot i, int k) const { return nbr_[std::size_t(i) * cap_ + k]; }
  /// Sets the lazy decay: trust moves towards `base` at monthly rate `d`; precomputes (1 - d)^dt
  /// for dt up to `max_dt` months so that reading a link's trust costs a table lookup.
  void set_decay(float base, float d, int max_dt);
  /// Trust on link k of row i at `step`, with the decay since its last update applied.
  float trust_at(Slot i, int k, int step) const {
    const std::size_t e = std::size_t(i) * cap_ + k;
    const int dt = step - stamp_[e];
    if (dt <= 0) return trust_[e];
    const float keep = dt < static_cast<int>(keep_.size()) ? keep_[dt] : 0.f;
    return base_ + (trust_[e] - base_) * keep;
  }
  float stored_trust(Slot i, int k) const { return trust_[std::size_t(i) * cap_ + k]; }
  /// Whether i and j are linked.
  bool linked(Slot i, Slot j) const;
  /// Adds the link i-j on both rows if both have room and it is new. Returns true if added.
  bool add(Slot i, Slot j, float trust, int step);
  /// Sets trust on both ends of the link i-j (no-op if absent).
  void set_trust(Slot i, Slot j, float trust, int step);
  /// Removes the link i-j (both ends) if present.
  void remove(Slot i, Slot j);
  /// Removes every link of row i (on both ends).
  void remove_all(Slot i);
  /// Asks the cache for row i (its degree, neighbours, trust and stamps) ahead of its use.
  void prefetch(Slot i) const {
    const std::size_t b = std::size_t(i) * cap_;
    __builtin_prefetch(&deg_[i]);
    __builtin_prefetch(&nbr_[b]);
    __builtin_prefetch(&trust_[b]);
    __builtin_prefetch(&stamp_[b]);
  }
  /// Total number of undirected links.
  std::size_t links() const;
  std::size_t bytes() const;

  bool operator==(const TrustGraph&) const = default;
 private:
  int find(Slot i, Slot j) const;
  void remove_at(Slot i, int k);
  int cap_ = 0;
  float base_ = 0;
  std::vector<float> keep_{1.f};  ///< (1 - d)^dt
  Column<Slot> nbr_;
  Column<float> trust_;
  Column<std::int16_t> stamp_;
  Column<std::uint8_t> deg_;
};

}  // namespace cs
