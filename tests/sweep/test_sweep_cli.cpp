// Sweeps end to end through the command line: the same bytes whatever --jobs and --shard,
// resume after SIGKILL (a real child process), refusal to resume a changed experiment.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runner/cli.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::cli;
using cs::test::slurp;

/// A small experiment: `firms` firms, `steps` months, a 3 x 2 grid x `reps` replications.
fs::path write_experiment(const fs::path& dir, int firms, int steps, int reps, const std::string& design = "grid") {
  std::ofstream(dir / "base.toml") << "[[cluster]]\nname = \"Test\"\nfirms = " << firms << "\n";
  std::ofstream e(dir / "experiment.toml");
  e << "[experiment]\nname = \"test\"\nbase = \"base.toml\"\nsteps = " << steps << "\nreplications = " << reps
    << "\nseed = 11\ndesign = \"" << design << "\"\n";
  if (design == "grid")
    e << "[[factor]]\npath = \"finance.guarantee_cover\"\nvalues = [0.0, 0.4, 0.8]\n"
         "[[factor]]\npath = \"finance.ltv\"\nvalues = [0.5, 0.9]\n";
  else
    e << "trajectories = 3\n[[factor]]\npath = \"finance.guarantee_cover\"\nmin = 0\nmax = 0.8\n"
         "[[factor]]\npath = \"cluster[0].firms\"\nmin = 100\nmax = 200\n";
  e << "[output]\nsteps = 6\nindicators = [\"firms\", \"credit\", \"informal_credit\"]\n";
  return dir / "experiment.toml";
}

const char* kOutputs[] = {"runs.csv", "timeseries.csv", "summary.csv"};

void check_same_outputs(const fs::path& a, const fs::path& b) {
  for (const char* f : kOutputs) {
    CAPTURE(f);
    REQUIRE(fs::exists(a / f));
    REQUIRE(fs::exists(b / f));
    CHECK(slurp(a / f) == slurp(b / f));
  }
  CHECK(fs::exists(a / "sensitivity.csv") == fs::exists(b / "sensitivity.csv"));
  if (fs::exists(a / "sensitivity.csv")) CHECK(slurp(a / "sensitivity.csv") == slurp(b / "sensitivity.csv"));
}

std::size_t count_parts(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir / "parts", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    n += it->path().extension() == ".csv";
  return n;
}

}  // namespace

TEST_CASE("sweep: identical bytes with --jobs 1 and 2, and from two shards merged") {
  TempDir tmp("sweep", "jobs");
  const fs::path exp = write_experiment(tmp.path, 120, 12, 2);
  const std::string e = exp.string();
  REQUIRE(cli({"sweep", e, "--jobs", "1", "--out", (tmp.path / "j1").string(), "-q"}) == 0);
  REQUIRE(cli({"sweep", e, "--jobs", "2", "--out", (tmp.path / "j2").string(), "-q"}) == 0);
  check_same_outputs(tmp.path / "j1", tmp.path / "j2");
  CHECK_FALSE(fs::exists(tmp.path / "j1" / "parts"));
  const std::string runs = slurp(tmp.path / "j1" / "runs.csv");
  CHECK(runs.rfind("run,point,replication,seed,run_id,finance_guarantee_cover,finance_ltv,firms,credit,", 0) == 0);
  CHECK(std::count(runs.begin(), runs.end(), '\n') == 1 + 12);

  SUBCASE("shards in separate directories, then sweep-merge") {
    REQUIRE(cli({"sweep", e, "--shard", "0/2", "--out", (tmp.path / "s0").string(), "-q"}) == 0);
    REQUIRE(cli({"sweep", e, "--shard", "1/2", "--out", (tmp.path / "s1").string(), "-q"}) == 0);
    CHECK(count_parts(tmp.path / "s0") == 6);
    CHECK_FALSE(fs::exists(tmp.path / "s0" / "runs.csv"));
    REQUIRE(cli({"sweep-merge", (tmp.path / "s0").string(), (tmp.path / "s1").string(), "--out",
                 (tmp.path / "merged").string(), "-q"}) == 0);
    check_same_outputs(tmp.path / "j1", tmp.path / "merged");
  }
  SUBCASE("shards sharing a directory, then --resume assembles") {
    const std::string d = (tmp.path / "shared").string();
    REQUIRE(cli({"sweep", e, "--shard", "1/3", "--out", d, "-q"}) == 0);
    REQUIRE(cli({"sweep", e, "--shard", "0/3", "--out", d, "-q"}) == 0);
    REQUIRE(cli({"sweep", e, "--shard", "2/3", "--out", d, "-q"}) == 0);
    REQUIRE(cli({"sweep", e, "--out", d, "--resume", "-q"}) == 0);
    check_same_outputs(tmp.path / "j1", tmp.path / "shared");
  }
}

