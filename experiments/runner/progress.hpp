#pragma once
// The single updating progress line on stderr ("step 12/240  5.0 %  40.1 steps/s  ETA 0:00:05"),
// shown only when enabled (the callers enable it when stderr is a terminal and not --quiet).
// update() may be called from several threads.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>

namespace cs {

class ProgressLine {
 public:
  /// `what` names the unit in the singular ("step", "run"); the line is redrawn at most every `every`.
  ProgressLine(bool enabled, std::size_t total, const char* what, std::chrono::milliseconds every)
      : on_(enabled), total_(total), what_(what), every_(every), t0_(Clock::now()), last_(t0_) {}

  void update(std::size_t done) {
    if (!on_) return;
    std::lock_guard lock(m_);
    const auto now = Clock::now();
    if (done < total_ && now - last_ < every_) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - t0_).count();
    const double rate = secs > 0 ? done / secs : 0;
    char eta[32] = "--:--";
    if (rate > 0) {
      const long s = std::lround((total_ - done) / rate);
      std::snprintf(eta, sizeof eta, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    }
    char line[160];
    std::snprintf(line, sizeof line, "\r%s %zu/%zu  %5.1f %%  %.2f %ss/s  ETA %s   ", what_, done, total_,
                  total_ ? 100.0 * done / total_ : 100.0, rate, what_, eta);
    std::cerr << line << std::flush;
  }

  /// Erases the line so that later output starts clean.
  void finish() {
    if (on_) std::cerr << '\r' << std::string(79, ' ') << '\r' << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool on_;
  std::size_t total_;
  const char* what_;
  std::chrono::milliseconds every_;
  std::mutex m_;
  Clock::time_point t0_, last_;
};

}  // namespace cs
