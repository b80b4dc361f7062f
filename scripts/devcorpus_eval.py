#!/usr/bin/env python3
"""Scores `newswatch extract` on the development corpus (tests/data/devcorpus).

usage: devcorpus_eval.py [--bin build/newswatch] [--texts /tmp/nw-devcorpus/texts] [-v]

The repo keeps only facts about each article: its address, the query that finds
it with the search tool, its language and its gold claims with short locator
quotes. The texts themselves are saved under --texts (one KEY.txt each) and
never committed; articles whose text is absent are skipped and counted.

A third of the articles is held out: the split is fixed by the key's SHA-1, so
no one chooses it. Scores are printed for both parts, by language, but errors
(-v) only for the development part: look at the held-out scores, never at its
errors. The gap between the two is the extractor's overfitting.

Pairing follows annotation.md: same subject and metric (case-insensitive) and
the same figure (within 1%, or inside the gold's low..high for vague amounts and
ranges); each claim pairs once, greedily in file order.
"""
import argparse, collections, glob, hashlib, json, os, re, subprocess, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "tests", "data", "devcorpus")


def split_of(key):
    return "held" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def close(p, g):
    pv, gv = p.get("value"), g.get("value")
    if pv is None or gv is None:
        return False
    if abs(pv - gv) <= 0.01 * max(abs(gv), 1):
        return True
    if g.get("qualifier") in ("vague", "range"):
        lo, hi = g.get("low"), g.get("high")
        return (lo is None or pv >= lo) and (hi is None or pv <= hi)
    return False


def same(a, b, key):
    return str(a.get(key) or "").strip().lower() == str(b.get(key) or "").strip().lower()


def pair(pred, gold):
    pairs = pair_map(pred, gold)
    return set(pairs), set(pairs.values())


def pair_map(pred, gold):
    """Each predicted claim's gold claim, by index, for the pairs."""
    pairs = {}
    for pi, p in enumerate(pred):
        fits = [gi for gi, g in enumerate(gold)
                if gi not in pairs.values() and same(p, g, "subject") and same(p, g, "metric") and close(p, g)]
        # the gold of the same mention first (its locator quote inside the
        # claim's sentence), so a figure told in a headline and again in the
        # text pairs with the mention it was read from
        here = [gi for gi in fits if gold[gi].get("quote") and gold[gi]["quote"][:60] in p.get("quote", "")]
        if here or fits:
            pairs[pi] = (here or fits)[0]
    return pairs


def party_names():
    """The packs' one name for each party: folded alias -> name ("хочу жить"
    -> "I Want to Live"), as the engine stores a party in every language."""
    names = {}
    for path in sorted(glob.glob(os.path.join(HERE, "..", "rules", "*.toml"))):
        with open(path, "rb") as f:
            pack = tomllib.load(f)
        for name, aliases in pack.get("sources", {}).get("names", {}).items():
            for alias in [name] + aliases:
                names[alias.casefold()] = name
    return names


PARTIES = party_names()


def same_word(x, y):
    """One word in two cases: a Cyrillic name declines ("Хайдера" is "Хайдер",
    "разведке" is "разведка"), so endings of up to two letters may differ."""
    if x == y:
        return True
    if not (re.search("[\u0400-\u04ff]", x) and re.search("[\u0400-\u04ff]", y)):
        return False
    stem = min(len(x), len(y)) - 2 if abs(len(x) - len(y)) <= 2 else -1
    return stem >= 3 and x[:stem] == y[:stem]


