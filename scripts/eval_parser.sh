#!/usr/bin/env bash
# Scores the parser on the UD English Web Treebank dev and test files: UPOS, XPOS, lemma,
# UAS, LAS with gold tokens (entente parse --input conllu), then on raw text through our own
# segmenter and word splitting (words aligned to gold by byte offsets, F1).
#   scripts/eval_parser.sh [MODEL]     (default: the built-in model)
# Environment: ENTENTE (the binary, default build/release/entente), EWT_DIR (the treebank).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ewt=${EWT_DIR:-$root/../shared/corpus/ud-ewt}
exe=${ENTENTE:-$root/build/release/entente}
model=()
if [[ $# -ge 1 ]]; then model=(--model "$1"); fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for split in dev test; do
  gold="$ewt/en_ewt-ud-$split.conllu"
  "$exe" parse "${model[@]}" --input conllu "$gold" > "$tmp/$split.conllu"
  echo "EWT $split, gold tokens: $(python3 "$root/scripts/score_conllu.py" gold "$gold" "$tmp/$split.conllu")"
  python3 "$root/scripts/score_conllu.py" text "$gold" > "$tmp/$split.txt"
  "$exe" -q parse "${model[@]}" --format json "$tmp/$split.txt" > "$tmp/$split.jsonl"
  echo "EWT $split, raw text:    $(python3 "$root/scripts/score_conllu.py" raw "$gold" "$tmp/$split.jsonl")"
done
