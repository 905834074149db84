#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "agents/column.hpp"
#include "agents/firms.hpp"

using namespace cs;

TEST_CASE("columns: large columns start at different offsets within a page, and free cleanly") {
  // The firm table's columns, reserved as make_world does: row i of each must not share one
  // offset within a 4 KiB page (the L1 cache set), or a phase reading 40 columns thrashes.
  Firms f;
  f.for_each_column([](auto& col) { col.reserve(100000); });
  std::set<std::uintptr_t> offsets;
  std::size_t columns = 0;
  f.for_each_column([&](auto& col) {
    offsets.insert(reinterpret_cast<std::uintptr_t>(col.data()) % 4096);
    ++columns;
    CHECK(reinterpret_cast<std::uintptr_t>(col.data()) % 64 == 0);  // whole cache lines
  });
  CHECK(columns > 40);
  // A page holds 64 cache-line offsets: all distinct up to 64 columns, every one used beyond.
  CHECK(offsets.size() == std::min<std::size_t>(columns, 64));

  // Growth, copies and swaps keep working (the allocator frees what it allocated).
  Column<double> a(1000, 1.5), b;
  for (int k = 0; k < 5000; ++k) b.push_back(k);
  Column<double> c = b;
  std::swap(a, c);
  CHECK(a.size() == 5000);
  CHECK(a[4999] == 4999.0);
  CHECK(c.size() == 1000);
  CHECK(c[999] == 1.5);
}
