#!/usr/bin/env python3
"""How often the analyser's root (src/arabic/root.rs) is the one a published dictionary names.

usage: root_accuracy.py [CORPUS_JSONL ...] [--show N]

The dictionary is Arramooz (Taha Zerrouki; arramooz-pysqlite on PyPI, GPL-3): 30,215 nouns and 13,942
verbs with their roots, and the nouns' broken plurals. It is downloaded into target/root-oracle/ to
measure with and is not part of Isnad. Words are checked as the dictionary writes them, with the article
(ال), a noun in ة with the plural ات, a sound verb's present (ي), and a past verb with ت and with وا.
With CORPUS_JSONL files (one {"text"} a line, e.g. target/eval/arcd/corpus/arcd.jsonl), the dictionary's
words are also counted as often as the corpora write them (stopwords and words of under three letters
left out; a word with several dictionary roots counts as right when the analyser gives any of them), and
--show N lists the N commonest misses. Weak radicals are compared as the analyser writes them (a weak
middle as و, a weak last as ي, hamza as ا). Needs `cargo build --release --example roots`.
"""
import collections
import glob
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "..", "target")
ORACLE = os.path.join(TARGET, "root-oracle")
ROOTS = os.path.join(TARGET, "release", "examples", "roots")
DIACRITICS = re.compile("[\u064b-\u0652\u0640]")


def norm(word):
    word = DIACRITICS.sub("", word)
    for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ء", "ا"), ("ؤ", "و"), ("ئ", "ي"), ("ى", "ي"), ("ة", "ه")):
        word = word.replace(a, b)
    return "".join(c for c in word if "\u0621" <= c <= "\u064a")


def canonical(root):
    root = norm(root)
    if len(root) != 3:
        return root
    a, b, c = root
    return a + ("و" if b in "اوي" else b) + ("ي" if c in "اوي" else c)


def dictionary():
    """Path of Arramooz's SQLite dictionary, downloaded once."""
    path = os.path.join(ORACLE, "arramooz", "data", "arabicdictionary.sqlite")
    if not os.path.exists(path):
        os.makedirs(ORACLE, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", ORACLE,
                        "arramooz-pysqlite==0.4.2"], check=True)
        wheel = glob.glob(os.path.join(ORACLE, "arramooz_pysqlite-*.whl"))[0]
        zipfile.ZipFile(wheel).extractall(ORACLE)
    return path


def gold_words():
    """(kind, word, root) for every form checked."""
    db = sqlite3.connect(dictionary())
    arabic = re.compile("[\u0621-\u064a]+")
    rows = []
    for word, root, plurals in db.execute("select unvocalized, root, broken_plural from nouns"):
        if not arabic.fullmatch(word):
            continue
        rows += [("noun", word, root), ("al+noun", "ال" + word, root)]
        if word.endswith("ة"):
            rows.append(("noun+at", word[:-1] + "ات", root))
        for plural in re.split(r"[;\s]+", plurals or ""):
            plural = DIACRITICS.sub("", plural)
            if plural and "+" not in plural and arabic.fullmatch(plural):
                rows.append(("plural", plural, root))
    for word, root in db.execute("select unvocalized, root from verbs"):
        if not arabic.fullmatch(word):
            continue
        rows.append(("verb", word, root))
        hollow = len(word) == 3 and word[1] == "ا"
        if not hollow and not word.endswith(("ى", "ا")):
            present = "ي" + (word[1:] if word[0] in "اأ" else word)
            rows += [("present", present, root), ("past+t", word + "ت", root), ("past+wa", word + "وا", root)]
    return rows


def main():
    args = sys.argv[1:]
    show = 0
    if "--show" in args:
        i = args.index("--show")
        show = int(args[i + 1])
        del args[i:i + 2]
    rows = gold_words()
    words = [norm(w) for _, w, _ in rows]
    out = subprocess.run([ROOTS], input="\n".join(words) + "\n", capture_output=True, text=True, check=True)
    ours = [line.split("\t")[1] if "\t" in line else "" for line in out.stdout.splitlines()]
    by_kind = collections.Counter()
    golds, given = collections.defaultdict(set), {}
    for (kind, _, root), word, mine in zip(rows, words, ours):
        gold = canonical(root)
        if len(gold) != 3:
            continue
        by_kind[(kind, mine == gold)] += 1
        golds[word].add(gold)
        given[word] = mine
    for kind in ("noun", "al+noun", "noun+at", "plural", "verb", "present", "past+t", "past+wa"):
        total = by_kind[(kind, True)] + by_kind[(kind, False)]
        print(f"{kind:8} {total:6}  right {by_kind[(kind, True)] / total:.3f}")
    if not args:
        return
    freq = collections.Counter()
    for path in args:
        for line in open(path, encoding="utf-8"):
            freq.update(norm(w) for w in json.loads(line).get("text", "").split())
    right = wrong = types_right = types = 0
    misses = collections.Counter()
    for word, roots in golds.items():
        count, mine = freq.get(word, 0), given[word]
        if not count or not mine or len(word) < 3:
            continue
        ok = mine in roots
        right, wrong = right + count * ok, wrong + count * (not ok)
        types_right, types = types_right + ok, types + 1
        if not ok:
            misses[(word, "/".join(sorted(roots)), mine)] += count
    print(f"corpus words  {right + wrong:8}  right {right / (right + wrong):.3f}  ({types} distinct: {types_right / types:.3f})")
    for (word, roots, mine), count in misses.most_common(show):
        print(f"  {count:6}  {word}: {roots}, analyser {mine}")


if __name__ == "__main__":
    main()
