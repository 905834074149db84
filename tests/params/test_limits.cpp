// Hostile configuration files: every one gets a clean error with file and line, never a crash
// (the input limits before the TOML parser), and what an error echoes is quoted, escaped and
// shortened; "did you mean" is exact yet bounded; 64-bit seeds are checked exactly.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "params/load.hpp"
#include "runner/overrides.hpp"
#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const cs::ConfigError& e) {
    return e.what();
  }
  return "";
}

/// `open` part.part.part (n parts) `close`; appended piece by piece (GCC 12 warns, wrongly, about
/// "literal" + std::string&& here).
std::string dotted(const std::string& part, int n, const std::string& open = "", const std::string& close = "") {
  std::string s = open;
  s += part;
  for (int i = 1; i < n; ++i) (s += '.') += part;
  return s += close;
}

/// Reference: the full matrix of the optimal-string-alignment distance, as it was computed before.
std::size_t osa_reference(const std::string& a, const std::string& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i)
    for (std::size_t j = 1; j <= m; ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[n][m];
}

}  // namespace

TEST_CASE("a header or key of 60,000 dotted parts is a clean error at its line, not a stack overflow") {
  // 120 KB: the file that crashed validate, run and sweep inside toml++ (exit 139).
  const std::string deep = dotted("a", 60000);
  for (const std::string& text : {"[" + deep + "]\n", "\n" + deep + " = 1\n", "x = { " + deep + " = 1 }\n",
                                  "[[" + deep + "]]\n", "[set]\n\"" + deep + "\" = 1\n"}) {
    const std::string msg = error_of([&] { cs::parse_params(text, "deep.toml"); });
    INFO(msg.substr(0, 200));
    CHECK(msg.rfind("deep.toml:", 0) == 0);
    CHECK(msg.size() < 300);
  }
  CHECK(error_of([&] { cs::parse_params("[" + deep + "]\n", "deep.toml"); }).find("more than 32 parts") != std::string::npos);
  CHECK(error_of([&] { cs::parse_params("\n" + deep + " = 1\n", "deep.toml"); }).rfind("deep.toml:2:", 0) == 0);

  SUBCASE("through the command line: validate exits 2 with the message") {
    cs::test::TempDir tmp("limits", "deep");
    const fs::path f = tmp.path / "d.toml";
    std::ofstream(f) << "[" << deep << "]\n";
    CHECK(cs::test::cli({"validate", f.string()}) == 2);
    CHECK(cs::test::cli({"run", f.string(), "--out", (tmp.path / "o").string(), "-q"}) == 2);
    CHECK_FALSE(fs::exists(tmp.path / "o"));
  }
}

TEST_CASE("the limits: 32 parts and 32 levels pass the scan, 33 do not, nor long tokens and large files") {
  // At the limit the scan lets the file through and the loader judges it (an unknown table).
  const std::string at = error_of([&] { cs::parse_params(dotted("a", 32, "[", "]\n"), "f.toml"); });
  CHECK(at.find("unknown top-level key 'a'") != std::string::npos);
  CHECK(error_of([&] { cs::parse_params(dotted("a", 33, "[", "]\n"), "f.toml"); }).find("more than 32 parts") !=
        std::string::npos);
  // Quoted parts count, and dots inside strings do not.
  CHECK(error_of([&] { cs::parse_params(dotted("\"q\"", 33, "[", "]\n"), "f.toml"); }).find("more than 32 parts") !=
        std::string::npos);
  CHECK(error_of([&] { cs::parse_params("x = \"" + dotted("a", 1000) + "\"\n", "f.toml"); }).find("more than 32") ==
        std::string::npos);
  // Nesting.
  CHECK(error_of([&] { cs::parse_params("x = " + std::string(32, '[') + std::string(32, ']') + "\n", "f.toml"); })
            .find("nested more than") == std::string::npos);
  CHECK(error_of([&] { cs::parse_params("x = " + std::string(33, '[') + std::string(33, ']') + "\n", "f.toml"); })
            .find("nested more than 32 deep") != std::string::npos);
  CHECK(error_of([&] { cs::parse_params("x = " + std::string(100000, '{') + "\n", "f.toml"); })
            .find("nested more than 32 deep") != std::string::npos);
  // Brackets inside strings and comments are not nesting.
  CHECK(error_of([&] { cs::parse_params("# " + std::string(100, '[') + "\n[run]\nsteps = 12\n", "f.toml"); }).empty());
  // A string longer than the token limit, at the line where it starts.
  const std::string big(cs::InputLimits::token_bytes - 1, 'x');  // with its quotes, one byte too many
  const std::string s = error_of([&] { cs::parse_params("[[cluster]]\nname = \"" + big + "\"\n", "f.toml"); });
  CHECK(s.rfind("f.toml:2:8: a string, key or value of 65,537 bytes; the limit is 65,536", 0) == 0);
  CHECK(error_of([&] { cs::parse_params("[[cluster]]\nname = \"" + big.substr(1) + "\"\n", "f.toml"); }).empty());
  CHECK(error_of([&] { cs::parse_params("[[cluster]]\nname = '''\n" + big + "'''\n", "f.toml"); })
            .rfind("f.toml:2:8: a string", 0) == 0);
  // A file beyond the size limit, read from disk, and a device without end.
  cs::test::TempDir tmp("limits", "size");
  const fs::path huge = tmp.path / "huge.toml";
  {
    std::ofstream out(huge);
    const std::string line = "# " + std::string(1000, '-') + "\n";
    for (std::size_t n = 0; n <= cs::InputLimits::file_bytes; n += line.size()) out << line;
  }
  CHECK(error_of([&] { cs::load_params(huge.string()); }).find("larger than 4,194,304 bytes") != std::string::npos);
  if (fs::exists("/dev/zero"))
    CHECK(error_of([&] { cs::load_params("/dev/zero"); }).find("larger than") != std::string::npos);
}

