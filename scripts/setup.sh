#!/usr/bin/env bash
# Installs what entente needs to build, test and run, from Debian's packages (Debian 12).
# Idempotent: installs only what is missing, so a second run does nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build g++ pkg-config clang-format
  libboost-graph-dev rapidjson-dev libhowardhinnant-date-dev doctest-dev libcli11-dev
  libsqlite3-dev
  # compressed story files: .gz (zlib) and .bz2 (libbz2), read as they are decompressed
  zlib1g-dev libbz2-dev
  # wire-service XML (NITF, NewsML-G2) and saved web pages: libxml2's XML and HTML parsers
  libxml2-dev
  # the PostgreSQL store (libpq) and the throwaway server its tests start (scripts/pg_cluster.sh)
  libpq-dev postgresql
  # extraction spread over a Dask cluster (scripts/distributed/extract.py and its test)
  python3-distributed
  # the store checks of the fault tests (scripts/kill_test.sh, tests/cli/robust.sh)
  sqlite3
  # for the checks that load exported graphs (GraphML schema, NetworkX and igraph) and the
  # GEXF schema check (xmllint)
  python3 python3-lxml python3-networkx python3-igraph libxml2-utils
  # the browser test of the HTML report (tests/browser/html_report.sh, headless)
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
