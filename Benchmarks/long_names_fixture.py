#!/usr/bin/env python3
"""Writes Fixtures/long-names.csv, the browser test's worst case for chart labels: 30 values of
`group`, each exactly 60 characters (accents, CJK, Arabic, `&`, `<`, quotes and a comma among
them), crossed with 3 values of `region`; one group in three has 12 rows, so it is withheld
(small slice) at the default --min-slice-size of 30. Deterministic (seeded), standard library only.

    python3 Benchmarks/long_names_fixture.py > Fixtures/long-names.csv
"""
import csv
import random
import sys

STEMS = [
    "Applicants from the northern metropolitan district",
    "Returning customers with more than five previous loans",
    "Île-de-France résidents, âgés de soixante-cinq ans et plus",
    "Self-employed & <b>seasonal</b> workers in agriculture",
    "Students enrolled in \"part-time\" evening degree programmes",
    "東京都 在住の 申請者 (Tokyo residents, first application)",
    "المتقدمون من المنطقة الشمالية - northern region applicants",
    "Veterans, reservists and their immediate family members",
]
REGIONS = ["north-west coastal administrative area", "south", "inland mountain valleys and plateaus"]


def value(index):
    """60 characters: a stem (repeated to length) and the group's number at the end, where a
    chart that cuts long names at the end would lose the only difference between them."""
    stem = STEMS[index % len(STEMS)]
    return (stem + " / " + stem)[:56] + f" #{index:02d}"


def main():
    rng = random.Random(18)
    rows = []
    for index in range(30):
        group = value(index)
        assert len(group) == 60, (group, len(group))
        size = 12 if index % 3 == 2 else 100 + 20 * (index % 4)
        base = 0.2 + 0.6 * index / 29
        for _ in range(size):
            label = 1 if rng.random() < base else 0
            score = min(max(rng.gauss(0.35 + 0.3 * label, 0.2), 0), 1)
            rows.append((label, f"{score:.4f}", group, rng.choice(REGIONS)))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["label", "score", "group", "region"])
    out.writerows(rows)


main()
