#!/usr/bin/env bash
# `extract --stories | ingest --events` stores exactly what `ingest` stores, on SQLite and,
# when ENTENTE_TEST_PG is set (scripts/pg_cluster.sh), on PostgreSQL too.
#   ingest_events.sh ENTENTE_EXE EXAMPLES_DIR
set -uo pipefail
exe=$1 examples=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 1
fail() { echo "ingest_events: $*"; exit 1; }

# Everything a query can show of a store: stats and every export format.
snapshot() {
  "$exe" --store "$1" stats --format json || fail "stats of $1"
  for f in json csv graphml gexf dot; do
    "$exe" --store "$1" export --format $f || fail "export $f of $1"
  done
}

# The examples and a story without events, which only a story line can carry.
mkdir in && cp "$examples"/*.txt in/ && echo "The weather was mild all week." > in/quiet.txt
examples=in
"$exe" -q --store direct.db ingest "$examples" --dct 2023-06-02 || fail "direct ingest"
snapshot direct.db > direct.txt
"$exe" extract --stories "$examples" --dct 2023-06-02 > events.jsonl || fail "extract"
grep -q '"events":0}}' events.jsonl || fail "no story without events among the examples"

targets=(events.db)
if [ -n "${ENTENTE_TEST_PG:-}" ]; then
  targets=("$ENTENTE_TEST_PG")
fi
for t in "${targets[@]}"; do
  "$exe" --store "$t" ingest --events - < events.jsonl 2> err.txt || fail "ingest --events: $(cat err.txt)"
  grep -q "unchanged" err.txt || fail "no summary: $(cat err.txt)"
  snapshot "$t" > via_events.txt
  diff -q direct.txt via_events.txt >/dev/null || fail "ingest --events differs from ingest ($t): $(diff direct.txt via_events.txt | head -5)"
  # Again: nothing changes.
  "$exe" --store "$t" ingest --events events.jsonl 2> err.txt || fail "second ingest --events"
  grep -q "(0 added, [0-9]* unchanged, 0 replaced)" err.txt || fail "re-ingest changed the store: $(cat err.txt)"
done

# A story whose events were cut off is refused whole, and the run says so (65).
python3 - events.jsonl > cut.jsonl <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
out, cut = [], False
for i, line in enumerate(lines):
    if not cut and line.startswith('{"story"') and json.loads(line)["story"]["events"] >= 2:
        cut = json.loads(line)["story"]["id"]
        out.append(line)
        out.append(lines[i + 1])  # the first event only
        skip = json.loads(line)["story"]["events"]  # line i + 1 is seen again below
        continue
    if cut and skip > 0 and not line.startswith('{"story"'):
        skip -= 1
        continue
    out.append(line)
print("\n".join(out))
EOF
"$exe" --store cut.db ingest --events cut.jsonl 2> err.txt
code=$?
[ $code = 65 ] || fail "a cut story gave exit $code, not 65"
grep -q "cut.jsonl:[0-9]*: error: story .* announced [0-9]* events but 1 followed" err.txt \
  || fail "no message for the cut story: $(cat err.txt)"

# Plain extract output (no story lines) from Spark or Hadoop: the same merged events.
"$exe" extract "$examples" --dct 2023-06-02 | "$exe" -q --store plain.db ingest --events - || fail "plain events"
diff <("$exe" --store direct.db export --format json) <("$exe" --store plain.db export --format json) >/dev/null \
  || fail "plain events give other merged events"

# Bad lines name file and line; the other stories still go in.
{ head -n 3 events.jsonl; echo 'not json'; tail -n 2 events.jsonl; } > bad.jsonl
"$exe" --store bad.db ingest --events bad.jsonl 2> err.txt
[ $? = 65 ] || fail "a bad line must give 65"
grep -q "bad.jsonl:4: error: an event must be one JSON object" err.txt || fail "bad line message: $(cat err.txt)"
"$exe" --store bad.db ingest --events missing.jsonl 2> err.txt
[ $? = 66 ] || fail "a missing events file must give 66"
echo "ingest_events: ok (${targets[*]})"