TEST_CASE("what an error echoes is quoted, escaped and shortened: no control character reaches the terminal") {
  const std::string escape = "\x1b[2J\x1b[31m";
  SUBCASE("an unknown key of 60,000 bytes with escape sequences, from a file") {
    // TOML writes the escape character as \u001b inside a quoted key.
    const std::string key = "w\\u001b[2J\\u001b[31m" + std::string(60000, 'w');
    const std::string msg = error_of([&] { cs::parse_params("[market]\n\"" + key + "\" = 1\n", "k.toml"); });
    INFO(msg.substr(0, 300));
    CHECK(msg.rfind("k.toml:2:1: ", 0) == 0);
    CHECK(msg.find('\x1b') == std::string::npos);
    CHECK(msg.find("unknown key 'w\\x1b[2J\\x1b[31mwww") != std::string::npos);
    CHECK(msg.size() < 400);
    CHECK(msg.find("(60,010 bytes)") != std::string::npos);
  }
  SUBCASE("a raw escape character is a syntax error, reported escaped") {
    const std::string msg = error_of([&] { cs::parse_params("x = \"" + escape + "\"\n", "r.toml"); });
    CHECK(msg.rfind("r.toml:1:", 0) == 0);
    CHECK(msg.find('\x1b') == std::string::npos);
  }
  SUBCASE("a --set path of 1,000,000 bytes") {
    cs::Params p;
    const std::string msg = error_of([&] { cs::apply_override(p, "market." + escape + std::string(1000000, 'k'), "1"); });
    CHECK(msg.find('\x1b') == std::string::npos);
    CHECK(msg.size() < 400);
    CHECK(msg.find("unknown parameter 'market.\\x1b[2J") != std::string::npos);
  }
  SUBCASE("a string value and a shock kind") {
    const std::string msg = error_of([&] {
      cs::parse_params("[[shock]]\nkind = \"\\u001b[2J\\u001b[31m\"\n[run]\nsteps = \"\\u001b[31m\"\n", "v.toml");
    });
    INFO(msg);
    CHECK(msg.find('\x1b') == std::string::npos);
    CHECK(msg.find("unknown shock kind '\\x1b[2J\\x1b[31m'") != std::string::npos);
    CHECK(msg.find("expected an integer, found string \"\\x1b[31m\"") != std::string::npos);
  }
  CHECK(cs::quote_text("abc") == "'abc'");
  CHECK(cs::quote_text("a\nb\tc\x01") == "'a\\nb\\tc\\x01'");
  CHECK(cs::quote_text("₹ lakh") == "'₹ lakh'");             // UTF-8 kept
  CHECK(cs::quote_text("\xc3\x28") == "'\\xc3('");           // invalid UTF-8 escaped
  CHECK(cs::quote_text(std::string(100, 'x'), 10) == "'xxxxxxxxxx...' (100 bytes)");
  CHECK(cs::quote_text("₹₹₹₹", 4) == "'₹₹...' (12 bytes)");  // cut between characters
  CHECK(cs::ConfigIssue{"f.toml", 1, 1, std::string(500, 'k'), "m\x1b"}.to_string().size() < 200);
}

TEST_CASE("did you mean: the bounded distance equals the full one, and suggestions are unchanged") {
  std::mt19937 rng(7);
  const std::string alphabet = "abcab_";
  for (int t = 0; t < 3000; ++t) {
    std::string a, b;
    for (std::size_t i = rng() % 9; i > 0; --i) a += alphabet[rng() % alphabet.size()];
    for (std::size_t i = rng() % 9; i > 0; --i) b += alphabet[rng() % alphabet.size()];
    CAPTURE(a);
    CAPTURE(b);
    REQUIRE(cs::edit_distance(a, b) == osa_reference(a, b));
    // suggest picks the first candidate at the smallest distance within max(2, |key| / 3).
    const std::vector<std::string> cands{b, a + "x", "zz"};
    std::string want;
    std::size_t best = std::max<std::size_t>(2, a.size() / 3) + 1;
    for (const std::string& c : cands)
      if (osa_reference(a, c) < best) {
        best = osa_reference(a, c);
        want = c;
      }
    REQUIRE(cs::suggest(a, cands) == want);
  }
  CHECK(cs::suggest("wgae", {"wage", "markup_min"}) == "wage");
  CHECK(cs::suggest(std::string(1000000, 'w'), {"wage"}).empty());
}

