#!/usr/bin/env python3
"""ARCD's questions asked as a conversation: each one as a follow-up of the question before it, the way
a reader replies to an answer with the next question ("أين ولد؟" after "من هو طه حسين؟").

usage: conversation.py QRELS OUT [--topic-change]
  Writes OUT: QRELS with a "context" on each question: the question before it in the file when both ask
  about the same Wikipedia article (ARCD's crowd wrote them in that order, paragraph by paragraph), none
  for an article's first question. With --topic-change, every question's context is instead a question
  about another article (the one 300 lines on): a reply that asks something new, the case the follow-up
  must not spoil. Then, e.g.:
  isnad eval OUT --corpus target/eval/arcd/corpus
"""
import json
import sys


def article(doc):
    """The Wikipedia article of an ARCD paragraph id (arcd-12-3 → arcd-12)."""
    return doc.rsplit("-", 1)[0]


def main():
    args = sys.argv[1:]
    topic_change = "--topic-change" in args
    args = [a for a in args if a != "--topic-change"]
    if len(args) != 2:
        sys.exit(__doc__)
    rows = [json.loads(line) for line in open(args[0], encoding="utf-8") if line.strip()]
    out = []
    for i, row in enumerate(rows):
        row = dict(row)
        if topic_change:
            other = rows[(i + 300) % len(rows)]
            if article(other["doc"]) != article(row["doc"]):
                row["context"] = other["q"].replace("\n", " ").strip()
        elif i > 0 and article(rows[i - 1]["doc"]) == article(row["doc"]):
            row["context"] = rows[i - 1]["q"].replace("\n", " ").strip()
        out.append(row)
    with open(args[1], "w", encoding="utf-8") as dst:
        dst.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in out)


if __name__ == "__main__":
    main()
