#!/usr/bin/env python3
"""Two questions in one message, as people write to a bot ("من يقود القوات؟ وكم عدد الجنود؟"): is each
answered in the top 3, as it is when asked alone?

usage: two_questions.py QRELS CORPUS [ISNAD] [--seed N] [--pairs N] [--across] [--joined]
  Pairs questions of QRELS about the same article whose paragraphs differ (--across: about two articles), joins each pair into one
  message ("Q1؟ وQ2؟", or "Q1؟ Q2؟"; --joined: "Q1 وQ2؟" in one sentence, for pairs whose second question
  opens with a word that only asks: كم، متى، أين، لماذا، كيف، هل، ماذا), and asks every message and every question alone of CORPUS through
  `ISNAD ask --json --top 3` (default target/release/isnad). Prints, for the messages and for the same
  questions asked alone, the share of pairs with both paragraphs in the top 3, and the share of questions
  with their own paragraph there.
  e.g. python3 scripts/two_questions.py target/eval/arcd/qrels-A.jsonl target/eval/arcd/corpus
"""
import argparse
import json
import random
import subprocess


def article(doc):
    return doc.rsplit("-", 1)[0]


def pairs(qrels, rng, count, across):
    """Up to `count` pairs of questions about one article, from two different paragraphs (`across`: about
    two different articles)."""
    if across:
        rows = list(qrels)
        rng.shuffle(rows)
        out = [(a, b) for a, b in zip(rows[::2], rows[1::2]) if article(a["doc"]) != article(b["doc"])]
        return out[:count]
    by_article = {}
    for row in qrels:
        by_article.setdefault(article(row["doc"]), []).append(row)
    out = []
    for rows in by_article.values():
        rng.shuffle(rows)
        for i, first in enumerate(rows):
            second = next((r for r in rows[i + 1:] if r["doc"] != first["doc"]), None)
            if second is not None:
                out.append((first, second))
                rows.remove(second)
    rng.shuffle(out)
    return out[:count]


def bare(question):
    """The question without its closing question mark and anything after it (ARCD's stray "ال")."""
    q = " ".join(question.split())
    for mark in ("؟", "?"):
        if mark in q:
            q = q[: q.index(mark)]
    return q.strip()


JOINING = {"كم", "متى", "أين", "اين", "لماذا", "كيف", "هل", "ماذا"}


def opens_joining(question):
    """True when the question opens with a word that only asks (see --joined)."""
    words = bare(question).split()
    return bool(words) and words[0] in JOINING


def ask(binary, corpus, questions):
    args = [binary, "ask", "--json", "--top", "3", "--corpus", corpus]
    out = subprocess.run(args, input="".join(q + "\n" for q in questions), capture_output=True, text=True, check=True)
    return [[r["doc"] for r in json.loads(line)["results"]] for line in out.stdout.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qrels")
    parser.add_argument("corpus")
    parser.add_argument("isnad", nargs="?", default="target/release/isnad")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--across", action="store_true", help="pair questions about two different articles")
    parser.add_argument("--joined", action="store_true", help="join each pair in one sentence: Q1 وQ2؟")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    qrels = [json.loads(line) for line in open(args.qrels, encoding="utf-8")]
    if args.joined:
        chosen = [(a, b) for a, b in pairs(qrels, rng, len(qrels), args.across) if opens_joining(b["q"])]
        chosen = chosen[: args.pairs]
        messages = [f"{bare(a['q'])} و{bare(b['q'])}؟" for a, b in chosen]
    else:
        chosen = pairs(qrels, rng, args.pairs, args.across)
        messages = [f"{bare(a['q'])}؟ {rng.choice(['و', ''])}{bare(b['q'])}؟" for a, b in chosen]
    joined = ask(args.isnad, args.corpus, messages)
    alone = ask(args.isnad, args.corpus, [bare(r["q"]) + "؟" for pair in chosen for r in pair])
    n = len(chosen)
    both_joined = sum(a["doc"] in docs and b["doc"] in docs for (a, b), docs in zip(chosen, joined))
    each_joined = sum((a["doc"] in docs) + (b["doc"] in docs) for (a, b), docs in zip(chosen, joined))
    both_alone = sum(a["doc"] in alone[2 * i] and b["doc"] in alone[2 * i + 1] for i, (a, b) in enumerate(chosen))
    each_alone = sum((a["doc"] in alone[2 * i]) + (b["doc"] in alone[2 * i + 1]) for i, (a, b) in enumerate(chosen))
    print(f"{n} messages of two questions: both paragraphs in the top 3 {both_joined / n:.3f}, "
          f"each question's {each_joined / (2 * n):.3f}")
    print(f"the same questions asked alone: both {both_alone / n:.3f}, each {each_alone / (2 * n):.3f}")


if __name__ == "__main__":
    main()
