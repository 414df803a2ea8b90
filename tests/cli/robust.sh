#!/usr/bin/env bash
# Bad-input, fault and determinism cases of the CLI (tests/cli_tests.cmake, cli.robust_*):
#   robust.sh ENTENTE_EXE EXAMPLES_DIR CASE
# Inputs are generated at test time in a temporary folder. Each case checks the exit code and
# the exact message (tests/cli/check.sh) and, for faults, that the store is intact.
set -uo pipefail
exe=$1 examples=$2 case=$3
check="bash $(cd "$(dirname "$0")" && pwd)/check.sh"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 1
fail() { echo "$case: $*"; exit 1; }

# N stories (JSON Lines) built from the example texts with new ids.
make_stories() {
  python3 - "$examples" "$1" <<'EOF'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
texts = [(f, open(os.path.join(d, f), encoding="utf-8").read())
         for f in sorted(os.listdir(d)) if f.endswith(".txt")]
for i in range(n):
    f, t = texts[i % len(texts)]
    print(json.dumps({"id": f"story-{i:04d}", "date": f[:10], "text": t}))
EOF
}

case $case in
  nul_bytes)
    printf 'France met Germany on Monday.\0 More text.\n' > nul.txt
    $check 65 "" "nul\\.txt:1:30: error: NUL byte at offset 29: this looks like a binary file, not a news story" \
      -- "$exe" extract nul.txt --dct 2023-08-29 ;;
  nul_in_jsonl_line)
    # A NUL escaped in JSON is text the reader must reject or clean, never crash on.
    printf '{"id":"n","text":"France met\\u0000Germany."}\n{"id":"ok","text":"France met Germany."}\n' > nul.jsonl
    "$exe" extract nul.jsonl --dct 2023-08-29 > out.jsonl 2> err.txt
    code=$?
    { [ $code = 0 ] || [ $code = 65 ]; } || fail "exit $code: $(cat err.txt)"
    grep -q '"id":"ok"' out.jsonl || fail "the good story after the NUL line is lost" ;;
  empty_file)
    : > empty.txt
    : > empty.jsonl
    $check 0 "" "" -- "$exe" extract empty.txt empty.jsonl --dct 2023-08-29 || exit 1
    out=$("$exe" extract empty.txt empty.jsonl --dct 2023-08-29 2>/dev/null)
    [ -z "$out" ] || fail "events from empty files: $out" ;;
  unknown_fields)
    # Fields a feed adds (and deep nesting inside them) are ignored; the story is read.
    python3 -c '
n = 10000
print("{\"id\":\"u\",\"lang\":\"en\",\"extra\":" + "{\"a\":" * n + "1" + "}" * n +
      ",\"text\":\"France criticised Germany on Monday.\"}")' > unknown.jsonl
    $check 0 '"doc":\{"id":"u"' "" -- "$exe" extract unknown.jsonl --dct 2023-08-29 ;;
  deep_nesting)
    # A 10,000-level nested line among good ones: the good ones are read, the bad one reported.
    python3 -c '
n = 10000
print("{\"id\":\"good-1\",\"text\":\"France criticised Germany on Monday.\"}")
print("{\"id\":\"deep\",\"text\":" + "[" * n + "]" * n + "}")
print("{\"id\":\"good-2\",\"text\":\"Germany praised France on Tuesday.\"}")' > deep.jsonl
    $check 65 '"doc":\{"id":"good-2"' 'deep\.jsonl:2: error: story has no "text" string' \
      -- "$exe" extract deep.jsonl --dct 2023-08-29 || exit 1
    "$exe" extract deep.jsonl --dct 2023-08-29 > out.jsonl 2>/dev/null
    grep -q '"doc":{"id":"good-1"' out.jsonl || fail "good-1 lost" ;;
  story_over_limit)
    # Limits are options: a story over --max-story-bytes is a reported error, the others go on.
    python3 -c '