def same_source(p, g):
    """Whether a paired claim names the gold's party: both none, the same
    party under its one name ("Хочу жить" is "I Want to Live"), or the same
    words once case, "the", possessives, punctuation and Cyrillic endings go,
    or one name inside the other ("Harendra Jayakantha" in "ASP Harendra
    Jayakantha")."""
    def words(c):
        src = c.get("source") or ""
        src = PARTIES.get(src.casefold(), src)
        t = re.sub(r"[\u2019']s\b", "", src.casefold())
        return [w for w in re.findall(r"\w+", t) if w not in ("the", "a", "an")]
    a, b = words(p), words(g)
    if not a or not b:
        return not a and not b
    def inside(x, y):  # x's words, in order, somewhere in y
        return any(all(same_word(u, v) for u, v in zip(x, y[i:i + len(x)]))
                   for i in range(len(y) - len(x) + 1))
    return inside(a, b) or inside(b, a)


def why(item, others, used):
    """What went wrong with an unpaired claim, judged against the unpaired
    claims on the other side: the same figure with another subject or
    metric, the right subject and metric with another value, or nothing."""
    free = [o for i, o in enumerate(others) if i not in used]
    if any(same(item, o, "metric") and close(o, item) or close(item, o) and same(item, o, "metric") for o in free):
        return "subject"
    if any(same(item, o, "subject") and (close(o, item) or close(item, o)) for o in free):
        return "metric"
    if any(same(item, o, "subject") and same(item, o, "metric") for o in free):
        return "value"
    return "absent"


def manifest(pattern="manifest*.jsonl"):
    rows = []
    paths = sorted({p for g in pattern.split(",") for p in glob.glob(os.path.join(CORPUS, g))})
    for path in paths:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                rows.append(json.loads(line))
    return rows


