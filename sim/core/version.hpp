#pragma once
// What build this is, for manifests, locks and --version. Defined in version.cpp, the one file
// compiled with the commit, so configuring at a new commit recompiles that file, not the project.
namespace cs {

/// The project version from CMakeLists.txt, e.g. "0.1.0".
const char* version();

/// The short git commit at which the build was configured, or "unknown" outside a git checkout.
const char* git_commit();

}  // namespace cs
