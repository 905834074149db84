#include "observe/digest.hpp"

#include <cstring>

namespace cs {

namespace {
struct Fnv {
  std::uint64_t h = 1469598103934665603ull;
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t k = 0; k < n; ++k) h = (h ^ b[k]) * 1099511628211ull;
  }
  template <class T, class A> void vec(const std::vector<T, A>& v) { bytes(v.data(), v.size() * sizeof(T)); }
  void num(double x) { bytes(&x, sizeof x); }
};
}  // namespace

std::uint64_t state_digest(const World& w) {
  Fnv h;
  w.firms.for_each_column([&](const auto& col) { h.vec(col); });
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const int deg = w.net.degree(static_cast<Slot>(i));
    h.bytes(&deg, sizeof deg);
    for (int k = 0; k < deg; ++k) {
      const Slot j = w.net.neighbour(static_cast<Slot>(i), k);
      const float t = w.net.stored_trust(static_cast<Slot>(i), k);
      h.bytes(&j, sizeof j);
      h.bytes(&t, sizeof t);
    }
  }
  h.vec(w.banks.loans);
  h.vec(w.banks.bad_debt);
  for (std::size_t a = 0; a < w.ledger.size(); ++a) h.num(w.ledger.balance(static_cast<AccountId>(a)));
  for (const auto& ind : w.indicators) h.bytes(&ind, sizeof ind);
  h.num(w.env.input_price);
  return h.h;
}

}  // namespace cs
