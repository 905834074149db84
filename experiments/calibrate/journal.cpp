#include "calibrate/journal.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "sweep/experiment.hpp"

namespace cs::calib {

namespace {

std::string hex64(std::uint64_t v) {
  char b[17];
  std::snprintf(b, sizeof b, "%016" PRIx64, v);
  return b;
}

}  // namespace

std::string journal_line(std::uint64_t key, const RepMoments& m) {
  std::string s = hex64(key) + ' ' + std::to_string(m.size()) + ' ' + std::to_string(m.empty() ? 0 : m[0].size());
  char b[64];
  for (const auto& rep : m)
    for (double v : rep) {
      std::snprintf(b, sizeof b, " %a", v);  // exact; NaN and infinities as nan, inf
      s += b;
    }
  return s + " #" + hex64(sweep::fnv1a(s));
}

std::optional<std::pair<std::uint64_t, RepMoments>> parse_journal_line(const std::string& line) {
  const auto hash = line.rfind(" #");
  if (hash == std::string::npos || line.size() != hash + 18) return std::nullopt;
  const std::string body = line.substr(0, hash);
  if (hex64(sweep::fnv1a(body)) != line.substr(hash + 2)) return std::nullopt;
  std::istringstream in(body);
  std::string key, word;
  std::size_t reps = 0, targets = 0;
  if (!(in >> key >> reps >> targets) || key.size() != 16) return std::nullopt;
  RepMoments m(reps, std::vector<double>(targets));
  for (auto& rep : m)
    for (double& v : rep) {
      if (!(in >> word)) return std::nullopt;
      v = std::strtod(word.c_str(), nullptr);
    }
  return std::pair{std::strtoull(key.c_str(), nullptr, 16), std::move(m)};
}

Journal::Journal(std::filesystem::path path) : path_(std::move(path)) {
  bool ends_clean = true;
  {
    std::ifstream in(path_, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t eol = text.find('\n', pos);
      if (eol == std::string::npos) {  // killed while writing this line
        ends_clean = false;
        break;
      }
      if (auto e = parse_journal_line(text.substr(pos, eol - pos))) {
        map_.insert_or_assign(e->first, std::move(e->second));
        ++read_;
      }
      pos = eol + 1;
    }
  }
  out_.open(path_, std::ios::binary | std::ios::app);
  if (!out_) throw std::runtime_error("cannot open " + path_.string() + " for appending");
  if (!ends_clean) out_ << '\n';  // the partial line becomes a line of its own, ignored when read
}

std::optional<RepMoments> Journal::find(std::uint64_t key) const {
  const auto it = map_.find(key);
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

void Journal::append(std::uint64_t key, const RepMoments& m) {
  out_ << journal_line(key, m) << '\n';
  out_.flush();
  if (!out_) throw std::runtime_error("cannot write " + path_.string());
  map_.insert_or_assign(key, m);
}

}  // namespace cs::calib
