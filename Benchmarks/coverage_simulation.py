#!/usr/bin/env python3
"""Coverage of every interval rai reports, by seeded simulation driving the rai binary.

Each simulated file has one slice column g with 2 slices per cell of a grid: sizes 30, 100,
300, 1000, 5000 rows x true positive rates 0.02, 0.1, 0.3, 0.5 (40 slices, 51,440 rows). A row
is predicted positive (score 0.9, else 0.1) with its slice's rate, so the positive rate of each
slice, of the rest and of overall have known true values: its denominator is the row count.
Weights, for the weighted run, are 0.5, 1, 2 or 4 at random, independent of the outcome.

Three runs per file, at 95%:
  A  rai eval F --slice g --thresholds 0.5 --min-slice-size 0 --format json
     Wilson intervals of rates; difference vs overall; Newcombe slice - rest (tested_difference)
  B  A + --reference g=n1000_p0.3_k0 --bootstrap 200 --seed S
     Newcombe slice - reference slice; bootstrap percentile intervals of rates, of differences
     from the reference, and of the largest gap (true gap 0.5 - 0.02 = 0.48)
  W  A + --weight w: Wilson intervals with Kish's effective size, unequal weights

    python3 Benchmarks/coverage_simulation.py --rai .build/release/rai [--files 100] [--seed 1]

Needs numpy (the benchmark venv). Prints, per interval, the share of intervals holding the
true value overall and in the worst cell (size x rate).
"""
import argparse
import collections
import json
import os
import subprocess
import tempfile

import numpy as np

SIZES = [30, 100, 300, 1000, 5000]
RATES = [0.02, 0.1, 0.3, 0.5]
PER_CELL = 2
REFERENCE = "n1000_p0.3_k0"


def design():
    slices = []
    for n in SIZES:
        for p in RATES:
            for k in range(PER_CELL):
                slices.append(("n%d_p%s_k%d" % (n, p, k), n, p))
    return slices


def write_file(path, rng, slices):
    names = np.concatenate([np.full(n, name) for name, n, _ in slices])
    rates = np.concatenate([np.full(n, p) for _, n, p in slices])
    predicted = rng.random(len(rates)) < rates
    labels = rng.random(len(rates)) < 0.3
    weights = rng.choice([0.5, 1.0, 2.0, 4.0], size=len(rates))
    with open(path, "w") as out:
        out.write("label,score,g,w\n")
        for name, label, positive, weight in zip(names, labels, predicted, weights):
            out.write("%d,%s,%s,%s\n" % (label, "0.9" if positive else "0.1", name, weight))


def run(rai, path, extra):
    command = [rai, "eval", path, "--label", "label", "--score", "score", "--slice", "g", "--thresholds", "0.5",
               "--min-slice-size", "0", "--no-auc", "--format", "json", "-q"] + extra
    return json.loads(subprocess.run(command, check=True, capture_output=True).stdout)


def comparisons(report):
    """The positive rate's analysis, and per slice its comparison with the Wilson interval added."""
    rate = report["analysis"]["specs"][0]["thresholds"][0]["rates"]["positive_rate"]
    found = {c["slice"][2:]: c for c in rate["slices"]}
    for entry in report["slices"][1:]:
        found[entry["name"][2:]]["interval"] = entry["thresholds"][0]["intervals"]["positive_rate"]
    return rate, found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rai", default=".build/release/rai")
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    slices = design()
    truth = {name: p for name, _, p in slices}
    size = {name: n for name, n, _ in slices}
    total = sum(n for _, n, _ in slices)
    mass = sum(n * p for _, n, p in slices)
    overall = mass / total
    hits = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))

    def count(kind, cell, interval, value):
        if interval is None or interval[0] is None:
            return
        hits[kind][cell][0] += interval[0] - 1e-12 <= value <= interval[1] + 1e-12
        hits[kind][cell][1] += 1

    path = os.path.join(tempfile.mkdtemp(prefix="rai-coverage-"), "coverage.csv")
    for index in range(args.files):
        write_file(path, rng, slices)
        a = run(args.rai, path, [])
        b = run(args.rai, path, ["--reference", "g=" + REFERENCE, "--bootstrap", "200", "--seed", str(index)])
        w = run(args.rai, path, ["--weight", "w"])
        _, ca = comparisons(a)
        rate_b, cb = comparisons(b)
        _, cw = comparisons(w)
        count("largest gap, bootstrap percentile", "all", rate_b.get("largest_gap_bootstrap_interval"),
              max(truth.values()) - min(truth.values()))
        for name, p in truth.items():
            cell = (size[name], p)
            rest = (mass - size[name] * p) / (total - size[name])
            count("rate, Wilson", cell, ca[name]["interval"], p)
            count("slice - rest, Newcombe", cell, ca[name]["tested_difference_interval"], p - rest)
            count("slice - overall, scaled slice - rest", cell, ca[name]["difference_interval"], p - overall)
            count("rate, Wilson, unequal weights (Kish)", cell, cw[name]["interval"], p)
            count("slice - rest, Newcombe, unequal weights", cell, cw[name]["tested_difference_interval"], p - rest)
            count("rate, bootstrap percentile", cell, cb[name].get("bootstrap_interval"), p)
            if name != REFERENCE:
                count("slice - reference slice, Newcombe", cell, cb[name]["difference_interval"], p - truth[REFERENCE])
                count("slice - reference slice, bootstrap percentile", cell, cb[name].get("difference_bootstrap_interval"),
                      p - truth[REFERENCE])
    os.remove(path)
    print("| interval | coverage | worst cell (rows, rate): coverage | intervals |")
    print("|---|---:|---|---:|")
    for kind, cells in hits.items():
        covered = sum(h for h, _ in cells.values())
        counted = sum(n for _, n in cells.values())
        worst = min(cells.items(), key=lambda item: item[1][0] / item[1][1])
        print("| %s | %.1f%% | %s: %.1f%% | %d |" % (kind, 100 * covered / counted, worst[0], 100 * worst[1][0] / worst[1][1], counted))


if __name__ == "__main__":
    main()
