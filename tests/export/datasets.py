#!/usr/bin/python3
"""The ICEWS, Phoenix, GDELT and Neo4j exports of the examples, column by column (issue 17 item 4).

Usage: datasets.py ENTENTE EXAMPLES COLUMNS_TSV [--skip-if-missing]
COLUMNS_TSV is either ../shared/reference/event_output_formats.tsv (format, position, field,
meaning; the dataset is told by the format's first word) or the project's fixture
tests/data/fixtures/export/dataset_columns.tsv (icews|phoenix|gdelt, position, field). With
--skip-if-missing a missing COLUMNS_TSV exits 77 (ctest: skipped, never passed).

Builds a store from EXAMPLES (--dct 2023-06-02) and checks, for each dataset:
  - every row has exactly the table's number of columns, tab-separated, and a quote-aware
    reader (as pandas and R use) splits it the same way;
  - ICEWS starts with the table's names as its header; Phoenix and GDELT have no header;
  - every column of the table has a rule here (a column without one fails the test), and the
    rule holds on every row: the value agrees with entente's own CSV export of the same event
    (code, actors, date, Goldstein, ...) or has the dataset's form (YYYYMMDD, 0/1, ...), and
    columns entente has no value for hold the dataset's missing value.
Then the Neo4j files: the headers neo4j-admin reads, every relationship's ends among the nodes,
as many rows as the CSV export.
"""
import csv
import io
import os
import re
import subprocess
import sys
import tempfile

exe, examples, table = sys.argv[1:4]
skip_if_missing = "--skip-if-missing" in sys.argv[4:]
if not os.path.exists(table):
    if skip_if_missing:
        print(f"SKIPPED: {table} is missing")
        sys.exit(77)
    sys.exit(f"{table} is missing")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        if len(failures) <= 40:
            print("FAIL:", what)


