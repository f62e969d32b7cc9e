#!/usr/bin/env bash
# Two rai binaries on the standard job, alternating, in the same run: the before/after check a
# change must pass (the standard job within 5%). Medians of RUNS, peak RSS, and after/before.
#
#   Benchmarks/ab.sh BEFORE_BINARY AFTER_BINARY [RUNS]     # default 7 runs each
#
# Data as Benchmarks/run.sh makes it (Benchmarks/data/p5000000.{csv,jsonl}).
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$1 AFTER=$2 RUNS=${3:-7}
DATA=Benchmarks/data
GEN=${GEN:-../shared/bench/gen_predictions.py}
[ -f "$DATA/p5000000.csv" ] || python3 "$GEN" --rows 5000000 --format csv --out "$DATA/p5000000.csv"
[ -f "$DATA/p5000000.jsonl" ] || python3 "$GEN" --rows 5000000 --format jsonl --out "$DATA/p5000000.jsonl"
JOB=(--label label --score score --slice sex --slice race --slice age_group --slice sex,race --format json --quiet)

source Benchmarks/measure.sh

rm -f "$DATA"/before-*.times "$DATA"/after-*.times
for format in csv jsonl; do
  for ((i = 0; i < RUNS; i++)); do
    measure "before-$format" "$BEFORE" eval "$DATA/p5000000.$format" "${JOB[@]}" -o "$DATA/before.json"
    measure "after-$format" "$AFTER" eval "$DATA/p5000000.$format" "${JOB[@]}" -o "$DATA/after.json"
  done
done
printf '%-6s %10s %10s %10s %10s %12s\n' format before_s after_s before_MiB after_MiB after/before
for format in csv jsonl; do
  b=$(cut -d' ' -f1 "$DATA/before-$format.times" | median); a=$(cut -d' ' -f1 "$DATA/after-$format.times" | median)
  bm=$(cut -d' ' -f2 "$DATA/before-$format.times" | sort -n | tail -1); am=$(cut -d' ' -f2 "$DATA/after-$format.times" | sort -n | tail -1)
  printf '%-6s %10.3f %10.3f %10.1f %10.1f %12.3f\n' "$format" "$b" "$a" "$(echo "$bm/1024" | bc -l)" "$(echo "$am/1024" | bc -l)" "$(echo "$a/$b" | bc -l)"
done
