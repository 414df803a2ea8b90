#!/usr/bin/env bash
# End-to-end benchmark: codes a story collection (default: ../shared/corpus/wcep.jsonl) with
# `entente extract` (read, split, date, actors, events, JSON out) with -j 1 and -j 2, and prints
# stories/s, sentences/s, events/s, MB/s and peak memory. Append the figures to
# tests/bench/RESULTS.md with the commit and machine.
#
# Figures per CPU-second (user + system time of the process) are what one core does and are
# stable on a shared machine; figures per wall-second show what -j 2 gains. Each setting runs
# REPEAT times (default 3); the best CPU time and the best wall time are kept.
# Usage: scripts/bench.sh [COLLECTION.jsonl]
#   ENTENTE=path/to/entente (default build/release/entente, built with the release preset)
#   REPEAT=N
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/wcep.jsonl}
repeat=${REPEAT:-3}
[ -f "$corpus" ] || { echo "bench: no corpus at $corpus" >&2; exit 1; }
exe=${ENTENTE:-build/release/entente}
if [ -z "${ENTENTE:-}" ] && [ ! -x "$exe" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target entente_cli
fi
[ -x "$exe" ] || { echo "bench: no entente binary at $exe" >&2; exit 1; }
bytes=$(stat -c %s "$corpus")
stories=$(grep -c . "$corpus")
sentences=$("$exe" sentences "$corpus" 2>/dev/null | wc -l)
echo "corpus: $corpus, $stories stories, $sentences sentences, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB; $exe; best of $repeat"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
declare -A wall_of
for j in 1 2; do
  best_cpu="" best_wall="" peak=0 events=0
  for ((r = 0; r < repeat; ++r)); do
    /usr/bin/time -f "%U %S %e %M" -o "$tmp/time" "$exe" extract "$corpus" -j "$j" -q \
      > "$tmp/out" 2>/dev/null || true
    read -r user sys wall kb < "$tmp/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; fi
    (( kb > peak )) && peak=$kb
    events=$(wc -l < "$tmp/out")
  done
  wall_of[$j]=$best_wall
  awk -v c="$best_cpu" -v w="$best_wall" -v kb="$peak" -v st="$stories" -v se="$sentences" \
      -v ev="$events" -v b="$bytes" -v j="$j" 'BEGIN {
    printf "extract -j %d: %d events; CPU %.2f s: %.1f MB/s, %.0f stories/s, %.0f sentences/s, %.0f events/s per CPU-second\n",
      j, ev, c, b / 1e6 / c, st / c, se / c, ev / c
    printf "              wall %.2f s: %.1f MB/s, %.0f stories/s, %.0f sentences/s, %.0f events/s; peak memory %.1f MB\n",
      w, b / 1e6 / w, st / w, se / w, ev / w, kb / 1024 }'
done
awk -v a="${wall_of[1]}" -v b="${wall_of[2]}" 'BEGIN {
  printf "-j 2 speed-up (wall -j 1 / wall -j 2): %.2fx (2 cores; less when other jobs load them)\n", a / b }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
