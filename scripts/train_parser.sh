#!/usr/bin/env bash
# Rebuilds the shipped parser model, data/models/en_ewt.model, from the UD English Web
# Treebank: trained on the train split, the best pass picked on dev. One thread, fixed seed:
# running it twice gives a byte-identical file. Takes a few minutes on one core.
#   scripts/train_parser.sh [extra train-parser options]
# Environment: ENTENTE (the binary, default build/release/entente), EWT_DIR (the treebank).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ewt=${EWT_DIR:-$root/../shared/corpus/ud-ewt}
exe=${ENTENTE:-$root/build/release/entente}
out=${OUT:-$root/data/models/en_ewt.model}
"$exe" train-parser --train "$ewt/en_ewt-ud-train.conllu" --dev "$ewt/en_ewt-ud-dev.conllu" \
  -o "$out" --parser-iterations 12 "$@"
sha256sum "$out"
