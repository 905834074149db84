#include "sweep/mpi.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#ifdef CLUSTERSIM_MPI
// The C API only: keep OpenMPI's and MPICH's deprecated C++ bindings out (they need libmpi_cxx).
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#endif

namespace cs::sweep::mpi {

namespace {

/// The number of processes a launcher announced, 0 when none did.
int launcher_size() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MPI_LOCALNRANKS"})
    if (const char* s = std::getenv(v)) return std::max(1, std::atoi(s));
  if (std::getenv("PMIX_RANK")) return 1;  // PMIx without a size variable: MPI_Init tells
  return 0;
}

}  // namespace

bool launched_by_mpi() { return launcher_size() > 0; }

#ifndef CLUSTERSIM_MPI

bool built_with_mpi() { return false; }

Session::Session() {
  if (launcher_size() > 1)
    throw std::runtime_error(
        "started by mpirun with several processes, but this clustersim was built without MPI (CMake did not "
        "find it: install libopenmpi-dev and rebuild); or run one process per shard with --shard I/N");
}
Session::~Session() = default;
int Session::broadcast_code(int code) const { return code; }

std::vector<std::size_t> coordinate(const Session&, const std::vector<std::size_t>&, int, const Work&) {
  throw std::logic_error("mpi::coordinate without MPI");
}
int serve(const Session&, int, const Work&) { throw std::logic_error("mpi::serve without MPI"); }

#else

bool built_with_mpi() { return true; }

namespace {

using namespace std::chrono_literals;

// Message tags. Worker -> rank 0: kRequest (one uint64: how many runs it wants), kResult (bytes:
// 8-byte run id then the part text), kFail (bytes: the error message), kDone (one uint64: 0 ok,
// 1 failed; the worker's last message). Rank 0 -> worker: kWork (uint64 run ids; none = no more).
enum Tag : int { kRequest = 1, kWork = 2, kResult = 3, kFail = 4, kDone = 5 };

/// How long the main thread of a rank sleeps when nothing is to be done: it never spins.
constexpr auto kIdle = 1ms;

}  // namespace

