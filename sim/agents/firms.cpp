#include "agents/firms.hpp"

namespace cs {

Slot Firms::add_row() {
  for_each_column([](auto& c) { c.emplace_back(); });
  return static_cast<Slot>(uid.size() - 1);
}

void Firms::clear_row(Slot s) {
  for_each_column([s](auto& c) { c[s] = {}; });
}

std::size_t Firms::bytes() const {
  std::size_t b = 0;
  for_each_column([&b](const auto& c) { b += c.capacity() * sizeof(c[0]); });
  return b;
}

}  // namespace cs