def extract(binary, path):
    r = subprocess.run([binary, "extract", path], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise SystemExit(f"{path}: extract exited {r.returncode}: {r.stderr.strip()[:300]}")
    return [json.loads(l) for l in r.stdout.splitlines() if l.strip()]


def reasons(binary, path):
    """`extract --explain`'s verdict on every number: [(offset, figure text, verdict)]."""
    r = subprocess.run([binary, "extract", "--explain", path], capture_output=True, text=True, timeout=120)
    out, cur = [], None
    for line in r.stdout.splitlines():
        m = re.match(r'@(\d+) "(.*)"$', line)
        if m:
            cur = [int(m.group(1)), m.group(2), ""]
            out.append(cur)
        elif cur is not None and not cur[2] and line.strip():
            cur[2] = line.strip()
    return out


def figure_reason(verdicts, text, gold):
    """Why the extractor left out a gold figure, as a kind: the verdict on the
    number inside the gold's quote whose digits match its value (offsets are
    the text's bytes)."""
    data, quote = text.encode(), gold.get("quote", "").encode()
    at = data.find(quote[:80])
    if at < 0:
        return "quote not found"
    end = at + len(quote)
    value = gold.get("value")
    digits = str(int(value)) if value is not None and float(value).is_integer() else str(value)
    inside = [v for v in verdicts if at <= v[0] < end]
    def matches(v):
        d = re.sub(r"\D", "", v[1])
        return d and (d == digits or digits.startswith(d))
    match = [v for v in inside if matches(v)] or (inside if len(inside) == 1 else [])
    if not match:
        return "not read as a number" if not inside else "no number matches"
    verdict = match[0][2]
    if verdict.startswith("claim:"):
        return "claimed otherwise"
    verdict = verdict.removeprefix("left out: ")
    return re.split(r"[:(\"]", verdict)[0].strip()


def ratio(a, b):
    return a / b if b else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "newswatch"))
    ap.add_argument("--texts", default="/tmp/nw-devcorpus/texts")
    ap.add_argument("-v", action="store_true", help="list the development part's errors")
    ap.add_argument("--only", nargs="*", help="development keys to score")
    ap.add_argument("--why", action="store_true",
                    help="count the errors of both parts by kind (scores only, no sentences)")
    ap.add_argument("--manifests", default="manifest*.jsonl", help="which manifests to score (globs, comma-separated)")
    a = ap.parse_args()
    totals = collections.defaultdict(lambda: collections.Counter())
    kinds = collections.defaultdict(lambda: collections.Counter())
    missing = 0
    for row in manifest(a.manifests):
        key, lang = row["key"], row["lang"]
        part = split_of(key)
        if a.only and (key not in a.only or part == "held"):
            continue
        text = os.path.join(a.texts, key + ".txt")
        gold_path = os.path.join(CORPUS, "gold", key + ".jsonl")
        if not os.path.exists(text) or not os.path.exists(gold_path):
            missing += 1
            continue
        gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
        pred = extract(a.bin, text)
        pairs = pair_map(pred, gold)
        used, hit = set(pairs), set(pairs.values())
        core = [i for i, g in enumerate(gold) if g.get("core")]
        group = "ru/uk/be" if lang in ("ru", "uk", "be") else lang
        for t in (totals[(part, group)], totals[(part, "all")]):
            t.update(articles=1, pred=len(pred), tp=len(used), gold=len(gold), hit=len(hit),
                     core=len(core), core_hit=sum(1 for i in core if i in hit),
                     src=sum(1 for pi, gi in pairs.items() if same_source(pred[pi], gold[gi])))
        verdicts = None
        for gi, g in enumerate(gold):
            if gi not in hit and g.get("core"):
                kind = why(g, pred, used)
                if kind == "absent" and a.why:
                    if verdicts is None:
                        verdicts = reasons(a.bin, text)
                    kind += ": " + figure_reason(verdicts, open(text, encoding="utf-8").read(), g)
                if kind == "metric":  # which metric it was read as
                    read = next(p for i, p in enumerate(pred) if i not in used and same(g, p, "subject")
                                and (close(p, g) or close(g, p)))
                    kind += f" ({g.get('metric')} read as {read.get('metric')})"
                kinds[(part, group)]["missed core: " + kind] += 1
        for pi, p in enumerate(pred):
            if pi not in used:
                kind = why(p, gold, hit)
                if kind == "absent":
                    kind = "not a claim"
                elif kind == "metric":
                    meant = next(g for i, g in enumerate(gold) if i not in hit and same(g, p, "subject")
                                 and (close(p, g) or close(g, p)))
                    kind += f" ({meant.get('metric')} read as {p.get('metric')})"
                kinds[(part, group)]["extra: " + kind] += 1
        if a.v and part == "dev":
            print(f"{key}: predicted {len(pred)}, right {len(used)}; gold {len(gold)}, found {len(hit)}")
            for pi, p in enumerate(pred):
                if pi not in used:
                    print(f"  extra   {p.get('subject')}/{p.get('metric')}={p.get('value')}  | {p.get('quote', '')[:140]}")
            for gi, g in enumerate(gold):
                if gi not in hit:
                    tag = "MISSED*" if g.get("core") else "missed "
                    print(f"  {tag} {g.get('subject')}/{g.get('metric')}={g.get('value')}  | {g.get('quote', '')[:140]}")
    # src: of the claims paired with gold, the share that names the gold's source
    print(f"{'part':5} {'lang':9} {'articles':>8} {'P':>6} {'R':>6} {'coreR':>6} {'src':>6}  (pred/gold/core)")
    for (part, group), t in sorted(totals.items()):
        print(f"{part:5} {group:9} {t['articles']:8d} {ratio(t['tp'], t['pred']):6.3f} "
              f"{ratio(t['hit'], t['gold']):6.3f} {ratio(t['core_hit'], t['core']):6.3f} "
              f"{ratio(t['src'], t['tp']):6.3f}  ({t['pred']}/{t['gold']}/{t['core']})")
    if a.why:
        for (part, group), c in sorted(kinds.items()):
            print(f"{part} {group}: " + ", ".join(f"{k} {n}" for k, n in sorted(c.items())))
    if missing:
        print(f"skipped {missing} articles whose text or gold is absent (save texts under {a.texts})")


if __name__ == "__main__":
    main()
