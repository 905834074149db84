#pragma once
// Creation of firms: the initial population and entrants share one rule for a new firm's state.
#include "world.hpp"

namespace cs {

/// What is known about a firm before it is created.
struct FirmSeed {
  std::size_t cluster = 0;
  double employees = 3;        ///< employment at full planned output
  double prod = 0.5;           ///< vintage productivity A_v
  std::uint8_t neighbourhood = 0;
  float x = 0, y = 0;          ///< position, km
  int birth = 0;               ///< step of entry
  double share = 0;            ///< initial market share
};

/// What a new firm draws from its own stream (entry, or init_firms for the initial population,
/// keyed by its uid): a certificate (initial firms only), quality, opportunism, awareness, bank,
/// selling agent and direct market access.
struct FirmTraits {
  std::int32_t cert_until = 0;
  float quality = 0, opportunism = 0, awareness = 0;
  std::uint8_t bank = 0;
  std::uint16_t agent = 0;
  bool direct_draw = false;  ///< direct access by the draw (large firms have it anyway)
  float tfp = 1;             ///< own efficiency z at birth (initial_tfp)
};
/// The traits of the firm of uid `uid` in cluster `cluster` (pure: may run in parallel).
FirmTraits draw_traits(const World& w, std::size_t cluster, std::uint32_t uid, bool fund);

/// Creates a firm in a free slot (or a new one), sets its state from the seed and its traits
/// (drawn for the uid it gets, w.next_uid). Money for its start-up (cash and capital) is moved
/// from households when `fund` is true; the initial population is endowed instead.
Slot create_firm(World& w, const FirmSeed& seed, const FirmTraits& traits, bool fund);
/// The same, drawing the traits.
Slot create_firm(World& w, const FirmSeed& seed, bool fund);

/// Efficiency z of a new firm of uid `uid`: a draw from z's stationary distribution (lognormal
/// with mean 1 and log-sd technology.tfp_sd; Stream::tfp, step 0); 1 when tfp_sd is 0.
double initial_tfp(const Params& p, std::uint32_t uid);

/// Energy intensity of a vintage of productivity `prod`: older (less productive) vintages use
/// more energy, e = e0 (A_mean / A)^0.5.
double vintage_energy(const Params& p, double prod);

}  // namespace cs
