#pragma once
// The evaluation cache of a calibration: one line per evaluation, appended and flushed as soon as
// it is computed, so a killed calibration loses only the evaluation in flight. A line is
//   <key, 16 hex digits> <replications> <targets> <value>... #<checksum, 16 hex digits>
// with every moment of every replication as a C99 hexadecimal float (exact). A line without its
// newline or with a wrong checksum (the process was killed while writing it) is ignored.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cs::calib {

/// Moments of one evaluation: reps[r][k] = target k in replication r.
using RepMoments = std::vector<std::vector<double>>;

class Journal {
 public:
  /// Opens (creating when missing) the journal at `path` and reads its complete lines.
  explicit Journal(std::filesystem::path path);
  /// The moments stored under `key`, if any.
  std::optional<RepMoments> find(std::uint64_t key) const;
  /// Appends an evaluation and flushes it to the file. Throws std::runtime_error on failure.
  void append(std::uint64_t key, const RepMoments& m);
  /// Complete lines read when opened.
  std::size_t entries_read() const { return read_; }

 private:
  std::filesystem::path path_;
  std::unordered_map<std::uint64_t, RepMoments> map_;
  std::ofstream out_;
  std::size_t read_ = 0;
};

/// The text of one journal line (without the newline); exposed for tests.
std::string journal_line(std::uint64_t key, const RepMoments& m);
/// Parses a journal line; nothing when it is malformed or its checksum does not match.
std::optional<std::pair<std::uint64_t, RepMoments>> parse_journal_line(const std::string& line);

}  // namespace cs::calib
