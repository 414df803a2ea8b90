#!/usr/bin/env bash
# Sets up, configures the dev preset (Debug, warnings as errors), builds and runs the tests.
# Usage: scripts/test.sh [--asan]   (--asan: the AddressSanitizer + UBSan build instead)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
preset=dev
[ "${1:-}" = "--asan" ] && preset=asan
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset"
