// `clustersim compare` as an evaluation: participants, non-participants and the cluster year by
// year, the evaluator's difference-in-differences, several mixes against one baseline, and the
// errors a mix file can make. Through the command-line program, in process.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

using cs::test::TempDir;
using cs::test::cli;
using cs::test::lines;
using cs::test::slurp;
using cs::test::split;

// The base of the mixes: a small cluster with a short programme (implementation from step 12,
// exit at step 26, end at step 48) and no intervention of its own.
const char* kBase =
    "[run]\nsteps = 48\nseed = 21\n\n"
    "[programme]\nselection_months = 3\nappointment_months = 1\ndiagnostic_months = 2\n"
    "trust_building_months = 3\naction_plan_months = 1\napproval_months = 1\n"
    "implementation_months = 12\nevaluation_months = 1\nhandover_months = 1\n\n"
    "[[cluster]]\nname = \"Test\"\nfirms = 300\n";

// Reaches firms in every run: trade fairs and training of small firms.
const char* kFairs =
    "[[intervention]]\nkind = \"export_promotion\"\nbudget = 20\n\n"
    "[[intervention]]\nkind = \"skills_training\"\nbudget = 20\ntarget = \"small\"\n";
const char* kTech = "[[intervention]]\nkind = \"tech_upgradation\"\nbudget = 40\n";

fs::path write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
  return p;
}

// A CSV without quoted commas in the columns read, as rows of column name -> field.
std::vector<std::map<std::string, std::string>> table(const fs::path& p) {
  const auto ls = lines(p);
  std::vector<std::map<std::string, std::string>> rows;
  if (ls.empty()) return rows;
  const auto head = split(ls[0]);
  for (std::size_t i = 1; i < ls.size(); ++i) {
    const auto f = split(ls[i]);
    std::map<std::string, std::string> r;
    for (std::size_t k = 0; k < head.size() && k < f.size(); ++k) r[head[k]] = f[k];
    rows.push_back(std::move(r));
  }
  return rows;
}

double num(const std::string& s) { return s.empty() ? std::nan("") : std::stod(s); }

}  // namespace

TEST_CASE("participants and non-participants add up to the cohort, and cohort and entrants to the cluster") {
  TempDir tmp("evaluation", "adding_up");
  const fs::path cfg = write(tmp.path / "fairs.toml", std::string(kBase) + "\n" + kFairs);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"compare", cfg.string(), "--reps", "3", "--threads", "2", "--out", out.string(), "-q"}) == 0);

  // (outcome, year, group) -> policy level and effect of the "total" rows.
  std::map<std::string, std::pair<double, double>> total;
  int checked = 0;
  for (const auto& r : table(out / "effects_by_year.csv"))
    if (r.at("statistic") == "total")
      total[r.at("outcome") + "|" + r.at("year") + "|" + r.at("group")] = {num(r.at("policy")), num(r.at("effect"))};
  for (const auto& [key, cohort] : total) {
    const auto bar = key.rfind('|');
    if (key.substr(bar + 1) != "cohort") continue;
    const std::string at = key.substr(0, bar + 1);
    REQUIRE(total.count(at + "participants"));
    REQUIRE(total.count(at + "non_participants"));
    REQUIRE(total.count(at + "entrants"));
    REQUIRE(total.count(at + "cluster"));
    const auto p = total[at + "participants"], np = total[at + "non_participants"];
    const auto e = total[at + "entrants"], c = total[at + "cluster"];
    const double scale = 1e-9 * (1.0 + std::fabs(c.first));
    INFO(key);
    CHECK(std::fabs(p.first + np.first - cohort.first) < scale);
    CHECK(std::fabs(p.second + np.second - cohort.second) < scale);
    CHECK(std::fabs(cohort.first + e.first - c.first) < scale);
    CHECK(std::fabs(cohort.second + e.second - c.second) < scale);
    ++checked;
  }
  CHECK(checked >= 9 * 5);  // nine additive outcomes, years -1 to 3

  // The programme reached firms, and participation.csv says how many of each kind.
  const auto part = table(out / "participation.csv");
  REQUIRE(part.size() == 3);
  CHECK(part[0].at("kind") == "any");
  CHECK(num(part[0].at("cohort_firms")) > 0);
  CHECK(part[1].at("kind") == "export_promotion");
  CHECK(part[2].at("kind") == "skills_training");
  CHECK(num(part[2].at("amount")) > 0);
}

