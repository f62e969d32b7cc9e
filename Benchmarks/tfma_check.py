#!/usr/bin/env python3
"""Compares rai's JSON report with TensorFlow Model Analysis + Fairness Indicators on the same CSV.

  tfma_check.py FILE.csv RAI_JSON [--tol 1e-9]

Runs tfma.analyze_raw_data on the file with the report's label, score, slices and thresholds
(FairnessIndicators and ExampleCount metrics), then compares every per-threshold rate and count
of every slice; TFMA's NaN for a zero denominator must be rai's null. With --weight in the rai run, TFMA gets the
same column as example_weight_key. Needs a scratch venv with tensorflow-model-analysis and
fairness-indicators (pip install --no-deps fairness-indicators); never a dependency of rai.

A multi-class or multi-label report (`parameters.classes`; the data may then also be JSON Lines)
is checked the way Fairness Indicators evaluates such models, with `binarize { class_ids … top_k_list … }`:
  - each class one-vs-rest (TFMA sub key classId:i): every rate and the example count of each
    class, slice and threshold against rai's `classes[i].slices[…].thresholds`; with hard
    predictions (--prediction), the prediction one-hot as scores at threshold 0.5 against rai's
    top_k=1 entries;
  - top-k (topK:k, scores outside the top k set to -inf, classes pooled): at a threshold below
    every score its rates are those of the counts summed over classes, rai's micro averages at
    top_k=k (TFMA, like rai, puts the earlier class first among tied scores);
  - the arg-max confusion matrix (MultiClassConfusionMatrixPlot at threshold 0) against each
    slice's `confusion_matrix`.
"""
import argparse, json, math, sys
import numpy as np
import pandas as pd
import tensorflow_model_analysis as tfma
from google.protobuf import text_format
from tensorflow_model_analysis.proto import config_pb2

RATES = ["false_positive_rate", "false_negative_rate", "true_positive_rate", "true_negative_rate",
         "positive_rate", "negative_rate", "false_discovery_rate", "false_omission_rate"]

ap = argparse.ArgumentParser()
ap.add_argument("data"); ap.add_argument("report"); ap.add_argument("--tol", type=float, default=1e-9)
a = ap.parse_args()
report = json.load(open(a.report))
p = report["parameters"]
features = sorted({c for spec in p["slices"] for c in spec})


def key_of(slice_key):
    return tuple(sorted((k, None if v in ("", b"") else (v.decode() if isinstance(v, bytes) else str(v))) for k, v in slice_key))


def fi_name(rate, threshold, thresholds):
    """Fairness Indicators' metric name: every threshold printed with as many decimals as the
    longest one of the run needs (its calculate_digits), e.g. 0.5 is "@0.50" beside 0.25."""
    digits = max(max(len(str(t)) - 2 for t in thresholds), 1)
    return f"fairness_indicators_metrics/{rate}@{threshold:.{digits}f}"


def metric_value(value):
    return float(value.get("doubleValue", "nan")) if isinstance(value, dict) else float(value)


def finish(worst, checked, missing, slices_rai, slices_tfma):
    print(f"{slices_rai} rai slices, {slices_tfma} TFMA slices, {checked} values compared; missing in TFMA: {missing}")
    for k, v in sorted(worst.items()):
        print(f"  {k:36s} {v:.3g}")
    bad = {k: v for k, v in worst.items() if v > a.tol}
    print("OK" if not bad and not missing else f"FAIL: {bad} {missing}")
    sys.exit(1 if bad or missing else 0)


