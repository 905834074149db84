// Consortia for joint marketing and export orders: once trust allows, the CDA spends extra hours
// brokering consortia and each consortium formed gets a seed grant.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_consortia(Month& m) {
  if (m.purse(Channel::consortia).left <= 0) return;  // budget spent: the lever stays off
  m.L.collective_ready = m.collective_ready;
  if (!m.collective_ready) return;
  m.L.consortium_grant = m.p.seed_grant;
  m.L.brokering_hours = m.p.brokering_hours;
}

}  // namespace cs::policies
