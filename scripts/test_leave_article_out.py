"""Tests of leave_article_out.py with a stand-in for `isnad ask --json`: run with
python3 -m unittest discover -s scripts -p 'test_*.py'"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

# Answers a question when some passage of the corpus it is given holds the question's text.
FAKE_ISNAD = r'''#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
corpus = args[args.index("--corpus") + 1]
texts = []
for name in os.listdir(corpus):
    for line in open(os.path.join(corpus, name), encoding="utf-8"):
        if line.strip():
            texts.append(json.loads(line)["text"])
for question in sys.stdin.read().splitlines():
    print(json.dumps({"question": question, "answered": any(question in t for t in texts)}))
'''


class LeaveArticleOutTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.fake = os.path.join(self.dir, "isnad")
        with open(self.fake, "w") as f:
            f.write(FAKE_ISNAD)
        os.chmod(self.fake, 0o755)

    def write(self, name, rows):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return path

    def run_script(self, qrels, corpus):
        args = [sys.executable, os.path.join(HERE, "leave_article_out.py"), qrels, corpus, "--isnad", self.fake]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    def test_each_question_is_asked_without_its_own_article(self):
        corpus = self.write("corpus.jsonl", [
            {"id": "a-1-0", "title": "نهر", "text": "النيل أطول نهر"},
            {"id": "a-1-1", "title": "نهر", "text": "يصب في البحر"},
            {"id": "a-2-0", "title": "جبل", "text": "إيفرست أعلى جبل والنيل أطول نهر"},
            {"id": "a-3-0", "title": "مدينة", "text": "القاهرة مدينة كبيرة"},
        ])
        # Only its own article holds the first and the third; another article holds the second.
        qrels = self.write("qrels.jsonl", [
            {"q": "يصب في البحر", "doc": "a-1-1"},
            {"q": "النيل أطول نهر", "doc": "a-1-0"},
            {"q": "القاهرة مدينة", "doc": "a-3-0"},
        ])
        out = self.run_script(qrels, corpus)
        self.assertIn("3 questions", out)
        self.assertIn("refused 0.667", out)

    def test_questions_whose_subject_another_article_shares_are_counted_apart(self):
        corpus = self.write("corpus.jsonl", [
            {"id": "a-1-0", "title": "نهر", "text": "النيل أطول نهر"},
            {"id": "a-2-0", "title": "نهر", "text": "الأمازون نهر"},
            {"id": "a-3-0", "title": "مدينة", "text": "القاهرة مدينة كبيرة"},
        ])
        qrels = self.write("qrels.jsonl", [
            {"q": "النيل أطول", "doc": "a-1-0"},
            {"q": "القاهرة مدينة", "doc": "a-3-0"},
        ])
        out = self.run_script(qrels, corpus)
        self.assertIn("refused 1.000", out)
        self.assertIn("1 whose subject no other article has: refused 1.000", out)


if __name__ == "__main__":
    unittest.main()