def check_classes():
    """The multi-class / multi-label comparison (see the module's doc)."""
    classes = p["classes"]
    names, kind, weight = classes["names"], classes["kind"], p.get("weight")
    if a.data.endswith((".jsonl", ".ndjson", ".json")):
        frame = pd.read_json(a.data, lines=True, dtype=False)
        frame = frame.astype(object).where(pd.notna(frame), None)
    else:
        frame = pd.read_csv(a.data, dtype=str, keep_default_na=False)
    df = pd.DataFrame({c: ["" if v is None else str(v) for v in frame[c]] for c in features})
    hard = classes["prediction"] is not None
    if kind == "multi_label":
        df["label_"] = [[int(float(v)) for v in row] for row in zip(*(frame[c] for c in classes["label_columns"]))]
        df["scores_"] = [[float(v) for v in row] for row in zip(*(frame[c] for c in classes["score_columns"]))]
    else:
        index = {name: i for i, name in enumerate(names)}
        df["label_"] = [index[str(v)] if str(v) in index else int(float(v)) for v in frame[p["label"]]]
        if hard:
            df["scores_"] = [[1.0 if name == str(v) else 0.0 for name in names] for v in frame[classes["prediction"]]]
        elif classes["score_array"]:
            df["scores_"] = [[float(x) for x in v] for v in frame[classes["score_array"]]]
        else:
            df["scores_"] = [[float(v) for v in row] for row in zip(*(frame[c] for c in classes["score_columns"]))]
    if weight:
        df[weight] = frame[weight].astype(float)
    scores = np.array(df["scores_"].tolist())
    top_k = [] if hard or kind == "multi_label" else classes["top_k"]
    # Below every score, "score > t" keeps exactly the top k (the others are -inf).
    below = float(np.floor(scores.min())) - 1.0
    thresholds = [0.5] if hard else sorted(set(p["thresholds"]) | ({below} if top_k else set()))
    slicing = "slicing_specs {}\n" + "".join(
        "slicing_specs { " + " ".join(f'feature_keys: "{c}"' for c in spec) + " }\n" for spec in p["slices"])
    binarize = f"class_ids {{ values: {list(range(len(names)))} }}" + (f" top_k_list {{ values: {top_k} }}" if top_k else "")
    plot = "" if kind == "multi_label" else """metrics_specs { metrics { class_name: "MultiClassConfusionMatrixPlot" config: '{"thresholds": [0.0]}' } }"""
    config = text_format.Parse(f"""
model_specs {{ label_key: "label_" prediction_key: "scores_" {f'example_weight_key: "{weight}"' if weight else ""} }}
metrics_specs {{
  metrics {{ class_name: "ExampleCount" module: "tensorflow_model_analysis.metrics" }}
  metrics {{ class_name: "FairnessIndicators" module: "fairness_indicators.fairness_indicators_metrics" config: '{{"thresholds": {json.dumps(thresholds)}}}' }}
  binarize {{ {binarize} }}
}}
{plot}
{slicing}
""", config_pb2.EvalConfig())
    result = tfma.analyze_raw_data(df[features + ["label_", "scores_"] + ([weight] if weight else [])], config)
    tfma_slices = {}
    for slice_key, metrics in result.slicing_metrics:
        tfma_slices[key_of(slice_key)] = {sub: {name: metric_value(v) for name, v in values.items()}
                                          for sub, values in metrics[""].items()}
    tfma_matrices = {}
    for slice_key, plots in result.plots:
        for sub, values in (plots or {}).get("", {}).items():
            for matrix in values.get("multiClassConfusionMatrixAtThresholds", {}).get("matrices", []):
                cells = np.zeros((len(names), len(names)))
                for entry in matrix.get("entries", []):
                    cells[entry.get("actualClassId", 0), entry.get("predictedClassId", 0)] += entry.get("numWeightedExamples", 0.0)
                tfma_matrices[key_of(slice_key)] = cells

    worst, checked, missing = {}, 0, []

    def compare(metric, got, want, where):
        nonlocal checked
        checked += 1
        if math.isnan(want) != (got is None):
            worst[metric] = float("inf"); print("MISMATCH", where, metric, got, want); return
        if got is not None:
            worst[metric] = max(worst.get(metric, 0.0), abs(got - want))

    for j, one in enumerate(report["classes"]):
        for s in one["slices"]:
            t = tfma_slices.get(tuple(sorted(s["slice"].items())), {}).get(f"classId:{j}")
            if t is None:
                missing.append(f"{one['class']} {s['name']}"); continue
            for entry in s["thresholds"]:
                if hard:
                    if entry["top_k"] != 1: continue
                    th = 0.5
                elif entry["threshold"] is None:
                    continue
                else:
                    th = entry["threshold"]
                for r in RATES:
                    compare(f"class {r}", entry[r], t[fi_name(r, th, thresholds)], f"{one['class']} {s['name']} {th}")
            compare("class example_count", s["weighted_example_count"] if weight else s["example_count"], t["example_count"], s["name"])
    for s in report["slices"]:
        key = tuple(sorted(s["slice"].items()))
        for entry in s.get("averages", []):
            k = entry["top_k"]
            if k is None or not top_k: continue
            t = tfma_slices.get(key, {}).get(f"topK:{k}")
            if t is None:
                missing.append(f"topK:{k} {s['name']}"); continue
            for r in RATES:
                compare(f"top-k (micro) {r}", entry["micro"][r], t[fi_name(r, below, thresholds)], f"top_k={k} {s['name']}")
        if s.get("confusion_matrix") is not None:
            cells = tfma_matrices.get(key)
            if cells is None:
                missing.append(f"confusion matrix {s['name']}"); continue
            checked += 1
            worst["confusion_matrix"] = max(worst.get("confusion_matrix", 0.0), float(np.abs(np.array(s["confusion_matrix"]) - cells).max()))
    finish(worst, checked, missing, len(report["slices"]), len(tfma_slices))


