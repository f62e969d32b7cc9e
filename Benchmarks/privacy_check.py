#!/usr/bin/env python3
"""Recompute a `rai privacy --format json` report with scikit-learn and print the largest
differences.

    rai privacy DATA.csv --member member --label label --score score --slice race \
        --min-slice-size 0 --format json -o report.json
    python Benchmarks/privacy_check.py DATA.csv report.json        # one file with a member column
    python Benchmarks/privacy_check.py --train TRAIN.csv --test TEST.csv report.json

Per slice: attack AUC = roc_auc_score(member, -loss); advantage = max |tpr - fpr| over
roc_curve(member, -loss, drop_intermediate=False); PPV = tp / (tp + fp) at the first (highest)
threshold reaching it, with ties compared exactly (|tp·N − fp·M| in integers), as rai does. The loss is the report's: its --loss column, or the binary cross-entropy
of the label under the score, clipped as rai clips it. Loss-percentile slices use rai's rule:
bucket floor(10 r / n), r the rows with a strictly lower loss.
"""
import argparse
import json
import math
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score, roc_curve


def read(path):
    if path.endswith((".jsonl", ".ndjson")):
        return pd.read_json(path, lines=True)
    # Floats read round-trip (pandas' own default before 3.0 may be off in the last bit).
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(path, keep_default_na=False, na_values=[""], **exact)


def flag(series, value=None):
    # rai's LabelRule: without a value, 0/1 (any numeric spelling) or true/false.
    if value is not None:
        return series.astype(str) == value
    text = series.astype(str).str.lower()
    return text.isin(["1", "1.0", "true"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?")
    parser.add_argument("report")
    parser.add_argument("--train")
    parser.add_argument("--test")
    args = parser.parse_args()
    report = json.load(open(args.report))
    p = report["parameters"]
    if args.train:
        frame = pd.concat([read(args.train).assign(_member=True), read(args.test).assign(_member=False)], ignore_index=True)
    else:
        frame = read(args.data)
        frame["_member"] = flag(frame[p["member"]], p.get("member_value"))
    classes = p.get("classes")
    if classes:
        # Multi-class: the true class's probability from its score column (or array position).
        truth = frame[p["label"]].astype(str)
        index = np.array([classes.index(v) if v in classes else int(v) for v in truth])
        if p.get("class_score_array"):
            scores = np.array(frame[p["class_score_array"]].tolist(), dtype=float)
        else:
            scores = frame[p["class_scores"]].astype(float).to_numpy()
        frame["_class"] = [classes[i] for i in index]
        frame["_correct"] = scores.argmax(axis=1) == index
    elif p["label"]:
        frame["_label"] = flag(frame[p["label"]], p.get("positive_label"))
        frame["_class"] = np.where(frame["_label"], "1", "0")
    if p["loss"]:
        loss = frame[p["loss"]].astype(float).to_numpy()
    elif classes:
        truest = scores[np.arange(len(frame)), index]
        loss = np.array([-math.log(max(v, p["probability_clip"])) for v in truest])
    else:
        s = frame[p["score"]].astype(float).to_numpy()
        y = frame["_label"].to_numpy()
        # The C library's log and log1p (Python's math module), as rai calls them: numpy's
        # vectorised logarithms may differ in the last bit, which turns mathematically equal losses
        # (−log 0.7 of a positive, −log1p(−0.3) of a negative) into ties in one and not the other.
        if p["score_kind"] == "logit":
            x = np.where(y, -s, s)
            loss = np.array([max(v, 0) + math.log1p(math.exp(-abs(v))) for v in x])
        else:
            eps = p["probability_clip"]
            q = np.clip(s, eps, 1 - eps)
            loss = np.array([-math.log(v) if positive else -math.log1p(-v) for v, positive in zip(q, y)])
    frame["_loss"] = loss
    if p["score"] and p["label"] and not classes:
        s = frame[p["score"]].astype(float)
        frame["_correct"] = (s > (0 if p["score_kind"] == "logit" else 0.5)) == frame["_label"]
    n = len(frame)
    lower = frame["_loss"].rank(method="min").to_numpy() - 1
    frame["_percentile"] = np.minimum(9, np.floor(10 * lower / n)).astype(int)

    def rows_of(slice_):
        kind, values = slice_["kind"], slice_["slice"]
        if kind == "entire_dataset":
            return frame
        if kind == "class":
            return frame[frame["_class"] == values["class"]]
        if kind == "correct":
            return frame[frame["_correct"] == (values["correct"] == "true")]
        if kind == "loss_percentile":
            low = int(values["loss_percentile"].split("-")[0]) // 10
            return frame[frame["_percentile"] == low]
        mask = np.ones(n, dtype=bool)
        for column, value in values.items():
            cells = frame[column]
            mask &= cells.isna().to_numpy() if value is None else (cells.astype(str) == value).to_numpy()
        return frame[mask]

    worst = {"attack_auc": 0.0, "advantage": 0.0, "ppv": 0.0, "counts": 0}
    checked = 0
    for slice_ in report["slices"]:
        rows = rows_of(slice_)
        members = int(rows["_member"].sum())
        worst["counts"] = max(worst["counts"], abs(members - slice_["members"]) + abs(len(rows) - members - slice_["non_members"]))
        if slice_["withheld"]:
            continue
        y, score = rows["_member"].to_numpy(), -rows["_loss"].to_numpy()
        auc = roc_auc_score(y, score)
        fpr, tpr, _ = roc_curve(y, score, drop_intermediate=False)
        gaps = np.abs(tpr - fpr)
        # The threshold of the advantage, ties compared exactly (in integers), the highest first.
        non_members = len(rows) - members
        tps, fps = np.rint(tpr * members).astype(np.int64), np.rint(fpr * non_members).astype(np.int64)
        exact = [abs(int(t) * non_members - int(f) * members) for t, f in zip(tps, fps)]
        best = exact.index(max(exact))
        tp, fp = tps[best], fps[best]
        ppv = tp / (tp + fp) if exact[best] > 0 and tp + fp > 0 else None
        worst["attack_auc"] = max(worst["attack_auc"], abs(auc - slice_["attack_auc"]))
        worst["advantage"] = max(worst["advantage"], abs(gaps.max() - slice_["advantage"]))
        if ppv is not None or slice_["ppv"] is not None:
            worst["ppv"] = max(worst["ppv"], abs((ppv or 0) - (slice_["ppv"] or 0)) + (0 if (ppv is None) == (slice_["ppv"] is None) else 1))
        checked += 1
    print(f"{checked} slices checked against scikit-learn ({len(report['slices'])} in the report, {n} rows)")
    for name, value in worst.items():
        print(f"  max abs difference {name}: {value:.3g}")
    return 0 if max(worst.values()) <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
