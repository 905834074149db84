#pragma once
// MPI for `clustersim sweep` (`mpirun -n K clustersim sweep EXP ...`): rank 0 hands out run ids
// on request (dynamic load balancing) and runs its own share; the other ranks ask for runs, run
// them on their --jobs threads and send each finished part to rank 0, which writes it to
// DIR/parts exactly as a single-process sweep does. Assembly, --resume and the outputs are then
// the same as without MPI.
//
// Compile-time optional: with CLUSTERSIM_MPI (set by CMake when find_package(MPI) succeeds)
// the protocol below is built; without it a Session is always a single process, and starting
// the program under a launcher with several processes is refused with a message. MPI is only
// initialised when a launcher (mpirun, mpiexec, srun) started the process, so a plain
// `clustersim sweep` behaves as it does without MPI.
//
// Threads: only the main thread of a rank calls MPI (MPI_THREAD_FUNNELED); simulation threads
// exchange run ids and parts with it through a queue guarded by a mutex.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cs::sweep::mpi {

/// True when this binary was built with MPI.
bool built_with_mpi();

/// True when a launcher (mpirun/mpiexec of OpenMPI or MPICH, srun with PMI/PMIx) started
/// this process.
bool launched_by_mpi();

/// This process's place in an MPI job. Initialises MPI (when built with it and launched by a
/// launcher) and finalises it when destroyed; otherwise rank 0 of 1. Throws std::runtime_error
/// when launched with several processes by a binary built without MPI.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// More than one process: the sweep is distributed.
  bool distributed() const { return size_ > 1; }

  /// Rank 0 tells every rank how the set-up went: `code` 0 = go, anything else = stop (the
  /// other ranks return that code). Every rank calls it; returns rank 0's code.
  int broadcast_code(int code) const;

 private:
  int rank_ = 0, size_ = 1;
  bool initialised_ = false;
};

/// What a rank does with runs.
struct Work {
  std::function<std::string(std::size_t)> simulate;                 ///< run -> its part text (any thread)
  std::function<void(std::size_t, const std::string&)> commit;      ///< writes a part (rank 0, any thread)
  std::function<void(std::size_t)> progress;                        ///< runs finished so far (rank 0, main thread)
};

/// Rank 0: hands `pending` out to the other ranks on request (a few runs at a time, at most
/// jobs + 1 held by a rank), runs its own share on `jobs` threads, and commits every part (its
/// own and those received). Returns the runs done by each rank. Throws std::runtime_error after
/// all ranks have stopped when any run failed (the parts committed stay: --resume continues).
std::vector<std::size_t> coordinate(const Session& s, const std::vector<std::size_t>& pending, int jobs,
                                    const Work& w);

/// Ranks other than 0: asks rank 0 for runs until it has none left, simulates them on `jobs`
/// threads and sends each part to rank 0. Returns 0, or 1 when a run failed (rank 0 reports it).
int serve(const Session& s, int jobs, const Work& w);

}  // namespace cs::sweep::mpi