TEST_CASE("seeds: every 64-bit value is checked exactly against run.seed's range, printed as integers") {
  cs::Params p;
  auto err = [&](const std::string& v) { return error_of([&] { cs::apply_override(p, "run.seed", v); }); };
  CHECK(err("18000000000000000000").empty());
  CHECK(p.run.seed == 18000000000000000000ull);
  // 18000000000000000001 rounds to 1.8e19 as a double: it was accepted before.
  CHECK(err("18000000000000000001").find("value 18000000000000000001 out of range [0, 18000000000000000000]") !=
        std::string::npos);
  CHECK(err("18446744073709551615").find("out of range [0, 18000000000000000000]") != std::string::npos);
  CHECK(err("18446744073709551616").find("value 18446744073709551616 out of range [0, 18000000000000000000]") !=
        std::string::npos);
  CHECK(err("-1").find("expected a non-negative integer, got '-1'") != std::string::npos);
  CHECK(error_of([&] { cs::parse_params("[run]\nseed = -1\n", "s.toml"); })
            .find("s.toml:2:1: run.seed: value -1 out of range [0, 18000000000000000000]") != std::string::npos);
}

TEST_CASE("a rule over every cluster (firms x replicas) names the line of the first cluster's key") {
  const std::string msg = error_of([&] {
    cs::parse_params("[run]\nsteps = 12\n\n[[cluster]]\nname = \"A\"\nfirms = 30000000\nreplicas = 2\n", "n.toml");
  });
  INFO(msg);
  CHECK(msg.find("n.toml:6:1: cluster[*].firms, cluster[*].replicas: value 60000000 exceeds 50000000") !=
        std::string::npos);
}

TEST_CASE("an empty scenario file is valid and says that every parameter is at its default") {
  cs::test::TempDir tmp("limits", "empty");
  const fs::path f = tmp.path / "empty.toml";
  std::ofstream(f) << "# nothing set\n\n";
  std::vector<std::string> notes;
  const cs::Params p = cs::load_params(f.string(), notes);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].find("sets no parameter: every value is its default") != std::string::npos);
  CHECK(p.clusters.size() == 1);
  std::ofstream(f) << "[run]\nsteps = 12\n";
  notes.clear();
  (void)cs::load_params(f.string(), notes);
  CHECK(notes.empty());
}

TEST_CASE("a file of a million problems lists the first thousand and counts the rest") {
  std::string t;
  for (int i = 0; i < 5000; ++i) ((t += 'k') += std::to_string(i)) += " = 1\n";
  try {
    (void)cs::parse_params(t, "many.toml");
    FAIL("no ConfigError");
  } catch (const cs::ConfigError& e) {
    REQUIRE(e.issues().size() == cs::InputLimits::problems + 1);
    CHECK(e.issues().back().message == "... and 4000 more problems (the first 1000 are listed)");
  }
}

TEST_CASE("--set: after a thousand problems the rest of the overrides are counted, not checked") {
  std::vector<std::string> sets(70000, "a = 1");
  sets.insert(sets.begin(), "market.wage=0.18");
  cs::Params p;
  std::vector<cs::ConfigIssue> issues;
  cs::apply_sets(p, sets, issues);
  CHECK(p.market.wage == doctest::Approx(0.18));
  REQUIRE(issues.size() == cs::InputLimits::problems + 1);
  CHECK(issues.back().message == "... and 69000 more overrides not checked (the first 1000 problems are listed)");
}

TEST_CASE("a scenario whose resolved configuration could not be read back is refused at its first cluster") {
  // 6,000 empty [[cluster]] tables: 54 KB of text, but every parameter of every cluster written
  // out (manifests, best.toml) would be far beyond the file limit. 3 tables are fine, and what is
  // written reads back to the same text.
  std::string big = "[run]\nsteps = 2\n";
  for (int i = 0; i < 6000; ++i) big += "[[cluster]]\nfirms = 5\n";
  const std::string e = error_of([&] { cs::parse_params(big, "many.toml"); });
  CHECK(e.find("many.toml:4") != std::string::npos);  // the first cluster key
  CHECK(e.find("replicas") != std::string::npos);
  CHECK(e.find("could not be read back") != std::string::npos);
  std::string small = "[run]\nsteps = 2\n";
  for (int i = 0; i < 3; ++i) small += "[[cluster]]\nfirms = 5\n";
  const cs::Params p = cs::parse_params(small, "few.toml");
  const std::string text = cs::to_toml(p);
  CHECK(text.size() <= cs::InputLimits::file_bytes);
  CHECK(cs::to_toml(cs::parse_params(text, "resolved.toml")) == text);
}
