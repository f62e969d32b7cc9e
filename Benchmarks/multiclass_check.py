#!/usr/bin/env python3
"""Checks rai's multi-class and multi-label reports against scikit-learn on real model predictions.

  multiclass_check.py RAI_BINARY [--dir DIR] [--tol 1e-9] [--make-only]

Makes the predictions itself (deterministic: fixed seeds, no download): scikit-learn's handwritten
digits (load_digits, 1,797 images, 10 classes, shipped in its wheel), out-of-fold class
probabilities from 5-fold cross-validation of two models, and group columns:
  ink   tertile of the image's total ink (low/mid/high): a group derived from the data;
  sex   seeded random female/male, 1% missing;
  race  seeded random, five groups of which two are tiny (about 36 and 9 rows), 1% missing;
  w     a seeded example weight in [0.2, 3] (3 decimals).
Files written to DIR (default Benchmarks/data/multiclass):
  digits_wide.csv     LogisticRegression: label as a string class (`zero` … `nine`), p_<class> columns
  digits_scores.jsonl the same rows and scores: a "scores" array and the label as an integer index
  digits_hard.csv     the same rows with hard predictions only (the arg-max class in `prediction`)
  digits_ties.csv     RandomForest (50 trees): probabilities are multiples of 1/50, so there are
                      ties between classes (top-k and arg-max tie rules), ties within a class
                      (AUC), and scores equal to the thresholds (`score > t`)
  multilabel.csv      three binary tasks on the same images (even, big = digit ≥ 5, loop = 0/6/8/9),
                      y_<task> labels and p_<task> scores of a one-vs-rest LogisticRegression
Every float is written with repr(), so rai parses exactly the doubles scikit-learn sees.

Then runs rai on each file (unweighted and with --weight w, slices ink, sex, race, sex×race,
thresholds 0.1 … 0.9, which the tie file's scores hit exactly, top-k 1 and 3, --min-slice-size 0)
and compares every slice and class of its JSON report with scikit-learn:
  per class, one-vs-rest, at every threshold and top-k:  multilabel_confusion_matrix → tp fp tn fn
                                                        and the ten rates and accuracy from them
  per class AUC:                                        roc_auc_score(multi_class='ovr', average=None)
  per slice: arg-max accuracy, confusion matrix:        accuracy_score, confusion_matrix
             top-k accuracy:                            top_k_accuracy_score
             macro / micro averages of the rates:       precision_score/recall_score(average=…,
                                                        zero_division=nan) and pooled counts
             macro one-vs-rest AUC:                     roc_auc_score(multi_class='ovr', average='macro')
all with sample_weight in the weighted runs. The three input forms of the digits must give the same
per-class numbers (hard predictions: one operating point, no AUC). Prints the largest absolute
difference per metric; exits 1 if any exceeds --tol (or a value is null on one side only).

Ties: rai ranks tied class scores by class order (the earlier class first, so arg-max picks the
first of the tied classes, as numpy's argmax). scikit-learn's top_k_accuracy_score ranks the later
label first; the check gives it the classes in reverse order so its rule is rai's, and also prints
how far its own rule is from rai's on the tie file (a documented difference, not a failure).

Needs numpy and scikit-learn ≥ 1.3 (a scratch venv such as /tmp/venv, never a dependency of rai).
"""
import argparse, json, math, os, subprocess, sys
import numpy as np
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, confusion_matrix, multilabel_confusion_matrix,
                             precision_score, recall_score, roc_auc_score, top_k_accuracy_score)
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TASKS = {"even": lambda d: d % 2 == 0, "big": lambda d: d >= 5, "loop": lambda d: np.isin(d, [0, 6, 8, 9])}
THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
TOP_K = [1, 3]
SLICES = ["ink", "sex", "race", "sex,race"]

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


def rate(name, tp, fp, tn, fn):
    try:
        return RATES[name](tp, fp, tn, fn)
    except ZeroDivisionError:
        return None


