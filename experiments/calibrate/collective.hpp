#pragma once
// The two MPI collectives a calibration needs. Every rank runs the same deterministic optimiser;
// at each batch of evaluations rank 0 (which alone reads and writes the journal) broadcasts what
// the journal already holds, the replications still to run are dealt round-robin over the ranks,
// and their moments are all-gathered so that every rank sees the same objective values and takes
// the same next step. Without MPI (or without mpirun) both are the identity.
#include <vector>

#include "sweep/mpi.hpp"

namespace cs::calib {

/// Rank 0's `data` on every rank (resized as needed).
void broadcast(const sweep::mpi::Session& s, std::vector<double>& data);

/// Every rank's `mine` concatenated in rank order, on every rank.
std::vector<double> all_gather(const sweep::mpi::Session& s, const std::vector<double>& mine);

}  // namespace cs::calib
