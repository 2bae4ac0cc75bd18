#!/usr/bin/env python3
"""Fit the confidence's logistic model ([search.confidence] or [search.semantic_confidence]).

usage: fit_confidence.py ISNAD FIT_QRELS CHECK_QRELS CORPUS NEGATIVE_DIR... [--features a,b,..]
                         [--signed a,b] [--answered 0.995] [--cache DIR]

Asks every question of FIT_QRELS and CHECK_QRELS (ARCD halves A and B, see make_arcd.py) of CORPUS, which
answers them, and of each NEGATIVE_DIR, which does not, through `isnad ask --json --explain` (min_confidence
0, so nothing is hidden), and reads the confidence's parts from `why`. A logistic model over --features
(non-negative weights, but for those named in --signed) is fitted on FIT_QRELS: positives = the questions
asked of CORPUS, negatives = the same questions asked of the negative corpora, each corpus weighing as much
as the positives. The bias is then moved so that at least --answered of FIT_QRELS' questions are answered
from CORPUS at confidence 0.5, and the script prints the TOML table and, for both qrels files, the share
answered from CORPUS and refused by each negative corpus.

The environment passes through: with ISNAD_EMBEDDINGS_URL (and ISNAD_INDEX_DIR holding the vectors) the
parts include the cosine's and the fit is the semantic model's. Needs numpy and scipy.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import minimize

PARTS = ["coverage", "held", "rarest", "window", "strength", "margin", "known", "evidence", "answer_kind",
         "cosine", "cosine_gap", "topic", "foreign"]


def option(args, name, default):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def parts(binary, qrels, corpus, cache):
    """The confidence's parts for every question of `qrels` asked of `corpus` (cached as JSONL)."""
    key = f"{os.path.basename(qrels)}@{corpus.strip('/').replace('/', '_')}.jsonl"
    path = os.path.join(cache, key)
    if not os.path.exists(path):
        questions = "".join(json.loads(line)["q"].replace("\n", " ") + "\n" for line in open(qrels, encoding="utf-8"))
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as config:
            config.write("[search]\nmin_confidence = 0.0\nmin_coverage = 0.0\n")
        args = [binary, "--config", config.name, "ask", "--json", "--explain", "--corpus", corpus]
        out = subprocess.run(args, input=questions, capture_output=True, text=True, check=True).stdout
        os.unlink(config.name)
        with open(path, "w", encoding="utf-8") as dst:
            dst.writelines(json.dumps(json.loads(line)["why"]) + "\n" for line in out.splitlines() if line.startswith("{"))
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    return np.array([[row.get(p) or 0.0 for p in PARTS] for row in rows], dtype=float)


def fit(pos, negs, signed):
    """Weights (bias first) of a logistic model, positives against every negative set, balanced."""
    x = np.vstack([pos] + negs)
    y = np.concatenate([np.ones(len(pos))] + [np.zeros(len(n)) for n in negs])
    w = np.concatenate([np.full(len(pos), 1.0 / len(pos))] + [np.full(len(n), 1.0 / len(n)) for n in negs])

    def loss(theta):
        z = theta[0] + x @ theta[1:]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        nll = -(w * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))).sum()
        grad_z = w * (p - y)
        return nll + 1e-4 * (theta[1:] ** 2).sum(), np.concatenate([[grad_z.sum()], x.T @ grad_z + 2e-4 * theta[1:]])

    bounds = [(None, None)] + [(None, None) if s else (0.0, None) for s in signed]
    return minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=bounds).x


def with_bias(weights, pos, answered):
    """Bias first, then `weights`: the bias that answers the asked share of `pos` at confidence 0.5."""
    return np.concatenate([[-np.quantile(pos @ weights, 1.0 - answered)], weights])


def refine(theta, pos, negs, answered, signed, samples=4000, seed=7):
    """From the logistic fit, search the weights' direction for the most refusals over the negative sets
    (their mean share) with the bias set to answer the asked share of the positives: the logistic loss is
    only a proxy for that. Only the direction matters (the bias follows the scale), so: random directions
    on the sphere (non-negative where asked), then Nelder-Mead on the step function from the best ten."""
    def refused(weights):
        weights = np.array([w if s else max(w, 0.0) for w, s in zip(weights, signed)])
        if not weights.any():
            return -1.0, None
        t = with_bias(weights, pos, answered)
        return float(np.mean([((t[0] + n @ t[1:]) < 0).mean() for n in negs])), t

    rng = np.random.default_rng(seed)
    scale = max(np.abs(theta[1:]).max(), 1.0)
    directions = rng.normal(size=(samples, len(signed)))
    directions[:, [not s for s in signed]] = np.abs(directions[:, [not s for s in signed]])
    starts = [theta[1:]] + [d / np.linalg.norm(d) * scale for d in directions]
    scored = sorted(((refused(w)[0], i) for i, w in enumerate(starts)), reverse=True)[:10]
    best = refused(starts[0])
    for _, i in scored:
        found = minimize(lambda w: -refused(w)[0], starts[i], method="Nelder-Mead",
                         options={"xatol": 1e-4, "fatol": 1e-5, "maxiter": 1000})
        candidate = refused(found.x)
        if candidate[0] > best[0]:
            best = candidate
    return best[1]


def main():
    args = sys.argv[1:]
    features = option(args, "--features", "coverage,held,strength,margin,known").split(",")
    signed = set(filter(None, option(args, "--signed", "").split(",")))
    answered = float(option(args, "--answered", "0.995"))
    cache = option(args, "--cache", None) or tempfile.mkdtemp(prefix="isnad-fit-")
    os.makedirs(cache, exist_ok=True)
    if len(args) < 5:
        sys.exit(__doc__)
    binary, fit_qrels, check_qrels, corpus, negatives = args[0], args[1], args[2], args[3], args[4:]
    columns = [PARTS.index(f) for f in features]

    def load(qrels):
        return parts(binary, qrels, corpus, cache)[:, columns], [parts(binary, qrels, d, cache)[:, columns] for d in negatives]

    pos, negs = load(fit_qrels)
    theta = fit(pos, negs, [f in signed for f in features])
    theta = refine(theta, pos, negs, answered, [f in signed for f in features])
    print("bias = %.2f" % theta[0])
    for name in PARTS:
        print("%s = %.2f" % (name, theta[1 + features.index(name)] if name in features else 0.0))
    for label, qrels in (("fit", fit_qrels), ("check", check_qrels)):
        pos, negs = load(qrels)
        share = lambda m: float(((theta[0] + m @ theta[1:]) >= 0).mean())
        refused = ", ".join(f"refused by {d} {1 - share(n):.3f}" for d, n in zip(negatives, negs))
        print(f"# {label} {os.path.basename(qrels)}: answered {share(pos):.3f}, {refused}")


if __name__ == "__main__":
    main()