# ---------------------------------------------------------------------------------------------
# The data: real predictions of two scikit-learn models, and group columns.

def make_data(directory):
    os.makedirs(directory, exist_ok=True)
    digits = load_digits()
    X, y = digits.data, digits.target
    n = len(y)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=0.05))
    p_logistic = cross_val_predict(logistic, X, y, cv=folds, method="predict_proba")
    forest = RandomForestClassifier(n_estimators=50, random_state=0)
    p_forest = cross_val_predict(forest, X, y, cv=folds, method="predict_proba")
    tasks = np.column_stack([f(y) for f in TASKS.values()]).astype(int)
    multi = OneVsRestClassifier(make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=0.01)))
    p_multi = cross_val_predict(multi, X, tasks, cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=1).split(X, y),
                                method="predict_proba")

    rng = np.random.default_rng(20261202)
    ink_total = X.sum(axis=1)
    ink = np.array(["low", "mid", "high"])[np.searchsorted(np.quantile(ink_total, [1 / 3, 2 / 3]), ink_total, side="right")]
    sex = np.array(["female", "male"])[rng.choice(2, n, p=[0.45, 0.55])].astype(object)
    race = np.array(["a", "b", "c", "d", "e"])[rng.choice(5, n, p=[0.55, 0.25, 0.175, 0.02, 0.005])].astype(object)
    sex[rng.random(n) < 0.01] = ""
    race[rng.random(n) < 0.01] = ""
    weight = np.round(rng.uniform(0.2, 3.0, n), 3)

    def f(x):
        return repr(float(x))

    groups = lambda i: [ink[i], sex[i], race[i], f(weight[i])]
    header = ["id", "label"] + [f"p_{c}" for c in NAMES] + ["ink", "sex", "race", "w"]
    with open(os.path.join(directory, "digits_wide.csv"), "w") as out:
        out.write(",".join(header) + "\n")
        for i in range(n):
            out.write(",".join([str(i), NAMES[y[i]]] + [f(p) for p in p_logistic[i]] + groups(i)) + "\n")
    with open(os.path.join(directory, "digits_ties.csv"), "w") as out:
        out.write(",".join(header) + "\n")
        for i in range(n):
            out.write(",".join([str(i), NAMES[y[i]]] + [f(p) for p in p_forest[i]] + groups(i)) + "\n")
    with open(os.path.join(directory, "digits_scores.jsonl"), "w") as out:
        for i in range(n):
            record = {"id": i, "label": int(y[i]), "scores": [float(p) for p in p_logistic[i]],
                      "ink": ink[i], "sex": sex[i] or None, "race": race[i] or None, "w": float(weight[i])}
            out.write(json.dumps(record) + "\n")
    with open(os.path.join(directory, "digits_hard.csv"), "w") as out:
        out.write("id,label,prediction,ink,sex,race,w\n")
        for i in range(n):
            out.write(",".join([str(i), NAMES[y[i]], NAMES[int(np.argmax(p_logistic[i]))]] + groups(i)) + "\n")
    with open(os.path.join(directory, "multilabel.csv"), "w") as out:
        out.write(",".join(["id"] + [f"y_{t}" for t in TASKS] + [f"p_{t}" for t in TASKS] + ["ink", "sex", "race", "w"]) + "\n")
        for i in range(n):
            out.write(",".join([str(i)] + [str(v) for v in tasks[i]] + [f(p) for p in p_multi[i]] + groups(i)) + "\n")
    columns = {"ink": ink, "sex": sex, "race": race}
    return dict(y=y, p_logistic=p_logistic, p_forest=p_forest, tasks=tasks, p_multi=p_multi,
                weight=weight, columns=columns)


# ---------------------------------------------------------------------------------------------
# scikit-learn's side, per slice (a row mask).

