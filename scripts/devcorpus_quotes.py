#!/usr/bin/env python3
"""Scores `newswatch extract` on the development corpus's own facts: each gold
claim's locator quote and each negative, read alone, with no article text.

usage: devcorpus_quotes.py [--bin build/newswatch] [--base OTHER_BIN] [-v]

devcorpus_eval.py needs the article texts, which are never committed and live
only in /tmp on the machine that fetched them. This needs only what the repo
keeps, so any machine (and any build) can be checked against the real
constructions the corpus holds. A quote is a short span (at most 25 words)
around one figure; it often leaves its subject in a sentence before, so:

- quote recall: the gold claim (subject, metric, figure, as devcorpus_eval.py
  pairs them) among the claims read from its own quote; src, the share of
  those that name the gold's party (devcorpus_eval.py's same_source);
- reading recall: the same without the subject (metric and figure only);
- negatives read as claims: how many of the texts the annotators marked as
  no claim yield a claim whose metric and figure match no gold claim of the
  article;
- extra per quote: claims read from gold quotes that match no gold claim of
  the article (a second reading of the figure, or a number that is none).

The held-out third (the same split as devcorpus_eval.py) is scored, never
listed: -v lists the development part's misses only. With --base, both builds
are scored and the development quotes whose outcome changed are listed.
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devcorpus_eval as E  # noqa: E402  (one pairing and one split for both scorers)

# A neutral first sentence for a short Cyrillic quote, so its language is told
# from more than a dozen words (uk and be share most letters with ru).
LEAD = {"ru": "Это случилось вчера. ", "uk": "Це сталося вчора. ", "be": "Гэта здарылася ўчора. "}


def items():
    """(part, lang, key, kind, text, gold claim or None, the article's gold)."""
    langs = {r["key"]: r["lang"] for r in E.manifest()}
    golds = {}
    for key in langs:
        path = os.path.join(E.CORPUS, "gold", key + ".jsonl")
        if os.path.exists(path):
            golds[key] = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    out = []
    for key, gold in golds.items():
        for g in gold:
            if g.get("quote"):
                out.append((E.split_of(key), langs[key], key, "gold", g["quote"], g, gold))
    for path in sorted(os.listdir(E.CORPUS)):
        if not path.startswith("negatives."):
            continue
        for line in open(os.path.join(E.CORPUS, path), encoding="utf-8"):
            if line.strip():
                n = json.loads(line)
                key = n["key"]
                if key in golds and n.get("text"):
                    out.append((E.split_of(key), langs[key], key, "neg", n["text"], None, golds[key]))
    return out


def extract_texts(binary, texts):
    """The claims `extract` reads from each text, by its index (each text a
    file of its own, up to 2,000 files a run)."""
    with tempfile.TemporaryDirectory(prefix="nw-texts-") as tmp:
        paths = []
        for i, text in enumerate(texts):
            p = os.path.join(tmp, f"{i}.txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            paths.append(p)
        claims = collections.defaultdict(list)
        for start in range(0, len(paths), 2000):
            r = subprocess.run([binary, "extract"] + paths[start:start + 2000],
                               capture_output=True, text=True, timeout=600)
            if r.returncode != 0:
                raise SystemExit(f"extract exited {r.returncode}: {r.stderr.strip()[:300]}")
            for line in r.stdout.splitlines():
                if line.strip():
                    c = json.loads(line)
                    claims[int(os.path.basename(c["doc"])[:-4])].append(c)
        return claims


def read_all(binary, rows):
    """The claims read from each row's text, by row index (one extract run)."""
    texts = []
    for _, lang, _, _, text, _, _ in rows:
        lead = LEAD.get(lang, "") if re.search("[\u0400-\u04ff]", text) else ""
        texts.append(lead + text)
    return extract_texts(binary, texts)


def fits(c, g, subject=True):
    return (not subject or E.same(c, g, "subject")) and E.same(c, g, "metric") and E.close(c, g)


def outcome(row, claims):
    """('hit' | 'hit, other source' | 'reading' | 'miss') for a gold quote, ('read' | 'clean') for a
    negative, and the claims matching no gold claim of the article."""
    _, _, _, kind, _, g, gold = row
    extra = [c for c in claims if not any(fits(c, x, subject=False) for x in gold)]
    if kind == "neg":
        return ("read" if extra else "clean"), extra
    hit = next((c for c in claims if fits(c, g)), None)
    if hit is not None:
        return ("hit" if E.same_source(hit, g) else "hit, other source"), extra
    if any(fits(c, g, subject=False) for c in claims):
        return "reading", extra
    return "miss", extra


def score(rows, claims):
    t = collections.defaultdict(collections.Counter)
    outs = []
    for i, row in enumerate(rows):
        part, lang = row[0], row[1]
        res, extra = outcome(row, claims.get(i, []))
        outs.append(res)
        group = "ru/uk/be" if lang in ("ru", "uk", "be") else lang
        for c in (t[(part, group)], t[(part, "all")]):
            if row[3] == "neg":
                c.update(neg=1, neg_read=bool(extra))
            else:
                hit = res.startswith("hit")
                c.update(quotes=1, hit=hit, src=res == "hit", reading=hit or res == "reading", extra=len(extra),
                         core=bool(row[5].get("core")), core_hit=bool(row[5].get("core")) and hit)
    return t, outs


def table(t, label):
    print(f"{label}: part, language: quotes, quote R, reading R, core quote R, src, extra/quote"
          " | negatives, read as claims")
    for key in sorted(t):
        c = t[key]
        r = lambda a, b: c[a] / c[b] if c[b] else 0.0
        print(f"  {key[0]:5} {key[1]:9} {c['quotes']:5}  {r('hit', 'quotes'):.3f}  {r('reading', 'quotes'):.3f}"
              f"  {r('core_hit', 'core'):.3f}  {r('src', 'hit'):.3f}  {r('extra', 'quotes'):.3f}"
              f" | {c['neg']:5}  {r('neg_read', 'neg'):.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(E.HERE, "..", "build", "newswatch"))
    ap.add_argument("--base", help="another build: list the development quotes whose outcome changed")
    ap.add_argument("-v", action="store_true", help="list the development part's missed quotes")
    a = ap.parse_args()
    rows = items()
    t, outs = score(rows, read_all(a.bin, rows))
    table(t, a.bin)
    if a.base:
        tb, before = score(rows, read_all(a.base, rows))
        table(tb, a.base)
        print("development quotes whose outcome changed (before -> after):")
        for row, x, y in zip(rows, before, outs):
            if row[0] == "dev" and x != y:
                print(f"  {x} -> {y}  {row[2]}  {row[3]}  {(row[5] or {}).get('metric', '')}  {row[4][:120]}")
    if a.v:
        for row, res in zip(rows, outs):
            if row[0] == "dev" and res == "miss":
                g = row[5]
                print(f"  miss {row[2]}: {g.get('subject')} {g.get('metric')} {g.get('value')} | {row[4]}")


if __name__ == "__main__":
    main()
