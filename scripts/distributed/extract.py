#!/usr/bin/python3
"""Extract events from a large collection on a Dask cluster and merge them into a store.

The collection (folders, .txt stories, JSON Lines files) is cut into shards: .txt stories
grouped up to --shard-bytes, .jsonl files into byte ranges that end on line boundaries. Each
shard runs `entente extract --stories` on a worker (entente is a pure stdin-to-stdout filter);
the events stream back, in shard order, into one `entente ingest --events -` on the store
(a PostgreSQL URL, or a SQLite file), or to --output. Story ids are kept as a single run gives
them (a .txt story's path under its folder; a JSON Lines story's "id", or file:line), so the
store is the one `entente ingest` would build. A shard whose worker dies is run again by Dask;
extraction is deterministic, so the result does not change.

  scripts/distributed/extract.py --workers 2 --store postgresql://me@db/events corpus.jsonl
  scripts/distributed/extract.py --scheduler tcp://10.0.0.5:8786 --store ... stories/

Workers need the entente binary (--entente) and the input files at the same paths (a shared
file system). Dask distributed: Debian's python3-distributed (scripts/setup.sh installs it).
Exit status: 0; 65 when some stories were rejected (their diagnostics are printed); 66 for a
missing input; 74 when the store refused the events; 1 when a shard failed on every retry.
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time


def jsonl_ranges(path, shard_bytes):
    """Byte ranges [begin, end) of `path` that end on line boundaries, each with the number
    of the first line it holds (1-based)."""
    size = os.path.getsize(path)
    ranges = []
    begin, line = 0, 1
    with open(path, "rb") as f:
        while begin < size:
            f.seek(begin)
            chunk = f.read(shard_bytes)
            if begin + len(chunk) < size:
                rest = f.readline()  # up to the end of the line the chunk cut
                chunk += rest
            end = begin + len(chunk)
            ranges.append((begin, end, line))
            line += chunk.count(b"\n")
            begin = end
    return ranges


def plan_shards(inputs, shard_bytes):
    """Shards as dicts: {"kind": "txt", "files": [(path, id)]} or
    {"kind": "jsonl", "path", "begin", "end", "line"}."""
    shards = []
    txt, txt_bytes = [], 0

    def add_txt(path, story_id):
        nonlocal txt, txt_bytes
        txt.append((os.path.abspath(path), story_id))
        txt_bytes += os.path.getsize(path)
        if txt_bytes >= shard_bytes:
            shards.append({"kind": "txt", "files": txt})
            txt, txt_bytes = [], 0

    def add_jsonl(path):
        for begin, end, line in jsonl_ranges(path, shard_bytes):
            shards.append({"kind": "jsonl", "path": os.path.abspath(path), "begin": begin,
                           "end": end, "line": line})

    for arg in inputs:
        if os.path.isdir(arg):
            found = []
            for root, dirs, files in os.walk(arg):  # symlinked folders are not followed
                dirs.sort()
                for name in files:
                    if name.endswith((".txt", ".jsonl", ".ndjson")):
                        found.append(os.path.join(root, name))
            for path in sorted(found):
                rel = os.path.relpath(path, arg).replace(os.sep, "/")
                if path.endswith(".txt"):
                    add_txt(path, rel)
                else:
                    add_jsonl(path)
        elif os.path.isfile(arg):
            if arg.endswith((".jsonl", ".ndjson")):
                add_jsonl(arg)
            else:
                add_txt(arg, os.path.basename(arg))
        else:
            raise FileNotFoundError(arg)
    if txt:
        shards.append({"kind": "txt", "files": txt})
    return shards


def run_shard(shard, entente, extract_args):
    """Runs on a worker: `entente extract --stories` on one shard. Returns (events bytes,
    diagnostics, exit code, worker address). A crash or an unexpected exit raises, so Dask
    retries."""
    from distributed import get_worker

    work = tempfile.mkdtemp(prefix="entente-shard-")
    try:
        if shard["kind"] == "txt":
            # The stories appear at their ids under a folder of links, so entente names them
            # as a run on the original folder would.
            root = os.path.join(work, "in")
            for path, story_id in shard["files"]:
                link = os.path.join(root, story_id)
                os.makedirs(os.path.dirname(link), exist_ok=True)
                os.symlink(path, link)
            target = root
        else:
            # The range under the file's own name, after as many empty lines as came before
            # it: ids of stories without one ("name.jsonl:LINE") and messages stay the same.
            target = os.path.join(work, os.path.basename(shard["path"]))
            with open(shard["path"], "rb") as src, open(target, "wb") as out:
                out.write(b"\n" * (shard["line"] - 1))
                src.seek(shard["begin"])
                out.write(src.read(shard["end"] - shard["begin"]))
        proc = subprocess.run([entente, "extract", "--stories", "-j", "1", *extract_args, target],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        if proc.returncode not in (0, 65):
            raise RuntimeError("entente extract exited %d: %s" %
                               (proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:]))
        return proc.stdout, proc.stderr.decode("utf-8", "replace"), proc.returncode, \
            get_worker().address
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", help="folders, .txt stories, .jsonl files")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler")
    where.add_argument("--workers", type=int, default=2,
                       help="start a local cluster of this many single-threaded worker "
                            "processes on 127.0.0.1 (default 2)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--store", help="store to ingest into (PostgreSQL URL or SQLite file)")
    out.add_argument("-o", "--output", help="write the event stream here instead (- = stdout)")
    p.add_argument("--entente", default=os.environ.get("ENTENTE") or shutil.which("entente"),
                   help="the entente binary, at the same path on every worker "
                        "(default: $ENTENTE, else entente on PATH)")
    p.add_argument("--extract-args", default="",
                   help="more options for `entente extract`, e.g. \"--dct 2023-06-02\"")
    p.add_argument("--ingest-args", default="",
                   help="more options for `entente ingest`, e.g. \"--merge-window 0\"")
    p.add_argument("--shard-bytes", type=int, default=8 << 20,
                   help="input bytes per shard (default 8 MiB)")
    p.add_argument("--retries", type=int, default=2,
                   help="reruns of a shard whose extraction failed (default 2)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    args = p.parse_args(argv)
    if not args.entente:
        p.error("no entente binary: give --entente or put entente on PATH")
    entente = os.path.abspath(args.entente) if os.path.exists(args.entente) else args.entente
    say = (lambda *_: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))

    try:
        shards = plan_shards(args.inputs, max(1, args.shard_bytes))
    except FileNotFoundError as e:
        print("extract.py: %s: error: no such file or folder" % e, file=sys.stderr)
        return 66

    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    scratch = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        scratch = tempfile.mkdtemp(prefix="entente-dask-")
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None,
                               local_directory=scratch)
        client = Client(cluster)
    started = time.monotonic()
    extract_args = shlex.split(args.extract_args)
    if args.store:
        sink_proc = subprocess.Popen([entente, "--store", args.store, "ingest", "--events", "-",
                                      *shlex.split(args.ingest_args)], stdin=subprocess.PIPE)
        sink = sink_proc.stdin
    else:
        sink_proc = None
        sink = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")

    code = 0
    stories = events = 0
    try:
        futures = [client.submit(run_shard, s, entente, extract_args, retries=args.retries,
                                 key="entente-shard-%d-%d" % (i, os.getpid()), pure=False)
                   for i, s in enumerate(shards)]
        index = {f.key: i for i, f in enumerate(futures)}
        ready, next_out = {}, 0
        say("extract.py: %d shards on %d workers" %
            (len(shards), len(client.scheduler_info()["workers"])))
        for done, f in enumerate(as_completed(futures), 1):
            i = index[f.key]
            try:
                ready[i] = f.result()
            except Exception as e:  # every retry failed
                print("extract.py: shard %d: error: %s" % (i, e), file=sys.stderr)
                code = 1
                ready[i] = (b"", "", 0, "")
            data, diag, rc, host = ready[i]
            n_st = data.count(b'{"story":')
            n_ev = data.count(b"\n") - n_st
            stories += n_st
            events += n_ev
            if diag:
                sys.stderr.write(diag)
            if rc == 65 and code == 0:
                code = 65
            say("extract.py: shard %d done (%d/%d) on %s: %d stories, %d events" %
                (i, done, len(shards), host, n_st, n_ev))
            # The stream goes out in shard order, so the output does not depend on timing.
            while next_out in ready:
                sink.write(ready.pop(next_out)[0])
                next_out += 1
        sink.flush()
    finally:
        if sink_proc is not None:
            sink.close()
            rc = sink_proc.wait()
            if rc != 0 and code in (0, 65):
                code = 74 if rc in (74, 78, 70) else max(code, rc)
        elif sink is not sys.stdout.buffer:
            sink.close()
        client.close()
        if cluster is not None:
            cluster.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.monotonic() - started
    say("extract.py: %d stories, %d events in %.1f s (%.0f stories/s, %.0f events/s)" %
        (stories, events, seconds, stories / max(seconds, 1e-9), events / max(seconds, 1e-9)))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
