#include "calibrate/collective.hpp"

#ifdef CLUSTERSIM_MPI
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace cs::calib {

#ifndef CLUSTERSIM_MPI

void broadcast(const sweep::mpi::Session&, std::vector<double>&) {}
std::vector<double> all_gather(const sweep::mpi::Session&, const std::vector<double>& mine) { return mine; }

#else

void broadcast(const sweep::mpi::Session& s, std::vector<double>& data) {
  if (!s.distributed()) return;
  unsigned long long n = data.size();
  MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  data.resize(n);
  MPI_Bcast(data.data(), static_cast<int>(n), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

std::vector<double> all_gather(const sweep::mpi::Session& s, const std::vector<double>& mine) {
  if (!s.distributed()) return mine;
  const int size = s.size();
  int n = static_cast<int>(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size), 0);
  MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  for (int r = 1; r < size; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
  std::vector<double> all(static_cast<std::size_t>(offsets[size - 1] + counts[size - 1]));
  MPI_Allgatherv(mine.data(), n, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE, MPI_COMM_WORLD);
  return all;
}

#endif

}  // namespace cs::calib
