#!/usr/bin/env bash
# The collection formats of examples/formats/: each example gives the events of the same
# stories in another format, and each malformed twin gives exactly the diagnostics below.
# Usage: formats.sh ENTENTE_EXE EXAMPLES_DIR EXPECTED_DIR CASE (EXPECTED_DIR: tests/data/cli/formats)
set -u
exe=$1 examples=$2 expected=$3 case=$4
cd "$examples/formats" || exit 1
fail=0
# Events without their "doc" header (title, source and date differ between formats) and with
# the story id left out of the event id (a web page or news item is not named as its file).
events() {
  "$exe" extract --dct 2023-06-02 -j 2 "$@" |
    sed 's/"doc":{[^}]*}//; s/^{"id":"[^"]*:\([0-9]*:[0-9]*\)"/{"id":"\1"/'
}
same() {  # same NAME CMD1 -- CMD2: the events of both commands are equal and not empty
  local name=$1 a b; shift
  local -a left=() right=()
  while [ "$1" != "--" ]; do left+=("$1"); shift; done
  shift; right=("$@")
  a=$(events "${left[@]}") b=$(events "${right[@]}")
  if [ -z "$a" ]; then echo "$name: no events"; fail=1; fi
  if [ "$a" != "$b" ]; then echo "$name: events differ"; diff <(echo "$a") <(echo "$b") | head -5; fail=1; fi
}
expect() {  # expect CODE STDERR_FILE ARGS...: exit code and the exact stderr
  local code=$1 want=$2; shift 2
  local err got
  err=$("$exe" "$@" 2>&1 >/dev/null); got=$?
  if [ "$got" != "$code" ]; then echo "$*: exit code $got, expected $code"; fail=1; fi
  if [ "$err" != "$(cat "$want")" ]; then
    echo "$*: stderr differs"; diff <(echo "$err") "$want"; fail=1
  fi
}
txt_of() {  # the .txt stories a CSV example was made from (its first column)
  awk -F, 'NR > 1 && $1 ~ /\.txt$/ { print "../stories/" $1 }' "$1"
}
case $case in
  csv_equals_txt)
    mapfile -t txt < <(txt_of stories.csv)
    [ ${#txt[@]} = 5 ] || { echo "expected 5 stories in stories.csv"; exit 1; }
    same csv stories.csv -- "${txt[@]}" ;;
  tsv_equals_csv) same tsv stories.tsv -- stories.csv ;;
  columns_equal_jsonl)
    same wire wire-export.csv --columns id=slug,title=hed,text=copy,date=when -- \
      ../stories/collection.jsonl ;;
  broken_csv) expect 65 "$expected/broken.csv.stderr" extract broken.csv ;;
  broken_tsv) expect 65 "$expected/broken.tsv.stderr" extract broken.tsv ;;
  gzip_equals_plain)
    same gz stories.csv.gz -- stories.csv
    same bz2 collection.jsonl.bz2 -- ../stories/collection.jsonl ;;
  magic_bytes)  # a gzip file under a plain name, and on standard input
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    cp stories.csv.gz "$tmp/export.csv"
    same magic "$tmp/export.csv" -- stories.csv
    a=$(events - < collection.jsonl.bz2) b=$(events - < ../stories/collection.jsonl)
    [ -n "$a" ] && [ "$a" = "$b" ] || { echo "stdin: events differ"; fail=1; } ;;
  truncated_gz) expect 65 "$expected/truncated.csv.gz.stderr" extract truncated.csv.gz ;;
  corrupt_bz2) expect 65 "$expected/corrupt.jsonl.bz2.stderr" extract corrupt.jsonl.bz2 ;;
  not_gzip) expect 65 "$expected/not-gzip.txt.gz.stderr" extract not-gzip.txt.gz ;;
  zip_bomb)  # 64 MB of text in a 64 KB file: refused after 1 MB, without unpacking the rest;
    # a CSV row is kept up to the line limit (64 MB), then its text is over the story limit
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    head -c 67108864 /dev/zero | tr '\0' 'a' | gzip -n > "$tmp/bomb.txt.gz"
    { echo text; head -c 60000000 /dev/zero | tr '\0' 'a'; echo; } | gzip -n > "$tmp/bomb.csv.gz"
    cd "$tmp" || exit 1
    printf '%s\n' "bomb.txt.gz: error: story is over the limit of 1000000 bytes once decompressed (raise it with --max-story-bytes)" > want.txt
    expect 65 want.txt extract --max-story-bytes 1000000 bomb.txt.gz
    printf '%s\n' "bomb.csv.gz:2: error: story is 60000000 bytes, over the limit of 1000000 (raise it with --max-story-bytes)" > want.txt
    expect 65 want.txt extract --max-story-bytes 1000000 bomb.csv.gz ;;
  nitf_equals_txt) same nitf nato-vilnius.nitf.xml -- ../stories/2023-07-12-nato-vilnius-summit.txt ;;
  newsml_equals_txt)
    same newsml newsml-g2.xml -- ../stories/2023-01-27-ind-pak-indus-waters.txt \
      ../stories/2023-06-19-usa-chn-blinken-beijing.txt ;;
  broken_nitf) expect 65 "$expected/broken.nitf.xml.stderr" extract broken.nitf.xml ;;
  newsml_no_body) expect 65 "$expected/newsml-g2-no-body.xml.stderr" extract newsml-g2-no-body.xml ;;
  not_news_xml) cd "$expected" && expect 65 feed.xml.stderr extract feed.xml ;;
  html_equals_txt) same html unsc-gaza.html -- ../stories/2023-11-15-unsc-gaza-resolution.txt ;;
  html_no_article) expect 65 "$expected/section-front.html.stderr" extract section-front.html ;;
  mixed_folder)  # one folder of every format: the same events as the files one by one
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    cp collection.jsonl.bz2 nato-vilnius.nitf.xml stories.csv.gz stories.tsv unsc-gaza.html "$tmp"/
    cp ../stories/2023-05-09-rus-ukr-kyiv-attack.txt "$tmp"/
    same folder "$tmp" -- "$tmp"/2023-05-09-rus-ukr-kyiv-attack.txt "$tmp"/collection.jsonl.bz2 \
      "$tmp"/nato-vilnius.nitf.xml "$tmp"/stories.csv.gz "$tmp"/stories.tsv "$tmp"/unsc-gaza.html ;;
  ingest_formats)  # ingest takes every format too: a CSV, a NewsML-G2 message and a web page
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    "$exe" ingest stories.csv.gz newsml-g2.xml unsc-gaza.html --dct 2023-06-02 \
      --store "$tmp/s.db" -q || { echo "ingest failed"; fail=1; }
    n=$("$exe" stats --store "$tmp/s.db" --format json | grep -o '"stories":[0-9]*' | head -1)
    [ "$n" = '"stories":8' ] || { echo "ingest: expected 8 stories, got $n"; fail=1; } ;;
  *) echo "unknown case $case"; exit 2 ;;
esac
exit $fail
