#pragma once
// The `clustersim` command-line program: `run` (one simulation, writing its files), `validate`
// (check scenario files), `sweep` and `sweep-merge` (experiments, see sweep/engine.hpp), `compare`,
// `rate` and `calibrate` (calibrate/engine.hpp).
// Everything returns an exit code; nothing calls exit().
namespace cs {

/// Parses argv and runs the subcommand. Exit codes: 0 success, 1 runtime error (I/O, model),
/// 2 usage or configuration error (bad option, invalid scenario, `validate` found problems).
int run_cli(int argc, char** argv);

}  // namespace cs
