// Quality and certification: a subsidy on testing and certification services (vouchers on the
// testing kind of BDS).
#include "policies/registry.hpp"

namespace cs::policies {

void apply_quality_certification(Month& m) {
  if (m.purse(Channel::quality_certification).left <= 0) return;  // budget spent: the lever stays off
  m.L.certification_voucher = m.p.voucher_share;
  if (m.L.voucher_target.empty()) m.L.voucher_target = m.target;
}

}  // namespace cs::policies
