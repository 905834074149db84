#include "mutate.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <utility>

namespace cs::fuzz {

std::uint64_t Rng::next() {
  std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

namespace {

const char* const kTokens[] = {
    "[", "]", "[[", "]]", "{", "}", "=", ",", ".", "\"", "'", "\"\"\"", "'''", "#", "\n", "\r\n", "\\", "\\u",
    "\\U0010FFFF", "\\uD800", " ", "\t", "0", "-0", "+1", "1e999", "-1e999", "nan", "+inf", "-inf", "1.5", "0x7F",
    "0o777", "0b101", "1_000", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "18446744073709551615", "18446744073709551616", "1e-400", "true", "false", "1979-05-27T07:32:00Z",
    "1979-05-27", "07:32:00", "[]", "{}", "[[cluster]]", "[[shock]]", "[[intervention]]", "[set]", "[run]",
    "[market]", "base = \"scenario.toml\"", "base = \"input.toml\"", "base = \"/dev/zero\"", "base = \"..\"",
    "targets = \"targets.toml\"", "cluster[0].firms", "\"cluster[0].firms\" = 1", "replicas = 65535",
    "firms = 50000000", "\xc3\x28", "\xff", "\xef\xbb\xbf", "\x1b[31m", "\x7f",
    "\xe2\x82\xb9"};

/// Structures repeated k times, for the limits: deep dotted keys, nesting, long tokens.
const char* const kRepeats[] = {"a.", "[", "{a=", "[a.", "x", "\"", "'", "\\", "a = 1\n", "[[cluster]]\n", "é", "\"k\".",
                                "{", "[[", "b=[", "0"};
const std::size_t kCounts[] = {2, 3, 8, 31, 32, 33, 100, 1000, 5000, 70000};

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t b = 0;
  while (b < s.size()) {
    std::size_t e = s.find('\n', b);
    if (e == std::string::npos) e = s.size();
    lines.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) (s += l) += '\n';
  return s;
}

bool ident(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

std::vector<std::string> dictionary(const std::vector<std::string>& seeds) {
  std::vector<std::string> d;
  for (const char* t : kTokens) d.emplace_back(t);
  d.emplace_back(std::string(1, '\0'));
  std::set<std::string> words;
  for (const std::string& s : seeds)
    for (std::size_t i = 0; i < s.size();) {
      if (!ident(s[i]) || (s[i] >= '0' && s[i] <= '9')) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < s.size() && ident(s[j])) ++j;
      if (j - i >= 3) words.insert(s.substr(i, j - i));
      i = j;
    }
  d.insert(d.end(), words.begin(), words.end());
  return d;
}

std::string mutate(const std::string& seed, const std::vector<std::string>& others,
                   const std::vector<std::string>& dict, Rng& rng) {
  std::string s = seed;
  const std::size_t edits = 1 + rng.below(4);
  for (std::size_t e = 0; e < edits; ++e) {
    const std::size_t pos = rng.below(s.size() + 1);
    switch (rng.below(13)) {
      case 0:  // flip a bit
        if (!s.empty()) s[rng.below(s.size())] ^= static_cast<char>(1u << rng.below(8));
        break;
      case 1:  // any byte
        if (!s.empty()) s[rng.below(s.size())] = static_cast<char>(rng.below(256));
        break;
      case 2:
      case 3:  // a token or a word
        s.insert(pos, dict[rng.below(dict.size())]);
        break;
      case 4:  // delete a range
        if (!s.empty()) s.erase(rng.below(s.size()), 1 + rng.below(16));
        break;
      case 5: {  // copy a range elsewhere
        if (s.empty()) break;
        const std::size_t from = rng.below(s.size()), len = 1 + rng.below(64);
        const std::string piece = s.substr(from, len);
        s.insert(rng.below(s.size() + 1), piece);
        break;
      }
      case 6: {  // duplicate, delete or swap lines
        std::vector<std::string> lines = split_lines(s);
        if (lines.empty()) break;
        const std::size_t a = rng.below(lines.size()), b = rng.below(lines.size());
        switch (rng.below(3)) {
          case 0: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(b), lines[a]); break;
          case 1: lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(a)); break;
          default: std::swap(lines[a], lines[b]);
        }
        s = join_lines(lines);
        break;
      }
      case 7: {  // a line of another seed
        if (others.empty()) break;
        const std::vector<std::string> lines = split_lines(others[rng.below(others.size())]);
        if (lines.empty()) break;
        std::vector<std::string> mine = split_lines(s);
        mine.insert(mine.begin() + static_cast<std::ptrdiff_t>(rng.below(mine.size() + 1)), lines[rng.below(lines.size())]);
        s = join_lines(mine);
        break;
      }
      case 8: {  // repeated structure
        const std::string unit = kRepeats[rng.below(std::size(kRepeats))];
        const std::size_t k = kCounts[rng.below(std::size(kCounts))];
        std::string run;
        run.reserve(unit.size() * k + 1);
        for (std::size_t i = 0; i < k; ++i) run += unit;
        if (unit.back() == '.') run += 'z';
        s.insert(pos, run);
        break;
      }
      case 9: {  // a number made extreme
        const std::size_t d = s.find_first_of("0123456789", pos);
        if (d == std::string::npos) break;
        std::size_t end = d;
        while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.')) ++end;
        static const char* const kNumbers[] = {"0", "-1", "1e308", "-1e308", "nan", "inf", "4294967296",
                                               "2147483648", "18446744073709551615", "1e-320", "65536", "30001"};
        s.replace(d, end - d, kNumbers[rng.below(std::size(kNumbers))]);
        break;
      }
      case 10:  // truncate
        s.resize(pos);
        break;
      case 11: {  // a key made long (the "did you mean" path) or a line of control characters
        const std::size_t k = kCounts[rng.below(std::size(kCounts))];
        std::string key(k, 'q');
        if (rng.below(2)) key.replace(0, std::min<std::size_t>(k, 5), "\x1b[2J");
        s.insert(pos, "\n" + key + " = 1\n");
        break;
      }
      default: {  // the same key twice, or a table redefined
        const std::vector<std::string> lines = split_lines(s);
        if (!lines.empty()) s += lines[rng.below(lines.size())] + "\n";
        break;
      }
    }
  }
  return s;
}

}  // namespace cs::fuzz
