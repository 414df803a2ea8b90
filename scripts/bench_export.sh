#!/bin/bash
# Export benchmark (issue 7): about 1 million events exported as GraphML, GEXF, CSV and JSON
# (events shape) plus GraphML dyads and the HTML report; prints wall time, peak RSS and file
# size per format. The graph is generated in memory (tests/bench/export_bench.cc --make, the
# generator of graph_gen.cc) and saved as a store snapshot, so each export runs as the CLI
# does: open the store, load the graph, write the file.
#
# Usage: scripts/bench_export.sh [WORKDIR] [EVENTS]     (defaults: build/bench-export, 1010000)
# Needs: the release build (CMake target entente_export_bench, built here with the release
# preset, or BUILD=folder of another build with benchmarks on).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$ROOT/build/bench-export}
EVENTS=${2:-1010000}
BUILD=${BUILD:-$ROOT/build/release}
mkdir -p "$WORK"

echo "== building the benchmark program ($BUILD)"
[ -f "$BUILD/CMakeCache.txt" ] || (cd "$ROOT" && cmake --preset release >/dev/null)
cmake --build "$BUILD" --target entente_export_bench >/dev/null
BENCH=$BUILD/tests/bench/entente_export_bench

STORE="$WORK/export-$EVENTS.db"
if [ ! -f "$STORE" ]; then
  echo "== generating $EVENTS events (seed 42) into the snapshot of $STORE"
  rm -f "$STORE.tmp"*
  /usr/bin/time -f "  generation: %e s, %M KB max RSS" "$BENCH" "$STORE.tmp" --make "$EVENTS" 42
  mv "$STORE.tmp" "$STORE"
  rm -f "$STORE.tmp-wal" "$STORE.tmp-shm"
fi

echo "== exports (whole process: open store + load snapshot + export)"
printf "%-8s %-7s %9s %9s %12s %10s\n" format shape "wall s" "export s" "peak RSS MB" "size MB"
for spec in graphml:events gexf:events csv:events json:events dot:events graphml:dyads html:events; do
  fmt=${spec%%:*}
  shape=${spec##*:}
  out="$WORK/all.$shape.$fmt"
  line=$( { /usr/bin/time -f "TIME %e %M" "$BENCH" "$STORE" "$fmt" "$shape" "$out"; } 2>&1 )
  wall=$(echo "$line" | awk '/^TIME/ {print $2}')
  rss=$(echo "$line" | awk '/^TIME/ {printf "%.0f", $3 / 1024}')
  exp=$(echo "$line" | sed -n 's/.*export_ms \([0-9]*\).*/\1/p')
  size=$(stat -c %s "$out")
  [ "$fmt" = csv ] && size=$((size + $(stat -c %s "$WORK/all.$shape.nodes.csv")))
  printf "%-8s %-7s %9s %9.2f %12s %10.1f\n" "$fmt" "$shape" "$wall" "$(echo "$exp / 1000" | bc -l)" \
    "$rss" "$(echo "$size / 1000000" | bc -l)"
  rm -f "$out" "$WORK/all.$shape.nodes.csv"
done
