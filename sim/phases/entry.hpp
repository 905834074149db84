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

/// Creates a firm in a free slot (or a new one), sets its state from the seed and draws its
/// traits from the entry stream keyed by its uid. Money for its start-up (cash and capital) is
/// moved from households when `fund` is true; the initial population is endowed instead.
Slot create_firm(World& w, const FirmSeed& seed, bool fund);

/// Energy intensity of a vintage of productivity `prod`: older (less productive) vintages use
/// more energy, e = e0 (A_mean / A)^0.5.
double vintage_energy(const Params& p, double prod);

}  // namespace cs
