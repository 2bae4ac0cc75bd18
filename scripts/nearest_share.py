#!/usr/bin/env python3
"""Of the answerable questions the no-answer rule refuses, how many would a reader find the answer for by
pressing «اعرض أقرب ما وجدت» (`isnad ask --nearest`): its answer in the nearest three passages.

usage: nearest_share.py FILE [ISNAD] [--corpus DIR]
  FILE is a gold set ({"id", "q", "gold"}, scored as ../shared/eval/run_eval.py scores it: every phrase
  of one alternative in one excerpt, after Arabic normalisation) or a qrels file ({"q", "doc"}: the
  question's own article among the results). Questions with empty gold are left out (they should be
  refused, and stay refused). Prints each refused question with the rank of its answer among the nearest
  passages (- when not among them), then the counts.
  e.g. nearest_share.py tests/fixtures/new_users.jsonl
       nearest_share.py target/eval/arcd/qrels-A-plus.jsonl target/release/isnad --corpus target/eval/arcd/corpus
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval"))
from arnorm import norm  # noqa: E402


def rank_of_answer(question, answer):
    """1-based rank of the first result holding the question's answer, or None."""
    for i, result in enumerate(answer["results"][:3]):
        if "gold" in question:
            excerpt = norm(result["excerpt"])
            if any(all(norm(p) in excerpt for p in alt) for alt in question["gold"]):
                return i + 1
        else:
            docs = question["doc"] if isinstance(question["doc"], list) else [question["doc"]]
            if result["doc"] in docs:
                return i + 1
    return None


def main():
    args = sys.argv[1:]
    corpus = []
    if "--corpus" in args:
        i = args.index("--corpus")
        corpus = ["--corpus", args[i + 1]]
        del args[i:i + 2]
    if not args:
        sys.exit(__doc__)
    path = args[0]
    binary = args[1] if len(args) > 1 else "target/release/isnad"
    questions = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    questions = [q for q in questions if q.get("gold", True)]
    stdin = "".join(q["q"].replace("\n", " ") + "\n" for q in questions)
    out = subprocess.run([binary, "ask", "--json", "--nearest", "--top", "3"] + corpus, input=stdin,
                         capture_output=True, text=True, check=True).stdout
    answers = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(answers) == len(questions), "one answer a question"
    refused = first = top3 = 0
    for question, answer in zip(questions, answers):
        if answer["answered"]:
            continue
        refused += 1
        rank = rank_of_answer(question, answer)
        first += rank == 1
        top3 += rank is not None
        print(f"{rank or '-'}\t{question['q']}")
    print(f"{os.path.basename(path)}: {len(questions)} answerable, {refused} refused; "
          f"of those, the answer nearest first {first}, in the nearest three {top3}")


if __name__ == "__main__":
    main()
