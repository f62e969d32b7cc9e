#!/usr/bin/env python3
"""Compares rai's JSON report with TensorFlow Model Analysis + Fairness Indicators on the same CSV.

  tfma_check.py FILE.csv RAI_JSON [--tol 1e-9]

Runs tfma.analyze_raw_data on the file with the report's label, score, slices and thresholds
(FairnessIndicators and ExampleCount metrics), then compares every per-threshold rate and count
of every slice; TFMA's NaN for a zero denominator must be rai's null. With --weight in the rai run, TFMA gets the
same column as example_weight_key. Needs a scratch venv with tensorflow-model-analysis and
fairness-indicators (pip install --no-deps fairness-indicators); never a dependency of rai.
"""
import argparse, json, math, sys
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

def key_of(slice_key):
    return tuple(sorted((k, None if v in ("", b"") else (v.decode() if isinstance(v, bytes) else str(v))) for k, v in slice_key))

tfma_slices = {}
for slice_key, metrics in result.slicing_metrics:
    values = {}
    for name, value in metrics[""][""].items():
        values[name] = float(value.get("doubleValue", "nan")) if isinstance(value, dict) else float(value)
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
            name = f"fairness_indicators_metrics/{rate}@{th}"
            if name not in t: continue
            want, got = t[name], entry[rate]
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
print(f"{len(report['slices'])} rai slices, {len(tfma_slices)} TFMA slices, {checked} values compared; missing in TFMA: {missing}")
for k, v in sorted(worst.items()):
    print(f"  {k:24s} {v:.3g}")
bad = {k: v for k, v in worst.items() if v > a.tol}
print("OK" if not bad and not missing else f"FAIL: {bad} {missing}")
sys.exit(1 if bad or missing else 0)
