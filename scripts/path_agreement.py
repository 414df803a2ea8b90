#!/usr/bin/env python3
"""Checks `entente path` against NetworkX on a store (issue 17).

For random pairs of actors it asks entente for the shortest path (--direction any and out),
the three shortest paths (--k 3) and the most cooperative path (--weight cooperation), each
with --direction any, out and in, and
compares with NetworkX on the dyad graph that `entente export --format csv --graph dyads`
writes: undirected for `any` (a pair's events both ways count as one link), directed for
`out`, the directed graph reversed for `in`. An actor argument is either a full code (one actor) or a three-letter country code,
which takes in the country and all its sectors (USA = USA, USAGOV, USAMIL, ...), as the CLI
documents; NetworkX gets a virtual start and end node linked to those actors.

Each path entente prints is also checked: its first actor is one of A's, its last one of
B's, each hop is a link of the graph, and each step's event went the way the step says.

Usage: path_agreement.py ENTENTE STORE [--pairs 100] [--seed 1] [--min-agreement 1.0]
Prints one line per check and the agreement; exits 1 below --min-agreement, 77 (skipped)
when NetworkX is not installed.
"""
import argparse
import csv
import io
import json
import random
import subprocess
import sys

try:
    import networkx as nx
except ImportError:
    print("skipped: python3-networkx is not installed (scripts/setup.sh installs it)")
    sys.exit(77)

MAX_HOPS = 64  # far beyond any shortest path here, so entente's cap never cuts one


def run(entente, store, *args):
    out = subprocess.run([entente, "--store", store, *args], check=True, capture_output=True,
                         text=True).stdout
    return out


def load_dyads(entente, store):
    text = run(entente, store, "export", "--format", "csv", "--graph", "dyads")
    directed = nx.DiGraph()
    undirected = nx.Graph()
    for row in csv.DictReader(io.StringIO(text)):
        s, t = row["source"], row["target"]
        n, g = int(row["events"]), float(row["goldstein_sum"])
        directed.add_node(s)
        directed.add_node(t)
        undirected.add_node(s)
        undirected.add_node(t)
        if s == t:
            continue  # a self-loop is never a hop
        directed.add_edge(s, t, n=n, g=g)
        if undirected.has_edge(s, t):
            undirected[s][t]["n"] += n
            undirected[s][t]["g"] += g
        else:
            undirected.add_edge(s, t, n=n, g=g)
    return directed, undirected


def cooperation_cost(n, g):
    mean = g / n
    return min(3.0, max(1.0, 1 + (10 - mean) / 10))


def members(codes, arg):
    """The actors an argument stands for (query.h resolve_actor)."""
    if len(arg) == 3:
        return sorted(c for c in codes if c.startswith(arg))
    return [arg]


def augmented(graph, a_set, b_set, weighted):
    """The graph with a virtual start before A's actors and a virtual end after B's; a path
    meets B only at its end and A only at its start (query.h), so no arc leaves B's actors
    but to the end, and none enters A's but from the start."""
    h = graph.to_directed() if not graph.is_directed() else graph.copy()
    h.remove_edges_from([(u, v) for u, v in h.edges if u in b_set or v in a_set])
    for u, v, d in h.edges(data=True):
        d["w"] = cooperation_cost(d["n"], d["g"]) if weighted else 1.0
    h.add_node("<start>")
    h.add_node("<end>")
    for a in a_set:
        h.add_edge("<start>", a, w=0.0)
    for b in b_set:
        h.add_edge(b, "<end>", w=0.0)
    return h


def nx_distance(graph, a_set, b_set, weighted):
    """Hops (or the cooperation cost) of the shortest path; None when unreachable."""
    if set(a_set) & set(b_set):
        return 0.0 if weighted else 0
    h = augmented(graph, a_set, b_set, weighted)  # the virtual arcs cost 0
    try:
        d = nx.shortest_path_length(h, "<start>", "<end>", weight="w")
    except nx.NetworkXNoPath:
        return None
    return d if weighted else round(d)


def nx_k_hops(graph, a_set, b_set, k):
    h = augmented(graph, a_set, b_set, False)
    out = []
    try:
        for p in nx.shortest_simple_paths(h, "<start>", "<end>"):
            out.append(len(p) - 3)
            if len(out) == k:
                break
    except nx.NetworkXNoPath:
        pass
    return out


