#!/usr/bin/env python3
"""Compares rai's calibration and curves with scikit-learn on the same file.

  calibration_check.py FILE.csv|FILE.jsonl RAI_JSON [--weight COL] [--tol 1e-9]

RAI_JSON is `rai eval … --calibration --curves --min-slice-size 0 --format json`. For every slice
(overall, and each spec in the report's parameters) it recomputes, with sample weights when
--weight is given:
  mean score, mean label, TFMA calibration   numpy weighted sums
  brier                                      sklearn.metrics.brier_score_loss
  log_loss                                   sklearn.metrics.log_loss (labels=[0, 1])
  reliability bins (mean score, observed)    sklearn.calibration.calibration_curve (unweighted only:
                                             it takes no weights), and numpy's bincount when weighted
  ece                                        Σ_bins |Σw·score − Σw·label| / Σw, from the same bins
  average_precision                          sklearn.metrics.average_precision_score
  curve points                               each reported (threshold, tp, fp) against the rows
                                             scoring >= threshold, and each point's (fpr, tpr)
                                             among sklearn.metrics.roc_curve's (drop_intermediate=False)
  --top-n / --top-percent points             the cut-off as the k-th highest score of the file
                                             (k = n, or ceil(p% of the rows)), every row scoring at
                                             least it selected (ties included), tp and fp per slice
and prints the largest absolute difference per metric; exits 1 if any exceeds the tolerance.
Needs numpy, pandas and scikit-learn (a scratch venv, never the project).
"""
import argparse, json, sys
import numpy as np
import pandas as pd
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_curve


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data"); ap.add_argument("report")
    ap.add_argument("--weight"); ap.add_argument("--tol", type=float, default=1e-9)
    a = ap.parse_args()
    report = json.load(open(a.report))
    p = report["parameters"]
    if a.data.endswith(".csv"):
        df = pd.read_csv(a.data, dtype=str, keep_default_na=False)
    else:
        df = pd.read_json(a.data, lines=True, dtype=False)
        df = df.astype(object).where(pd.notna(df), None)
    y_all = (df[p["label"]].astype(float).to_numpy() == 1).astype(float)
    s_all = df[p["score"]].astype(float).to_numpy()
    w_all = df[a.weight].astype(float).to_numpy() if a.weight else np.ones(len(df))
    columns = {c: [None if (v is None or v == "") else str(v) for v in df[c]] for spec in p["slices"] for c in spec}
    bins = p.get("calibration_bins", 10)
    worst = {}

    def note(name, ours, theirs):
        if ours is None or theirs is None:
            diff = 0.0 if ours is None and theirs is None else float("inf")
        else:
            diff = abs(ours - theirs)
        worst[name] = max(worst.get(name, 0.0), diff)

    ordered = np.sort(s_all)[::-1]
    slices = 0
    for sl in report["slices"]:
        mask = np.ones(len(df), dtype=bool)
        for feature, v in sl["slice"].items():
            mask &= np.array([x == v for x in columns[feature]])
        y, s, w = y_all[mask], s_all[mask], w_all[mask]
        sw = None if not a.weight else w
        slices += 1
        if "calibration" in sl:
            c = sl["calibration"]
            W = w.sum()
            note("mean_score", c["mean_score"], float((w * s).sum() / W))
            note("mean_label", c["mean_label"], float((w * y).sum() / W))
            P = (w * y).sum()
            note("calibration", c["calibration"], float((w * s).sum() / P) if P > 0 else None)
            note("brier", c["brier"], float(brier_score_loss(y, s, sample_weight=sw)))
            note("log_loss", c["log_loss"], float(log_loss(y, s, sample_weight=sw, labels=[0, 1])))
            edges = np.linspace(0.0, 1.0, bins + 1)
            ids = np.searchsorted(edges[1:-1], s)
            b_w = np.bincount(ids, weights=w, minlength=bins)
            b_s = np.bincount(ids, weights=w * s, minlength=bins)
            b_y = np.bincount(ids, weights=w * y, minlength=bins)
            note("ece", c["ece"], float(np.abs(b_s - b_y).sum() / W))
            ours = [b for b in c["bins"] if b["weight"] > 0]
            if a.weight:
                keep = b_w > 0
                true, pred = b_y[keep] / b_w[keep], b_s[keep] / b_w[keep]
            else:
                true, pred = calibration_curve(y, s, n_bins=bins, strategy="uniform")
            if len(ours) != len(true):
                worst["reliability_bins"] = float("inf")
            else:
                for b, t, q in zip(ours, true, pred):
                    note("reliability_observed_rate", b["observed_rate"], float(t))
                    note("reliability_mean_score", b["mean_score"], float(q))
        for entry in sl["thresholds"]:
            rule = entry.get("top_rows")
            if not rule:
                continue
            name, value = rule.split("=")
            k = int(value) if name == "top_n" else int(np.ceil(float(value) / 100 * len(s_all) - 1e-9))
            cutoff = ordered[min(max(k, 1), len(ordered)) - 1]
            note("top_rows_cutoff", entry["cutoff"], float(cutoff))
            chosen = s >= cutoff
            note("top_rows_tp", entry["tp"], float((w * y)[chosen].sum()))
            note("top_rows_fp", entry["fp"], float((w * (1 - y))[chosen].sum()))
        if "curves" in sl:
            c = sl["curves"]
            note("average_precision", c["average_precision"],
                 float(average_precision_score(y, s, sample_weight=sw)) if y.sum() > 0 else None)
            fpr, tpr, _ = roc_curve(y, s, sample_weight=sw, drop_intermediate=False) if 0 < y.sum() < len(y) else ([], [], [])
            fpr, tpr = np.asarray(fpr), np.asarray(tpr)
            for point in c["points"]:
                t = point["threshold"]
                above = s >= t if t is not None else np.zeros(len(s), dtype=bool)
                note("curve_tp", point["tp"], float((w * y)[above].sum()))
                note("curve_fp", point["fp"], float((w * (1 - y))[above].sum()))
                if len(fpr) and point["false_positive_rate"] is not None and point["true_positive_rate"] is not None:
                    # Distance to the nearest of sklearn's ROC points: 0 when the point is one of them.
                    gap = np.maximum(np.abs(fpr - point["false_positive_rate"]), np.abs(tpr - point["true_positive_rate"])).min()
                    worst["curve_point_to_sklearn_roc"] = max(worst.get("curve_point_to_sklearn_roc", 0), float(gap))
    failed = False
    print(f"{slices} slices, {bins} calibration bins, weights: {a.weight or 'none'}")
    for name, diff in sorted(worst.items()):
        bad = diff > a.tol
        failed |= bad
        print(f"  {name:32s} max |rai - sklearn| = {diff:.3g}{'  FAIL' if bad else ''}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
