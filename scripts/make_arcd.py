#!/usr/bin/env python3
"""Build ARCD as a retrieval task: a JSONL corpus (one paragraph an article) and a qrels file.

usage: make_arcd.py OUT_DIR [--news]
  ARCD comes from ../shared/eval/external/arcd/arcd.json (checked against its SHA-256).
  OUT_DIR/corpus/arcd.jsonl  {"id", "title", "source", "text"} per paragraph (title: the Wikipedia article)
  OUT_DIR/qrels.jsonl        {"q", "doc"} per question, doc = its own paragraph's id
  OUT_DIR/qrels-A.jsonl, qrels-B.jsonl  the same split by article number (even = half A, odd = half B):
                             weights are chosen on A and confirmed on B
  OUT_DIR/qrels-A-answer.jsonl, qrels-B-answer.jsonl  the same questions with {"q", "docs"}: their own
                             paragraph and any other paragraph of the article that repeats the answer
                             with its context (ARCD's paragraphs overlap), i.e. what a reader counts as
                             answered. A supplementary figure: the targets stay on the strict files.
  --news also writes OUT_DIR/corpus/news.jsonl: SaudiNewsNet (../shared/bench/saudinewsnet.jsonl.xz) split
  into ~120-word passages, one an article, as distractors.
Then: isnad eval OUT_DIR/qrels.jsonl --corpus OUT_DIR/corpus
"""
import hashlib
import json
import lzma
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared")
ARCD = os.path.join(SHARED, "eval", "external", "arcd", "arcd.json")
ARCD_SHA256 = "9d17bd7a4830dbcc12d4b042974138650cc69ee576c6e991050120448cd07633"
NEWS = os.path.join(SHARED, "bench", "saudinewsnet.jsonl.xz")
PASSAGE_WORDS = 120


def checked_bytes(path, sha256):
    data = open(path, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {sha256}")
    return data


ANSWER_CONTEXT = 20


def answering_paragraphs(article, a, p, qa):
    """Ids of the article's paragraphs holding the answer with ANSWER_CONTEXT characters either side."""
    context = article["paragraphs"][p]["context"]
    spans = []
    for answer in qa["answers"]:
        start = answer.get("answer_start", -1)
        if start < 0 or context[start:start + len(answer["text"])] != answer["text"]:
            continue
        spans.append(context[max(0, start - ANSWER_CONTEXT):start + len(answer["text"]) + ANSWER_CONTEXT])
    docs = [f"arcd-{a}-{p}"]
    for other, paragraph in enumerate(article["paragraphs"]):
        if other != p and any(span in paragraph["context"] for span in spans):
            docs.append(f"arcd-{a}-{other}")
    return docs


def write_arcd(out):
    data = json.loads(checked_bytes(ARCD, ARCD_SHA256))
    n_par = n_q = n_more = 0
    with open(os.path.join(out, "corpus", "arcd.jsonl"), "w", encoding="utf-8") as corpus, \
            open(os.path.join(out, "qrels.jsonl"), "w", encoding="utf-8") as qrels, \
            open(os.path.join(out, "qrels-A.jsonl"), "w", encoding="utf-8") as half_a, \
            open(os.path.join(out, "qrels-B.jsonl"), "w", encoding="utf-8") as half_b, \
            open(os.path.join(out, "qrels-A-answer.jsonl"), "w", encoding="utf-8") as answer_a, \
            open(os.path.join(out, "qrels-B-answer.jsonl"), "w", encoding="utf-8") as answer_b:
        for a, article in enumerate(data["data"]):
            half, answer_half = (half_a, answer_a) if a % 2 == 0 else (half_b, answer_b)
            for p, paragraph in enumerate(article["paragraphs"]):
                doc = f"arcd-{a}-{p}"
                row = {"id": doc, "title": article["title"], "source": "ويكيبيديا", "text": paragraph["context"]}
                corpus.write(json.dumps(row, ensure_ascii=False) + "\n")
                n_par += 1
                for qa in paragraph["qas"]:
                    q = re.sub(r"\s+", " ", qa["question"]).strip(" -")
                    row = json.dumps({"q": q, "doc": doc}, ensure_ascii=False) + "\n"
                    qrels.write(row)
                    half.write(row)
                    docs = answering_paragraphs(article, a, p, qa)
                    answer_half.write(json.dumps({"q": q, "docs": docs}, ensure_ascii=False) + "\n")
                    n_q += 1
                    n_more += len(docs) > 1
    print(f"arcd: {n_par} paragraphs, {n_q} questions ({n_more} answered by more than one)", file=sys.stderr)


def write_news(out):
    n = 0
    with lzma.open(NEWS, "rt", encoding="utf-8") as src, \
            open(os.path.join(out, "corpus", "news.jsonl"), "w", encoding="utf-8") as dst:
        for line in src:
            art = json.loads(line)
            words = art["text"].split()
            for k in range(0, len(words), PASSAGE_WORDS):
                chunk = words[k:k + PASSAGE_WORDS]
                row = {"id": f"{art['id']}#{k // PASSAGE_WORDS}", "title": art.get("title", ""),
                       "source": art.get("source", ""), "text": " ".join(chunk)}
                dst.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    print(f"news: {n} passages", file=sys.stderr)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    out = args[0]
    os.makedirs(os.path.join(out, "corpus"), exist_ok=True)
    write_arcd(out)
    news = os.path.join(out, "corpus", "news.jsonl")
    if "--news" in sys.argv:
        write_news(out)
    elif os.path.exists(news):
        os.remove(news)


if __name__ == "__main__":
    main()
