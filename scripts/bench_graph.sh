#!/bin/bash
# Graph benchmark (issue 6): builds a store of >= 1M events with a fixed-seed generator over
# 200 actors, times load, path, temporal path and timeline queries, the whole `path` command
# as a process, and a GraphML export, then runs NetworkX and igraph on the same graph and
# prints the ratios.
#
# Usage: scripts/bench_graph.sh [WORKDIR] [EVENTS]     (defaults: build/bench-graph, 1010000)
# Needs: the release build (CMake targets entente_graph_gen and entente_graph_bench, built
# here with the release preset, or BUILD=folder of another build with benchmarks on);
# /usr/bin/python3 with python3-networkx and python3-igraph for the comparison.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$ROOT/build/bench-graph}
EVENTS=${2:-1010000}
BUILD=${BUILD:-$ROOT/build/release}
mkdir -p "$WORK"

echo "== building the benchmark programs ($BUILD)"
[ -f "$BUILD/CMakeCache.txt" ] || (cd "$ROOT" && cmake --preset release >/dev/null)
cmake --build "$BUILD" --target entente_graph_gen entente_graph_bench >/dev/null
GEN=$BUILD/tests/bench/entente_graph_gen
BENCH=$BUILD/tests/bench/entente_graph_bench

STORE="$WORK/bench-$EVENTS.db"
if [ ! -f "$STORE" ]; then
  echo "== generating $EVENTS events (seed 42) into $STORE"
  "$GEN" "$STORE.tmp" "$EVENTS" 42 1000
  mv "$STORE.tmp" "$STORE"
  rm -f "$STORE.tmp-wal" "$STORE.tmp-shm"
fi

echo "== first load builds the snapshot"
/usr/bin/time -f "first path command: %e s, %M KB max RSS" "$BENCH" "$STORE" --path AAXGOV ABXMIL
echo "== whole \`path\` command, 5 runs (open store + load graph + query + print)"
for i in 1 2 3 4 5; do
  /usr/bin/time -f "  %e s, %M KB max RSS" "$BENCH" "$STORE" --path ACXGOV BXXCVL > /dev/null
done
if [ -x "${ENTENTE:-}" ]; then
  echo "== the real CLI: $ENTENTE --store $STORE path ACXGOV BXXCVL"
  for i in 1 2 3; do /usr/bin/time -f "  %e s" "$ENTENTE" --store "$STORE" path ACXGOV BXXCVL > /dev/null; done
fi

echo "== warm queries (1000 fixed-seed pairs)"
"$BENCH" "$STORE" "$WORK" 1000 | tee "$WORK/entente.txt"

echo "== GraphML export of every event"
/usr/bin/time -f "export: %e s, %M KB max RSS" "$BENCH" "$STORE" --export "$WORK/all.graphml"
ls -l "$WORK/all.graphml" | awk '{printf "export size: %.0f MB\n", $5 / 1e6}'
rm -f "$WORK/all.graphml"

echo "== NetworkX and igraph on the same graph"
/usr/bin/python3 "$ROOT/tests/bench/graph_bench.py" "$WORK" "$WORK/entente.txt"

# The same queries on a store built from real news: ../shared/corpus/wcep.jsonl ingested by the
# CLI (needs ENTENTE=path/to/entente, a release build for meaningful figures).
CORPUS=${WCEP:-$ROOT/../shared/corpus/wcep.jsonl}
if [ -x "${ENTENTE:-}" ] && [ -f "$CORPUS" ]; then
  WSTORE="$WORK/wcep.db"
  if [ ! -f "$WSTORE" ]; then
    echo "== ingesting $CORPUS into $WSTORE"
    /usr/bin/time -f "ingest: %e s, %M KB max RSS" "$ENTENTE" ingest "$CORPUS" --store "$WSTORE" -q
  fi
  "$ENTENTE" stats --store "$WSTORE" --format json | head -c 300; echo
  for q in "timeline USA CHN --by month" "timeline USA --by year" "path USA PRK" \
           "path USA PRK --temporal --from 2010-01-01" "neighbors IRN --depth 2" "stats"; do
    for i in 1 2 3; do
      /usr/bin/time -f "  $q: %e s, %M KB" "$ENTENTE" --store "$WSTORE" $q --format json > /dev/null
    done
  done
fi
