#include "core/memory.hpp"
#include "runner/cli.hpp"

int main(int argc, char** argv) {
  cs::retain_freed_memory();
  return cs::run_cli(argc, argv);
}
