#!/usr/bin/env bash
# Extraction on Dask into PostgreSQL gives the store a single `entente ingest` builds into
# SQLite (tests/cli_tests.cmake, cli.distributed, run by scripts/pg_cluster.sh):
#   distributed.sh ENTENTE_EXE EXAMPLES_DIR
# 1. 2 local Dask workers -> PostgreSQL: stats, timeline USA CHN, path for 30 random pairs and
#    every export format byte-identical to the SQLite store of the same input;
# 2. 4 concurrent `ingest --events` on overlapping parts of the stream equal one;
# 3. a worker killed (SIGKILL) mid-run: its shards run again, nothing lost or doubled.
# Exit 77 (skipped) only when Dask distributed or PostgreSQL is not installed.
set -uo pipefail
exe=$1 examples=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
fail() { echo "distributed: $*"; exit 1; }
if ! $py -c "import distributed" 2>/dev/null; then
  echo "distributed: SKIPPED: python3-distributed is not installed (scripts/setup.sh installs it)"
  exit 77
fi
[ -n "${ENTENTE_TEST_PG:-}" ] || fail "ENTENTE_TEST_PG is not set: run through scripts/pg_cluster.sh"
d=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$d"
}
trap cleanup EXIT
cd "$d" || exit 1
export ENTENTE="$exe"
# Shard folders of workers killed on purpose stay inside the test's folder.
mkdir -p "$d/tmp" && export TMPDIR="$d/tmp"
newdb() {
  psql -X -q -v ON_ERROR_STOP=1 "$ENTENTE_TEST_PG_ADMIN" -c "CREATE DATABASE $1" >/dev/null \
    || fail "cannot create database $1"
  echo "$ENTENTE_TEST_PG dbname=$1"
}

# The corpus: example texts as JSON Lines stories (with and without ids, so ids made of
# file:line must survive sharding) and as a folder of nested .txt files.
$py - "$examples" <<'EOF' || fail "cannot build the corpus"
import json, os, sys
d = sys.argv[1]
texts = [(f, open(os.path.join(d, f), encoding="utf-8").read())
         for f in sorted(os.listdir(d)) if f.endswith(".txt")]
with open("corpus.jsonl", "w", encoding="utf-8") as out:
    for i in range(160):
        f, t = texts[i % len(texts)]
        story = {"date": f[:10], "text": t, "title": "story %d" % i}
        if i % 3:
            story["id"] = "s-%04d" % i
        out.write(json.dumps(story) + "\n")
for i, (f, t) in enumerate(texts):
    os.makedirs("folder/part%d" % (i % 3), exist_ok=True)
    open("folder/part%d/%s" % (i % 3, f), "w", encoding="utf-8").write(t)
EOF
inputs=(corpus.jsonl folder)

# Everything a query shows of a store.
snapshot() {
  "$exe" --store "$1" stats --format json || fail "stats of $1"
  "$exe" --store "$1" timeline USA CHN --format json || fail "timeline of $1"
  for f in json csv graphml gexf dot; do
    "$exe" --store "$1" export --format $f || fail "export $f of $1"
  done
  while read -r a b; do
    "$exe" --store "$1" path "$a" "$b" --format json || true
  done < pairs.txt
}

"$exe" -q --store ref.db ingest "${inputs[@]}" --dct 2023-06-02 || fail "reference ingest"
"$exe" --store ref.db export --format csv > /dev/null || fail "export"
# 30 random pairs of actors of the reference store (a fixed seed: the same pairs each run).
sqlite3 ref.db "SELECT code FROM actors ORDER BY code" > actors.txt
$py - <<'EOF' > pairs.txt
import random
actors = open("actors.txt").read().split()
rng = random.Random(16)
for _ in range(30):
    a, b = rng.sample(actors, 2)
    print(a, b)
EOF
snapshot ref.db > ref.txt
[ "$(wc -l < pairs.txt)" = 30 ] || fail "no 30 pairs"

# 1. Two local Dask workers into PostgreSQL.
pg1=$(newdb dask2)
$py "$src/scripts/distributed/extract.py" --workers 2 --shard-bytes 20000 --store "$pg1" \
  --extract-args "--dct 2023-06-02" "${inputs[@]}" 2> dask.log || fail "Dask run: $(tail -5 dask.log)"