def check_path(graph, mode, a_set, b_set, p):
    """Problems with one path entente printed (empty when it is sound)."""
    problems = []
    actors = p["actors"]
    if actors[0] not in a_set:
        problems.append(f"starts at {actors[0]}")
    if actors[-1] not in b_set:
        problems.append(f"ends at {actors[-1]}")
    if len(p["steps"]) != p["hops"] or len(actors) != p["hops"] + 1:
        problems.append("hops, actors and steps disagree")
    for i, st in enumerate(p["steps"]):
        u, v = actors[i], actors[i + 1]
        if (st["from"], st["to"]) != (u, v):
            problems.append(f"step {i} is not {u}-{v}")
        if not graph.has_edge(u, v):
            problems.append(f"{u}-{v} is no link")
        way = (st["source"], st["target"])
        if way != ((u, v) if st["direction"] == "out" else (v, u)):
            problems.append(f"step {i}: event {st['source']}->{st['target']} is not {st['direction']}")
        if mode != "any" and st["direction"] != mode:
            problems.append(f"step {i} goes {st['direction']} with --direction {mode}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("entente")
    ap.add_argument("store")
    ap.add_argument("--pairs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-agreement", type=float, default=1.0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    directed, undirected = load_dyads(args.entente, args.store)
    reverse = directed.reverse(copy=True)
    codes = sorted(directed.nodes)
    countries = sorted({c[:3] for c in codes if c[:3].isalpha() and c[:3] not in ("IGO", "NGO")})
    rng = random.Random(args.seed)

    def pick():
        # Half the arguments a country code (with its sectors), half one actor's code.
        return rng.choice(countries) if rng.random() < 0.5 else rng.choice(codes)

    checks = {f"{m}{c}": [0, 0] for c in ("", " k=3", " cooperation") for m in ("any", "out", "in")}
    checks["paths sound"] = [0, 0]
    reachable = {"any": 0, "out": 0, "in": 0}

    def tally(name, ok, detail):
        checks[name][0] += ok
        checks[name][1] += 1
        if not ok or args.verbose:
            print(("ok   " if ok else "DIFF ") + f"{name}: {detail}")

    for _ in range(args.pairs):
        a, b = pick(), pick()
        while b == a:
            b = pick()
        a_set, b_set = members(codes, a), members(codes, b)
        for mode, graph in (("any", undirected), ("out", directed), ("in", reverse)):
            common = ["path", a, b, "--direction", mode, "--format", "json",
                      "--max-hops", str(MAX_HOPS)]
            got = json.loads(run(args.entente, args.store, *common))["paths"]
            want = nx_distance(graph, a_set, b_set, False)
            have = got[0]["hops"] if got else None
            reachable[mode] += want is not None
            tally(mode, have == want, f"{a} {b}: entente {have}, networkx {want}")
            for p in got:
                problems = check_path(graph, mode, a_set, b_set, p)
                tally("paths sound", not problems, f"{a} {b} {mode}: {problems or 'ok'}")

            got_k = json.loads(run(args.entente, args.store, *common, "--k", "3"))["paths"]
            want_k = nx_k_hops(graph, a_set, b_set, 3) if want else ([0] if want == 0 else [])
            have_k = [p["hops"] for p in got_k]
            if want == 0:
                have_k = have_k[:1]
            tally(f"{mode} k=3", have_k == want_k, f"{a} {b}: entente {have_k}, networkx {want_k}")
            for p in got_k:
                problems = check_path(graph, mode, a_set, b_set, p)
                tally("paths sound", not problems, f"{a} {b} {mode} k=3: {problems or 'ok'}")

            got_w = json.loads(run(args.entente, args.store, *common, "--weight",
                                   "cooperation"))["paths"]
            want_w = nx_distance(graph, a_set, b_set, True)
            have_w = got_w[0].get("cost", 0.0) if got_w else None
            same = (have_w is None and want_w is None) or (
                have_w is not None and want_w is not None and abs(have_w - want_w) < 1e-9)
            tally(f"{mode} cooperation", same, f"{a} {b}: entente {have_w}, networkx {want_w}")

    print(f"store {args.store}: {directed.number_of_nodes()} actors, "
          f"{directed.number_of_edges()} directed dyads, {undirected.number_of_edges()} "
          f"undirected links; {args.pairs} random pairs (seed {args.seed}); reachable: "
          f"any {reachable['any']}, out {reachable['out']}, in {reachable['in']}")
    worst = 1.0
    for name, (ok, n) in checks.items():
        share = ok / n if n else 1.0
        worst = min(worst, share)
        print(f"agreement {name}: {ok}/{n} ({100 * share:.1f}%)")
    sys.exit(0 if worst >= args.min_agreement else 1)


if __name__ == "__main__":
    main()