def ranks(P):
    """Each class's rank in each row under rai's rule: the classes scoring higher, plus the tied
    ones earlier in class order."""
    n, k = P.shape
    r = np.zeros((n, k), dtype=int)
    for c in range(k):
        r[:, c] = (P > P[:, [c]]).sum(axis=1) + (P[:, :c] == P[:, [c]]).sum(axis=1)
    return r


def counts(Y, Pred, w):
    """Per class (tp, fp, tn, fn) of one-vs-rest indicator matrices, from multilabel_confusion_matrix.

    scikit-learn derives tn as total − tp − fp − fn, which in floating point leaves ±1e-16 for an
    empty cell (and a rate that should be undefined comes out 0); each cell is therefore also
    summed directly, checked against it, and the direct sums are used."""
    m = multilabel_confusion_matrix(Y, Pred, sample_weight=w)
    w = np.ones(len(Y)) if w is None else w
    out = []
    for c in range(Y.shape[1]):
        y, p = Y[:, c] == 1, Pred[:, c] == 1
        direct = (float(w[y & p].sum()), float(w[~y & p].sum()), float(w[~y & ~p].sum()), float(w[y & ~p].sum()))
        sklearn = (m[c][1, 1], m[c][0, 1], m[c][0, 0], m[c][1, 0])
        assert all(abs(a - b) <= 1e-9 * max(1.0, float(w.sum())) for a, b in zip(direct, sklearn)), (direct, sklearn)
        out.append(direct)
    return out


def reference_multiclass(y, P, w, mask, k_classes, hard=None):
    """scikit-learn's numbers for one slice. y: class indices in rai's class order; P: scores in
    that order (None with hard predictions); hard: predicted class indices."""
    y, w = y[mask], (None if w is None else w[mask])
    Y = np.eye(k_classes, dtype=int)[y]
    out = {"points": {}, "auc": {}, "whole": {}}
    if hard is not None:
        pred = hard[mask]
        out["points"]["prediction"] = counts(Y, np.eye(k_classes, dtype=int)[pred], w)
    else:
        P = P[mask]
        for t in THRESHOLDS:
            out["points"][("threshold", t)] = counts(Y, (P > t).astype(int), w)
        R = ranks(P)
        for k in TOP_K:
            out["points"][("top_k", k)] = counts(Y, (R < k).astype(int), w)
        for c in range(k_classes):
            yc = Y[:, c]
            out["auc"][c] = roc_auc_score(yc, P[:, c], sample_weight=w) if 0 < yc.sum() < len(yc) else None
        if len(np.unique(y)) == k_classes:
            # The multi-class call itself, on slices that hold every class.
            per_class = roc_auc_score(y, P, multi_class="ovr", average=None, labels=list(range(k_classes)), sample_weight=w)
            for c in range(k_classes):
                assert abs(per_class[c] - out["auc"][c]) < 1e-12
            out["whole"]["macro_auc"] = roc_auc_score(y, P, multi_class="ovr", average="macro", labels=list(range(k_classes)), sample_weight=w)
        defined = [a for a in out["auc"].values() if a is not None]
        out["whole"]["macro_auc_of_defined"] = float(np.mean(defined)) if defined else None
        pred = np.argmax(P, axis=1)
        # rai's tie rule with scikit-learn's: reverse the class order, so that its "later label
        # first" is rai's "earlier class first".
        reversed_y = k_classes - 1 - y
        for k in TOP_K:
            out["whole"][f"top_{k}_accuracy"] = top_k_accuracy_score(
                reversed_y, P[:, ::-1], k=k, labels=list(range(k_classes)), sample_weight=w) if len(y) else None
            out["whole"][f"top_{k}_accuracy_sklearn_ties"] = top_k_accuracy_score(
                y, P, k=k, labels=list(range(k_classes)), sample_weight=w) if len(y) else None
    out["whole"]["accuracy"] = accuracy_score(y, pred, sample_weight=w) if len(y) else None
    out["whole"]["confusion_matrix"] = confusion_matrix(y, pred, labels=list(range(k_classes)), sample_weight=w).astype(float)
    for point, per_class in out["points"].items():
        pred_ind = None
        if point == "prediction":
            pred_ind = np.eye(k_classes, dtype=int)[pred]
        elif point[0] == "threshold":
            pred_ind = (P > point[1]).astype(int)
        else:
            pred_ind = (ranks(P) < point[1]).astype(int)
        averages = {}
        for average in ("macro", "micro"):
            for name, fn in (("precision", precision_score), ("recall", recall_score)):
                value = fn(Y, pred_ind, average=average, zero_division=np.nan, sample_weight=w) if len(y) else float("nan")
                averages[f"{average}_{name}"] = None if math.isnan(value) else float(value)
        pooled = tuple(sum(c[i] for c in per_class) for i in range(4))
        for name in RATES:
            defined = [v for v in (rate(name, *c) for c in per_class) if v is not None]
            averages[f"macro_{name}"] = float(np.mean(defined)) if defined else None
            averages[f"micro_{name}"] = rate(name, *pooled)
        out["whole"][("averages", point)] = averages
    return out


