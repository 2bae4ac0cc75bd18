#!/usr/bin/env python3
"""News titles holding a word that begins with its own آل (آلية، الآلاف، وآل), as headline queries for
their own article, written three ways: as the title writes them, with the madda dropped (الاف for
آلاف), and with the article added or removed on that word (آلية ↔ الآلية).

usage: alef_lam_titles.py CORPUS.jsonl OUT_DIR
  CORPUS.jsonl: SaudiNewsNet as scripts/bench_corpora.py writes it (target/bench/full/saudinewsnet.jsonl).
Writes OUT_DIR/{asis,nomadda,toggled}.jsonl, qrels (`{"q", "doc"}`) for `isnad eval --corpus`.
"""
import json
import os
import re
import sys

OWN_ALEF_LAM = re.compile(r"(?<![\u0621-\u064a])(و|ف|ب|ك|ل|وب|فب|وال|فال|بال|كال|لل|ال|ولل|وبال)?آل([\u0621-\u064a]*)")


def without_madda(match):
    return (match.group(1) or "") + "ال" + match.group(2)


def article_toggled(match):
    before = match.group(1) or ""
    if before.endswith("ال"):
        before = before[:-2]
    elif before == "لل":
        before = "ل"
    elif before in ("", "و", "ف", "ب", "ك"):
        before += "ال"
    return before + "آل" + match.group(2)


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    sets = {"asis": [], "nomadda": [], "toggled": []}
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            title = article["title"]
            if not OWN_ALEF_LAM.search(title):
                continue
            sets["asis"].append({"q": title, "doc": article["id"]})
            sets["nomadda"].append({"q": OWN_ALEF_LAM.sub(without_madda, title), "doc": article["id"]})
            sets["toggled"].append({"q": OWN_ALEF_LAM.sub(article_toggled, title), "doc": article["id"]})
    for name, rows in sets.items():
        with open(os.path.join(out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        print(f"{name}: {len(rows)} titles")


if __name__ == "__main__":
    main()
