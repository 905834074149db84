// What reaches the TOML parser, and what goes back out in messages. Configuration files are read
// with a size bound and scanned for keys, nesting and tokens beyond InputLimits before toml++ sees
// them: toml++ recurses once per part of a dotted key and per nested table, so a file of 60,000
// dotted parts (120 KB) overflowed the stack inside the parser; no limit is near what a scenario
// needs. Echoed text is escaped and shortened; suggestions are bounded by the candidates' length.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "params/load.hpp"

namespace cs {

std::string with_thousands(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

namespace {

bool bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/// Length of the UTF-8 sequence that starts at s[i], or 0 when it is not a valid one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3;
  else if (c >= 0xF0 && c <= 0xF4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

namespace {

/// `s` with control characters and invalid UTF-8 escaped, at most about `max_bytes`; true when cut.
bool escape_into(std::string& out, std::string_view s, std::size_t max_bytes) {
  const std::size_t base = out.size();
  std::size_t i = 0;
  while (i < s.size()) {
    if (out.size() - base >= max_bytes) return true;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c == '\t') {
      out += "\\t";
      ++i;
    } else if (const std::size_t n = c >= 0x80 ? utf8_length(s, i) : 0; n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
      ++i;
    }
  }
  return false;
}

}  // namespace

std::string printable_text(std::string_view s, std::size_t max_bytes) {
  std::string out;
  if (escape_into(out, s, max_bytes)) out += "... (" + with_thousands(s.size()) + " bytes)";
  return out;
}

std::string quote_text(std::string_view s, std::size_t max_bytes, char quote) {
  std::string out(1, quote);
  if (escape_into(out, s, max_bytes)) return out + "..." + quote + " (" + with_thousands(s.size()) + " bytes)";
  return out + quote;
}

void check_toml_input(std::string_view t, const std::string& source) {
  using L = InputLimits;
  if (t.size() > L::file_bytes)
    throw ConfigError({ConfigIssue{source, 0, 0, "",
                                   "the file holds " + with_thousands(t.size()) + " bytes; a configuration file may hold at most " +
                                       with_thousands(L::file_bytes) + " (docs/reliability.md)"}});
  std::size_t line = 1, line_start = 0;
  auto fail = [&](std::size_t pos, const std::string& msg) {
    throw ConfigError({ConfigIssue{source, static_cast<int>(line), static_cast<int>(pos - line_start + 1), "",
                                   msg + " (docs/reliability.md)"}});
  };
  // A dotted chain is tokens (bare keys or strings) joined by dots: `a.b."c"`; numbers such as 1.5
  // count as two parts, which no limit here is near.
  std::size_t depth = 0, chain = 0;
  bool after_dot = false;
  auto token = [&](std::size_t start, std::size_t end) {
    if (end - start > L::token_bytes)
      fail(start, "a string, key or value of " + with_thousands(end - start) + " bytes; the limit is " +
                      with_thousands(L::token_bytes));
    chain = after_dot ? chain + 1 : 1;
    after_dot = false;
    if (chain > L::key_parts)
      fail(start, "a dotted key or [table] header with more than " + std::to_string(L::key_parts) + " parts");
  };
  const std::size_t n = t.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = t[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
      chain = 0;
      after_dot = false;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#') {
      while (i < n && t[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const std::size_t start = i;
      const std::size_t start_line = line, start_col = i - line_start;
      if (i + 2 < n && t[i + 1] == c && t[i + 2] == c) {  // multi-line string
        i += 3;
        while (i < n) {
          if (t[i] == c && i + 2 < n && t[i + 1] == c && t[i + 2] == c) {
            i += 3;
            for (int extra = 0; extra < 2 && i < n && t[i] == c; ++extra) ++i;  // """" ends with a quote
            break;
          }
          if (c == '"' && t[i] == '\\' && i + 1 < n && t[i + 1] != '\n') ++i;
          if (t[i] == '\n') {
            ++line;
            line_start = i + 1;
          }
          ++i;
        }
      } else {
        ++i;
        while (i < n && t[i] != c && t[i] != '\n') {
          if (c == '"' && t[i] == '\\' && i + 1 < n && t[i + 1] != '\n') ++i;
          ++i;
        }
        if (i < n && t[i] == c) ++i;
      }
      if (i - start > L::token_bytes) {  // report where the string began
        line = start_line;
        line_start = start - start_col;
      }
      token(start, i);
    } else if (bare_key_char(c)) {
      const std::size_t start = i;
      while (i < n && bare_key_char(t[i])) ++i;
      token(start, i);
    } else if (c == '.') {
      after_dot = chain > 0;
      ++i;
    } else {
      if (c == '[' || c == '{') {
        if (++depth > L::nesting)
          fail(i, "arrays, tables and inline tables nested more than " + std::to_string(L::nesting) + " deep");
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
      chain = 0;
      after_dot = false;
      ++i;
    }
  }
}

std::string read_config_text(const std::string& path, const char* what) {
  namespace fs = std::filesystem;
  const std::string w = what;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw ConfigError({ConfigIssue{path, 0, 0, "", "cannot open " + w + ": no such file"}});
  if (fs::is_directory(path, ec)) throw ConfigError({ConfigIssue{path, 0, 0, "", "cannot open " + w + ": is a directory"}});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({ConfigIssue{path, 0, 0, "", "cannot open " + w + ": " + std::strerror(errno)}});
  // Read at most one byte beyond the limit: a pipe or a device has no size to check beforehand.
  std::string text;
  char buf[1 << 16];
  while (in && text.size() <= InputLimits::file_bytes) {
    in.read(buf, sizeof buf);
    text.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw ConfigError({ConfigIssue{path, 0, 0, "", "cannot read " + w}});
  if (text.size() > InputLimits::file_bytes)
    throw ConfigError({ConfigIssue{path, 0, 0, "",
                                   "the " + w + " is larger than " + with_thousands(InputLimits::file_bytes) +
                                       " bytes, the most a configuration file may hold (docs/reliability.md)"}});
  return text;
}

namespace {

/// Optimal-string-alignment distance between a and b, or any value above `cap` once it is
/// certain to exceed `cap`. Three rows of |b| + 1 (the transposition looks two rows back).
std::size_t osa_distance(std::string_view a, std::string_view b, std::size_t cap) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  std::size_t prev_min = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    // Costs only add up along an alignment, and every alignment passes through row i or row i - 1
    // (a transposition jumps over one row, never two): the distance is at least the smaller minimum.
    if (row_min > cap && prev_min > cap) return cap + 1;
    prev_min = row_min;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  return osa_distance(a, b, std::numeric_limits<std::size_t>::max() - 1);
}

std::string suggest(std::string_view key, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(2, key.size() / 3);
  std::string best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length: such candidates cannot win.
    const std::size_t gap = c.size() > key.size() ? c.size() - key.size() : key.size() - c.size();
    if (gap >= best_d) continue;
    const std::size_t dist = osa_distance(key, c, best_d - 1);
    if (dist < best_d) {
      best_d = dist;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& s) {
  return s.empty() ? std::string{} : "; did you mean '" + s + "'?";
}

std::optional<ConfigIssue> resolved_size_issue(const Params& p, const std::string& source,
                                               const std::map<std::string, ConfigIssue>& positions) {
  const std::size_t bytes = to_toml(p).size();
  if (bytes <= InputLimits::file_bytes) return std::nullopt;
  ConfigIssue at{source, 0, 0, "cluster", ""};
  for (auto it = positions.lower_bound("cluster["); it != positions.end() && it->first.rfind("cluster[", 0) == 0; ++it)
    if (at.line == 0 || std::tie(it->second.file, it->second.line) < std::tie(at.file, at.line)) {
      at.file = it->second.file;
      at.line = it->second.line;
      at.column = it->second.column;
    }
  at.message = "the resolved configuration of these " + std::to_string(p.clusters.size()) +
               " [[cluster]] tables (every parameter of each, as manifests and best.toml write it) would take " +
               with_thousands(bytes) + " bytes, more than the " + with_thousands(InputLimits::file_bytes) +
               " a configuration file may hold, so it could not be read back; give similar clusters one table with "
               "`replicas` (docs/reliability.md)";
  return at;
}

}  // namespace cs
