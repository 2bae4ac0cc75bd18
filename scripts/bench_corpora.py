#!/usr/bin/env python3
"""Prepare the benchmark corpora outside the repository (default target/bench/):

  full/saudinewsnet.jsonl   the 97 MB SaudiNewsNet corpus (../shared/bench/saudinewsnet.jsonl.xz)
  1mb/, 10mb/               its first articles up to 1 MB and 10 MB of text
  1gb/synth.jsonl           11 copies made by ../shared/bench/synthesize.py (for speed and memory only)
  queries.jsonl             ../shared/bench/queries.jsonl
  news5k/, queries5k.jsonl  the first 5,000 articles and the headlines among the queries that name one of
                            them (small enough to embed once for semantic mode)

usage: bench_corpora.py [OUT_DIR] [--no-1gb]
Then e.g.: target/release/isnad bench --corpus target/bench/full --queries target/bench/queries.jsonl
"""
import json
import lzma
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "..", "shared", "bench")


def write_first_articles(full, out, count):
    """news5k/: the first `count` articles; queries5k.jsonl: the headlines that name one of them."""
    ids = set()
    with open(full, encoding="utf-8") as src, open(os.path.join(out, "news5k", "news.jsonl"), "w", encoding="utf-8") as dst:
        for line in src:
            if len(ids) >= count:
                break
            ids.add(json.loads(line)["id"])
            dst.write(line)
    with open(os.path.join(BENCH, "queries.jsonl"), encoding="utf-8") as src, \
            open(os.path.join(out, "queries5k.jsonl"), "w", encoding="utf-8") as dst:
        dst.writelines(line for line in src if json.loads(line)["doc"] in ids)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = args[0] if args else os.path.join(HERE, "..", "target", "bench")
    for sub in ("full", "1mb", "10mb", "1gb", "news5k"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    full = os.path.join(out, "full", "saudinewsnet.jsonl")
    if not os.path.exists(full):
        with lzma.open(os.path.join(BENCH, "saudinewsnet.jsonl.xz"), "rb") as src, open(full, "wb") as dst:
            shutil.copyfileobj(src, dst)
    shutil.copy(os.path.join(BENCH, "queries.jsonl"), os.path.join(out, "queries.jsonl"))
    for name, limit in (("1mb", 1_000_000), ("10mb", 10_000_000)):
        size = 0
        with open(full, encoding="utf-8") as src, open(os.path.join(out, name, "subset.jsonl"), "w", encoding="utf-8") as dst:
            for line in src:
                if size >= limit:
                    break
                size += len(json.loads(line)["text"].encode())
                dst.write(line)
    write_first_articles(full, out, 5000)
    synth = os.path.join(out, "1gb", "synth.jsonl")
    if "--no-1gb" not in sys.argv and not os.path.exists(synth):
        subprocess.run([sys.executable, os.path.join(BENCH, "synthesize.py"), full, synth, "11"], check=True)
    print(f"benchmark corpora in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
