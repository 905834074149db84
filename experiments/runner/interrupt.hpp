#pragma once
// Ctrl-C (SIGINT) and SIGTERM during `run` and `compare`: the first one asks the command to stop
// at the next safe point (the end of a month) instead of killing it mid-write; a second one kills
// the process as usual.
namespace cs {

/// While one exists, SIGINT and SIGTERM set a flag (interrupt_signal() turns non-zero) instead of
/// ending the process; each handler removes itself when it fires, so a second signal ends the
/// process. Restores the previous handlers when destroyed. Not nestable; main thread only.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

/// The signal received since the guard was made (SIGINT, SIGTERM), or 0. Safe from any thread.
int interrupt_signal();

/// "SIGINT" or "SIGTERM" (or "signal N").
const char* interrupt_name(int sig);

/// Thrown by work that noticed interrupt_signal() and stopped.
struct Interrupted {
  int signal;
};

}  // namespace cs
