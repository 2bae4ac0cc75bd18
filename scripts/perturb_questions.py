#!/usr/bin/env python3
"""Ask the same questions the way a new user might: one ordinary word more, which the answering
passage need not hold (تحديدا، بالضبط، تقريبا ...). A cheap stand-in for questions nobody tuned for: how
many answerable questions does the no-answer rule start refusing, and do wrong-corpus ones stay refused?

usage: perturb_questions.py QRELS OUT [--words 1|2] [--seed N]
  Writes OUT: QRELS with one word of the chosen set appended to each question (before its question mark).
  Two disjoint sets, so a rule fitted with one can be checked with the other. Then, e.g.:
  isnad eval OUT --corpus target/eval/arcd/corpus --negatives seeds
"""
import json
import random
import sys

WORDS = {
    "1": ["تحديدا", "بالضبط", "بالتفصيل", "فعلا", "المعروف", "المذكور"],
    "2": ["بدقة", "باختصار", "حقا", "تقريبا", "أصلا", "المشهور"],
}


def option(args, name, default):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def main():
    args = sys.argv[1:]
    words = WORDS.get(option(args, "--words", "2"))
    seed = int(option(args, "--seed", "7"))
    if len(args) != 2 or words is None:
        sys.exit(__doc__)
    source, out = args
    rng = random.Random(seed)
    with open(source, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            question = " ".join(row["q"].split()).rstrip("؟? ")
            row["q"] = f"{question} {rng.choice(words)}؟"
            dst.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
