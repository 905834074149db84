#pragma once
// Internals of the BDS market shared by phases/services.cpp (demand, allocation, effects) and
// phases/bds_providers.cpp (supply: providers' creation, accounts, entry and exit).
#include "agents/bds.hpp"
#include "world.hpp"

namespace cs {

/// Reference fee of kind k, ₹ lakh per service.
double bds_reference_fee(const BdsParams& B, int k);
/// Capacity of a provider of kind k, clients per month.
std::uint32_t bds_capacity(const BdsParams& B, int k);
/// Mean provider quality, Beta(a, b).
inline double bds_mean_quality(const BdsParams& B) { return B.quality_a / (B.quality_a + B.quality_b); }

/// Sizes the firms' BDS rows to the firm table and resets the row of every firm created since
/// the last demography (w.created: new slots and dead slots reused by entrants) that is not set
/// up yet: initial awareness of each kind k is a Bernoulli draw with P = the firm's awareness
/// trait; no purchases, no certificate.
void bds_sync_firms(World& w);

/// Rebuilds each cluster's offers (alive providers by quality / fee) for this month.
void bds_rank_offers(World& w);

/// Providers of cluster c after this month's sales: fixed costs to households, loss counters,
/// exits (cash to households), then entry of new providers where unmet demand persisted.
/// Serial: it opens ledger accounts.
void bds_providers_month(World& w, std::size_t c);

}  // namespace cs
