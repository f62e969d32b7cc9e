#!/usr/bin/env python3
"""Cross-checks rai eval multi-class output against scikit-learn on a logistic regression over
load_digits (10 classes, 3 random groups): per-class counts at thresholds 0.3 and 0.5 and at the
arg-max, one-vs-rest AUC, macro AUC, confusion matrix, accuracy and top-3 accuracy, per slice.
Usage: python Benchmarks/multiclass_core_check.py RAI_BINARY [weighted]; prints the max abs diff."""
import json, os, subprocess, sys, tempfile
import numpy as np, pandas as pd
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.metrics import multilabel_confusion_matrix, roc_auc_score, top_k_accuracy_score, confusion_matrix
DATA = os.path.join(tempfile.mkdtemp(), "digits.csv")
X, y = load_digits(return_X_y=True)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.6, random_state=0)
m = LogisticRegression(max_iter=200, C=0.01).fit(Xtr, ytr)
P = m.predict_proba(Xte)
rng = np.random.default_rng(1)
df = pd.DataFrame({"label": yte, "group": rng.choice(["a", "b", "c"], len(yte)), "w": rng.integers(1, 4, len(yte))})
K = P.shape[1]
for k in range(K): df[f"p_{k}"] = P[:, k]
df.to_csv(DATA, index=False)
weighted = len(sys.argv) > 2
args = [sys.argv[1], "eval", DATA, "--label", "label", "--class-scores", "p_*", "--slice", "group", "--thresholds", "0.3,0.5", "--top-k", "1,3", "--min-slice-size", "0", "--format", "json", "-q"] + (["--weight", "w"] if weighted else [])
r = json.loads(subprocess.run(args, capture_output=True, check=True).stdout)
names = r["parameters"]["classes"]["names"]; assert names == [str(k) for k in range(K)], names
worst = {}
def note(what, a, b):
    d = abs(a - b); worst[what] = max(worst.get(what, 0), d)
slices = {s["name"]: s for s in r["slices"]}
for name, sub in [("overall", df)] + [(f"group={g}", df[df.group == g]) for g in "abc"]:
    yt = sub.label.values; Ps = sub[[f"p_{k}" for k in range(K)]].values; w = sub.w.values if weighted else None
    s = slices[name]
    pred = Ps.argmax(axis=1)
    cm = confusion_matrix(yt, pred, labels=range(K), sample_weight=w)
    note("confusion", np.abs(np.array(s["confusion_matrix"]) - cm).max(), 0)
    note("accuracy", s["accuracy"], np.average(pred == yt, weights=w))
    note("top3_accuracy", s["top_k_accuracy"]["3"], top_k_accuracy_score(yt, Ps, k=3, labels=range(K), sample_weight=w))
    present = [k for k in range(K) if (yt == k).any() and (yt != k).any()]
    auc = roc_auc_score((yt[:, None] == np.arange(K)).astype(int)[:, present], Ps[:, present], average=None, sample_weight=w)
    for k, a in zip(present, auc):
        cls = next(c for c in r["classes"] if c["class"] == str(k))
        cs = next(x for x in cls["slices"] if x["name"] == name)
        note("auc", cs["auc"], a)
    note("macro_auc", s["macro_auc"], float(np.mean(auc)))
    for t in [0.3, 0.5]:
        mcm = multilabel_confusion_matrix((yt[:, None] == np.arange(K)).astype(int), (Ps > t).astype(int), sample_weight=w)
        for k in range(K):
            cls = next(c for c in r["classes"] if c["class"] == str(k)); cs = next(x for x in cls["slices"] if x["name"] == name)
            e = next(x for x in cs["thresholds"] if x["threshold"] == t)
            (tn, fp), (fn, tp) = mcm[k]
            for key, v in [("tp", tp), ("fp", fp), ("tn", tn), ("fn", fn)]: note(f"counts@{t}", e[key], v)
    mcm = multilabel_confusion_matrix(yt, pred, labels=range(K), sample_weight=w)
    for k in range(K):
        cls = next(c for c in r["classes"] if c["class"] == str(k)); cs = next(x for x in cls["slices"] if x["name"] == name)
        e = next(x for x in cs["thresholds"] if x["top_k"] == 1)
        (tn, fp), (fn, tp) = mcm[k]
        for key, v in [("tp", tp), ("fp", fp), ("tn", tn), ("fn", fn)]: note("counts@top1", e[key], v)
print(len(df), "rows,", K, "classes", "weighted" if weighted else "unweighted")
for k, v in worst.items(): print(f"  max abs diff {k}: {v:.3g}")
