#!/usr/bin/env bash
# End-to-end benchmark: codes a story collection (default: ../shared/corpus/wcep.jsonl) with
# the release build, with -j 1 and -j 2, and prints stories/s, sentences/s, events/s, MB/s and
# peak memory. Append the figures to tests/bench/RESULTS.md with the commit and machine.
# Usage: scripts/bench.sh [COLLECTION.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/wcep.jsonl}
[ -f "$corpus" ] || { echo "bench: no corpus at $corpus" >&2; exit 1; }
if [ ! -x build/release/entente ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target entente_cli
fi
exe=build/release/entente
bytes=$(stat -c %s "$corpus")
stories=$(grep -c . "$corpus")
sentences=$("$exe" sentences "$corpus" 2>/dev/null | wc -l)
echo "corpus: $corpus, $stories stories, $sentences sentences, $((bytes / 1000000)) MB"
for j in 1 2; do
  out=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$out.time" "$exe" extract "$corpus" -j $j -q > "$out" 2>/dev/null || true
  read -r secs kb < "$out.time"
  events=$(wc -l < "$out")
  awk -v s="$secs" -v kb="$kb" -v st="$stories" -v se="$sentences" -v ev="$events" -v b="$bytes" -v j="$j" 'BEGIN {
    printf "extract -j %d: %.2f s, %.1f MB/s, %.0f stories/s, %.0f sentences/s, %.0f events/s (%d events), peak %.0f MB\n",
      j, s, b / 1e6 / s, st / s, se / s, ev / s, ev, kb / 1024 }'
  rm -f "$out" "$out.time"
done
