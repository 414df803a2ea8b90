#!/usr/bin/env bash
# Every lexicon in tests/data/bad_data/ fails `entente validate-data --file` with exit 78 and
# the message in its .expected file right after its name ("file#/json/pointer: error: ...");
# all of them in one run are all reported (every problem, not only the first).
# Usage: bad_data.sh ENTENTE_EXE BAD_DATA_DIR
set -u
exe=$1 dir=$2
cd "$dir" || exit 1
fail=0 n=0 args=()
for f in *.json; do
  n=$((n + 1))
  args+=(--file "$f")
  want="$f$(cat "$f.expected")"
  err=$("$exe" validate-data --file "$f" 2>&1 >/dev/null)
  code=$?
  if [ "$code" != 78 ]; then echo "$f: exit code $code, expected 78"; fail=1; fi
  if ! grep -qF -- "$want" <<<"$err"; then
    echo "$f: stderr lacks: $want"; echo "--- stderr:"; echo "$err"; fail=1
  fi
done
[ "$n" -gt 0 ] || { echo "no bad data files in $dir"; exit 1; }
err=$("$exe" validate-data "${args[@]}" 2>&1 >/dev/null)
code=$?
if [ "$code" != 78 ]; then echo "all files: exit code $code, expected 78"; fail=1; fi
if ! grep -qF "entente: $n problems in the data" <<<"$err"; then
  echo "all files: expected $n problems reported"; echo "$err"; fail=1
fi
exit $fail
