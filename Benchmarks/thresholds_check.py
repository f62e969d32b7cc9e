#!/usr/bin/env python3
"""Compares `rai thresholds` with Fairlearn's ThresholdOptimizer on the same rows.

  thresholds_check.py FILE.csv --rai PATH --slice COL [--tolerance 0.01] [--rows N] [--min-slice-size 0]

For demographic parity and equal opportunity (Fairlearn: demographic_parity and
true_positive_rate_parity), both with accuracy as the objective (rai: cost ratio 1, so cost =
FP + FN = rows × (1 − accuracy)), it runs
  - rai thresholds FILE --slice COL --strategy S --tolerance T --cost-ratio 1 --format json
    (one deterministic threshold per slice, every distinct score searched), and
  - ThresholdOptimizer(constraints=…, objective="accuracy_score", prefit=True) on the scores as
    they are, exact (tol=None: randomised between two thresholds per group, equal rates) and
    relaxed (tol=T),
and prints for each the cost FP + FN (Fairlearn's is expected under its randomisation), the
accuracy and the largest gap of the constrained rate. Neither is an oracle for the other: rai
keeps one threshold per slice and equality within T; Fairlearn randomises and interpolates its
trade-off curve on a grid of 1,000 points.

For equalized odds (Fairlearn: equalized_odds, objective accuracy_score, tol unsupported there) both
randomise on each group's ROC convex hull; the script recomputes rai's expected cost FP + FN from
the reported mixes, row by row, and prints it beside rai's own figure and Fairlearn's. Needs pandas, numpy and fairlearn (a scratch venv).
"""
import argparse, json, subprocess, sys, tempfile
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from fairlearn.postprocessing import ThresholdOptimizer


class Scores(BaseEstimator, ClassifierMixin):
    """The score column as it is: what the optimizer thresholds."""
    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict(self, X):
        return np.asarray(X)[:, 0]


def rates_gap(y, positive, groups, negative=False):
    """Largest gap of TPR (or FPR with negative=True) over groups."""
    target = (1 - y) if negative else y
    values = [(positive[m] * target[m]).sum() / target[m].sum() for m in (groups == g for g in np.unique(groups)) if target[m].sum() > 0]
    return max(values) - min(values)


def summary(name, y, positive, groups, rate):
    """Cost FP + FN, accuracy and the largest gap of `rate` over groups, for P(positive) per row."""
    fp = float(((1 - y) * positive).sum()); fn = float((y * (1 - positive)).sum())
    values = []
    for g in np.unique(groups):
        m = groups == g
        if rate == "positive_rate":
            values.append(positive[m].mean())
        else:
            if y[m].sum() > 0: values.append((positive[m] * y[m]).sum() / y[m].sum())
    print(f"  {name:34s} cost {fp + fn:12.2f}  accuracy {1 - (fp + fn) / len(y):.6f}  {rate} gap {max(values) - min(values):.6f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data"); ap.add_argument("--rai", required=True); ap.add_argument("--slice", required=True)
    ap.add_argument("--label", default="label"); ap.add_argument("--score", default="score")
    ap.add_argument("--tolerance", type=float, default=0.01); ap.add_argument("--rows", type=int)
    ap.add_argument("--min-slice-size", type=int, default=0)
    a = ap.parse_args()
    df = pd.read_csv(a.data, dtype=str, keep_default_na=False, nrows=a.rows)
    path = a.data
    if a.rows:
        path = tempfile.mktemp(suffix=".csv")
        df.to_csv(path, index=False)
    y = (df[a.label].astype(float).to_numpy() == 1).astype(float)
    s = df[a.score].astype(float).to_numpy()
    groups = np.array([v if v != "" else "(missing)" for v in df[a.slice]])
    print(f"{len(df)} rows, slice {a.slice} ({len(np.unique(groups))} values), tolerance {a.tolerance}")
    for strategy, constraint, rate in [("demographic-parity", "demographic_parity", "positive_rate"),
                                       ("equal-opportunity", "true_positive_rate_parity", "true_positive_rate")]:
        print(strategy)
        out = subprocess.run([a.rai, "thresholds", path, "--label", a.label, "--score", a.score, "--slice", a.slice,
                              "--strategy", strategy, "--tolerance", str(a.tolerance), "--cost-ratio", "1",
                              "--min-slice-size", str(a.min_slice_size), "--format", "json", "-q"],
                             capture_output=True, text=True)
        plan = json.loads(out.stdout)
        if plan["infeasible_reason"]:
            print("  rai:", plan["infeasible_reason"])
        else:
            by_group = {(t["slice"][a.slice] if t["slice"][a.slice] is not None else "(missing)"): t["threshold"] for t in plan["thresholds"]}
            positive = np.array([1.0 if score > by_group[g] else 0.0 for score, g in zip(s, groups)])
            summary("rai (one threshold per slice)", y, positive, groups, rate)
            print(f"  {'':34s} rai reports cost {plan['overall']['cost']:.2f}")
        X = s.reshape(-1, 1)
        for tol in [None, a.tolerance]:
            optimizer = ThresholdOptimizer(estimator=Scores().fit(X, y), constraints=constraint, objective="accuracy_score",
                                           prefit=True, predict_method="predict", tol=tol)
            optimizer.fit(X, y, sensitive_features=groups)
            positive = optimizer._pmf_predict(X, sensitive_features=groups)[:, 1]
            summary(f"Fairlearn (tol={tol}, randomised)", y, positive, groups, rate)
    print("equalized-odds")
    out = subprocess.run([a.rai, "thresholds", path, "--label", a.label, "--score", a.score, "--slice", a.slice,
                          "--strategy", "equalized-odds", "--cost-ratio", "1", "--min-slice-size", str(a.min_slice_size),
                          "--format", "json", "-q"], capture_output=True, text=True)
    plan = json.loads(out.stdout)
    decisions = {(t["slice"][a.slice] if t["slice"][a.slice] is not None else "(missing)"): t for t in plan["thresholds"]}
    positive = np.zeros(len(s))
    for g, t in decisions.items():
        m = groups == g
        mix = t["randomised"]
        if mix is None:  # outside the constraint: its least-cost threshold
            positive[m] = (s[m] > t["threshold"]).astype(float)
        else:
            scored = (1 - mix["lower_probability"]) * (s[m] > mix["threshold"]) + mix["lower_probability"] * (s[m] > mix["lower_threshold"])
            positive[m] = (1 - mix["ignore_probability"]) * scored + mix["ignore_probability"] * mix["constant_rate"]
    summary("rai (randomised, recomputed)", y, positive, groups, "true_positive_rate")
    print(f"  {'':34s} rai reports cost {plan['overall']['cost']:.2f}, FPR gap {rates_gap(y, positive, groups, True):.6f}")
    X = s.reshape(-1, 1)
    optimizer = ThresholdOptimizer(estimator=Scores().fit(X, y), constraints="equalized_odds", objective="accuracy_score",
                                   prefit=True, predict_method="predict")
    optimizer.fit(X, y, sensitive_features=groups)
    positive = optimizer._pmf_predict(X, sensitive_features=groups)[:, 1]
    summary("Fairlearn (randomised)", y, positive, groups, "true_positive_rate")
    print(f"  {'':34s} FPR gap {rates_gap(y, positive, groups, True):.6f}")


if __name__ == "__main__":
    sys.exit(main())
