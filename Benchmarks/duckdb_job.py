#!/usr/bin/env python3
"""The standard job (../shared/DESIGN.md) in DuckDB: per slice and threshold bin, positives and
negatives, over grouping sets (overall, sex, race, age_group, sex x race), written as JSON.

  duckdb_job.py FILE OUT.json [--threads 2]

The bin of a row is the number of thresholds 0.1..0.9 strictly below its score, as in rai;
TP/FP/TN/FN at each threshold are suffix sums over bins, done in Python on the tiny result.
"""
import argparse, json
import duckdb

THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data"); ap.add_argument("out"); ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    con = duckdb.connect()
    con.execute(f"SET threads={a.threads}")
    reader = "read_csv" if a.data.endswith(".csv") else "read_json"
    bin_expr = " + ".join(f"(score > {t})::INT" for t in THRESHOLDS)
    rows = con.execute(f"""
        SELECT GROUPING(sex) AS gs, GROUPING(race) AS gr, GROUPING(age_group) AS ga,
               sex, race, age_group, {bin_expr} AS bin,
               sum(label) AS pos, count(*) - sum(label) AS neg
        FROM {reader}('{a.data}')
        GROUP BY GROUPING SETS ((bin), (sex, bin), (race, bin), (age_group, bin), (sex, race, bin))
    """).fetchall()
    slices = {}
    for gs, gr, ga, sex, race, age, b, pos, neg in rows:
        key = (gs, gr, ga, sex, race, age)
        s = slices.setdefault(key, [[0, 0] for _ in range(len(THRESHOLDS) + 1)])
        s[b] = [int(pos), int(neg)]
    out = []
    for key, bins in slices.items():
        P = sum(p for p, _ in bins); N = sum(n for _, n in bins)
        entry = {"slice": [k for k in key[3:]], "example_count": P + N, "thresholds": []}
        for i, t in enumerate(THRESHOLDS):
            tp = sum(p for p, _ in bins[i + 1:]); fp = sum(n for _, n in bins[i + 1:])
            entry["thresholds"].append({"threshold": t, "tp": tp, "fp": fp, "tn": N - fp, "fn": P - tp})
        out.append(entry)
    json.dump(out, open(a.out, "w"))

main()
