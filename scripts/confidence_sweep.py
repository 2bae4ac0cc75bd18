#!/usr/bin/env python3
"""Measure the no-answer rule: how the best passage's coverage separates answerable from unanswerable.

usage: confidence_sweep.py ISNAD ANSWERABLE_QUESTIONS ANSWERABLE_CORPUS UNANSWERABLE_CORPUS [--config PATH]
Asks every question (one per line) of ANSWERABLE_QUESTIONS against the corpus that answers them and
against one that does not (e.g. ARCD questions against the seeds), with min_coverage 0, and prints for each
threshold the share answered in the first case and the share rejected in the second.
"""
import json
import os
import subprocess
import sys
import tempfile


def confidences(binary, questions, corpus, config):
    args = [binary, "--config", config, "ask", "--json", "--corpus", corpus]
    out = subprocess.run(args, input=questions, capture_output=True, text=True, check=True).stdout
    return [json.loads(line)["confidence"] for line in out.splitlines() if line.startswith("{")]


def main():
    args = sys.argv[1:]
    base = ""
    if "--config" in args:
        i = args.index("--config")
        base = open(args[i + 1], encoding="utf-8").read()
        del args[i:i + 2]
    binary, questions_path, good, bad = args
    questions = open(questions_path, encoding="utf-8").read()
    lines = [line for line in base.splitlines() if not line.strip().startswith("min_coverage")]
    if not any(line.strip() == "[search]" for line in lines):
        lines.append("[search]")
    text = "\n".join(lines).replace("[search]", "[search]\nmin_coverage = 0.0", 1) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(text)
    try:
        pos = confidences(binary, questions, good, f.name)
        neg = confidences(binary, questions, bad, f.name)
    finally:
        os.unlink(f.name)
    print("threshold answered(in-corpus) rejected(out-of-corpus) balanced")
    for t in [x / 100 for x in range(20, 65, 5)]:
        a = sum(c >= t for c in pos) / len(pos)
        r = sum(c < t for c in neg) / len(neg)
        print(f"{t:.2f} {a:.3f} {r:.3f} {(a + r) / 2:.3f}")


if __name__ == "__main__":
    main()
