#!/usr/bin/env bash
# Fault injection: `entente ingest` killed with SIGKILL at random times must leave a store that
# opens (`entente stats`), passes `PRAGMA integrity_check` and holds exactly the stories whose
# transaction committed (with -j 1, a prefix of the input), each with all of its events.
#
# Usage: scripts/kill_test.sh [TRIALS=200] [STORIES=800]
# Environment: ENTENTE=path/to/entente (default build/dev/entente, built if missing),
#              KILL_TEST_SEED (default 1), KILL_TEST_CORPUS (a JSONL file; default
#              ../shared/corpus/wcep.jsonl when present, else examples/ repeated with new ids).
# Odd trials start from an empty store, even trials resume the store the previous kill left,
# so recovery of an interrupted write-ahead log is exercised too. Prints the trial count and
# every violation; exits 1 on any violation.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
trials=${1:-200}
nstories=${2:-800}
RANDOM=${KILL_TEST_SEED:-1}
command -v sqlite3 >/dev/null || { echo "kill_test: needs sqlite3 (scripts/setup.sh)" >&2; exit 1; }

exe=${ENTENTE:-$root/build/dev/entente}
if [ ! -x "$exe" ]; then
  cmake --preset dev >/dev/null && cmake --build build/dev -j2 --target entente_cli >/dev/null || exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private copy: a rebuild of build/dev during the run must not change the binary under test.
cp "$exe" "$work/entente"
exe=$work/entente

# The story collection.
corpus=${KILL_TEST_CORPUS:-$root/../shared/corpus/wcep.jsonl}
if [ -f "$corpus" ]; then
  head -n "$nstories" "$corpus" > "$work/stories.jsonl"
else
  # examples/ stories (text files) as JSON Lines, repeated with new ids until nstories lines.
  python3 - "$root/examples/stories" "$nstories" > "$work/stories.jsonl" <<'EOF'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
texts = [(f, open(os.path.join(d, f), encoding="utf-8").read())
         for f in sorted(os.listdir(d)) if f.endswith(".txt")]
for i in range(n):
    f, t = texts[i % len(texts)]
    print(json.dumps({"id": f"kill-{i:05d}-{f[:-4]}", "date": f[:10], "text": t}))
EOF
fi
lines=$(wc -l < "$work/stories.jsonl")

# Per-story figures of a store: id, events column, event sources actually stored.
story_rows() {
  sqlite3 -batch "$1" "SELECT s.id || '|' || s.events || '|' ||
    (SELECT count(*) FROM event_sources e WHERE e.story_id = s.id) FROM stories s ORDER BY s.id"
}

# The reference: one uninterrupted ingest of the same stories.
start=$(date +%s.%N)
"$exe" ingest "$work/stories.jsonl" --store "$work/ref.db" -j 1 -q || { echo "kill_test: reference ingest failed" >&2; exit 1; }
ref_secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
story_rows "$work/ref.db" | LC_ALL=C sort > "$work/ref.rows"
# Input order of the ids (JSON Lines: the "id" field), for the prefix check.
python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(line)["id"])' "$work/stories.jsonl" > "$work/order.ids"
echo "kill_test: $lines stories, reference ingest ${ref_secs}s, $(wc -l < "$work/ref.rows") stories stored, $trials trials"

violations=0
violate() { echo "trial $1: VIOLATION: $2"; violations=$((violations + 1)); }
db=$work/trial.db
total_committed=0
for ((t = 1; t <= trials; t++)); do
  if ((t % 2 == 1)); then rm -f "$db" "$db-wal" "$db-shm"; fi
  # Kill at a uniform random time in [0, 1.1 x the reference time].
  delay=$(awk -v r="$RANDOM" -v s="$ref_secs" 'BEGIN { printf "%.3f", (r / 32767.0) * s * 1.1 }')
  "$exe" ingest "$work/stories.jsonl" --store "$db" -j 1 -q 2> "$work/ingest.err" &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rc=$?
  if [ "$rc" != 137 ] && [ "$rc" != 0 ]; then
    violate "$t" "ingest exited $rc before the kill: $(head -c 300 "$work/ingest.err")"
  fi
  if [ ! -e "$db" ]; then continue; fi  # killed before the store was created
  if ! "$exe" stats --store "$db" > "$work/stats.out" 2> "$work/stats.err"; then
    violate "$t" "stats fails: $(head -c 300 "$work/stats.err")"
    continue
  fi
  ic=$(sqlite3 -batch "$db" "PRAGMA integrity_check" 2>&1)
  [ "$ic" = ok ] || violate "$t" "integrity_check: $ic"
  story_rows "$db" | LC_ALL=C sort > "$work/trial.rows"
  n=$(wc -l < "$work/trial.rows")
  total_committed=$((total_committed + n))
  # Every stored story has exactly the events of the reference ingest.
  bad=$(LC_ALL=C comm -23 "$work/trial.rows" "$work/ref.rows")
  [ -z "$bad" ] || violate "$t" "stories differ from the reference (id|events|sources): $(echo "$bad" | head -3 | tr '\n' ' ')"
  # The committed stories are the first n of the input (one transaction per story, in order).
  if ! diff -q <(cut -d'|' -f1 "$work/trial.rows" | LC_ALL=C sort) \
      <(head -n "$n" "$work/order.ids" | LC_ALL=C sort) >/dev/null; then
    violate "$t" "the $n stored stories are not the first $n of the input"
  fi
  # Merged events account for every stored event source.
  sums=$(sqlite3 -batch "$db" "SELECT (SELECT count(*) FROM event_sources) = (SELECT COALESCE(sum(count), 0) FROM events)")
  [ "$sums" = 1 ] || violate "$t" "merged event counts do not add up to the event sources"
done

# Finally, resuming after the last kill gives the reference store.
"$exe" ingest "$work/stories.jsonl" --store "$db" -j 1 -q || violate end "final resume ingest failed"
story_rows "$db" | LC_ALL=C sort > "$work/final.rows"
diff -q "$work/final.rows" "$work/ref.rows" >/dev/null || violate end "resumed store differs from the reference"
echo "kill_test: $trials trials, $total_committed committed stories checked, $violations violations"
[ "$violations" = 0 ]
