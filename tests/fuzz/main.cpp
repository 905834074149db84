// clustersim-fuzz: the seeded mutator over the configuration loaders (docs/reliability.md).
//   clustersim-fuzz --mutants 10000 --seed 1 --work DIR [--run-model] [--timeout 20]
//   clustersim-fuzz --replay tests/data/fuzz/scenario/crash_deep_dotted_key.toml ...
// Each mutant is written to DIR/input.toml before it is loaded, so after a crash or a timeout
// (SIGALRM) that file and DIR/input.info name the input. Exit code 0 when every input ended in
// acceptance or a clean rejection, 1 when some input gave a finding, 2 on usage errors.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_target.hpp"
#include "mutate.hpp"

namespace fs = std::filesystem;
using cs::fuzz::Kind;
using cs::fuzz::Outcome;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> toml_files(const fs::path& dir, bool recursive = false) {
  std::vector<fs::path> v;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return v;
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file()) v.push_back(e.path());
  } else {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) v.push_back(e.path());
  }
  std::sort(v.begin(), v.end());
  return v;
}

/// base = and targets = point into the fuzz folder, so the loaders go past them.
std::string repoint(std::string s) {
  s = std::regex_replace(s, std::regex(R"(base\s*=\s*"[^"\n]*")"), "base = \"scenario.toml\"");
  return std::regex_replace(s, std::regex(R"(targets\s*=\s*"[^"\n]*")"), "targets = \"targets.toml\"");
}

std::map<Kind, std::vector<std::string>> collect_seeds(const fs::path& src) {
  std::map<Kind, std::vector<std::string>> seeds;
  auto add = [&](Kind k, const fs::path& f, bool rebase) {
    if (f.extension() != ".toml" && f.extension() != ".txt") return;
    seeds[k].push_back(rebase ? repoint(slurp(f)) : slurp(f));
  };
  for (const char* d : {"configs", "configs/examples", "tests/data/bad"})
    for (const auto& f : toml_files(src / d)) add(Kind::scenario, f, false);
  for (const auto& f : toml_files(src / "experiments", true)) {
    const std::string name = f.filename().string();
    if (name == "experiment.toml") add(Kind::experiment, f, true);
    if (name == "calibration.toml") add(Kind::calibration, f, true);
    if (name == "scenario.toml") add(Kind::scenario, f, false);
  }
  for (const auto& f : toml_files(src / "bench", true))
    if (f.filename() == "experiment.toml") add(Kind::experiment, f, true);
  seeds[Kind::set].push_back(
      "market.wage=0.18\ncluster[0].firms=500\nrun.seed=7\nshock[0].kind=demand\nshock[0].size=-0.3\n"
      "finance.guarantee_cover=0.5\nrun.steps=24\n");
  seeds[Kind::set].push_back("cluster[0].replicas=3\ncluster[0].name=Fuzz cluster\nnetwork.mean_degree=4\n");
  for (Kind k : cs::fuzz::kKinds)
    for (const auto& f : toml_files(src / "tests/data/fuzz" / cs::fuzz::kind_name(k))) add(k, f, false);
  return seeds;
}

Kind kind_of(const fs::path& file) {
  const std::string dir = file.parent_path().filename().string();
  for (Kind k : cs::fuzz::kKinds)
    if (dir == cs::fuzz::kind_name(k)) return k;
  return Kind::scenario;
}

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

int usage() {
  std::cerr << "usage: clustersim-fuzz [--mutants N] [--seed S] [--work DIR] [--timeout SEC] [--run-model]\n"
               "                       [--findings DIR] [--source DIR]\n"
               "       clustersim-fuzz --replay FILE... [--work DIR] [--run-model]\n"
               "       clustersim-fuzz --save I [--seed S] [--work DIR]   (writes mutant I as a file)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mutants = 1000;
  std::uint64_t seed = 1;
  unsigned timeout = 20;
  cs::fuzz::Env env;
  env.work = fs::temp_directory_path() / ("clustersim-fuzz-" + std::to_string(::getpid()));
  fs::path findings, source = CLUSTERSIM_SOURCE_DIR;
  std::vector<fs::path> replay;
  bool replaying = false;
  std::optional<std::size_t> save;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--mutants") mutants = std::stoull(value());
      else if (a == "--seed") seed = std::stoull(value());
      else if (a == "--timeout") timeout = static_cast<unsigned>(std::stoul(value()));
      else if (a == "--work") env.work = value();
      else if (a == "--findings") findings = value();
      else if (a == "--source") source = value();
      else if (a == "--run-model") env.run_model = true;
      else if (a == "--save") save = std::stoull(value());
      else if (a == "--replay") replaying = true;
      else if (replaying && a.rfind("--", 0) != 0) replay.emplace_back(a);
      else return usage();
    } catch (const std::exception& e) {
      std::cerr << "clustersim-fuzz: " << e.what() << '\n';
      return usage();
    }
  }
  cs::fuzz::prepare(env);
  if (findings.empty()) findings = env.work / "findings";
  int bad = 0;
  auto report = [&](const std::string& what, Outcome o, const std::string& detail, const std::string& text) {
    ++bad;
    std::cout << "FINDING " << what << ": " << (o == Outcome::books_failure ? "books" : "error") << ": " << detail << '\n';
    fs::create_directories(findings);
    std::ofstream(findings / (what + ".toml"), std::ios::binary) << text;
  };

  if (replaying) {
    if (replay.empty()) return usage();
    for (const fs::path& f : replay) {
      const Kind k = kind_of(f);
      const std::string text = slurp(f);
      std::string detail;
      alarm(timeout);
      const Outcome o = cs::fuzz::fuzz_one(env, k, text, detail);
      alarm(0);
      const bool ok = o == Outcome::accepted || o == Outcome::rejected;
      std::cout << f.string() << " (" << cs::fuzz::kind_name(k) << "): "
                << (o == Outcome::accepted ? "accepted" : o == Outcome::rejected ? "rejected" : "FINDING") << '\n';
      if (!ok) report(f.stem().string(), o, detail, text);
    }
    fs::remove_all(env.work / "input.toml");
    return bad ? 1 : 0;
  }

  const auto seeds = collect_seeds(source);
  std::vector<std::string> all;
  for (const auto& [k, v] : seeds) all.insert(all.end(), v.begin(), v.end());
  const std::vector<std::string> dict = cs::fuzz::dictionary(all);
  // Mutant i of the master seed: always the same kind and text.
  auto mutant = [&](std::size_t i) {
    const Kind k = cs::fuzz::kKinds[i % std::size(cs::fuzz::kKinds)];
    const auto& pool = seeds.at(k);
    cs::fuzz::Rng rng(seed * 0x9e3779b97f4a7c15ull + i);
    std::string text = cs::fuzz::mutate(pool[rng.below(pool.size())], all, dict, rng);
    return std::pair<Kind, std::string>(k, std::move(text));
  };
  if (save) {
    const auto [k, text] = mutant(*save);
    const fs::path p = env.work / cs::fuzz::kind_name(k) / ("mutant-" + std::to_string(seed) + "-" + std::to_string(*save) + ".toml");
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    std::cout << p.string() << '\n';  // --replay takes its kind from the folder's name
    return 0;
  }
  struct Count {
    std::size_t n = 0, accepted = 0, rejected = 0, limits = 0, syntax = 0, findings = 0;
    double max_ms = 0;
    std::size_t slowest = 0;  ///< the mutant that took max_ms
  };
  std::map<Kind, Count> counts;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < mutants; ++i) {
    const auto [k, text] = mutant(i);
    std::ofstream(env.work / "input.info") << "mutant " << i << " of seed " << seed << ", kind " << cs::fuzz::kind_name(k)
                                           << '\n';
    std::string detail;
    const auto s0 = std::chrono::steady_clock::now();
    alarm(timeout);  // a hang ends the process (SIGALRM): input.toml holds the input
    const Outcome o = cs::fuzz::fuzz_one(env, k, text, detail);
    alarm(0);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count();
    Count& c = counts[k];
    ++c.n;
    if (ms > c.max_ms) {
      c.max_ms = ms;
      c.slowest = i;
    }
    if (o == Outcome::accepted) ++c.accepted;
    else if (o == Outcome::rejected) ++c.rejected;
    else {
      ++c.findings;
      report(std::string(cs::fuzz::kind_name(k)) + "-" + std::to_string(seed) + "-" + std::to_string(i), o, detail, text);
    }
    if (o == Outcome::rejected) {  // what kind of rejection, for the numbers in docs/reliability.md
      if (detail.find("docs/reliability.md") != std::string::npos) ++c.limits;
      else if (detail.find("TOML syntax error") != std::string::npos) ++c.syntax;
    }
    if ((i + 1) % 2000 == 0)
      std::cerr << "clustersim-fuzz: " << i + 1 << " of " << mutants << " mutants, " << bad << " findings\n";
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%-12s %8s %9s %9s %8s %8s %9s %11s\n", "kind", "mutants", "accepted", "rejected", "(syntax", "limits)",
              "findings", "slowest ms");
  Count total;
  for (Kind k : cs::fuzz::kKinds) {
    const Count& c = counts[k];
    std::printf("%-12s %8zu %9zu %9zu %8zu %8zu %9zu %11.1f\n", cs::fuzz::kind_name(k), c.n, c.accepted, c.rejected,
                c.syntax, c.limits, c.findings, c.max_ms);
    total.n += c.n;
    total.accepted += c.accepted;
    total.rejected += c.rejected;
    total.findings += c.findings;
    total.syntax += c.syntax;
    total.limits += c.limits;
    if (c.max_ms > total.max_ms) {
      total.max_ms = c.max_ms;
      total.slowest = c.slowest;
    }
  }
  std::printf("%-12s %8zu %9zu %9zu %8zu %8zu %9zu %11.1f\n", "all", total.n, total.accepted, total.rejected,
              total.syntax, total.limits, total.findings, total.max_ms);
  std::printf("slowest: mutant %zu (--save %zu writes it)\n", total.slowest, total.slowest);
  std::printf("seed %llu, %.1f s, peak RSS %ld MB%s\n", static_cast<unsigned long long>(seed), secs, peak_rss_mb(),
              env.run_model ? ", valid scenarios run for up to 6 months with the books checked" : "");
  fs::remove(env.work / "input.toml");
  fs::remove(env.work / "input.info");
  return bad ? 1 : 0;
}
