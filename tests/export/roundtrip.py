#!/usr/bin/python3
"""Round trip of the exports of the examples (issue 7) through NetworkX, igraph and lxml.

Usage: roundtrip.py ENTENTE EXAMPLES SHARED_GRAPHML_DIR|-
Builds a store from EXAMPLES (--dct 2023-06-02), then for --graph events and --graph dyads:
  - runs SHARED/check_graphml.py FILE date code label on the GraphML (not with -);
  - reads the GraphML with networkx (multigraph) and igraph and compares node and edge counts
    and every node's and edge's attributes with the Cytoscape JSON export of the same graph
    (another writer, so both must agree on the data, not only on the format);
  - compares the GEXF counts and validates it against SHARED/gexf-xsd/gexf.xsd (not with -).
Exits 77 (skipped) when networkx, igraph or lxml is missing, or when SHARED is given and lacks
check_graphml.py or the GEXF schema: ctest then lists the test as skipped, not passed.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

try:
    import igraph as ig
    import networkx as nx
    from lxml import etree
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

exe, examples, shared = sys.argv[1:4]
if shared != "-":
    for need in ("check_graphml.py", os.path.join("gexf-xsd", "gexf.xsd")):
        if not os.path.exists(os.path.join(shared, need)):
            print(f"SKIPPED: {os.path.join(shared, need)} is missing")
            sys.exit(77)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=0, abs_tol=0)
    return a == b


def run(*args, out=None):
    r = subprocess.run([exe, *args], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(f"{' '.join(args)} failed with {r.returncode}")
    return r.stdout


with tempfile.TemporaryDirectory() as d:
    store = os.path.join(d, "s.db")
    run("ingest", examples, "--dct", "2023-06-02", "--store", store, "-q")
    for shape in ("events", "dyads"):
        files = {}
        for fmt in ("graphml", "gexf", "json"):
            files[fmt] = os.path.join(d, f"{shape}.{fmt}")
            run("--store", store, "export", "--format", fmt, "--graph", shape, "-o", files[fmt])
        ref = json.load(open(files["json"], encoding="utf-8"))["elements"]
        nodes = {n["data"]["id"]: n["data"] for n in ref["nodes"]}
        edges = [e["data"] for e in ref["edges"]]
        print(f"{shape}: {len(nodes)} nodes, {len(edges)} edges in the JSON export")
        check(len(edges) > 10, f"{shape}: too few edges to mean anything")

        if shared != "-":
            checker = os.path.join(shared, "check_graphml.py")
            r = subprocess.run(["/usr/bin/python3", checker, "--quiet", files["graphml"], "date", "code", "label"],
                               capture_output=True, text=True)
            check(r.returncode == 0, f"{shape}: check_graphml.py: {r.stdout[-400:]} {r.stderr[-400:]}")

        G = nx.read_graphml(files["graphml"], force_multigraph=True)
        I = ig.Graph.Read_GraphML(files["graphml"])
        check(G.number_of_nodes() == len(nodes) == I.vcount(),
              f"{shape}: nodes nx {G.number_of_nodes()} igraph {I.vcount()} json {len(nodes)}")
        check(G.number_of_edges() == len(edges) == I.ecount(),
              f"{shape}: edges nx {G.number_of_edges()} igraph {I.ecount()} json {len(edges)}")
        check(G.is_directed() and I.is_directed(), f"{shape}: not directed")
        for v in I.vs:
            n = nodes.get(v["id"])
            check(n is not None, f"{shape}: igraph node {v['id']} not in JSON")
            if n is None:
                continue
            for k in ("label", "name", "country", "sector", "type"):
                check(v[k] == n[k] and G.nodes[v["id"]].get(k, "") == n[k],
                      f"{shape}: node {v['id']} {k}: igraph {v[k]!r} nx {G.nodes[v['id']].get(k)!r} json {n[k]!r}")
            check(int(v["events"]) == n["events"] == G.nodes[v["id"]]["events"],
                  f"{shape}: node {v['id']} events")
        # igraph keeps the file order, and the JSON and GraphML writers walk the same selection;
        # networkx groups edges by node, so its edges are found by event id or by dyad.
        by_key = {}
        for u, w, key, nd in G.edges(keys=True, data=True):
            by_key[nd["event_id"] if shape == "events" else (u, w)] = (u, w, key, nd)
        check(len(by_key) == len(edges), f"{shape}: networkx edges not unique by id")
        for i, (e, ie) in enumerate(zip(edges, I.es)):
            u, w, key, nd = by_key.get(e["id"] if shape == "events" else (e["source"], e["target"]),
                                       (None, None, None, {}))
            check((u, w) == (e["source"], e["target"]), f"{shape}: edge {i} endpoints {(u, w)} vs {e}")
            check(I.vs[ie.source]["id"] == e["source"] and I.vs[ie.target]["id"] == e["target"],
                  f"{shape}: igraph edge {i} endpoints")
            if shape == "events":
                pairs = [("event_id", "id"), ("code", "code"), ("root", "root"), ("label", "label"),
                         ("goldstein", "goldstein"), ("quad_class", "quad_class"), ("sources", "sources"),
                         ("negated", "negated")]
                if e.get("date") is not None:
                    pairs += [("date", "date"), ("date_begin", "date_begin"), ("date_end", "date_end")]
            else:
                pairs = [("code", "code"), ("events", "events"), ("goldstein_sum", "goldstein_sum"),
                         ("goldstein_mean", "goldstein_mean"), ("label", "label")]
                for q in range(4):
                    check(nd[f"quad{q + 1}"] == e["quad"][q] and int(ie[f"quad{q + 1}"]) == e["quad"][q],
                          f"{shape}: edge {i} quad{q + 1}")
                if "first_date" in e:
                    pairs += [("first_date", "first_date"), ("last_date", "last_date")]
            for gk, jk in pairs:
                want = e[jk]
                got_nx, got_ig = nd.get(gk), ie[gk]
                if isinstance(want, bool):
                    got_ig = bool(got_ig)  # igraph reads GraphML booleans as True/False already
                elif isinstance(want, int):
                    got_ig = int(got_ig)  # igraph reads integers back as doubles
                check(same(got_nx, want) and same(got_ig, want),
                      f"{shape}: edge {i} {gk}: nx {got_nx!r} igraph {got_ig!r} json {want!r}")

        doc = etree.parse(files["gexf"])
        ns = {"g": "http://gexf.net/1.3"}
        check(len(doc.findall(".//g:node", ns)) == len(nodes), f"{shape}: GEXF node count")
        check(len(doc.findall(".//g:edge", ns)) == len(edges), f"{shape}: GEXF edge count")
        check(len(doc.findall(".//g:spell", ns)) > 0, f"{shape}: GEXF without spells")
        if shared != "-":
            schema = etree.XMLSchema(etree.parse(os.path.join(shared, "gexf-xsd", "gexf.xsd")))
            ok = schema.validate(doc)
            check(ok, f"{shape}: GEXF invalid: {schema.error_log.last_error}")
        print(f"{shape}: checked")

print("ok" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)
