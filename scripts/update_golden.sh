#!/usr/bin/env bash
# Rewrites the golden outputs of the tests from the current build. Review the diff like code.
# Usage: scripts/update_golden.sh [PATH/TO/entente]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/dev/entente}
[ -x "$exe" ] || { echo "no binary at $exe; build first (cmake --build --preset dev)" >&2; exit 1; }
"$exe" extract examples/stories --dct 2023-06-02 -j 2 > tests/data/golden/examples.events.jsonl
echo "updated tests/data/golden/examples.events.jsonl ($(wc -l < tests/data/golden/examples.events.jsonl) events)"
git --no-pager diff --stat -- tests/data/golden || true
