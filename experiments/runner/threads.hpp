#pragma once
// How many threads (or parallel jobs) a command uses.
#include <tbb/info.h>

#include <iostream>
#include <string>

namespace cs {

/// `requested` threads (0 = every core), at most the cores this process may use: more would only
/// queue (TBB does not start more workers, and warns). Says so on stderr when a request is
/// lowered, unless `quiet`. `option` names the option in that note ("--jobs").
inline int usable_threads(int requested, const char* option, bool quiet) {
  const int cores = tbb::info::default_concurrency();
  if (requested <= 0) return cores;
  if (requested > cores) {
    if (!quiet)
      std::cerr << "clustersim: note: " << option << ' ' << requested << " is more than the " << cores
                << (cores == 1 ? " core" : " cores") << " this process may use; using " << cores << '\n';
    return cores;
  }
  return requested;
}

}  // namespace cs
