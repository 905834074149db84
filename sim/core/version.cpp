#include "core/version.hpp"

namespace cs {

const char* version() { return CLUSTERSIM_VERSION; }

const char* git_commit() { return CLUSTERSIM_GIT; }

}  // namespace cs
