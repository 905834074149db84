// clustersim-bench-input: time and peak memory of the loaders on hostile inputs (docs/reliability.md).
//   clustersim-bench-input [--key-bytes N]
// Each case runs in a child process (fork), so a crash is reported rather than fatal; prints one
// line per case: the time, the child's peak RSS (the program's own pages included), the length of
// the message a user would see and its first line.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "params/load.hpp"

namespace {

struct Case {
  const char* name;
  std::function<std::string()> run;  ///< returns the message the user would see
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t key_bytes = 1'000'000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--key-bytes") key_bytes = std::strtoull(argv[++i], nullptr, 10);

  const std::string long_key(key_bytes, 'w');
  std::string escaped_key = "\x1b[2J\x1b[31m" + long_key;
  const std::vector<Case> cases = {
      {"suggest: unknown key of N bytes vs the schema",
       [&] { return cs::suggest(long_key, {"wage", "markup_min", "markup_max", "tax_rate", "chi"}) + "(no suggestion)"; }},
      {"--set market.<N bytes>=1 (did you mean over every path)",
       [&] {
         cs::Params p;
         return error_of([&] { cs::apply_override(p, "market." + escaped_key, "1"); });
       }},
      {"file: [market] with a key of N bytes",
       [&] { return error_of([&] { cs::parse_params("[market]\n" + long_key + " = 1\n", "long_key.toml"); }); }},
      {"file: header of 60,000 dotted parts (120 KB)",
       [&] {
         std::string t = "[a";
         for (int i = 1; i < 60000; ++i) t += ".a";
         return error_of([&] { cs::parse_params(t + "]\n", "deep.toml"); });
       }},
      {"file: 4 MiB of unknown keys (one problem per line)",
       [&] {
         std::string t;
         for (int i = 0; t.size() < cs::InputLimits::file_bytes - 32; ++i) t += "k" + std::to_string(i) + " = 1\n";
         return error_of([&] { cs::parse_params(t, "many.toml"); });
       }},
      {"file: arrays nested 100,000 deep",
       [&] { return error_of([&] { cs::parse_params("x = " + std::string(100000, '[') + "\n", "nest.toml"); }); }},
  };

  std::printf("%-58s %10s %10s %9s  %s\n", "case", "ms", "peak MB", "msg bytes", "message (first 90 bytes)");
  for (const Case& c : cases) {
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::string msg = c.run();
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      rusage u{};
      getrusage(RUSAGE_SELF, &u);
      const std::string first = cs::printable_text(msg.substr(0, msg.find('\n')), 90);
      std::printf("%-58s %10.1f %10.1f %9zu  %s\n", c.name, ms, static_cast<double>(u.ru_maxrss) / 1024.0, msg.size(),
                  first.c_str());
      std::fflush(stdout);
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) std::printf("%-58s crashed (status %d)\n", c.name, status);
  }
  return 0;
}
