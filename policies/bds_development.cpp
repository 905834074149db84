// BDS market development: vouchers pay a share of every kind of BDS fee for eligible firms, and
// providers are trained (their quality rises).
#include "policies/registry.hpp"

namespace cs::policies {

void apply_bds_development(Month& m) {
  if (m.purse(Channel::bds_development).left <= 0) return;  // budget spent: the lever stays off
  for (double& v : m.L.voucher_share) v = m.p.voucher_share;
  m.L.voucher_target = m.target;
  m.L.provider_training = m.p.provider_training;
}

}  // namespace cs::policies
