// Skills training: `trainees_per_month` workers of eligible firms are trained each month, paid per
// trainee; trained workforces use their vintage better.
#include "policies/registry.hpp"

namespace cs::policies {

void apply_skills_training(Month& m) {
  if (m.purse(Channel::skills_training).left <= 0) return;  // budget spent: the lever stays off
  m.L.trainees = m.p.trainees_per_month;
  m.L.training_cost = m.p.training_cost;
  m.L.skill_gain = m.p.skill_gain;
  m.L.training_target = m.target;
}

}  // namespace cs::policies
