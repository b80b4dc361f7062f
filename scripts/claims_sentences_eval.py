#!/usr/bin/env python3
"""Scores `newswatch extract` on sets of annotated sentences (JSON Lines with
id, text, expect), such as tests/data/claims_unseen/: sentences written, in
the project's own words, by sessions that never saw the engine's rules, to
measure it on constructions nobody tuned it for.

Usage: claims_sentences_eval.py [--bin BIN] [--base OTHER_BIN] [-v] [DIR]

- Each set is split in two by its ids: the odd ones are the development half,
  the even ones are held out. Held-out scores are printed; held-out errors
  never are. `-v` lists the development half's errors; `--base` lists the
  development sentences whose outcome differs between the two builds.
- P: claims read that match an expected claim (subject, metric, value within
  the scorer's tolerance); R: expected claims read. A sentence with nothing
  expected counts its claims as false positives. A figure read twice in one
  text (a headline's, again in its lede) counts once, as the sets list it.
"""
import argparse
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import devcorpus_eval as E  # noqa: E402  (same/close: the corpus scorer's matching)
import devcorpus_quotes as Q  # noqa: E402  (extract_texts)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.join(HERE, "..", "tests", "data", "claims_unseen")
DEFAULT_BIN = os.path.join(HERE, "..", "build", "newswatch")
# A short language's sentence alone may be too little to tell its language by:
# a neutral first sentence says it ("It happened yesterday").
LEAD = Q.LEAD


def load(directory):
    rows = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".jsonl"):
            continue
        lang = name[:-6]
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{name}:{n}: not JSON: {e}")
                digits = re.findall(r"\d+", r["id"])
                part = "dev" if digits and int(digits[-1]) % 2 == 1 else "held"
                rows.append((part, lang, r["id"], r["text"], r.get("expect", [])))
    return rows


def read_all(binary, rows):
    return Q.extract_texts(binary, [LEAD.get(lang, "") + text for _, lang, _, text, _ in rows])


def fits(c, g):
    return E.same(c, g, "subject") and E.same(c, g, "metric") and E.close(c, g)


def judge(expect, claims):
    """(true positives, false positive claims, missed expected claims). The
    sets list each distinct claim of a text once, so a figure read again (a
    headline's figure repeated in its lede, annotation.md's `repeat`) counts
    once: claims with the subject, metric and value of an earlier one drop."""
    left, seen = [], set()
    for c in claims:
        key = (str(c.get("subject")).lower(), c.get("metric"), c.get("value"))
        if key not in seen:
            seen.add(key)
            left.append(c)
    missed = []
    for g in expect:
        hit = next((c for c in left if fits(c, g)), None)
        if hit is None:
            missed.append(g)
        else:
            left.remove(hit)
    return len(expect) - len(missed), left, missed


def scores(binary, rows):
    claims = read_all(binary, rows)
    t = collections.defaultdict(collections.Counter)
    verdicts = {}
    for i, (part, lang, rid, _, expect) in enumerate(rows):
        tp, fp, missed = judge(expect, claims.get(i, []))
        verdicts[rid] = (tp, [(c["subject"], c["metric"], c["value"]) for c in fp],
                         [(g["subject"], g["metric"], g["value"]) for g in missed])
        for key in ((part, "all"), (part, "en" if lang == "en" else "ru/uk/be")):
            t[key].update(tp=tp, fp=len(fp), gold=len(expect), sentences=1,
                          clean=int(not fp and not missed))
    return t, verdicts


def report(label, t):
    print(f"{label}: part, language: sentences, claims expected, P, R, sentences read exactly")
    for part in ("dev", "held"):
        for lang in ("all", "en", "ru/uk/be"):
            c = t.get((part, lang))
            if not c:
                continue
            p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
            r = c["tp"] / c["gold"] if c["gold"] else 1.0
            print(f"  {part:5} {lang:9} {c['sentences']:5d} {c['gold']:5d}  {p:.3f}  {r:.3f}"
                  f"  {c['clean'] / c['sentences']:.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=DEFAULT_DIR)
    ap.add_argument("--bin", default=DEFAULT_BIN)
    ap.add_argument("--base")
    ap.add_argument("-v", action="store_true", help="list the development half's errors")
    a = ap.parse_args()
    if not os.path.isdir(a.dir):
        raise SystemExit(f"no sentence sets at {a.dir}")
    rows = load(a.dir)
    t, verdicts = scores(a.bin, rows)
    report(a.bin, t)
    texts = {rid: text for _, _, rid, text, _ in rows}
    dev = [rid for part, _, rid, _, _ in rows if part == "dev"]
    if a.base:
        tb, base = scores(a.base, rows)
        report(a.base, tb)
        print("development sentences whose outcome changed (before -> after):")
        for rid in dev:
            if base[rid] != verdicts[rid]:
                print(f"  {rid}: {texts[rid]}\n      before {base[rid]}\n      after  {verdicts[rid]}")
    if a.v:
        print("development errors (false positives, missed):")
        for rid in dev:
            _, fp, missed = verdicts[rid]
            if fp or missed:
                print(f"  {rid}: {texts[rid]}\n      extra {fp}  missed {missed}")


if __name__ == "__main__":
    main()
