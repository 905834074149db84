#include "runner/cli.hpp"

int main(int argc, char** argv) { return cs::run_cli(argc, argv); }