print("{\"id\":\"big\",\"text\":\"" + "France met Germany. " * 100 + "\"}")
print("{\"id\":\"small\",\"text\":\"France criticised Germany on Monday.\"}")' > big.jsonl
    python3 -c 'print("France met Germany. " * 100)' > big.txt
    $check 65 '"doc":\{"id":"small"' 'big\.jsonl:1: error: story is [0-9]+ bytes, over the limit of 1000' \
      -- "$exe" extract big.jsonl --dct 2023-08-29 --max-story-bytes 1000 || exit 1
    $check 65 "" 'big\.txt: error: story is 2001 bytes, over the limit of 1000' \
      -- "$exe" extract big.txt --dct 2023-08-29 --max-story-bytes 1000 ;;
  huge_line)
    # A 100 MB story on one line (slow: generated here, never committed).
    python3 -c '
import sys
sys.stdout.write("{\"id\":\"huge\",\"text\":\"" + "France met Germany. " * 5000000 + "\"}\n")
sys.stdout.write("{\"id\":\"after\",\"text\":\"France criticised Germany on Monday.\"}\n")' > huge.jsonl
    $check 65 '"doc":\{"id":"after"' 'huge\.jsonl:1: error: line is 100000023 bytes, over the limit of [0-9]+' \
      -- "$exe" extract huge.jsonl --dct 2023-08-29 || exit 1
    python3 -c 'import sys; sys.stdout.write("France met Germany. " * 5000000)' > huge.txt
    $check 65 "" 'huge\.txt: error: story is 100000000 bytes, over the limit of [0-9]+' \
      -- "$exe" extract huge.txt --dct 2023-08-29 ;;
  symlink_loop)
    # A folder that links back to its parent: each story is read once, and the run ends.
    mkdir -p in/sub
    echo "France criticised Germany on Monday." > in/sub/a.txt
    ln -s .. in/sub/up
    ln -s ../in in/sub/again
    timeout 60 "$exe" extract in --dct 2023-08-29 > out.jsonl 2> err.txt
    code=$?
    { [ $code = 0 ] || [ $code = 65 ]; } || fail "exit $code: $(cat err.txt)"
    n=$(grep -c '"doc":{"id":"sub/a.txt"' out.jsonl)
    [ "$n" = 1 ] || fail "the story was read $n times" ;;
  store_not_a_database)
    head -c 4096 /dev/urandom > junk.db
    echo "SQLite format 3 but not really" > fake.db
    $check 78 "" "junk\\.db: error: is not an entente store \\(not a SQLite database\\); give another --store path or remove the file" \
      -- "$exe" stats --store junk.db || exit 1
    cp junk.db junk.orig
    $check 78 "" "junk\\.db: error: is not an entente store" \
      -- "$exe" ingest "$examples" --store junk.db --dct 2023-06-02 || exit 1
    cmp -s junk.db junk.orig || fail "ingest changed a file that is not a store"
    $check 78 "" "fake\\.db: error: is not an entente store" -- "$exe" timeline USA --store fake.db ;;
  store_future_version)
    "$exe" ingest "$examples" --store s.db --dct 2023-06-02 -q || fail "ingest failed"
    # user_version is the 4-byte big-endian integer at offset 60 of the database header.
    printf '\x00\x00\x03\xe7' | dd of=s.db bs=1 seek=60 conv=notrunc status=none
    cp s.db s.orig
    $check 78 "" "s\\.db: error: store schema version 999 is newer than this build of entente reads \\([0-9]+\\); upgrade entente" \
      -- "$exe" stats --store s.db || exit 1
    $check 78 "" "s\\.db: error: store schema version 999 is newer" \
      -- "$exe" ingest "$examples" --store s.db --dct 2023-06-02 || exit 1
    cmp -s s.db s.orig || fail "a store of a future version was changed"
    # A negative version (found by fuzzing: it indexed the migrations at -1).
    printf '\xff\xff\xff\xff' | dd of=s.db bs=1 seek=60 conv=notrunc status=none
    $check 78 "" "s\\.db: error: is not an entente store \\(its schema version is -1\\)" \
      -- "$exe" stats --store s.db ;;
  full_disk_ingest)
    # A file-size limit stands in for a full disk: the write fails (SIGXFSZ ignored, so EFBIG).
    make_stories 400 > stories.jsonl
    (trap '' XFSZ; ulimit -f 200; exec "$exe" ingest stories.jsonl --store s.db -j 1) > out.txt 2> err.txt
    code=$?
    [ $code = 74 ] || fail "exit $code, expected 74: $(head -c 500 err.txt)"
    grep -Eq "s\\.db: error: .*(disk|write|full|I/O)" err.txt || fail "no clear error: $(cat err.txt)"
    # The store opens, is intact and holds only whole stories.
    "$exe" stats --store s.db --format json > stats.json 2> stats.err || fail "stats fails: $(cat stats.err)"
    if command -v sqlite3 >/dev/null; then
      [ "$(sqlite3 s.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check fails"
      bad=$(sqlite3 s.db "SELECT count(*) FROM stories s WHERE s.events <>
              (SELECT count(*) FROM event_sources e WHERE e.story_id = s.id)")
      [ "$bad" = 0 ] || fail "$bad stories lost events"
    fi
    # Space again: the same ingest completes the store.
    $check 0 "" "" -- "$exe" ingest stories.jsonl --store s.db -j 1 -q || exit 1
    grep -Eq '"stories": ?400' <("$exe" stats --store s.db --format json) || fail "not 400 stories after resuming" ;;
  full_disk_export)
    "$exe" ingest "$examples" --store s.db --dct 2023-06-02 -q || fail "ingest failed"
    mkdir out
    # (A limit not below 64 KB: a reader needs its 32 KB write-ahead-log index file.)
    (trap '' XFSZ; ulimit -f 64; exec "$exe" export --format graphml --store s.db -o out/g.graphml) 2> err.txt
    code=$?
    [ $code = 74 ] || fail "exit $code, expected 74: $(cat err.txt)"
    grep -q "out/g\\.graphml: error: cannot write the export" err.txt || fail "message: $(cat err.txt)"
    [ -z "$(ls -A out)" ] || fail "a partial file is left: $(ls -A out)"
    # An existing export is kept whole when the new one cannot be written.
    "$exe" export --format graphml --store s.db -o out/g.graphml || fail "export failed"
    cp out/g.graphml g.orig
    (trap '' XFSZ; ulimit -f 64; exec "$exe" export --format gexf --store s.db -o out/g.graphml) 2> err.txt
    [ $? = 74 ] || fail "second export: expected 74"
    cmp -s out/g.graphml g.orig || fail "the old export was damaged"
    [ "$(ls -A out)" = g.graphml ] || fail "temporary files are left: $(ls -A out)" ;;
  export_timeline_deterministic)
    # -j 1 and -j 2, different time zones and locales: byte-identical exports and timelines.
    TZ=UTC LC_ALL=C "$exe" ingest "$examples" --store a.db --dct 2023-06-02 -j 1 -q || fail "ingest a"
    TZ=Pacific/Kiritimati LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 \
      "$exe" ingest "$examples" --store b.db --dct 2023-06-02 -j 2 -q || fail "ingest b"
    for fmt in graphml gexf json csv dot; do
      TZ=UTC LC_ALL=C "$exe" export --format $fmt --store a.db > a.$fmt || fail "export a $fmt"
      TZ=America/St_Johns LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 \
        "$exe" export --format $fmt --store b.db > b.$fmt || fail "export b $fmt"
      [ -s a.$fmt ] || fail "empty $fmt export"
      cmp a.$fmt b.$fmt || fail "$fmt exports differ"
    done
    TZ=UTC LC_ALL=C "$exe" timeline USA CHN --format json --store a.db > a.tl.json || fail "timeline a"
    TZ=Asia/Kathmandu LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 \
      "$exe" timeline USA CHN --format json --store b.db > b.tl.json || fail "timeline b"
    grep -q '"' a.tl.json || fail "empty timeline"
    cmp a.tl.json b.tl.json || fail "timelines differ" ;;
  *) fail "unknown case" ;;
esac
