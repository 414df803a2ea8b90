#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET ...]
# Prints, per target, the final executions, executions per second, new units and corpus size,
# and any sanitizer report; the full log is build/fuzz/<target>.log.
# Targets: stories segment_and_time lexicon lexicon_alone store parser_model csv xml html. A crash leaves its input in
# build/fuzz/artifacts/; copy it to tests/data/regress/<date>-<slug>.<ext> once fixed, so the
# regression replay in the default tests keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(stories segment_and_time lexicon lexicon_alone store parser_model csv xml html)
command -v clang++ >/dev/null || { echo "fuzz: needs clang++ (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
if [ -z "${FUZZ_NO_BUILD:-}" ]; then  # FUZZ_NO_BUILD=1: run the targets as built
  cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DENTENTE_BUILD_FUZZERS=ON -DENTENTE_BUILD_TESTS=OFF >/dev/null
  cmake --build build/fuzz -j2 --target $(printf 'entente_fuzz_%s ' "${targets[@]}")
fi
mkdir -p build/fuzz/artifacts
status=0
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/ubsan.supp"
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  mkdir -p "$corpus"
  case $t in
    stories|segment_and_time) cp -n examples/stories/*.txt examples/stories/*.jsonl tests/data/regress/* "$corpus"/ 2>/dev/null || true ;;
    lexicon|lexicon_alone) cp -n data/*/*.json tests/data/regress/*.json "$corpus"/ 2>/dev/null || true ;;
    store)
      cp -n tests/data/regress/*.db "$corpus"/ 2>/dev/null || true
      # A real (small) store as a seed, when an entente binary and sqlite3 are at hand.
      exe=${ENTENTE:-build/dev/entente}
      if [ ! -e "$corpus/real-tiny.db" ] && [ -x "$exe" ] && command -v sqlite3 >/dev/null; then
        tmp=$(mktemp -d)
        echo '{"id":"t1","date":"2023-08-29","text":"France criticised Germany on Monday. China met Russia."}' |
          "$exe" ingest - --store "$tmp/s.db" -q &&
          sqlite3 "$tmp/s.db" "PRAGMA journal_mode = DELETE; VACUUM;" >/dev/null &&
          cp "$tmp/s.db" "$corpus/real-tiny.db"
        rm -rf "$tmp"
      fi ;;
    csv) cp -n examples/formats/*.csv examples/formats/*.tsv examples/formats/*.gz \
           examples/formats/*.bz2 "$corpus"/ 2>/dev/null || true ;;
    xml) cp -n examples/formats/*.xml tests/data/cli/formats/*.xml "$corpus"/ 2>/dev/null || true ;;
    html) cp -n examples/formats/*.html "$corpus"/ 2>/dev/null || true ;;
    parser_model)
      cp -n tests/data/regress/*.model "$corpus"/ 2>/dev/null || true
      # A model trained on the tiny fixture treebank, whole and as a bare payload (the target
      # frames a payload with magic, version and checksum itself).
      exe=${ENTENTE:-build/dev/entente}
      if [ ! -e "$corpus/tiny-payload.bin" ] && [ -x "$exe" ]; then
        tmp=$(mktemp -d)
        "$exe" -q train-parser --train tests/data/fixtures/tiny.conllu -o "$tmp/tiny.model" \
          --tagger-iterations 2 --parser-iterations 2 --jackknife 0 &&
          cp "$tmp/tiny.model" "$corpus/tiny.model" &&
          tail -c +29 "$tmp/tiny.model" | head -c -4 > "$corpus/tiny-payload.bin"
        rm -rf "$tmp"
      fi ;;
  esac
  max_len=65536
  [ "$t" = store ] && max_len=131072  # a real store is 80 KB
  echo "== $t for ${secs}s"
  build/fuzz/tests/fuzz/entente_fuzz_$t "$corpus" -max_total_time="$secs" -max_len=$max_len \
    -timeout=10 -rss_limit_mb=4096 -artifact_prefix=build/fuzz/artifacts/$t- -print_final_stats=1 \
    > build/fuzz/$t.log 2>&1 || status=1
  grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|==[0-9]+==ERROR|SUMMARY|.*runtime error|.*Test unit written)" build/fuzz/$t.log || true
  echo "corpus: $(ls "$corpus" | wc -l) files"
done
exit $status
