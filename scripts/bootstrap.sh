#!/usr/bin/env bash
# Sets up a bare Debian machine for ClusterSim and runs a make target:
#   bash scripts/bootstrap.sh demo    # = make demo
#   bash scripts/bootstrap.sh test    # = make test
# It installs `make` if missing (via sudo when not root); the Makefile's `deps` target then
# installs the libraries. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v make >/dev/null 2>&1; then
  echo "Installing make"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq make
fi
exec make "$@"
