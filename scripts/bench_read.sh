#!/usr/bin/env bash
# Reading speed of every story format, readers alone (no pipeline stage), on one core: converts
# the first N stories of a JSON Lines corpus into each format (CSV, TSV, gzip, bzip2, a
# NewsML-G2 message, one NITF file a story, saved web pages with a site's navigation and
# scripts around the article), then runs entente_read_bench (release build) on each.
# Usage: scripts/bench_read.sh [CORPUS] [N]   (default ../shared/corpus/wcep.jsonl, 20000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus/wcep.jsonl}
n=${2:-20000}
bench=$root/build/release/tests/bench/entente_read_bench
if [ ! -x "$bench" ]; then
  echo "bench_read: build it first: cmake --preset release &&" \
       "cmake --build --preset release --target entente_read_bench" >&2
  exit 1
fi
# BENCH_READ_DIR=DIR keeps the converted inputs in DIR (made if missing) for a closer look.
if [ -n "${BENCH_READ_DIR:-}" ]; then
  dir=$BENCH_READ_DIR
  mkdir -p "$dir"
  rm -rf "${dir:?}"/*
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
python3 - "$corpus" "$n" "$dir" <<'PY'
import csv, json, os, sys
from xml.sax.saxutils import escape
corpus, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
stories = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        if len(stories) == n:
            break
        stories.append(json.loads(line))
with open(f"{out}/stories.jsonl", "w", encoding="utf-8") as f:
    for s in stories:
        f.write(json.dumps(s, ensure_ascii=False) + "\n")
cols = ["id", "title", "date", "text", "source"]
for name, dialect in (("stories.csv", "excel"), ("stories.tsv", "excel-tab")):
    with open(f"{out}/{name}", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, dialect=dialect)
        w.writerow(cols)
        for s in stories:
            w.writerow([s.get(c, "") for c in cols])
with open(f"{out}/newsml.xml", "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>\n')
    for s in stories:
        f.write(f'<newsItem guid="{escape(s["id"])}"><itemMeta><firstCreated>{s["date"]}'
                f'</firstCreated></itemMeta><contentMeta><headline>{escape(s["title"])}'
                f'</headline></contentMeta><contentSet><inlineXML><html><body><p>'
                f'{escape(s["text"])}</p></body></html></inlineXML></contentSet></newsItem>\n')
    f.write("</itemSet></newsMessage>\n")
os.mkdir(f"{out}/nitf")
os.mkdir(f"{out}/html")
nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(120))
script = "var config = {" + ",".join(f'"k{i}": {i}' for i in range(600)) + "};"
for i, s in enumerate(stories[:2000]):
    t, d, x = escape(s["title"]), s["date"], escape(s["text"])
    with open(f"{out}/nitf/{i:05d}.xml", "w", encoding="utf-8") as f:
        f.write(f'<?xml version="1.0"?><nitf><head><docdata><date.issue norm="{d}"/></docdata>'
                f'</head><body><body.head><hedline><hl1>{t}</hl1></hedline></body.head>'
                f'<body.content><p>{x}</p></body.content></body></nitf>\n')
    with open(f"{out}/html/{i:05d}.html", "w", encoding="utf-8") as f:
        f.write(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{t}</title>'
                f'<meta property="article:published_time" content="{d}"><script>{script}'
                f'</script></head><body><header><nav><ul>{nav}</ul></nav></header><main>'
                f'<article><h1>{t}</h1><p>{x}</p></article></main><footer><ul>{nav}</ul>'
                f'</footer></body></html>\n')
PY
gzip -n -6 -kf "$dir/stories.jsonl" "$dir/stories.csv"
bzip2 -kf "$dir/stories.csv"
run=("$bench")
command -v taskset >/dev/null && run=(taskset -c 0 "$bench")
echo "one core:"
"${run[@]}" "$dir"/stories.jsonl "$dir"/stories.csv "$dir"/stories.tsv "$dir"/stories.jsonl.gz \
  "$dir"/stories.csv.gz "$dir"/stories.csv.bz2 "$dir"/newsml.xml "$dir"/nitf "$dir"/html
# Compressed inputs are decoded by a second thread: given a second core, it runs beside the reader.
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  echo "two cores (decoder thread beside the reader):"
  taskset -c 0,1 "$bench" "$dir"/stories.jsonl "$dir"/stories.jsonl.gz "$dir"/stories.csv.gz \
    "$dir"/stories.csv.bz2
fi
