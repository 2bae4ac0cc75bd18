#!/usr/bin/env python3
"""Ask the same questions the way a new user might: one ordinary word more, which the answering
passage need not hold (تحديدا، بالضبط، تقريبا ...). A cheap stand-in for questions nobody tuned for: how
many answerable questions does the no-answer rule start refusing, and do wrong-corpus ones stay refused?

usage: perturb_questions.py QRELS OUT [--words 1|2 | --frames | --last | --indefinite | --typo | --imperative
                            | --swap CORPUS_JSONL] [--seed N]
  Writes OUT: QRELS with one word of the chosen set appended to each question (before its question mark).
  Two disjoint sets, so a rule fitted with one can be checked with the other. With --frames, a request
  frame opens each question instead (لو سمحت، هل يمكنك أن تخبرني ...): the way people ask a bot. With
  --last, only the questions opening with متى، كم، أين or من are kept, that word moved to the end, as
  dialects ask (ولد نجيب محفوظ متى؟). With --indefinite, every word's article goes (الوزارة → وزارة,
  but not الذي، التي ...), as people write a noun the corpus writes with it: the same word in another
  form, which stemming must bring back together. With --typo, the question's longest Arabic word (five
  letters or more) gets one slip: a letter dropped, replaced by a random one, or swapped with the next.
  With --imperative, only the questions opening with ما (ما هو، ما هي، ماهي ...) are kept, asked as a
  request instead (ما هي عاصمة أستراليا؟ → اذكر عاصمة أستراليا): the analyser knows some of these openings
  as frames (اذكر، أعطني، وضح لي، عرّف) and not others (حدد، بيّن، أخبرني ما), so the set shows both.
  With --swap, the question says one thing in other words, as someone who never read the passage would:
  the commonest word it shares with its paragraph, not in its article's title (which names the subject),
  is replaced by a word of the corpus that paragraph never writes, about as common. A synonym looks like that to
  a lexical ranker: a word the corpus knows, missing where the answer is. Questions with no such word are
  left out.
  Then, e.g.:
  isnad eval OUT --corpus target/eval/arcd/corpus --negatives seeds
"""
import argparse
import json
import random
import re

WORDS = {
    "1": ["تحديدا", "بالضبط", "بالتفصيل", "فعلا", "المعروف", "المذكور"],
    "2": ["بدقة", "باختصار", "حقا", "تقريبا", "أصلا", "المشهور"],
}

LAST = {"متى", "كم", "أين", "من"}
# The closed class of function words that begin with the article's letters: they keep them.
ARTICLE_FUNCTION_WORDS = {"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي", "اللواتي", "الآن", "الا", "إلا", "الى", "إلى"}
WHAT = ("ما هو", "ما هي", "ماهو", "ماهي", "ما هى", "ماهى", "ما")
IMPERATIVES = ["اذكر", "أعطني", "وضح لي", "عرّف", "حدد", "بيّن", "أخبرني ما"]
FRAMES = ["لو سمحت،", "من فضلك،", "هل يمكنك أن تخبرني", "أريد أن أعرف", "ممكن تقول لي", "ودي أعرف", "سؤالي:", "هل تعرف"]


def indefinite(word):
    """`word` without its article, when it has one and keeps three letters or more (الوزارة → وزارة)."""
    bare = word[2:]
    if word.startswith("ال") and len(bare) >= 3 and word not in ARTICLE_FUNCTION_WORDS:
        return bare
    return word


LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def with_typo(question, rng):
    """`question` with one slip in its longest word of Arabic letters only (five or more), if any."""
    words = question.split()
    arabic = [i for i, w in enumerate(words) if len(w) >= 5 and all("\u0621" <= c <= "\u064a" for c in w)]
    if not arabic:
        return question
    i = max(arabic, key=lambda k: len(words[k]))
    w, j = words[i], rng.randrange(1, len(words[i]) - 1)
    slip = rng.choice(["drop", "replace", "swap"])
    if slip == "drop":
        w = w[:j] + w[j + 1:]
    elif slip == "replace":
        w = w[:j] + rng.choice(LETTERS) + w[j + 1:]
    else:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    words[i] = w
    return " ".join(words)


