#!/usr/bin/python3
"""NetworkX and igraph on the graph entente benchmarked (scripts/bench_graph.sh).

Usage: graph_bench.py OUTDIR ENTENTE_RESULTS
Reads OUTDIR/edges.tsv (source, target, day) and OUTDIR/pairs.tsv (source, target, hops,
temporal hops from entente), times loading and shortest-path queries on the same pairs, checks
that the hop counts agree with entente's, and prints the figures next to entente's with ratios.
Neither library has time-respecting paths; a plain Python earliest-arrival scan stands in.
"""
import sys
import time


def read_results(path):
    out = {}
    for line in open(path):
        if " " in line.strip():
            k, v = line.split()[:2]
            try:
                out[k] = float(v)
            except ValueError:
                pass
    return out


def main():
    outdir, results = sys.argv[1], sys.argv[2]
    ent = read_results(results)
    import networkx as nx
    import igraph as ig

    t = time.perf_counter()
    src, dst, day = [], [], []
    for line in open(outdir + "/edges.tsv"):
        a, b, d = line.rstrip("\n").split("\t")
        src.append(a)
        dst.append(b)
        day.append(int(d))
    read_s = time.perf_counter() - t
    pairs = [line.rstrip("\n").split("\t") for line in open(outdir + "/pairs.tsv")]

    t = time.perf_counter()
    G = nx.MultiDiGraph()
    G.add_edges_from(zip(src, dst))
    nx_load = time.perf_counter() - t
    t = time.perf_counter()
    names = sorted(set(src) | set(dst))
    index = {n: i for i, n in enumerate(names)}
    g = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in zip(src, dst)], directed=True)
    ig_load = time.perf_counter() - t

    disagree = 0
    t = time.perf_counter()
    nx_hops = []
    for a, b, _, _ in pairs:
        try:
            nx_hops.append(nx.shortest_path_length(G, a, b))
        except nx.NetworkXNoPath:
            nx_hops.append(-1)
    nx_path = (time.perf_counter() - t) / len(pairs) * 1000
    t = time.perf_counter()
    ig_hops = []
    for a, b, _, _ in pairs:
        p = g.get_shortest_paths(index[a], to=index[b], mode="out", output="vpath")[0]
        ig_hops.append(len(p) - 1 if p else -1)
    ig_path = (time.perf_counter() - t) / len(pairs) * 1000
    for (a, b, h, _), x, y in zip(pairs, nx_hops, ig_hops):
        if int(h) != x or int(h) != y:
            disagree += 1

    # Earliest arrival in plain Python, written independently of entente's labels: H[v] is the
    # fewest hops of a journey reaching v by the current day (non-strict order); the first day
    # the target gets an H is the earliest arrival, and H then is the fewest hops among those.
    order = sorted(range(len(day)), key=lambda i: day[i])
    es = [(day[i], src[i], dst[i]) for i in order]
    sample = pairs[:50]
    t = time.perf_counter()
    t_disagree = 0
    for a, b, _, th in sample:
        H = {a: 0}
        best = -1
        i = 0
        while i < len(es):
            d = es[i][0]
            j = i
            while j < len(es) and es[j][0] == d:
                j += 1
            changed = True
            while changed:
                changed = False
                for k in range(i, j):
                    _, u, v = es[k]
                    if u in H and u != v and (v not in H or H[u] + 1 < H[v]):
                        H[v] = H[u] + 1
                        changed = True
            if b in H:
                best = H[b]
                break
            i = j
        if best != int(th):
            t_disagree += 1
    py_temporal = (time.perf_counter() - t) / len(sample) * 1000

    def ratio(x, y):
        return "%.2fx" % (x / y) if y > 0 else "n/a"

    print("graph: %d events, %d actors; %d query pairs" % (len(src), len(names), len(pairs)))
    print("%-34s %12s %12s %12s %10s %10s" % ("", "entente", "networkx", "igraph", "nx/ent", "ig/ent"))
    load_ent = ent.get("load_ms", 0)
    print("%-34s %10.1f ms %10.1f ms %10.1f ms %10s %10s" % (
        "load (entente: from SQLite store)", load_ent, nx_load * 1000, ig_load * 1000,
        ratio(nx_load * 1000, load_ent), ratio(ig_load * 1000, load_ent)))
    print("%-34s %10.4f ms %10.4f ms %10.4f ms %10s %10s" % (
        "shortest path (hops), warm, avg", ent.get("path_avg_ms", 0), nx_path, ig_path,
        ratio(nx_path, ent.get("path_avg_ms", 0)), ratio(ig_path, ent.get("path_avg_ms", 0))))
    print("%-34s %10.4f ms %12s %12s %10s" % (
        "temporal path, warm, avg", ent.get("temporal_avg_ms", 0), "(none)", "(none)", ""))
    print("%-34s %12s %10.2f ms %12s %10s" % (
        "  plain-Python earliest arrival", "", py_temporal, "",
        ratio(py_temporal, ent.get("temporal_avg_ms", 0))))
    print("(edge list read for python: %.1f s, not counted)" % read_s)
    print("hop counts: %d of %d pairs disagree with networkx/igraph" % (disagree, len(pairs)))
    print("temporal hop counts: %d of %d sampled pairs disagree with the Python scan" % (
        t_disagree, len(sample)))
    return 1 if disagree or t_disagree else 0


if __name__ == "__main__":
    sys.exit(main())
