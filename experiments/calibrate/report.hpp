#pragma once
// The files a calibration writes (fit.csv, trace.csv, parameters.csv, identification.csv,
// best.toml, manifest.json) and the summary it prints. Every file but the manifest is a pure
// function of the calibration file and the program, so a resumed calibration writes the same
// bytes; the manifest adds wall time, jobs and the command line.
#include <filesystem>
#include <string>
#include <vector>

#include "calibrate/diagnostics.hpp"
#include "calibrate/optimise.hpp"

namespace cs::calib {

/// File names in the output directory.
inline constexpr const char* kFitFile = "fit.csv";
inline constexpr const char* kTraceFile = "trace.csv";
inline constexpr const char* kParametersFile = "parameters.csv";
inline constexpr const char* kIdentificationFile = "identification.csv";
inline constexpr const char* kBestFile = "best.toml";
inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kJournalFile = "journal.txt";
inline constexpr const char* kLockFile = "calibration.lock";

/// Run facts the manifest records.
struct RunInfo {
  int jobs = 1, ranks = 1;
  double wall_seconds = 0;
  std::string started_at;
  std::vector<std::string> command_line;
  std::size_t computed = 0, cached = 0;  ///< evaluations run now / read from the journal
};

/// Writes every output file into `dir` (each through a temporary renamed into place); returns
/// their names.
std::vector<std::string> write_outputs(const Calibration& c, const std::vector<Evaluation>& trace,
                                       const SearchResult& s, const Diagnostics& d, const std::filesystem::path& dir,
                                       const RunInfo& info);

/// The fit table and the parameter table, as printed at the end.
std::string summary_text(const Calibration& c, const Evaluation& best, const Diagnostics& d);

}  // namespace cs::calib
