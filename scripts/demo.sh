#!/usr/bin/env bash
# Sets up, builds, ingests the bundled example stories into out/entente.db, prints the
# US-China monthly timeline and writes out/entente.graphml.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target entente_cli
entente=build/release/entente
mkdir -p out
rm -f out/entente.db out/entente.db-wal out/entente.db-shm
"$entente" ingest examples/stories --store out/entente.db --dct 2023-06-02
echo
echo "== US-China relations, by month"
"$entente" timeline USA CHN --by month --store out/entente.db --format table
echo
"$entente" stats --store out/entente.db --format table
"$entente" export --format graphml --store out/entente.db -o out/entente.graphml
echo
echo "wrote out/entente.graphml (open it in Gephi, yEd, Cytoscape, NetworkX or igraph)"