def reference_multilabel(T, S, w, mask):
    T, S, w = T[mask], S[mask], (None if w is None else w[mask])
    out = {"points": {}, "auc": {}}
    for t in THRESHOLDS:
        out["points"][("threshold", t)] = counts(T, (S > t).astype(int), w)
    for j in range(T.shape[1]):
        yj = T[:, j]
        out["auc"][j] = roc_auc_score(yj, S[:, j], sample_weight=w) if 0 < yj.sum() < len(yj) else None
    if all(0 < T[:, j].sum() < len(T) for j in range(T.shape[1])):
        per_task = roc_auc_score(T, S, average=None, sample_weight=w)
        for j in range(T.shape[1]):
            assert abs(per_task[j] - out["auc"][j]) < 1e-12
    return out


def slice_mask(columns, values, n):
    mask = np.ones(n, dtype=bool)
    for feature, value in values.items():
        mask &= columns[feature] == ("" if value is None else value)
    return mask


# ---------------------------------------------------------------------------------------------
# The comparison.

class Tally:
    """The largest |rai − scikit-learn| per metric, and the mismatches."""

    def __init__(self, tol):
        self.tol, self.worst, self.failures, self.compared, self.notes = tol, {}, [], 0, {}

    def check(self, where, metric, got, want):
        self.compared += 1
        if want is not None and isinstance(want, float) and math.isnan(want):
            want = None
        if (got is None) != (want is None):
            self.failures.append(f"{where} {metric}: rai {got}, scikit-learn {want}")
            self.worst[metric] = float("inf")
            return
        if got is None:
            self.worst.setdefault(metric, 0.0)
            return
        diff = abs(float(got) - float(want))
        self.worst[metric] = max(self.worst.get(metric, 0.0), diff)
        if diff > self.tol:
            self.failures.append(f"{where} {metric}: rai {got}, scikit-learn {want}")

    def note(self, metric, got, want):
        """A difference that is documented rather than a failure."""
        if got is not None and want is not None:
            self.notes[metric] = max(self.notes.get(metric, 0.0), abs(float(got) - float(want)))


def point_key(entry, hard):
    if entry.get("top_k") is not None:
        return "prediction" if hard else ("top_k", entry["top_k"])
    return ("threshold", entry["threshold"])


def compare_binary(tally, where, entry, tp, fp, tn, fn):
    for name, want in (("tp", tp), ("fp", fp), ("tn", tn), ("fn", fn)):
        tally.check(where, name, entry[name], want)
    for name in RATES:
        tally.check(where, name, entry[name], rate(name, tp, fp, tn, fn))


