#!/usr/bin/env bash
# Formats the C++ sources with the repository's .clang-format (STYLE.md section 4).
# Usage: scripts/format.sh            rewrite every tracked .h/.cc under include/, src/, tests/
#        scripts/format.sh --check    change nothing; list the files that need formatting, exit 1
#        scripts/format.sh FILE...    only these files
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format: clang-format is missing (scripts/setup.sh)" >&2; exit 1; }
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files -- 'include/*.h' 'src/*.h' 'src/*.cc' 'tests/*.h' 'tests/*.cc')
fi
[ ${#files[@]} -gt 0 ] || exit 0
if [ $check -eq 1 ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! clang-format --style=file "$f" | cmp -s - "$f"; then echo "needs formatting: $f"; bad=1; fi
  done
  exit $bad
fi
clang-format --style=file -i "${files[@]}"
