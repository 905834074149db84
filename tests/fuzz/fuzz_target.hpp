#pragma once
// One fuzz input through the loaders, as a user's file or --set would reach them: a scenario, a
// list of --set overrides, an experiment or a calibration. Used by the seeded mutator
// (clustersim-fuzz, run from ctest and by make fuzz).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace cs::fuzz {

/// What a fuzz input is.
enum class Kind { scenario, set, experiment, calibration };
inline constexpr Kind kKinds[] = {Kind::scenario, Kind::set, Kind::experiment, Kind::calibration};
const char* kind_name(Kind k);

/// How one input ended. Anything but a clean rejection or acceptance is a finding.
enum class Outcome {
  accepted,       ///< valid
  rejected,       ///< a ConfigError whose every problem names the file (or --set / the option)
  other_error,    ///< some other exception: not a crash, but not a clean rejection either
  books_failure,  ///< a valid scenario whose short run broke the books or produced NaN
};

/// The working folder: the input is written there as `input.toml` beside `scenario.toml` and
/// `targets.toml` (what seeds' base = and targets = point to), then loaded from the file.
struct Env {
  std::filesystem::path work;
  /// Also run each valid scenario, cut to at most 8 clusters of 60 firms, 6 months of burn-in and
  /// 6 months, with its books checked every month.
  bool run_model = false;
};

/// Writes the support files into env.work (created if missing).
void prepare(const Env& env);

/// Feeds `text` as `kind` and reports how it ended; `detail` gets the message of a finding.
Outcome fuzz_one(const Env& env, Kind kind, std::string_view text, std::string& detail);

}  // namespace cs::fuzz