def compare_multiclass(tally, report, data, scores, hard, weighted, label):
    names = report["parameters"]["classes"]["names"]
    order = [NAMES.index(name) for name in names]          # rai's class j is digit order[j]
    position = {digit: j for j, digit in enumerate(order)}
    y = np.array([position[d] for d in data["y"]])
    P = None if scores is None else scores[:, order]
    predicted = None if not hard else np.argmax(data["p_logistic"], axis=1)
    predicted = None if predicted is None else np.array([position[d] for d in predicted])
    w = data["weight"] if weighted else None
    n, k = len(y), len(names)
    per_class = {c["class"]: {s["name"]: s for s in c["slices"]} for c in report["classes"]}
    for sl in report["slices"]:
        mask = slice_mask(data["columns"], sl["slice"], n)
        where = f"{label} [{sl['name']}]"
        tally.check(where, "example_count", sl["example_count"], int(mask.sum()))
        tally.check(where, "weighted_example_count", sl["weighted_example_count"], float(w[mask].sum()) if weighted else int(mask.sum()))
        ref = reference_multiclass(y, P, w, mask, k, hard=predicted)
        whole = ref["whole"]
        tally.check(where, "accuracy (arg-max)", sl["accuracy"], whole["accuracy"])
        for kk in report["parameters"]["classes"]["top_k"]:
            if not hard:
                tally.check(where, f"top_{kk}_accuracy", sl["top_k_accuracy"][str(kk)], whole[f"top_{kk}_accuracy"])
                tally.note(f"top_{kk}_accuracy, scikit-learn's own tie rule", sl["top_k_accuracy"][str(kk)], whole[f"top_{kk}_accuracy_sklearn_ties"])
            else:
                tally.check(where, "top_1_accuracy", sl["top_k_accuracy"][str(kk)], whole["accuracy"])
        if not hard:
            tally.check(where, "macro_auc", sl["macro_auc"], whole["macro_auc_of_defined"])
            if "macro_auc" in whole:
                tally.check(where, "macro_auc (roc_auc_score average='macro')", sl["macro_auc"], whole["macro_auc"])
        else:
            tally.check(where, "macro_auc", sl["macro_auc"], None)
        got_matrix = np.array(sl["confusion_matrix"], dtype=float)
        tally.check(where, "confusion_matrix", float(np.abs(got_matrix - whole["confusion_matrix"]).max()), 0.0)
        for entry in sl["averages"]:
            averages = whole[("averages", point_key(entry, hard))]
            for average in ("macro", "micro"):
                for name in RATES:
                    tally.check(where, f"{average} average of rates", entry[average][name], averages[f"{average}_{name}"])
                for name in ("precision", "recall"):
                    tally.check(where, f"{average}_{name} (precision/recall_score)", entry[average][name], averages[f"{average}_{name}"])
        for j, name in enumerate(names):
            one = per_class[name][sl["name"]]
            cwhere = f"{where} class {name}"
            tally.check(cwhere, "class example_count", one["example_count"], int(mask.sum()))
            tally.check(cwhere, "auc", one["auc"], None if hard else ref["auc"][j])
            seen = set()
            for entry in one["thresholds"]:
                key = point_key(entry, hard)
                seen.add(key)
                compare_binary(tally, f"{cwhere} at {key}", entry, *ref["points"][key][j])
            if seen != set(ref["points"]):
                tally.failures.append(f"{cwhere}: operating points {sorted(map(str, seen))}, expected {sorted(map(str, ref['points']))}")


