#!/usr/bin/env python3
"""Scores entente's parser output against a gold CoNLL-U file.

  score_conllu.py gold GOLD.conllu SYSTEM.conllu
      Same tokens (entente parse --input conllu): UPOS, XPOS, lemma, UAS, LAS (LAS with full
      relations, e.g. nsubj:pass; CLAS-style "LAS-u" compares universal relations only, as the
      CoNLL 2018 script does).
  score_conllu.py text GOLD.conllu > story.txt
      Writes the gold sentences' texts as one story (sentences separated by a blank line).
  score_conllu.py raw GOLD.conllu SYSTEM.jsonl
      SYSTEM is `entente parse --format json` on that story: words are aligned to gold words by
      byte offsets (as the CoNLL 2018 evaluation aligns by characters); prints word F1 and
      UPOS, lemma, UAS and LAS F1 over aligned words.
"""
import json
import sys


def read_conllu(path):
    sents, cur, text = [], [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sents.append((text, cur))
                cur, text = [], None
                continue
            if line.startswith("#"):
                if line.startswith("# text = "):
                    text = line[len("# text = "):]
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            cur.append(cols)
    if cur:
        sents.append((text, cur))
    return sents


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def score_gold(gold_path, sys_path):
    gold, system = read_conllu(gold_path), read_conllu(sys_path)
    if len(gold) != len(system):
        sys.exit(f"{sys_path}: {len(system)} sentences, gold has {len(gold)}")
    n = upos = xpos = lemma = uas = las = lasu = 0
    for (_, g), (_, s) in zip(gold, system):
        if len(g) != len(s):
            sys.exit(f"{sys_path}: a sentence has {len(s)} words, gold has {len(g)}")
        for gw, sw in zip(g, s):
            n += 1
            upos += gw[3] == sw[3]
            xpos += gw[4] == sw[4]
            lemma += gw[2] == sw[2]
            if gw[6] == sw[6]:
                uas += 1
                las += gw[7] == sw[7]
                lasu += gw[7].split(":")[0] == sw[7].split(":")[0]
    print(f"words {n}  UPOS {pct(upos, n):.2f}  XPOS {pct(xpos, n):.2f}  lemma {pct(lemma, n):.2f}"
          f"  UAS {pct(uas, n):.2f}  LAS {pct(las, n):.2f}  LAS-u {pct(lasu, n):.2f}")


def story_of(gold):
    """The story text and each gold word's byte span, sentences joined by blank lines."""
    out, spans = b"", []
    for text, words in gold:
        if out:
            out += b"\n\n"
        base = len(out)
        raw = (text or " ".join(w[1] for w in words)).encode("utf-8")
        pos, sent_spans = 0, []
        for w in words:
            form = w[1].encode("utf-8")
            at = raw.find(form, pos)
            if at < 0:
                sent_spans.append(None)
                continue
            sent_spans.append((base + at, base + at + len(form)))
            pos = at + len(form)
        out += raw
        spans.append(sent_spans)
    return out, spans


def score_raw(gold_path, sys_path):
    gold = read_conllu(gold_path)
    _, spans = story_of(gold)
    gold_words = {}
    for si, (_, words) in enumerate(gold):
        for wi, w in enumerate(words):
            if spans[si][wi] is not None:
                gold_words[spans[si][wi]] = (si, wi, w)
    sys_words = {}
    with open(sys_path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            ws = obj["words"]
            for w in ws:
                head = ws[w["head"] - 1] if w["head"] > 0 else None
                hspan = (head["begin"], head["end"]) if head else None
                sys_words[(w["begin"], w["end"])] = (w, hspan)
    ng, ns = len(sum((s[1] for s in gold), [])), len(sys_words)
    aligned = upos = lemma = uas = las = 0
    for span, (si, wi, gw) in gold_words.items():
        if span not in sys_words:
            continue
        aligned += 1
        sw, hspan = sys_words[span]
        upos += gw[3] == sw["upos"]
        lemma += gw[2] == sw["lemma"]
        gh = int(gw[6])
        ghspan = spans[si][gh - 1] if gh > 0 else None
        if ghspan == hspan:
            uas += 1
            las += gw[7] == sw["deprel"]

    def f1(c):
        p, r = c / ns if ns else 0, c / ng if ng else 0
        return 200 * p * r / (p + r) if p + r else 0.0

    print(f"gold words {ng}  system words {ns}  words F1 {f1(aligned):.2f}  UPOS {f1(upos):.2f}"
          f"  lemma {f1(lemma):.2f}  UAS {f1(uas):.2f}  LAS {f1(las):.2f}")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "text":
        text, _ = story_of(read_conllu(sys.argv[2]))
        sys.stdout.buffer.write(text + b"\n")
    elif len(sys.argv) == 4 and sys.argv[1] == "gold":
        score_gold(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "raw":
        score_raw(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
