#!/usr/bin/env python3
"""Questions on the corpus's subject that it does not answer: each question asked of the corpus without
its own article, which should refuse it.

usage: leave_article_out.py QRELS CORPUS_JSONL [--isnad BIN] [--config FILE] [--vectors FILE]
  QRELS          {"q", "doc"} per question (make_arcd.py's qrels-A.jsonl / qrels-B.jsonl)
  CORPUS_JSONL   {"id", "title", "source", "text"} per passage; an article is the id without its last
                 "-N" (arcd-12-3 is paragraph 3 of article 12)
  --isnad BIN    the binary (default target/release/isnad)
  --config FILE  passed on to `isnad ask`
  --vectors FILE a vector store (an index dir's vectors.bin) holding every passage's vector: each run
                 gets a copy in its own index dir, so with ISNAD_EMBEDDINGS_URL set the answers are the
                 hybrid ones without embedding the corpus again

Wrong-corpus negatives (ARCD asked of the seed articles or of the news) differ from the corpus in
subject. These do not: the corpus is the same kind of text on neighbouring subjects, as when a reader asks
the seed articles a plain fact about Kazakhstan they never state. Prints the share refused through
`isnad ask` (its own decision), overall and for questions whose article's title no other article shares
(ARCD has some subjects twice, and such a question may be answered by the other article).
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile


def article_of(passage_id):
    return passage_id.rsplit("-", 1)[0]


def ask(isnad, config, corpus_dir, index_dir, questions):
    """`isnad ask --json` for each question, one JSON object each, in order."""
    args = [isnad] + (["--config", config] if config else []) + ["ask", "--json", "--corpus", corpus_dir]
    env = dict(os.environ)
    if index_dir:
        env["ISNAD_INDEX_DIR"] = index_dir
    else:
        env.pop("ISNAD_INDEX_DIR", None)
    stdin = "".join(q.replace("\n", " ") + "\n" for q in questions)
    out = subprocess.run(args, input=stdin, capture_output=True, text=True, env=env, check=True).stdout
    answers = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if len(answers) != len(questions):
        sys.exit(f"{len(questions)} questions, {len(answers)} answers")
    return answers


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("qrels")
    parser.add_argument("corpus")
    parser.add_argument("--isnad", default="target/release/isnad")
    parser.add_argument("--config")
    parser.add_argument("--vectors")
    args = parser.parse_args()
    passages = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    questions = [json.loads(line) for line in open(args.qrels, encoding="utf-8") if line.strip()]
    titles = {}
    for p in passages:
        titles.setdefault(article_of(p["id"]), p.get("title", ""))
    title_count = collections.Counter(titles.values())
    by_article = collections.defaultdict(list)
    for q in questions:
        by_article[article_of(q["doc"])].append(q)
    refused = unique_total = unique_refused = 0
    for article, asked in sorted(by_article.items()):
        work = tempfile.mkdtemp(prefix="isnad-loao-")
        try:
            corpus_dir = os.path.join(work, "corpus")
            os.makedirs(corpus_dir)
            with open(os.path.join(corpus_dir, "corpus.jsonl"), "w", encoding="utf-8") as out:
                for p in passages:
                    if article_of(p["id"]) != article:
                        out.write(json.dumps(p, ensure_ascii=False) + "\n")
            index_dir = None
            if args.vectors:
                index_dir = os.path.join(work, "index")
                os.makedirs(index_dir)
                shutil.copy(args.vectors, os.path.join(index_dir, "vectors.bin"))
            answers = ask(args.isnad, args.config, corpus_dir, index_dir, [q["q"] for q in asked])
        finally:
            shutil.rmtree(work, ignore_errors=True)
        no = sum(not a["answered"] for a in answers)
        refused += no
        if title_count[titles.get(article, "")] == 1:
            unique_total += len(answers)
            unique_refused += no
    total = len(questions)
    print(f"{os.path.basename(args.qrels)}: {total} questions, each asked without its own article: "
          f"refused {refused / max(total, 1):.3f}; "
          f"{unique_total} whose subject no other article has: refused {unique_refused / max(unique_total, 1):.3f}")


if __name__ == "__main__":
    main()