DIACRITICS = re.compile("[\u064b-\u0652\u0640]")
ARABIC_WORD = re.compile("[\u0621-\u064a]+")
PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل", "ف")


def normalised(text):
    """`text` with the spellings a search engine folds together folded (diacritics, hamzas, ta marbuta)."""
    text = DIACRITICS.sub("", text)
    return text.translate(str.maketrans("أإآٱىة", "اااايه"))


def bare(word):
    """`word` without a leading conjunction, preposition or article, when four letters stay."""
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix):]
    return word


class Vocabulary:
    """The corpus's words (bare, normalised), their document frequencies and each paragraph's words."""

    def __init__(self, path):
        self.words_of = {}
        self.title_of = {}
        self.df = {}
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            words = {bare(w) for w in ARABIC_WORD.findall(normalised(row.get("title", "") + " " + row["text"]))}
            words = {w for w in words if len(w) >= 4}
            self.title_of[row["id"]] = {bare(w) for w in ARABIC_WORD.findall(normalised(row.get("title", "")))}
            self.words_of[row["id"]] = words
            for w in words:
                self.df[w] = self.df.get(w, 0) + 1
        self.by_df = sorted(self.df, key=lambda w: (self.df[w], w))

    def like(self, word, avoid, rng):
        """A word of the corpus about as common as `word` (df within a factor of two), not in `avoid`."""
        df = self.df[word]
        pool = [w for w in self.by_df if df / 2 <= self.df[w] <= df * 2 and w not in avoid]
        return rng.choice(pool) if pool else None


def swapped(question, doc, vocabulary, rng):
    """`question` with the commonest word it shares with paragraph `doc` said otherwise, or None."""
    words = question.split()
    own = vocabulary.words_of.get(doc, set())
    title = vocabulary.title_of.get(doc, set())
    shared = []
    for i, w in enumerate(words):
        b = bare(normalised(w))
        if len(b) >= 4 and ARABIC_WORD.fullmatch(b) and b in own and b not in title:
            shared.append((i, b))
    if not shared:
        return None
    i, b = max(shared, key=lambda s: (vocabulary.df[s[1]], s[1]))
    other = vocabulary.like(b, own, rng)
    if other is None:
        return None
    words[i] = other
    return " ".join(words)


def main():
    parser = argparse.ArgumentParser(description="One ordinary word appended to (or a request frame before) each question of a qrels file.")
    parser.add_argument("qrels")
    parser.add_argument("out")
    parser.add_argument("--words", choices=sorted(WORDS), default="2", help="which word set (default 2)")
    parser.add_argument("--frames", action="store_true", help="open each question with a request frame instead")
    parser.add_argument("--last", action="store_true", help="move a leading متى/كم/أين/من to the end")
    parser.add_argument("--indefinite", action="store_true", help="drop the article from every noun")
    parser.add_argument("--typo", action="store_true", help="one slip in the longest word")
    parser.add_argument("--imperative", action="store_true", help="ask a ما question as a request (اذكر …)")
    parser.add_argument("--swap", metavar="CORPUS_JSONL", help="say one shared word otherwise (see above)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    vocabulary = Vocabulary(args.swap) if args.swap else None
    with open(args.qrels, encoding="utf-8") as src, open(args.out, "w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            question = " ".join(row["q"].split()).rstrip("؟? ")
            if args.last:
                first, _, rest = question.partition(" ")
                if first not in LAST or not rest:
                    continue
                row["q"] = f"{rest} {first}؟"
            elif args.imperative:
                opening = next((w for w in WHAT if question.startswith(w + " ")), None)
                if opening is None:
                    continue
                row["q"] = f"{rng.choice(IMPERATIVES)} {question[len(opening) + 1:]}"
            elif vocabulary is not None:
                said = swapped(row["q"], row["doc"], vocabulary, rng)
                if said is None:
                    continue
                row["q"] = said
            elif args.typo:
                row["q"] = with_typo(row["q"], rng)
            elif args.indefinite:
                row["q"] = " ".join(map(indefinite, question.split())) + "؟"
            elif args.frames:
                row["q"] = f"{rng.choice(FRAMES)} {question}؟"
            else:
                row["q"] = f"{question} {rng.choice(WORDS[args.words])}؟"
            dst.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
