#!/usr/bin/env python3
"""Date sanity of coded events: how many are dated more than a year after their story, or
before 1900, and a few examples of each.

Usage: date_sanity.py EVENTS.jsonl [--show N]
EVENTS.jsonl is the output of `entente extract` (one event a line). An event's date is its
date_begin; its story's date is doc.published. Events without either are not counted.
"""
import datetime
import json
import sys


def day(s):
    try:
        return datetime.date.fromisoformat(s[:10])
    except (TypeError, ValueError):
        return None


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    show = 3
    if "--show" in argv:
        show = int(argv[argv.index("--show") + 1])
        args = [a for a in args if a != str(show)]
    if len(args) != 1:
        print(__doc__)
        return 2
    total = dated = late = early = 0
    late_ex, early_ex = [], []
    with open(args[0], encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line)
            total += 1
            d = day(e.get("date_begin") or "")
            p = day((e.get("doc") or {}).get("published") or "")
            if d is None or p is None:
                continue
            dated += 1
            if d > p + datetime.timedelta(days=366):
                late += 1
                if len(late_ex) < show:
                    late_ex.append(e)
            if d.year < 1900:
                early += 1
                if len(early_ex) < show:
                    early_ex.append(e)
    print("events %d, with a date and a story date %d" % (total, dated))
    print("dated more than a year after the story: %d" % late)
    for e in late_ex:
        print("  %s (story %s): %s" % (e["date"], e["doc"]["published"], e["text"][:110]))
    print("dated before 1900: %d" % early)
    for e in early_ex:
        print("  %s (story %s): %s" % (e["date"], e["doc"]["published"], e["text"][:110]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
