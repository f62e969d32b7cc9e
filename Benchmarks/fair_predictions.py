#!/usr/bin/env python3
"""Rewrites a prediction CSV so that scores no longer depend on group: each row's score is drawn
from the same label-conditional distribution whatever its sex, race or age group.

  fair_predictions.py IN.csv OUT.csv [--seed 1]

Used to show that a fairness gate that fails on the generator's data passes once the group
effects are gone. Needs numpy and pandas.
"""
import argparse
import numpy as np
import pandas as pd

ap = argparse.ArgumentParser()
ap.add_argument("source"); ap.add_argument("out"); ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
rng = np.random.default_rng(a.seed)
df = pd.read_csv(a.source, dtype=str, keep_default_na=False)
label = df["label"].astype(int).to_numpy()
signal = np.where(label == 1, 0.9, -0.9) + rng.normal(0, 1.1, len(df))
df["score"] = [f"{s:.6f}" for s in 1 / (1 + np.exp(-signal))]
df.to_csv(a.out, index=False)