TEST_CASE("the evaluator's difference-in-differences: its bias is the sum of its parts, and it is not the truth here") {
  TempDir tmp("evaluation", "did");
  const fs::path cfg = write(tmp.path / "fairs.toml", std::string(kBase) + "\n" + kFairs);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"compare", cfg.string(), "--reps", "3", "--threads", "2", "--out", out.string(), "-q"}) == 0);
  const auto rows = table(out / "did_by_year.csv");
  REQUIRE(!rows.empty());
  bool differs = false;
  int post = 0;
  for (const auto& r : rows) {
    if (r.at("outcome") == "productivity") continue;  // defined only for firms with workers: no exact identity
    INFO(r.at("outcome") << " year " << r.at("year"));
    const double did = num(r.at("did")), att = num(r.at("true_effect")), bias = num(r.at("bias"));
    const double parts = num(r.at("spillover_part")) + num(r.at("selection_part")) + num(r.at("anticipation_part")) +
                         num(r.at("pre_trend_part"));
    CHECK(std::fabs(did - att - bias) < 1e-9 * (1 + std::fabs(did)));
    CHECK(std::fabs(bias - parts) < 1e-9 * (1 + std::fabs(bias)));
    if (r.at("year") == "-1") CHECK(did == 0);  // the reference year
    if (r.at("year") == "post") {
      ++post;
      differs = differs || std::fabs(bias) > 1e-6;
    }
  }
  CHECK(post == 9);
  // Participants are chosen among firms alive and active when reached, and compete with the
  // others for given demand: the evaluator's estimate is not the true effect in this cluster.
  CHECK(differs);
}

TEST_CASE("a programme that can spend nothing reaches no firm and has zero effects in every year and group") {
  TempDir tmp("evaluation", "zero");
  const fs::path cfg = write(tmp.path / "zero.toml",
                             std::string(kBase) + "\n[[intervention]]\nkind = \"skills_training\"\nbudget = 0\n");
  std::string text = slurp(cfg);
  text.replace(text.find("[programme]\n"), 12, "[programme]\nmanagement_budget = 0\n");
  write(cfg, text);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"compare", cfg.string(), "--reps", "2", "--threads", "2", "--out", out.string(), "-q"}) == 0);
  int rows = 0;
  for (const auto& r : table(out / "effects_by_year.csv")) {
    INFO(r.at("outcome") << " " << r.at("group") << " " << r.at("year"));
    CHECK(r.at("effect") == "0");
    CHECK(r.at("group") != "participants");  // nobody took part: no participant rows
    ++rows;
  }
  CHECK(rows > 50);
  CHECK(lines(out / "did_by_year.csv").size() == 1);  // no participants, nothing to estimate: the header only
  const auto part = table(out / "participation.csv");
  REQUIRE(!part.empty());
  CHECK(part[0].at("cohort_firms") == "0");
  for (const auto& r : table(out / "flows_by_year.csv")) {
    INFO(r.at("flow") << " " << r.at("year"));
    CHECK(r.at("effect") == "0");
    CHECK(r.at("cumulative_effect") == "0");
  }
}

TEST_CASE("mixes compared in one command give the same numbers as each compared alone") {
  TempDir tmp("evaluation", "mixes");
  const fs::path base = write(tmp.path / "base.toml", kBase);
  const fs::path fairs = write(tmp.path / "fairs.toml", kFairs);
  const fs::path tech = write(tmp.path / "tech.toml", kTech);
  // The same mix as a whole scenario that names its base.
  const fs::path whole = write(tmp.path / "fairs_whole.toml", std::string("base = \"base.toml\"\n\n") + kFairs);
  const fs::path both = tmp.path / "both", one = tmp.path / "one", alone = tmp.path / "alone";
  REQUIRE(cli({"compare", base.string(), "--mix", fairs.string(), "--mix", tech.string(), "--reps", "3", "--threads",
               "2", "--out", both.string(), "-q"}) == 0);
  REQUIRE(cli({"compare", base.string(), "--mix", fairs.string(), "--reps", "3", "--threads", "1", "--out",
               one.string(), "-q"}) == 0);
  REQUIRE(cli({"compare", whole.string(), "--reps", "3", "--threads", "2", "--out", alone.string(), "-q"}) == 0);
  for (const char* f : {"effects.csv", "summary.csv", "spending.csv", "effects_by_year.csv", "did_by_year.csv",
                        "participation.csv", "flows_by_year.csv"}) {
    INFO(f);
    const std::string a = slurp(both / "fairs" / f);
    CHECK(!a.empty());
    CHECK(a == slurp(one / "fairs" / f));
    CHECK(a == slurp(alone / f));
  }
  // The ranking: one row per mix, ranks 1 and 2, and the paired differences of the two.
  const auto rank = table(both / "ranking.csv");
  REQUIRE(rank.size() == 2);
  CHECK(rank[0].at("rank") == "1");
  CHECK(rank[1].at("rank") == "2");
  CHECK(num(rank[0].at("benefit_cost_ratio")) >= num(rank[1].at("benefit_cost_ratio")));
  const auto diff = table(both / "mix_differences.csv");
  CHECK(diff.size() == 6);  // one pair, six measures
  CHECK(slurp(both / "manifest.json").find("\"kind\": \"compare-mixes\"") != std::string::npos);
}

