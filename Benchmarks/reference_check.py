#!/usr/bin/env python3
"""Compares rai's JSON report with pandas + scikit-learn on the same file.

  reference_check.py FILE.csv|FILE.jsonl RAI_JSON [--weight COL] [--tol 1e-9]

Recomputes every slice (overall, and each spec in the report's parameters) at every threshold
with pandas group-bys (predicted positive when score > threshold, as TFMA) and AUC with
sklearn.metrics.roc_auc_score, then prints the largest absolute difference per metric and exits 1
if any exceeds the tolerance. Needs pandas and scikit-learn (a scratch venv, never the project).
"""
import argparse, json, math, sys
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

RATES = {
    "false_positive_rate": lambda tp, fp, tn, fn: fp / (fp + tn),
    "false_negative_rate": lambda tp, fp, tn, fn: fn / (fn + tp),
    "true_positive_rate": lambda tp, fp, tn, fn: tp / (tp + fn),
    "true_negative_rate": lambda tp, fp, tn, fn: tn / (tn + fp),
    "positive_rate": lambda tp, fp, tn, fn: (tp + fp) / (tp + fp + tn + fn),
    "negative_rate": lambda tp, fp, tn, fn: (tn + fn) / (tp + fp + tn + fn),
    "precision": lambda tp, fp, tn, fn: tp / (tp + fp),
    "recall": lambda tp, fp, tn, fn: tp / (tp + fn),
    "false_discovery_rate": lambda tp, fp, tn, fn: fp / (fp + tp),
    "false_omission_rate": lambda tp, fp, tn, fn: fn / (fn + tn),
    "accuracy": lambda tp, fp, tn, fn: (tp + tn) / (tp + fp + tn + fn),
}

def safe(f, *a):
    try:
        v = f(*a)
        return None if (isinstance(v, float) and math.isnan(v)) else v
    except ZeroDivisionError:
        return None

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
    y = df[p["label"]].astype(float).to_numpy() == 1
    s = df[p["score"]].astype(float).to_numpy()
    w = df[a.weight].astype(float).to_numpy() if a.weight else np.ones(len(df))
    def value(col):
        return [None if (v is None or v == "") else str(v) for v in df[col]]
    columns = {c: value(c) for spec in p["slices"] for c in spec}
    worst = {}
    checked = 0
    for sl in report["slices"]:
        mask = np.ones(len(df), dtype=bool)
        for feature, v in sl["slice"].items():
            mask &= np.array([x == v for x in columns[feature]])
        ys, ss, ws = y[mask], s[mask], w[mask]
        assert sl["example_count"] == int(mask.sum()), (sl["name"], sl["example_count"], int(mask.sum()))
        expect_auc = roc_auc_score(ys, ss, sample_weight=ws) if 0 < ys.sum() < len(ys) else None
        pairs = [("auc", sl["auc"], expect_auc), ("weighted_example_count", sl["weighted_example_count"], ws.sum())]
        for t in sl["thresholds"]:
            pred = ss > t["threshold"]
            tp = ws[pred & ys].sum(); fp = ws[pred & ~ys].sum(); tn = ws[~pred & ~ys].sum(); fn = ws[~pred & ys].sum()
            for k, v in (("tp", tp), ("fp", fp), ("tn", tn), ("fn", fn)):
                pairs.append((k, t[k], v))
            for name, f in RATES.items():
                pairs.append((name, t[name], safe(f, tp, fp, tn, fn)))
        for name, got, want in pairs:
            checked += 1
            if (got is None) != (want is None):
                print(f"MISMATCH {sl['name']} {name}: rai {got} reference {want}"); worst[name] = float("inf"); continue
            if got is None: continue
            worst[name] = max(worst.get(name, 0.0), abs(got - want))
    bad = {k: v for k, v in worst.items() if v > a.tol}
    print(f"{len(report['slices'])} slices, {checked} values compared; largest |rai - reference|:")
    for k, v in sorted(worst.items()):
        print(f"  {k:24s} {v:.3g}")
    print("OK" if not bad else f"FAIL: {bad}")
    sys.exit(1 if bad else 0)

main()
