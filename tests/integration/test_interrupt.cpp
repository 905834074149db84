// Interrupted and refused commands, through a real child process: a run or a compare stopped by
// SIGINT or SIGKILL never leaves output that looks complete, and the same command then runs
// without --force; an output directory that cannot be written fails before any work; command-line
// edges (--seed, --threads above the cores, an empty scenario) say what they do.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <tbb/info.h>

#include "support/child.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::slurp;

/// A scenario of `firms` firms, `steps` months, no burn-in.
fs::path write_long(const fs::path& dir, int steps, int firms = 300) {
  const fs::path p = dir / "long.toml";
  std::ofstream(p) << "[run]\nsteps = " << steps << "\nseed = 5\nburn_in = 0\n\n[[cluster]]\nname = \"Long\"\nfirms = "
                   << firms << "\n";
  return p;
}

/// A scenario with a programme, for compare.
fs::path write_programme(const fs::path& dir, int steps) {
  const fs::path p = dir / "prog.toml";
  std::ofstream(p) << "[run]\nsteps = " << steps << "\nseed = 21\nburn_in = 0\n\n[[cluster]]\nname = \"P\"\nfirms = 200\n\n"
                   << "[[intervention]]\nkind = \"tech_upgradation\"\nbudget = 40\n";
  return p;
}

