#!/usr/bin/env python3
"""Whether the quoted excerpts hold the answer: ARCD's own answer strings looked for in what `isnad ask`
prints, as a reader (and ../shared/eval/run_eval.py, with its gold phrases) would look.

usage: answer_in_excerpt.py ISNAD QRELS CORPUS [--top 3]
  QRELS: a qrels file of make_arcd.py (its questions are ARCD's, so their answers are known).
  CORPUS: the corpus the questions are asked of (target/eval/arcd/corpus, or another to see how often a
  wrong corpus quotes the answer by chance).
Prints, of all questions: refused; the answer in the first excerpt; in any of the top excerpts; and,
where the first result is the question's own paragraph and that paragraph holds the answer, how often its
excerpt does.
"""
import argparse
import json
import os
import re
import subprocess

ARCD = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "external", "arcd", "arcd.json")


def norm(text):
    """Diacritics and tatweel dropped, alef, yeh and teh marbuta forms unified, words joined by spaces."""
    text = re.sub("[\u064B-\u0652\u0640]", "", text)
    text = re.sub("[إأآا]", "ا", text).replace("ى", "ي").replace("ة", "ه")
    return " ".join(re.findall(r"\w+", text))


def key(question):
    return " ".join(question.split())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("isnad")
    parser.add_argument("qrels")
    parser.add_argument("corpus")
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args()
    with open(ARCD, encoding="utf-8") as src:
        arcd = json.load(src)
    answers = {key(qa["question"]): [norm(a["text"]) for a in qa["answers"]]
               for article in arcd["data"] for p in article["paragraphs"] for qa in p["qas"]}
    with open(os.path.join(os.path.dirname(args.qrels), "corpus", "arcd.jsonl"), encoding="utf-8") as src:
        paragraphs = {row["id"]: norm(row.get("title", "") + " " + row["text"]) for row in map(json.loads, src)}
    with open(args.qrels, encoding="utf-8") as src:
        rows = [json.loads(line) for line in src]
    questions = [key(r["q"]) for r in rows]
    out = subprocess.run([args.isnad, "ask", "--json", "--top", str(args.top), "--corpus", args.corpus],
                         input="\n".join(questions) + "\n", capture_output=True, text=True, check=True).stdout
    refused = first = top = own = own_held = 0
    for row, question, line in zip(rows, questions, out.splitlines()):
        # make_arcd.py keeps ARCD's questions but for a stray trailing "ال"; match on the start then.
        gold = answers.get(question) or next((a for q, a in answers.items() if q.startswith(question[:30])), [])
        gold = [g for g in gold if len(g) >= 2]
        answer = json.loads(line)
        if not answer["answered"]:
            refused += 1
            continue
        excerpts = [norm(r["excerpt"]) for r in answer["results"]]
        holds = lambda text: any(g in text for g in gold)
        first += bool(excerpts) and holds(excerpts[0])
        top += any(holds(e) for e in excerpts)
        doc = row.get("doc")
        if answer["results"] and answer["results"][0]["doc"] == doc and holds(paragraphs.get(doc, "")):
            own += 1
            own_held += holds(excerpts[0])
    n = len(rows)
    print(f"{os.path.basename(args.qrels)} @ {args.corpus}: {n} questions, refused {refused / n:.3f}, "
          f"answer in the first excerpt {first / n:.3f}, in the top {args.top} {top / n:.3f}; "
          f"own paragraph first and holding the answer {own}, its excerpt holding it {own_held} "
          f"({own_held / max(own, 1):.3f})")


if __name__ == "__main__":
    main()
