#!/usr/bin/env python3
"""Deterministic synthetic multi-class predictions for benchmarks and scale tests.

Writes N rows of a K-class classifier's predictions with the group columns of
../shared/bench/gen_predictions.py (sex, race, age_group, region, with ~0.5% missing), a true
class whose distribution and a model whose accuracy differ by group, and one score column per
class (softmax probabilities, 6 decimals):

  gen_multiclass.py --rows 5000000 --classes 10 --format csv   --out mc.csv
  gen_multiclass.py --rows 100000  --classes 4  --format jsonl --out mc.jsonl   # "scores": [...]

Columns: example_id, label (c0…c{K-1}), p_c0 … p_c{K-1} (CSV) or scores (JSONL array), sex, race,
age_group, region. Needs numpy only. Same --seed, same bytes.
"""
import argparse, json, sys
import numpy as np

SEX = np.array(["female", "male"])
RACE = np.array(["white", "black", "asian", "hispanic", "other"])
AGE = np.array(["18-25", "26-40", "41-60", "60+"])
REGION = np.array([f"r{i:02d}" for i in range(50)])


def chunk(rng, start, n, k):
    sex = rng.choice(2, n, p=[0.48, 0.52])
    race = rng.choice(5, n, p=[0.55, 0.2, 0.1, 0.12, 0.03])
    age = rng.choice(4, n, p=[0.2, 0.35, 0.3, 0.15])
    region = rng.integers(0, 50, n)
    # Class priors shift with race; the model is less sure for race 1 and women.
    logits = rng.normal(0, 0.3, (n, k)) + 0.4 * (race[:, None] == 1) * (np.arange(k)[None, :] % 3 == 0)
    prior = np.exp(logits)
    prior /= prior.sum(axis=1, keepdims=True)
    label = (prior.cumsum(axis=1) > rng.random(n)[:, None]).argmax(axis=1)
    signal = 2.2 - 0.6 * (race == 1) - 0.3 * (sex == 0)
    raw = rng.normal(0, 1.0, (n, k))
    raw[np.arange(n), label] += signal
    scores = np.exp(raw)
    scores /= scores.sum(axis=1, keepdims=True)
    cols = {"sex": SEX[sex].astype(object), "race": RACE[race].astype(object),
            "age_group": AGE[age].astype(object), "region": REGION[region].astype(object)}
    for name, values in cols.items():
        values[rng.random(n) < 0.005] = ""
    return np.arange(start, start + n), label, scores, cols


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--out", default="-")
    a = ap.parse_args()
    k = a.classes
    rng = np.random.default_rng(a.seed)
    out = sys.stdout if a.out == "-" else open(a.out, "w", newline="")
    names = [f"c{i}" for i in range(k)]
    if a.format == "csv":
        out.write(",".join(["example_id", "label"] + [f"p_{c}" for c in names] + ["sex", "race", "age_group", "region"]) + "\n")
    done, step = 0, 200_000
    while done < a.rows:
        n = min(step, a.rows - done)
        ids, label, scores, c = chunk(rng, done, n, k)
        text = np.char.mod("%.6f", scores)
        lines = []
        for i in range(n):
            if a.format == "csv":
                lines.append(",".join([str(ids[i]), names[label[i]], *text[i], c["sex"][i], c["race"][i],
                                       c["age_group"][i], c["region"][i]]) + "\n")
            else:
                record = {"example_id": int(ids[i]), "label": names[label[i]], "scores": [float(x) for x in text[i]],
                          "sex": c["sex"][i] or None, "race": c["race"][i] or None,
                          "age_group": c["age_group"][i] or None, "region": c["region"][i] or None}
                lines.append(json.dumps(record, separators=(",", ":")) + "\n")
        out.writelines(lines)
        done += n
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
