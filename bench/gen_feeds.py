#!/usr/bin/env python3
"""Generates N RSS feeds of ITEMS items each for the fetch benches
(bench/fetch_bench.sh, bench/lease_throughput_bench.sh), served by nginx.

usage: gen_feeds.py OUT_DIR N GZIP_EVERY ITEMS [COPIES]   (GZIP_EVERY 0: no .gz copies)
COPIES (default 0: none): one item in COPIES is another feed's item again, word
for word under its own link (a syndicated copy), and as many are a copy of the
item before it in the same feed (bench/pg_roundtrips_bench.sh).
"""
import gzip, random, sys
out, n, every, per_feed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
copies = int(sys.argv[5]) if len(sys.argv) > 5 else 0
# Every item has its own text (a first poll stores them all, as with real
# feeds) and one in eight states a figure the claim rules read.
words = ("council budget report river bridge school market festival election weather "
         "hospital museum library station harbour stadium ministry court police border "
         "factory airport railway farmers teachers nurses workers drivers students "
         "pensions taxes prices wages housing energy water roads ferry tunnel clinic "
         "mayor governor minister judge spokesman committee agency union board press").split()
demonyms = ("Nepalese Cuban Indian Serbian Syrian Belarusian Kazakh Tajik Uzbek Egyptian").split()
for i in range(n):
    items = []
    for j in range(per_feed):
        source = (i, j)
        if copies and (i + j) % copies == copies - 1:
            source = ((i * 7 + 3) % n, j)  # another feed's item
        elif copies and j > 0 and (i + j) % copies == copies // 2:
            source = (i, j - 1)  # the item before, in the same poll
        rng = random.Random(source[0] * 1000 + source[1])
        w = " ".join(rng.choice(words) for _ in range(40))
        if sum(source) % 8 == 0:
            w += (f". Officials said {rng.randint(20, 2000)} {rng.choice(demonyms)} citizens "
                  f"had signed contracts with the Russian army")
        items.append(f"<item><title>Feed {i} story {j}</title>"
                     f"<link>https://site{i % 97}.example/{i}/{j}</link><guid>f{i}-{j}</guid>"
                     f"<pubDate>Mon, 03 Nov 2025 10:{j:02d}:00 GMT</pubDate>"
                     f"<description>{w}.</description></item>")
    doc = (f'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed {i}</title>'
           f"<link>https://site{i % 97}.example/</link>{''.join(items)}</channel></rss>\n")
    path = f"{out}/f{i:05d}.xml"
    with open(path, "w") as f:
        f.write(doc)
    if every and i % every == 0:
        with gzip.open(path + ".gz", "wb", 6) as f:
            f.write(doc.encode())