def compare_multilabel(tally, report, data, weighted, label):
    tasks = list(TASKS)
    names = report["parameters"]["classes"]["names"]
    assert names == [f"y_{t}" for t in tasks], names
    w = data["weight"] if weighted else None
    n = len(data["y"])
    per_task = {c["class"]: {s["name"]: s for s in c["slices"]} for c in report["classes"]}
    for sl in report["slices"]:
        mask = slice_mask(data["columns"], sl["slice"], n)
        where = f"{label} [{sl['name']}]"
        ref = reference_multilabel(data["tasks"], data["p_multi"], w, mask)
        defined = [a for a in ref["auc"].values() if a is not None]
        tally.check(where, "macro_auc", sl["macro_auc"], float(np.mean(defined)) if defined else None)
        for j, task in enumerate(tasks):
            one = per_task[f"y_{task}"][sl["name"]]
            tally.check(f"{where} task {task}", "example_count", one["example_count"], int(mask.sum()))
            tally.check(f"{where} task {task}", "auc", one["auc"], ref["auc"][j])
            for entry in one["thresholds"]:
                key = point_key(entry, False)
                compare_binary(tally, f"{where} task {task} at {key}", entry, *ref["points"][key][j])


def run_rai(binary, path, arguments, out):
    command = [binary, "eval", path, *arguments, "--thresholds", ",".join(map(str, THRESHOLDS)),
               *sum((["--slice", s] for s in SLICES), []), "--min-slice-size", "0", "--format", "json", "-o", out, "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"rai exited {done.returncode}: {' '.join(command)}: {done.stderr.strip()}"
    with open(out) as f:
        return json.load(f), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rai", help="the rai binary")
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "multiclass"))
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--make-only", action="store_true", help="write the prediction files and stop")
    a = ap.parse_args()
    data = make_data(a.dir)
    if a.make_only:
        print(f"wrote {a.dir}")
        return
    classes = ",".join(NAMES)
    top_k = ["--top-k", ",".join(map(str, TOP_K))]
    runs = [
        ("wide CSV", "digits_wide.csv", ["--label", "label", "--class-scores", "p_*", *top_k], "scores", data["p_logistic"]),
        ("JSONL scores array", "digits_scores.jsonl", ["--label", "label", "--class-score-array", "scores", "--classes", classes, *top_k],
         "scores", data["p_logistic"]),
        ("hard predictions", "digits_hard.csv", ["--label", "label", "--prediction", "prediction", "--classes", classes], "hard", None),
        ("ties (random forest)", "digits_ties.csv", ["--label", "label", "--class-scores", ",".join(f"{c}=p_{c}" for c in NAMES), *top_k],
         "scores", data["p_forest"]),
        ("multi-label", "multilabel.csv", ["--labels", ",".join(f"y_{t}" for t in TASKS), "--scores", ",".join(f"p_{t}" for t in TASKS)],
         "multilabel", None),
    ]
    tally = Tally(a.tol)
    for label, name, arguments, kind, scores in runs:
        for weighted in (False, True):
            run_label = label + (", weighted" if weighted else "")
            report, error = run_rai(a.rai, os.path.join(a.dir, name), arguments + (["--weight", "w"] if weighted else []),
                                    os.path.join(a.dir, "report.json"))
            if error:
                tally.failures.append(f"{run_label}: {error}")
                print(f"{run_label:38s} FAILED to run")
                continue
            before = tally.compared
            if kind == "multilabel":
                compare_multilabel(tally, report, data, weighted, run_label)
            else:
                compare_multiclass(tally, report, data, scores, kind == "hard", weighted, run_label)
            print(f"{run_label:38s} {len(report['slices'])} slices, {tally.compared - before} values compared")
    print(f"\n{tally.compared} values compared; largest |rai - scikit-learn| per metric (tolerance {a.tol:g}):")
    for metric, value in sorted(tally.worst.items()):
        print(f"  {metric:48s} {value:.3g}")
    for metric, value in sorted(tally.notes.items()):
        print(f"  (documented, not checked) {metric:34s} {value:.3g}")
    for failure in tally.failures[:30]:
        print("MISMATCH", failure)
    print("OK" if not tally.failures else f"FAIL: {len(tally.failures)} mismatches")
    sys.exit(1 if tally.failures else 0)


if __name__ == "__main__":
    main()