def run(*args):
    r = subprocess.run([exe, *args], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(f"{' '.join(args)} failed with {r.returncode}")
    return r.stdout


# The table: dataset -> column names in order.
names = {"icews": [], "phoenix": [], "gdelt": []}
with open(table, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or line.startswith("format\t") or not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        first = parts[0].split()[0].split("_")[0].lower()
        key = {"icews": "icews", "phoenix": "phoenix", "gdelt": "gdelt", "gdelt2.0": "gdelt"}.get(first)
        if key is None:
            continue
        check(int(parts[1]) == len(names[key]), f"{table}: {key} position {parts[1]} out of order")
        names[key].append(parts[2])
check(all(names.values()), f"{table}: a dataset has no columns: { {k: len(v) for k, v in names.items()} }")

# Checks that need the CSV export's row of the same event (C) or only the value (v).
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def ymd(C):
    return f"{int(C['year']):04}{int(C['month']):02}{int(C['day']):02}"


def story(C):
    return C["event_id"].rsplit(":", 2)[0]


def sentence(C):
    return int(C["event_id"].rsplit(":", 2)[1])


def num_eq(v, want):
    try:
        return float(v) == float(want)
    except ValueError:
        return False


def group(code):
    return code[3:6] if code[:3] in ("IGO", "NGO") else ""


def root(C, side):
    code = C[side]
    return code[:3] if code[:3] in ("IGO", "NGO") else (C[side + "_country"] or code[:3])


def attributes(C, side):
    rest = C[side][3:]
    sector = C[side + "_sector"]
    if sector and rest.startswith(sector):
        rest = rest[len(sector):]
    return ";".join(rest[i:i + 3] for i in range(0, len(rest), 3))


def sector_name(v, C, side):
    has = bool(C[side + "_sector"]) or C[side][:3] in ("IGO", "NGO")
    return (v != "") == has and (v == "" or re.fullmatch(r"[A-Z][A-Za-z /]+", v) is not None)


def country_name(v, C, side):
    has = bool(C[side + "_country"])
    return (v != "") == has and (v == "" or re.fullmatch(r"[A-Z][^\t]*", v) is not None)


EMPTY = lambda v, C: v == ""
actor_rules = {}
for n, side in ((1, "source"), (2, "target")):
    actor_rules.update({
        f"Actor{n}Code": lambda v, C, s=side: v == C[s],
        f"Actor{n}Name": lambda v, C, s=side: v == C[s + "_name"],
        f"Actor{n}CountryCode": lambda v, C, s=side: v == C[s + "_country"],
        f"Actor{n}KnownGroupCode": lambda v, C, s=side: v == group(C[s]),
        f"Actor{n}EthnicCode": EMPTY, f"Actor{n}Religion1Code": EMPTY,
        f"Actor{n}Religion2Code": EMPTY,
        f"Actor{n}Type1Code": lambda v, C, s=side: v == C[s + "_sector"],
        f"Actor{n}Type2Code": EMPTY, f"Actor{n}Type3Code": EMPTY,
    })
geo_rules = {}
for p in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
    geo_rules[f"{p}_Type"] = lambda v, C: v == "0"  # GDELT's "no location"
    for f in ("FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"):
        geo_rules[f"{p}_{f}"] = EMPTY

RULES = {
    "icews": {
        "Event ID": lambda v, C: v == C["event_id"],
        "Event Date": lambda v, C: DATE.fullmatch(v) and v.replace("-", "") == ymd(C),
        "Source Name": lambda v, C: v == C["source_name"],
        "Source Sectors": lambda v, C: sector_name(v, C, "source"),
        "Source Country": lambda v, C: country_name(v, C, "source"),
        "Event Text": lambda v, C: v == C["label"] and v != "",
        "CAMEO Code": lambda v, C: v == C["code"],
        "Intensity": lambda v, C: num_eq(v, C["goldstein"]) and -10 <= float(v) <= 10,
        "Target Name": lambda v, C: v == C["target_name"],
        "Target Sectors": lambda v, C: sector_name(v, C, "target"),
        "Target Country": lambda v, C: country_name(v, C, "target"),
        "Story ID": lambda v, C: v == story(C),
        "Sentence Number": lambda v, C: v == str(sentence(C) + 1),
        "Publisher": EMPTY, "City": EMPTY, "District": EMPTY, "Province": EMPTY,
        "Country": EMPTY, "Latitude": EMPTY, "Longitude": EMPTY,
    },
    "phoenix": {
        "EventID": lambda v, C: re.fullmatch(r"[1-9][0-9]*_[A-Za-z0-9.]+", v),
        "Date": lambda v, C: v == ymd(C),
        "Year": lambda v, C: v == C["year"] and len(v) == 4,
        "Month": lambda v, C: v == C["month"],
        "Day": lambda v, C: v == C["day"],
        "SourceActorFull": lambda v, C: v == C["source"],
        "SourceActorEntity/Role (root)": lambda v, C: v == root(C, "source"),
        "SourceActorRole/Entity (agent)": lambda v, C: v == C["source_sector"],
        "SourceActorAttribute": lambda v, C: v == attributes(C, "source"),
        "TargetActorFull": lambda v, C: v == C["target"],
        "TargetActorRoot": lambda v, C: v == root(C, "target"),
        "TargetActorAgent": lambda v, C: v == C["target_sector"],
        "TargetActorAttribute": lambda v, C: v == attributes(C, "target"),
        "EventCode": lambda v, C: v == C["code"],
        "EventRootCode": lambda v, C: v == C["root"] and len(v) == 2,
        "QuadClass/PentaClass": lambda v, C: v == ("0" if C["root"] in ("01", "02") else C["quad_class"]),
        "GoldsteinScore": lambda v, C: num_eq(v, C["goldstein"]),
        "Issues": EMPTY, "Lat": EMPTY, "Lon": EMPTY, "LocationName": EMPTY, "StateName": EMPTY,
        "CountryCode": EMPTY,
        "SentenceID": lambda v, C: v == f"{story(C)}_{sentence(C)}",
        "URLs": EMPTY, "NewsSources": EMPTY,
    },
    "gdelt": {
        "GLOBALEVENTID": lambda v, C: re.fullmatch(r"[1-9][0-9]*", v),
        "SQLDATE": lambda v, C: v == ymd(C),
        "MonthYear": lambda v, C: v == ymd(C)[:6],
        "Year": lambda v, C: v == ymd(C)[:4],
        "FractionDate": lambda v, C: re.fullmatch(r"\d{4}\.\d{4}", v) and v[:4] == ymd(C)[:4],
        **actor_rules,
        "IsRootEvent": lambda v, C: v == ("1" if sentence(C) < 6 else "0"),
        "EventCode": lambda v, C: v == C["code"],
        "EventBaseCode": lambda v, C: v == C["code"][:3],
        "EventRootCode": lambda v, C: v == C["root"],
        "QuadClass": lambda v, C: v == C["quad_class"] and v in ("1", "2", "3", "4"),
        "GoldsteinScale": lambda v, C: num_eq(v, C["goldstein"]) and -10 <= float(v) <= 10,
        "NumMentions": lambda v, C: v == C["sources"],
        "NumSources": lambda v, C: v == C["sources"],
        "NumArticles": lambda v, C: v == C["sources"],
        "AvgTone": EMPTY,
        **geo_rules,
        "DATEADDED": EMPTY,
        "SOURCEURL": lambda v, C: v == story(C),
    },
}

with tempfile.TemporaryDirectory() as d:
    store = os.path.join(d, "s.db")
    run("ingest", examples, "--dct", "2023-06-02", "--store", store, "-q")
    events = list(csv.DictReader(io.StringIO(run("export", "--store", store, "--format", "csv"))))
    check(len(events) > 10, f"only {len(events)} events in the CSV export")
    for fmt, cols in names.items():
        rules = RULES[fmt]
        for c in cols:
            check(c in rules, f"{fmt}: column {c!r} of the table has no check")
        out = run("export", "--store", store, "--format", fmt)
        check("\r" not in out and out.endswith("\n"), f"{fmt}: lines end with \\n only")
        lines = out.split("\n")[:-1]
        # Quote-aware readers (pandas, R's read.delim, csv) must see the same fields.
        check(list(csv.reader(io.StringIO(out), delimiter="\t")) == [l.split("\t") for l in lines],
              f"{fmt}: a quote-aware TSV reader splits the rows differently")
        if fmt == "icews":
            check(lines and lines[0].split("\t") == cols, f"{fmt}: header {lines[:1]} is not the table's names")
            lines = lines[1:]
        else:
            check(lines and lines[0].split("\t")[0] not in cols, f"{fmt}: has a header; it has none")
        check(len(lines) == len(events), f"{fmt}: {len(lines)} rows, the CSV export has {len(events)}")
        seen_ids = set()
        for i, (line, C) in enumerate(zip(lines, events)):
            fields = line.split("\t")
            if len(fields) != len(cols):
                check(False, f"{fmt} row {i}: {len(fields)} columns, the table has {len(cols)}")
                continue
            check(fields[0] not in seen_ids, f"{fmt} row {i}: id {fields[0]} repeated")
            seen_ids.add(fields[0])
            for c, v in zip(cols, fields):
                if c in rules:
                    check(bool(rules[c](v, C)), f"{fmt} row {i} ({C['event_id']}): {c} = {v!r}")
        print(f"{fmt}: {len(lines)} rows x {len(cols)} columns checked")

    # Neo4j: what neo4j-admin database import reads.
    rel_path = os.path.join(d, "events.csv")
    run("export", "--store", store, "--format", "neo4j", "-o", rel_path)
    nodes = list(csv.reader(open(os.path.join(d, "events.nodes.csv"), encoding="utf-8")))
    rels = list(csv.reader(open(rel_path, encoding="utf-8")))
    check(nodes[0][0] == "code:ID(Actor)" and ":LABEL" in nodes[0], f"neo4j nodes header {nodes[0]}")
    check(rels[0][:3] == [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"], f"neo4j header {rels[0]}")
    ids = {r[0] for r in nodes[1:]}
    check(len(ids) == len(nodes) - 1, "neo4j: node ids are unique")
    check(len(rels) - 1 == len(events), f"neo4j: {len(rels) - 1} relationships, {len(events)} events")
    types = {h.split(":")[-1] for h in rels[0] if ":" in h and not h.startswith(":")}
    check(types <= {"date", "double", "int", "long", "boolean"}, f"neo4j: property types {types}")
    for i, r in enumerate(rels[1:]):
        check(len(r) == len(rels[0]), f"neo4j row {i}: {len(r)} fields")
        check(r[0] in ids and r[1] in ids, f"neo4j row {i}: ends {r[0]} {r[1]} not among the nodes")
        check(r[2] == "EVENT", f"neo4j row {i}: type {r[2]}")
        for h, v in zip(rels[0], r):
            if h.endswith(":date") and v:
                check(DATE.fullmatch(v), f"neo4j row {i}: {h} = {v!r}")
            if h.endswith(":boolean"):
                check(v in ("true", "false"), f"neo4j row {i}: {h} = {v!r}")
    print(f"neo4j: {len(nodes) - 1} nodes, {len(rels) - 1} relationships checked")

if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("ok")
