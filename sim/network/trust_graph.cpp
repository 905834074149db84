#include "network/trust_graph.hpp"

namespace cs {

void TrustGraph::init(std::size_t rows, int cap) {
  cap_ = cap;
  nbr_.assign(rows * cap, kNoSlot);
  trust_.assign(rows * cap, 0.f);
  stamp_.assign(rows * cap, 0);
  deg_.assign(rows, 0);
}

void TrustGraph::set_decay(float base, float d, int max_dt) {
  base_ = base;
  keep_.assign(static_cast<std::size_t>(max_dt) + 1, 1.f);
  for (std::size_t k = 1; k < keep_.size(); ++k) keep_[k] = static_cast<float>(std::pow(1.0 - d, double(k)));
}

void TrustGraph::reserve(std::size_t rows) {
  nbr_.reserve(rows * cap_);
  trust_.reserve(rows * cap_);
  stamp_.reserve(rows * cap_);
  deg_.reserve(rows);
}

void TrustGraph::add_rows(std::size_t rows) {
  const std::size_t n = deg_.size() + rows;
  nbr_.resize(n * cap_, kNoSlot);
  trust_.resize(n * cap_, 0.f);
  stamp_.resize(n * cap_, 0);
  deg_.resize(n, 0);
}

int TrustGraph::find(Slot i, Slot j) const {
  const std::size_t b = std::size_t(i) * cap_;
  for (int k = 0; k < deg_[i]; ++k)
    if (nbr_[b + k] == j) return k;
  return -1;
}

bool TrustGraph::linked(Slot i, Slot j) const { return find(i, j) >= 0; }

bool TrustGraph::add(Slot i, Slot j, float trust, int step) {
  if (i == j || deg_[i] >= cap_ || deg_[j] >= cap_ || linked(i, j)) return false;
  for (Slot a : {i, j}) {
    const Slot b = a == i ? j : i;
    const std::size_t e = std::size_t(a) * cap_ + deg_[a]++;
    nbr_[e] = b;
    trust_[e] = trust;
    stamp_[e] = static_cast<std::int16_t>(step);
  }
  return true;
}

void TrustGraph::set_trust(Slot i, Slot j, float trust, int step) {
  for (Slot a : {i, j}) {
    const int k = find(a, a == i ? j : i);
    if (k < 0) return;
    const std::size_t e = std::size_t(a) * cap_ + k;
    trust_[e] = trust;
    stamp_[e] = static_cast<std::int16_t>(step);
  }
}

void TrustGraph::remove_at(Slot i, int k) {
  // Keep the row packed: move the last link into the hole (order within a row is not meaningful
  // for any rule; every reader iterates the whole row).
  const std::size_t b = std::size_t(i) * cap_;
  const int last = --deg_[i];
  nbr_[b + k] = nbr_[b + last];
  trust_[b + k] = trust_[b + last];
  stamp_[b + k] = stamp_[b + last];
  nbr_[b + last] = kNoSlot;
}

void TrustGraph::remove(Slot i, Slot j) {
  const int k = find(i, j), l = find(j, i);
  if (k >= 0) remove_at(i, k);
  if (l >= 0) remove_at(j, l);
}

void TrustGraph::remove_all(Slot i) {
  while (deg_[i] > 0) {
    const Slot j = nbr_[std::size_t(i) * cap_ + deg_[i] - 1];
    const int k = find(j, i);
    if (k >= 0) remove_at(j, k);
    remove_at(i, deg_[i] - 1);
  }
}

std::size_t TrustGraph::links() const {
  std::size_t s = 0;
  for (auto d : deg_) s += d;
  return s / 2;
}

std::size_t TrustGraph::bytes() const {
  return nbr_.capacity() * sizeof(Slot) + trust_.capacity() * sizeof(float) + stamp_.capacity() * 2 +
         deg_.capacity();
}

}  // namespace cs