if p.get("classes"):
    check_classes()

df = pd.read_csv(a.data, dtype={c: str for c in features}, keep_default_na=False)
weight = p.get("weight")
df = df[[p["label"], p["score"]] + ([weight] if weight else []) + features]
if weight:
    df[weight] = df[weight].astype(float)
df[p["label"]] = df[p["label"]].astype(float)
df[p["score"]] = df[p["score"]].astype(float)
slicing = "slicing_specs {}\n" + "".join(
    "slicing_specs { " + " ".join(f'feature_keys: "{c}"' for c in spec) + " }\n" for spec in p["slices"])
config = text_format.Parse(f"""
model_specs {{ label_key: "{p['label']}" prediction_key: "{p['score']}" {f'example_weight_key: "{weight}"' if weight else ""} }}
metrics_specs {{
  metrics {{ class_name: "ExampleCount" module: "tensorflow_model_analysis.metrics" }}
  metrics {{ class_name: "FairnessIndicators" module: "fairness_indicators.fairness_indicators_metrics" config: '{{"thresholds": {json.dumps(p["thresholds"])}}}' }}
}}
{slicing}
""", config_pb2.EvalConfig())
result = tfma.analyze_raw_data(df, config)

tfma_slices = {}
for slice_key, metrics in result.slicing_metrics:
    values = {}
    for name, value in metrics[""][""].items():
        values[name] = metric_value(value)
    tfma_slices[key_of(slice_key)] = values

worst, checked, missing = {}, 0, []
for s in report["slices"]:
    key = tuple(sorted(s["slice"].items()))
    t = tfma_slices.get(key)
    if t is None:
        missing.append(s["name"]); continue
    for entry in s["thresholds"]:
        th = entry["threshold"]
        for rate in RATES:
            # Every rate must be there: a name spelt differently from TFMA's would otherwise
            # skip the comparison silently.
            want, got = t[fi_name(rate, th, p["thresholds"])], entry[rate]
            checked += 1
            if math.isnan(want) != (got is None):
                worst[rate] = float("inf"); print("MISMATCH", s["name"], th, rate, got, want); continue
            if got is not None:
                worst[rate] = max(worst.get(rate, 0.0), abs(got - want))
    if "example_count" in t:
        checked += 1
        # With example weights TFMA's example_count is the weight sum: rai's weighted_example_count.
        count = s["weighted_example_count"] if weight else s["example_count"]
        worst["example_count"] = max(worst.get("example_count", 0.0), abs(t["example_count"] - count))
finish(worst, checked, missing, len(report["slices"]), len(tfma_slices))