/// What `f` prints on std::cout and std::cerr, and its return value.
struct Captured {
  int code;
  std::string out, err;
};
Captured captured(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  auto* o = std::cout.rdbuf(out.rdbuf());
  auto* e = std::cerr.rdbuf(err.rdbuf());
  const int code = cli(args);
  std::cout.rdbuf(o);
  std::cerr.rdbuf(e);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("run: SIGINT stops at the end of a month and says which, and the same command then runs without --force") {
  TempDir tmp("interrupt", "sigint");
  // Minutes of work at full speed: it is interrupted long before the end.
  const fs::path cfg = write_long(tmp.path, 30000, 3000), out = tmp.path / "out";
  const std::vector<std::string> args{"run", cfg.string(), "--out", out.string(), "--firm-panel", "1200", "-q"};
  const pid_t pid = cs::test::spawn(args, tmp.path / "o.txt", tmp.path / "e.txt");
  // Some months in (the panel's first wave is written at month 0, then every 12 months).
  REQUIRE(cs::test::wait_until(pid, [&] { return fs::exists(out / "timeseries.csv.partial"); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGINT);
  CHECK(cs::test::wait_child(pid) == 130);
  const std::string err = slurp(tmp.path / "e.txt");
  INFO(err);
  std::smatch m;
  REQUIRE(std::regex_search(err, m, std::regex("interrupted \\(SIGINT\\) at month ([0-9]+) of 30000")));
  const int month = std::stoi(m[1]);
  CHECK(month < 30000);
  // Nothing under a final name; the months run are all in the partial file, flushed.
  CHECK_FALSE(fs::exists(out / "timeseries.csv"));
  CHECK_FALSE(fs::exists(out / "firms.csv"));
  CHECK_FALSE(fs::exists(out / "manifest.json"));
  CHECK(lines(out / "timeseries.csv.partial").size() == 1 + static_cast<std::size_t>(month) + 1);
  CHECK(err.find("Run the same command again") != std::string::npos);

  // The same command, without --force, replaces the partial output (shorter, to keep the test quick).
  const Captured again = captured({"run", cfg.string(), "--out", out.string(), "--firm-panel", "12", "--steps", "24",
                                    "--set", "cluster[0].firms=300"});
  CHECK(again.code == 0);
  CHECK(again.err.find("replacing the unfinished output of an interrupted run") != std::string::npos);
  CHECK(lines(out / "timeseries.csv").size() == 1 + 25);
  CHECK(fs::exists(out / "manifest.json"));
  CHECK_FALSE(fs::exists(out / "timeseries.csv.partial"));
  CHECK_FALSE(fs::exists(out / "firms.csv.partial"));
  // Now it holds a finished run: that needs --force.
  CHECK(cli({"run", cfg.string(), "--out", out.string(), "--steps", "2", "-q"}) == 1);
}

TEST_CASE("run: SIGKILL leaves only partial files and no manifest, and a rerun needs no --force") {
  TempDir tmp("interrupt", "sigkill");
  const fs::path cfg = write_long(tmp.path, 30000, 3000), out = tmp.path / "out";
  const pid_t pid = cs::test::spawn({"run", cfg.string(), "--out", out.string(), "-q"}, tmp.path / "o.txt", tmp.path / "e.txt");
  REQUIRE(cs::test::wait_until(pid, [&] { return fs::exists(out / "timeseries.csv.partial"); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ::kill(pid, SIGKILL);
  CHECK(cs::test::wait_child(pid) == 128 + SIGKILL);
  CHECK(fs::exists(out / "timeseries.csv.partial"));
  CHECK_FALSE(fs::exists(out / "timeseries.csv"));
  CHECK_FALSE(fs::exists(out / "manifest.json"));
  CHECK(cli({"run", cfg.string(), "--out", out.string(), "--steps", "6", "--set", "cluster[0].firms=300", "-q"}) == 0);
  CHECK(lines(out / "timeseries.csv").size() == 1 + 7);
  CHECK_FALSE(fs::exists(out / "timeseries.csv.partial"));
}

TEST_CASE("compare: SIGINT writes nothing and says so, and the same command then runs") {
  TempDir tmp("interrupt", "compare");
  const fs::path cfg = write_programme(tmp.path, 240), out = tmp.path / "out";
  const pid_t pid = cs::test::spawn({"compare", cfg.string(), "--reps", "5000", "--out", out.string(), "-q"},
                                    tmp.path / "o.txt", tmp.path / "e.txt");
  REQUIRE(cs::test::wait_until(pid, [&] { return fs::exists(out); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGINT);
  CHECK(cs::test::wait_child(pid) == 130);
  const std::string err = slurp(tmp.path / "e.txt");
  INFO(err);
  CHECK(err.find("compare interrupted (SIGINT) after ") != std::string::npos);
  CHECK(err.find("nothing was written") != std::string::npos);
  CHECK(fs::is_empty(out));
  CHECK(cli({"compare", cfg.string(), "--reps", "2", "--steps", "36", "--out", out.string(), "-q"}) == 0);
  CHECK(fs::exists(out / "manifest.json"));
}

TEST_CASE("run and compare check that --out can be written before any work") {
  TempDir tmp("interrupt", "readonly");
  const fs::path cfg = write_programme(tmp.path, 60), out = tmp.path / "ro";
  fs::create_directories(out);
  ::chmod(out.c_str(), 0555);  // root ignores it: the child then runs as nobody
  for (const std::string cmd : {"compare", "run"}) {
    CAPTURE(cmd);
    std::vector<std::string> args{cmd, cfg.string(), "--out", out.string(), "-q"};
    if (cmd == "compare") args.insert(args.end(), {"--reps", "4"});
    const cs::test::ChildResult r = cs::test::run_child(args, tmp.path, true);
    INFO(r.err);
    // Run as root, the child drops to nobody, who must be able to reach the program: exit 127 means
    // it could not (a checkout inside a folder of mode 0700, such as one made by mktemp -d).
    INFO("exit 127: nobody cannot execute the program here; give the checkout's folders o+rx");
    CHECK(r.code == 1);
    CHECK(r.err.find("cannot write into the output directory " + out.string()) != std::string::npos);
    CHECK(r.err.find("effects.csv") == std::string::npos);  // not after the replications
  }
  ::chmod(out.c_str(), 0755);
}

TEST_CASE("--seed: a negative or too large value is refused naming --seed, with the range as integers") {
  TempDir tmp("interrupt", "seed");
  const fs::path cfg = write_long(tmp.path, 2);
  const std::string out = (tmp.path / "o").string();
  Captured c = captured({"run", cfg.string(), "--out", out, "--seed", "-1", "-q"});
  CHECK(c.code == 2);
  CHECK(c.err.find("--seed: run.seed: expected a non-negative integer, got '-1'") != std::string::npos);
  CHECK(c.err.find(cfg.string()) == std::string::npos);  // not blamed on the file
  c = captured({"run", cfg.string(), "--out", out, "--seed", "18446744073709551616", "-q"});
  CHECK(c.code == 2);
  CHECK(c.err.find("--seed: run.seed: value 18446744073709551616 out of range [0, 18000000000000000000]") !=
        std::string::npos);
  c = captured({"run", cfg.string(), "--out", out, "--steps", "0", "-q"});
  CHECK(c.code == 2);
  CHECK(c.err.find("--steps: run.steps: value 0 out of range") != std::string::npos);
  CHECK(cli({"run", cfg.string(), "--out", out, "--seed", "18000000000000000000", "-q"}) == 0);
  CHECK(slurp(tmp.path / "o" / "manifest.json").find("\"seed\": 18000000000000000000,") != std::string::npos);
  c = captured({"run", "--help"});
  CHECK(c.out.find("0 to 18000000000000000000") != std::string::npos);
}

TEST_CASE("--threads and --jobs above the cores: a note, no TBB warning, and the manifest records what ran") {
  TempDir tmp("interrupt", "threads");
  const fs::path cfg = write_long(tmp.path, 3);
  const int cores = tbb::info::default_concurrency();
  cs::test::ChildResult r = cs::test::run_child({"run", cfg.string(), "--out", (tmp.path / "r").string(), "--threads", "4096", "-q"}, tmp.path);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("TBB Warning") == std::string::npos);
  CHECK(r.err.find("--threads 4096 is more than the " + std::to_string(cores)) == std::string::npos);  // -q: silent
  CHECK(slurp(tmp.path / "r" / "manifest.json").find("\"threads\": " + std::to_string(cores) + ",") != std::string::npos);

  std::ofstream(tmp.path / "exp.toml") << "[experiment]\nbase = \"long.toml\"\nsteps = 2\nreplications = 3\n"
                                          "[[factor]]\npath = \"market.wage\"\nvalues = [0.1, 0.2]\n";
  r = cs::test::run_child({"sweep", (tmp.path / "exp.toml").string(), "--jobs", "4096", "--out", (tmp.path / "s").string()},
                          tmp.path);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("TBB Warning") == std::string::npos);
  CHECK(r.err.find("note: --jobs 4096 is more than the " + std::to_string(cores)) != std::string::npos);
  CHECK(slurp(tmp.path / "s" / "manifest.json").find("\"jobs\": " + std::to_string(cores) + ",") != std::string::npos);
}

TEST_CASE("an empty scenario says that it runs the defaults, and --check-books checks every month") {
  TempDir tmp("interrupt", "empty");
  const fs::path empty = tmp.path / "empty.toml";
  std::ofstream(empty) << "\n# nothing\n";
  Captured c = captured({"validate", empty.string()});
  CHECK(c.code == 0);
  CHECK(c.out.find("ok\n  note: " + empty.string() + " sets no parameter") != std::string::npos);
  c = captured({"run", empty.string(), "--steps", "1", "--set", "cluster[0].firms=50", "--set", "run.burn_in=0",
                "--out", (tmp.path / "e").string()});
  CHECK(c.code == 0);
  CHECK(c.err.find("note: " + empty.string() + " sets no parameter: every value is its default") != std::string::npos);

  const fs::path cfg = write_long(tmp.path, 12);
  REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / "a").string(), "-q"}) == 0);
  REQUIRE(cli({"run", cfg.string(), "--out", (tmp.path / "b").string(), "--check-books", "-q"}) == 0);
  CHECK(slurp(tmp.path / "a" / "timeseries.csv") == slurp(tmp.path / "b" / "timeseries.csv"));
}

TEST_CASE("validate, run, sweep and calibrate: a header of 60,000 dotted parts is a clean error at its line") {
  // The 120 KB file that overflowed the stack inside the TOML parser (exit 139), through the real
  // program: as a scenario, and as an experiment and a calibration file.
  TempDir tmp("interrupt", "deep");
  std::string deep = "[a";
  for (int i = 1; i < 60000; ++i) deep += ".a";
  deep += "]\n";
  const fs::path file = tmp.path / "d.toml";
  std::ofstream(file) << deep;
  const std::vector<std::vector<std::string>> commands{
      {"validate", file.string()},
      {"run", file.string(), "--out", (tmp.path / "r").string(), "-q"},
      {"sweep", file.string(), "--out", (tmp.path / "s").string(), "-q"},
      {"calibrate", file.string(), "--out", (tmp.path / "c").string(), "-q"}};
  for (const auto& args : commands) {
    CAPTURE(args[0]);
    const cs::test::ChildResult r = cs::test::run_child(args, tmp.path);
    INFO(r.out.substr(0, 400), r.err.substr(0, 400));
    CHECK(r.code == 2);
    CHECK((r.out + r.err).find(file.string() + ":1:") != std::string::npos);
    CHECK((r.out + r.err).find("dotted") != std::string::npos);
    CHECK((r.out + r.err).size() < 2000);  // the 120 KB header is not echoed
  }
}