TEST_CASE("sweep: killed with SIGKILL part-way and resumed, the outputs equal an uninterrupted sweep") {
  TempDir tmp("sweep", "kill");
  const fs::path exp = write_experiment(tmp.path, 200, 36, 6);  // 36 runs
  const fs::path ref = tmp.path / "ref", out = tmp.path / "out";
  REQUIRE(cli({"sweep", exp.string(), "--jobs", "2", "--out", ref.string(), "-q"}) == 0);

  const std::string bin = (fs::path(CLUSTERSIM_BIN_DIR) / "clustersim").string();
  REQUIRE(fs::exists(bin));
  bool killed_part_way = false;
  for (std::size_t kill_after : {3u, 15u}) {  // two interruptions, at different depths
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::execl(bin.c_str(), bin.c_str(), "sweep", exp.c_str(), "--jobs", "2", "--out", out.c_str(), "--resume",
              "-q", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int status = 0;
    pid_t done = 0;
    while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && count_parts(out) < kill_after &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (done == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      killed_part_way = killed_part_way || (WIFSIGNALED(status) && count_parts(out) < 36);
    }
  }
  CHECK(killed_part_way);
  REQUIRE(cli({"sweep", exp.string(), "--jobs", "2", "--out", out.string(), "--resume", "-q"}) == 0);
  check_same_outputs(ref, out);
}

TEST_CASE("sweep: a changed experiment is refused for --resume, and a used directory needs --resume or --force") {
  TempDir tmp("sweep", "lock");
  const fs::path exp = write_experiment(tmp.path, 100, 6, 1);
  const std::string out = (tmp.path / "out").string();
  REQUIRE(cli({"sweep", exp.string(), "--out", out, "--shard", "0/2", "-q"}) == 0);
  CHECK(cli({"sweep", exp.string(), "--out", out, "-q"}) == 1);  // holds this sweep: --resume or --force
  write_experiment(tmp.path, 100, 7, 1);                           // steps changed
  CHECK(cli({"sweep", exp.string(), "--out", out, "--resume", "-q"}) == 1);
  CHECK(cli({"sweep", exp.string(), "--out", out, "--force", "-q"}) == 0);
  CHECK(fs::exists(tmp.path / "out" / "runs.csv"));
}

TEST_CASE("sweep: morris design writes sensitivity.csv, identical with 1 and 2 jobs") {
  TempDir tmp("sweep", "morris");
  const fs::path exp = write_experiment(tmp.path, 100, 6, 1, "morris");
  REQUIRE(cli({"sweep", exp.string(), "--jobs", "1", "--out", (tmp.path / "a").string(), "-q"}) == 0);
  REQUIRE(cli({"sweep", exp.string(), "--jobs", "2", "--out", (tmp.path / "b").string(), "-q"}) == 0);
  check_same_outputs(tmp.path / "a", tmp.path / "b");
  const std::string s = slurp(tmp.path / "a" / "sensitivity.csv");
  CHECK(s.rfind("method,indicator,factor,factor_column,measure,value,ci_lo,ci_hi\n", 0) == 0);
  CHECK(s.find("morris,credit,finance.guarantee_cover,finance_guarantee_cover,mu_star,") != std::string::npos);
  CHECK(s.find("morris,firms,cluster[0].firms,cluster0_firms,sigma,") != std::string::npos);
}

TEST_CASE("sweep: a kill while the lock was written (experiment.lock.tmp<pid> left) does not block the folder") {
  TempDir tmp("sweep", "locktmp");
  const fs::path exp = write_experiment(tmp.path, 80, 6, 1);
  // The pid of a process that has ended: fork a child that exits at once.
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const std::string stale = "experiment.lock.tmp" + std::to_string(dead);
  for (const char* mode : {"--resume", "fresh"}) {
    CAPTURE(mode);
    const fs::path out = tmp.path / mode;
    fs::create_directories(out);
    std::ofstream(out / stale) << "# ClusterSim sweep lock: half writ";
    std::vector<std::string> args{"sweep", exp.string(), "--out", out.string(), "-q"};
    if (std::string(mode) == "--resume") args.push_back("--resume");
    CHECK(cli(args) == 0);
    CHECK(fs::exists(out / "runs.csv"));
    CHECK(fs::exists(out / "experiment.lock"));
    CHECK_FALSE(fs::exists(out / stale));
  }
  // A temporary of a live process (the parent of this test) is left alone, and does not block either.
  const fs::path live = tmp.path / "live";
  fs::create_directories(live);
  const std::string mine = "experiment.lock.tmp" + std::to_string(::getppid());
  std::ofstream(live / mine) << "";
  CHECK(cli({"sweep", exp.string(), "--out", live.string(), "--resume", "-q"}) == 0);
  CHECK(fs::exists(live / mine));
}