Session::Session() {
  if (!launched_by_mpi()) return;
  int already = 0;
  MPI_Initialized(&already);
  if (!already) {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    initialised_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  if (initialised_) MPI_Finalize();
}

int Session::broadcast_code(int code) const {
  if (!distributed()) return code;
  MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return code;
}

std::vector<std::size_t> coordinate(const Session& s, const std::vector<std::size_t>& pending, int jobs,
                                    const Work& w) {
  std::vector<std::size_t> per_rank(static_cast<std::size_t>(s.size()), 0);
  std::mutex m;
  std::size_t next = 0;  // next index of `pending` to hand out
  bool stop = false;     // a run failed: hand out nothing more
  std::vector<std::string> errors;
  std::atomic<std::size_t> local_done{0};
  std::atomic<int> local_running{jobs};

  const auto fail = [&](const std::string& what) {
    std::lock_guard lock(m);
    errors.push_back(what);
    stop = true;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t)
    threads.emplace_back([&] {
      for (;;) {
        std::size_t r = 0;
        {
          std::lock_guard lock(m);
          if (stop || next >= pending.size()) break;
          r = pending[next++];
        }
        try {
          w.commit(r, w.simulate(r));
          ++local_done;
        } catch (const std::exception& e) {
          fail("rank 0, run " + std::to_string(r) + ": " + e.what());
          break;
        }
      }
      --local_running;
    });

  int workers = s.size() - 1;
  std::size_t remote_done = 0, reported = static_cast<std::size_t>(-1);
  std::string buf;
  while (workers > 0 || local_running.load() > 0) {
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    if (!flag) {
      const std::size_t done = local_done.load() + remote_done;
      if (done != reported) w.progress(reported = done);
      std::this_thread::sleep_for(kIdle);
      continue;
    }
    const int src = st.MPI_SOURCE;
    if (st.MPI_TAG == kRequest || st.MPI_TAG == kDone) {
      std::uint64_t v = 0;
      MPI_Recv(&v, 1, MPI_UINT64_T, src, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (st.MPI_TAG == kDone) {
        --workers;
        continue;
      }
      std::vector<std::uint64_t> ids;
      {
        std::lock_guard lock(m);
        while (!stop && ids.size() < v && next < pending.size()) ids.push_back(pending[next++]);
      }
      MPI_Send(ids.data(), static_cast<int>(ids.size()), MPI_UINT64_T, src, kWork, MPI_COMM_WORLD);
      continue;
    }
    int n = 0;
    MPI_Get_count(&st, MPI_CHAR, &n);
    buf.resize(static_cast<std::size_t>(n));
    MPI_Recv(buf.data(), n, MPI_CHAR, src, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (st.MPI_TAG == kFail) {
      fail("rank " + std::to_string(src) + ", " + buf);
    } else if (st.MPI_TAG == kResult && n >= 8) {
      std::uint64_t r = 0;
      std::memcpy(&r, buf.data(), 8);
      try {
        w.commit(r, buf.substr(8));
        ++remote_done;
        ++per_rank[static_cast<std::size_t>(src)];
      } catch (const std::exception& e) {
        fail("rank 0, writing run " + std::to_string(r) + " from rank " + std::to_string(src) + ": " + e.what());
      }
    }
  }
  for (std::thread& t : threads) t.join();
  w.progress(local_done.load() + remote_done);
  per_rank[0] = local_done.load();
  if (!errors.empty()) {
    std::string msg = std::to_string(errors.size()) + " failure(s); finished runs are kept, --resume continues: ";
    for (std::size_t i = 0; i < errors.size(); ++i) msg += (i ? "; " : "") + errors[i];
    throw std::runtime_error(msg);
  }
  return per_rank;
}

int serve(const Session&, int jobs, const Work& w) {
  std::mutex m;
  std::condition_variable work_cv, main_cv;
  std::deque<std::uint64_t> queue;
  std::vector<std::pair<std::uint64_t, std::string>> outbox;
  bool exhausted = false, stop = false;
  int busy = 0;
  std::string error;

  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t)
    threads.emplace_back([&] {
      for (;;) {
        std::uint64_t r = 0;
        {
          std::unique_lock lock(m);
          work_cv.wait(lock, [&] { return !queue.empty() || exhausted || stop; });
          if (stop || queue.empty()) return;
          r = queue.front();
          queue.pop_front();
          ++busy;
        }
        std::string part;
        std::string err;
        try {
          part = w.simulate(static_cast<std::size_t>(r));
        } catch (const std::exception& e) {
          err = "run " + std::to_string(r) + ": " + e.what();
        }
        std::lock_guard lock(m);
        --busy;
        if (err.empty()) {
          outbox.emplace_back(r, std::move(part));
        } else if (!stop) {
          error = err;
          stop = true;
          work_cv.notify_all();
        }
        main_cv.notify_one();
      }
    });

  bool fail_sent = false;
  std::string msg;
  for (;;) {
    std::vector<std::pair<std::uint64_t, std::string>> send;
    std::uint64_t want = 0;
    bool finished = false;
    {
      std::unique_lock lock(m);
      main_cv.wait_for(lock, kIdle, [&] {
        return !outbox.empty() || stop ||
               (!exhausted && queue.size() + static_cast<std::size_t>(busy) < static_cast<std::size_t>(jobs) + 1) ||
               (exhausted && busy == 0 && queue.empty());
      });
      send.swap(outbox);
      if (stop && !fail_sent) msg = error;
      const std::size_t held = queue.size() + static_cast<std::size_t>(busy);
      if (!stop && !exhausted && held < static_cast<std::size_t>(jobs) + 1) want = jobs + 1 - held;
      finished = busy == 0 && send.empty() && (stop || (exhausted && queue.empty()));
    }
    for (auto& [r, text] : send) {
      std::string b(8, '\0');
      std::memcpy(b.data(), &r, 8);
      b += text;
      MPI_Send(b.data(), static_cast<int>(b.size()), MPI_CHAR, 0, kResult, MPI_COMM_WORLD);
    }
    if (!msg.empty() && !fail_sent) {
      MPI_Send(msg.data(), static_cast<int>(msg.size()), MPI_CHAR, 0, kFail, MPI_COMM_WORLD);
      fail_sent = true;
    }
    if (finished) break;
    if (want > 0) {
      MPI_Send(&want, 1, MPI_UINT64_T, 0, kRequest, MPI_COMM_WORLD);
      MPI_Status st;
      MPI_Probe(0, kWork, MPI_COMM_WORLD, &st);
      int n = 0;
      MPI_Get_count(&st, MPI_UINT64_T, &n);
      std::vector<std::uint64_t> ids(static_cast<std::size_t>(n));
      MPI_Recv(ids.data(), n, MPI_UINT64_T, 0, kWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      std::lock_guard lock(m);
      if (ids.empty()) exhausted = true;
      queue.insert(queue.end(), ids.begin(), ids.end());
      work_cv.notify_all();
    }
  }
  {
    std::lock_guard lock(m);
    exhausted = true;
    work_cv.notify_all();
  }
  for (std::thread& t : threads) t.join();
  const std::uint64_t status = fail_sent ? 1 : 0;
  MPI_Send(&status, 1, MPI_UINT64_T, 0, kDone, MPI_COMM_WORLD);
  return static_cast<int>(status);
}

#endif

}  // namespace cs::sweep::mpi
