// One loop runs a simulation: cs::Simulation (experiments/simulate/). Every command, the Python
// module and the visualiser build and step their worlds through it, with observers for what they
// record, so a second loop calling make_world and step on a World fails this test. It reads the
// source tree (CLUSTERSIM_SOURCE_DIR).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// A call of the free functions that build and step a World: make_world(...) or step(w...) /
// cs::step(w...), not a member step() (sim.step(), run->step()) and not a declaration.
bool loop_call(std::string line) {
  static const std::regex call(R"((^|[^A-Za-z0-9_.>])(cs::)?(make_world\s*\(|step\s*\(\s*[A-Za-z_*][A-Za-z0-9_.>\[\]-]*\s*[,)]))");
  if (const auto c = line.find("//"); c != std::string::npos) line.resize(c);
  return std::regex_search(line, call);
}

// What may build or step a World outside the Simulation, and why.
bool allowed(const std::string& rel) {
  return rel.rfind("experiments/simulate/", 0) == 0  // the loop itself
         || rel == "bench/bench_main.cpp";            // the benchmark times bare steps, phase by phase
}

}  // namespace

TEST_CASE("the check finds a loop's calls and nothing else") {
  CHECK(loop_call("  World w = make_world(p);"));
  CHECK(loop_call("    step(w);"));
  CHECK(loop_call("  for (int s = 0; s < n; ++s) cs::step(run->world, hook);"));
  CHECK_FALSE(loop_call("  sim.step();"));
  CHECK_FALSE(loop_call("  policy_->sim.step();"));
  CHECK_FALSE(loop_call("  void step(int n) {"));
  CHECK_FALSE(loop_call("void step(World& w, const PhaseHook& after_phase = {});"));
  CHECK_FALSE(loop_call("  // make_world(p) is called by Simulation"));
}

TEST_CASE("no simulation loop outside cs::Simulation") {
  const fs::path root = CLUSTERSIM_SOURCE_DIR;
  std::vector<std::string> found;
  std::size_t files = 0;
  for (const char* dir : {"experiments", "viz", "python", "policies", "bench"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
      const std::string rel = fs::relative(e.path(), root).generic_string();
      if (allowed(rel)) continue;
      ++files;
      std::ifstream in(e.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n)
        if (loop_call(line)) found.push_back(rel + ":" + std::to_string(n) + ": " + line);
    }
  }
  CHECK(files > 50);  // the tree was found
  if (!found.empty()) {
    std::string all;
    for (const std::string& f : found) all += f + "\n";
    FAIL("make_world or step outside cs::Simulation (use Simulation and an Observer):\n" << all);
  }
}
