#!/usr/bin/env bash
# Runs one CLI case: check.sh EXIT_CODE STDOUT_REGEX STDERR_REGEX -- COMMAND [ARG ...]
# An empty regex is not checked. Prints what differed and exits 1 on a mismatch.
set -u
want_code=$1 want_out=$2 want_err=$3
shift 3
[ "$1" = "--" ] && shift
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err" </dev/null
code=$?
fail=0
if [ "$code" != "$want_code" ]; then
  echo "exit code $code, expected $want_code"; fail=1
fi
if [ -n "$want_out" ] && ! grep -Eq -- "$want_out" "$out"; then
  echo "stdout does not match /$want_out/"; fail=1
fi
if [ -n "$want_err" ] && ! grep -Eq -- "$want_err" "$err"; then
  echo "stderr does not match /$want_err/"; fail=1
fi
if [ $fail = 1 ]; then
  echo "--- command: $*"; echo "--- stdout:"; head -c 2000 "$out"; echo "--- stderr:"; head -c 2000 "$err"
fi
exit $fail
