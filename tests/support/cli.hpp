#pragma once
// Helpers for tests that drive the command-line program in process: a scratch directory, reading
// a whole file, and calling run_cli with an argument list.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "runner/cli.hpp"

namespace cs::test {

/// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  /// `prefix` names the test file, `tag` the test; the process id keeps parallel ctest runs apart.
  TempDir(const std::string& prefix, const std::string& tag) {
    std::string name = "clustersim_test_";
    name += prefix;
    name += '_';
    name += tag;
    name += '_';
    name += std::to_string(::getpid());
    path = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

/// The whole file as bytes.
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Calls run_cli with the given arguments (argv[0] = "clustersim").
inline int cli(std::vector<std::string> args) {
  args.insert(args.begin(), "clustersim");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return cs::run_cli(static_cast<int>(args.size()), argv.data());
}

/// The lines of a text file.
inline std::vector<std::string> lines(const std::filesystem::path& p) {
  std::vector<std::string> v;
  std::ifstream in(p);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

/// The comma-separated fields of a CSV line without quoted commas (a trailing comma gives an
/// empty last field).
inline std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> v;
  std::stringstream in(s);
  for (std::string f; std::getline(in, f, ',');) v.push_back(f);
  if (!s.empty() && s.back() == ',') v.emplace_back();
  return v;
}

}  // namespace cs::test
