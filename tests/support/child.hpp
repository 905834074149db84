#pragma once
// Running bin/clustersim as a child process: to signal it mid-run, to see what it prints on
// stderr (TBB writes its warnings there directly), or to run it as an unprivileged user.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "support/cli.hpp"

namespace cs::test {

/// bin/clustersim of this build.
inline std::string clustersim_bin() { return (std::filesystem::path(CLUSTERSIM_BIN_DIR) / "clustersim").string(); }

/// Starts bin/clustersim with `args`, stdout and stderr into the files `out` and `err`. With
/// `as_nobody` (and when this process is root) the child runs as uid/gid 65534.
inline pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& out,
                   const std::filesystem::path& err, bool as_nobody = false) {
  const std::string bin = clustersim_bin();
  std::vector<std::string> a{bin};
  a.insert(a.end(), args.begin(), args.end());
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(126);
    if (as_nobody && ::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(126);
    std::vector<char*> argv;
    for (std::string& s : a) argv.push_back(s.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

/// Waits for the child; its exit code, or 128 + the signal that ended it.
inline int wait_child(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Runs bin/clustersim to the end; its exit code, stdout and stderr.
struct ChildResult {
  int code = -1;
  std::string out, err;
};
inline ChildResult run_child(const std::vector<std::string>& args, const std::filesystem::path& scratch,
                             bool as_nobody = false) {
  const auto out = scratch / "child.out", err = scratch / "child.err";
  ChildResult r;
  r.code = wait_child(spawn(args, out, err, as_nobody));
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

/// Polls `ready` every 2 ms until it holds, the child exits, or `limit` passes; true if it held
/// while the child still ran.
inline bool wait_until(pid_t pid, const std::function<bool()>& ready,
                       std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) != 0) return false;  // ended (and reaped: do not wait again)
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

}  // namespace cs::test
