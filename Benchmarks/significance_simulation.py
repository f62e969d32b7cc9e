#!/usr/bin/env python3
"""Does rai's significance keep its promise? A seeded simulation that drives the rai binary.

Null runs: 200 slices of 60-240 rows (uniform), every row drawn from one distribution (label
rate 0.3; score uniform on [0, 0.6) plus 0.4 for positives, so FPR 1/6 and TPR 5/6 at 0.5). Under
this global null every significant difference is a false discovery, and Benjamini-Hochberg
bounds the share of runs with any at 1 - confidence = 5%. Power runs: the same, but slice g000's
negatives score 0.99 with probability 0.12, so its FPR is truly 0.1 higher (1/6 -> 4/15); power
is the share of runs where g000's FPR is significant.

    python3 Benchmarks/significance_simulation.py --rai .build/release/rai [--runs 1000] [--seed 1]

Each run is `rai eval FILE --label label --score score --slice g --thresholds 0.5 --compare rest
--no-auc --format json` (the command of the statistics finding S1). Pure Python, no packages.
Prints the share of null runs with a false discovery and its standard error, the share of tests
with p <= 0.05, and the power with its standard error.
"""
import argparse
import json
import math
import os
import random
import subprocess
import tempfile


def write_run(path, rng, shifted):
    sizes = [rng.randint(60, 240) for _ in range(200)]
    with open(path, "w") as out:
        out.write("label,score,g\n")
        for index, size in enumerate(sizes):
            for _ in range(size):
                positive = rng.random() < 0.3
                score = rng.random() * 0.6 + (0.4 if positive else 0.0)
                if shifted and index == 0 and not positive and rng.random() < 0.12:
                    score = 0.99
                out.write("%d,%.6f,g%03d\n" % (positive, score, index))


def analyse(rai, path):
    command = [rai, "eval", path, "--label", "label", "--score", "score", "--slice", "g",
               "--thresholds", "0.5", "--compare", "rest", "--no-auc", "--format", "json", "-q",
               "--threads", "1"]
    report = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    rates = report["analysis"]["specs"][0]["thresholds"][0]["rates"]
    significant, small_p, tests, seen = [], 0, 0, set()
    for rate, entry in rates.items():
        for comparison in entry["slices"]:
            if comparison.get("significant"):
                significant.append((rate, comparison["slice"]))
            # Complementary rates share one test; count each test once.
            key = (comparison["slice"], comparison.get("p_value"), comparison.get("q_value"))
            if comparison.get("p_value") is not None and key not in seen:
                seen.add(key)
                tests += 1
                small_p += comparison["p_value"] <= 0.05
    return significant, small_p, tests


def share(hits, runs):
    p = hits / runs
    return "%d of %d = %.1f%% ± %.1f%% (SE)" % (hits, runs, 100 * p, 100 * math.sqrt(p * (1 - p) / runs))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rai", default=".build/release/rai")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    path = os.path.join(tempfile.mkdtemp(prefix="rai-significance-"), "run.csv")
    any_false, small_p, tests = 0, 0, 0
    found, power_false = 0, 0
    for _ in range(args.runs):
        write_run(path, rng, shifted=False)
        significant, p_small, n_tests = analyse(args.rai, path)
        any_false += bool(significant)
        small_p += p_small
        tests += n_tests
        write_run(path, rng, shifted=True)
        significant, _, _ = analyse(args.rai, path)
        found += ("false_positive_rate", "g=g000") in significant
        power_false += any(name != "g=g000" for _, name in significant)
    os.remove(path)
    print("null runs with any false discovery: " + share(any_false, args.runs))
    print("null tests with p <= 0.05: %.2f%% of %d" % (100 * small_p / max(tests, 1), tests))
    print("power, g000's FPR +0.1 found: " + share(found, args.runs))
    print("power runs with a false discovery among the other slices: " + share(power_false, args.runs))


if __name__ == "__main__":
    main()