TEST_CASE("a mix may change only the programme, and mixes need distinct names") {
  TempDir tmp("evaluation", "mix_errors");
  const fs::path base = write(tmp.path / "base.toml", kBase);
  const fs::path market = write(tmp.path / "market.toml", std::string(kTech) + "\n[market]\nwage = 0.9\n");
  CHECK(cli({"compare", base.string(), "--mix", market.string(), "--reps", "2", "--out", (tmp.path / "a").string(),
             "-q"}) == 2);
  CHECK_FALSE(fs::exists(tmp.path / "a" / "ranking.csv"));
  fs::create_directories(tmp.path / "x");
  const fs::path t2 = write(tmp.path / "x" / "tech.toml", kTech);
  const fs::path t1 = write(tmp.path / "tech.toml", kTech);
  CHECK(cli({"compare", base.string(), "--mix", t1.string(), "--mix", t2.string(), "--reps", "2", "--out",
             (tmp.path / "b").string(), "-q"}) == 2);
  // An intervention that starts after the run's last step is refused (it would never run).
  const fs::path late = write(tmp.path / "late.toml",
                              "[[intervention]]\nkind = \"skills_training\"\nstart = 500\nend = 510\nbudget = 5\n");
  CHECK(cli({"compare", base.string(), "--mix", late.string(), "--reps", "2", "--out", (tmp.path / "c").string(),
             "-q"}) == 2);
}

TEST_CASE("--set adds an intervention to a scenario that has none") {
  TempDir tmp("evaluation", "set_adds");
  const fs::path base = write(tmp.path / "base.toml", kBase);
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"compare", base.string(), "--set", "intervention[0].kind=skills_training", "--set",
               "intervention[0].budget=15", "--reps", "2", "--out", out.string(), "-q"}) == 0);
  const auto sp = table(out / "spending.csv");
  REQUIRE(sp.size() == 2);
  CHECK(sp[1].at("kind") == "skills_training");
  CHECK(sp[1].at("budget") == "15");
}

TEST_CASE("a line that never spends is named with the reason: a CFC that waits for trust") {
  TempDir tmp("evaluation", "did_nothing");
  const fs::path base = write(tmp.path / "base.toml", kBase);
  const fs::path cfc = write(tmp.path / "cfc.toml",
                             "[programme]\ncollective_trust = 0.99\n\n"
                             "[[intervention]]\nkind = \"cfc\"\nbudget = 100\nproject_cost = 100\n\n"
                             "[[intervention]]\nkind = \"skills_training\"\nbudget = 10\n");
  const fs::path out = tmp.path / "out";
  REQUIRE(cli({"compare", base.string(), "--mix", cfc.string(), "--reps", "2", "--out", out.string(), "-q"}) == 0);
  const std::string m = slurp(out / "cfc" / "manifest.json");
  CHECK(m.find("cfc spent nothing in 2 of 2 replications: waited for trust in 2 (mean trust never reached "
               "programme.collective_trust = 0.99)") != std::string::npos);
  CHECK(m.find("skills_training spent nothing") == std::string::npos);  // the line that spent is not named
  const auto sp = table(out / "cfc" / "spending.csv");
  REQUIRE(sp.size() == 3);
  CHECK(sp[1].at("reps_spent") == "0");
}