grep -q "shards on 2 workers" dask.log || fail "not on 2 workers: $(head -3 dask.log)"
snapshot "$pg1" > dask.txt
cmp -s ref.txt dask.txt || fail "Dask into PostgreSQL differs from SQLite: $(diff ref.txt dask.txt | head -5)"

# 2. Four writers at once on overlapping parts of the event stream.
"$exe" extract --stories "${inputs[@]}" --dct 2023-06-02 > events.jsonl || fail "extract"
$py - <<'EOF' || fail "cannot split the stream"
# Cut the stream at story lines into 4 overlapping parts: part k holds stories [k/4, (k+2)/4).
lines = open("events.jsonl", encoding="utf-8").read().splitlines(True)
stories, cur = [], []
for line in lines:
    if line.startswith('{"story"') and cur:
        stories.append(cur)
        cur = []
    cur.append(line)
stories.append(cur)
n = len(stories)
for k in range(4):
    part = stories[k * n // 4:min(n, (k + 2) * n // 4)] + (stories[:n // 4] if k == 3 else [])
    open("part%d.jsonl" % k, "w", encoding="utf-8").write("".join(l for s in part for l in s))
EOF
pg2=$(newdb four)
"$exe" --store "$pg2" stats > /dev/null || fail "cannot open $pg2"
for k in 0 1 2 3; do
  "$exe" -q --store "$pg2" ingest --events part$k.jsonl > "ingest$k.log" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent ingest failed: $(cat ingest*.log)"; done
pids=()
snapshot "$pg2" > four.txt
cmp -s ref.txt four.txt || fail "4 concurrent ingests differ from one: $(diff ref.txt four.txt | head -5)"

# 3. A worker killed mid-run: a scheduler and 2 workers (no nanny, so it stays dead).
port=$($py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dask-scheduler --host 127.0.0.1 --port "$port" --dashboard-address :0 --no-dashboard > scheduler.log 2>&1 &
pids+=($!)
for w in 1 2; do
  dask-worker "tcp://127.0.0.1:$port" --host 127.0.0.1 --nthreads 1 --no-nanny \
    --no-dashboard --local-directory "$d/worker$w" > "worker$w.log" 2>&1 &
  pids+=($!)
done
victim=${pids[1]}
disown -a  # no job notices for the processes killed on purpose
pg3=$(newdb killed)
$py "$src/scripts/distributed/extract.py" --scheduler "tcp://127.0.0.1:$port" --shard-bytes 6000 \
  --store "$pg3" --extract-args "--dct 2023-06-02" "${inputs[@]}" 2> killed.log &
run=$!
for _ in $(seq 1 600); do
  grep -q "done (" killed.log 2>/dev/null && break
  sleep 0.1
done
grep -q "done (" killed.log || fail "no shard finished: $(tail -5 killed.log)"
kill -0 "$run" 2>/dev/null || fail "the run ended before a worker could be killed (too few shards)"
# The victim's address, from its log; it must have worked before it dies.
addr=$(grep -o "tcp://127.0.0.1:[0-9]*" worker1.log | grep -v ":$port\$" | head -1)
kill -9 "$victim"
before=$(grep -c "done (" killed.log)
wait "$run" || fail "the run after a worker died failed: $(tail -5 killed.log)"
total=$(grep -o "^extract.py: [0-9]* shards" killed.log | grep -o "[0-9]*")
[ "$(grep -c "done (" killed.log)" = "$total" ] || fail "not every shard reported: $(tail -3 killed.log)"
[ "$before" -lt "$total" ] || fail "the worker was killed after the last shard"
[ -n "$addr" ] || fail "no address in the victim's log: $(head -5 worker1.log)"
snapshot "$pg3" > killed.txt
cmp -s ref.txt killed.txt || fail "a killed worker changed the store: $(diff ref.txt killed.txt | head -5)"
echo "distributed: ok ($(grep -c 'done (' dask.log) shards on 2 workers; 4 writers; worker $addr killed after $before of $total shards)"
