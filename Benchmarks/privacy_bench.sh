#!/usr/bin/env bash
# rai privacy against the standard eval job, alternating, in the same run (issue 15: within 1.5×).
# The data is the standard job's 5M rows with a member column added (about 4 rows in 7 members,
# from a hash of example_id); privacy reads the same label, score and slices, and computes the
# loss (binary cross-entropy) per row.
#
#   Benchmarks/privacy_bench.sh [RAI_BINARY] [RUNS]     # default .build/release/rai, 7 runs each
set -euo pipefail
cd "$(dirname "$0")/.."
RAI=${1:-.build/release/rai} RUNS=${2:-7}
DATA=Benchmarks/data
GEN=${GEN:-../shared/bench/gen_predictions.py}
[ -f "$DATA/p5000000.csv" ] || python3 "$GEN" --rows 5000000 --format csv --out "$DATA/p5000000.csv"
[ -f "$DATA/privacy5m.csv" ] || awk -F, 'NR==1{print $0",member"; next} {print $0","(($1*2654435761)%7<4?1:0)}' \
  "$DATA/p5000000.csv" > "$DATA/privacy5m.csv"
SLICES=(--slice sex --slice race --slice age_group --slice sex,race)

source Benchmarks/measure.sh

rm -f "$DATA"/eval-standard.times "$DATA"/privacy-standard.times
for ((i = 0; i < RUNS; i++)); do
  measure eval-standard "$RAI" eval "$DATA/privacy5m.csv" --label label --score score "${SLICES[@]}" --format json --quiet -o "$DATA/eval.json"
  measure privacy-standard "$RAI" privacy "$DATA/privacy5m.csv" --member member --label label --score score "${SLICES[@]}" \
    --format json --quiet -o "$DATA/privacy.json"
done
printf '%-8s %10s %10s\n' job median_s peak_MiB
for job in eval privacy; do
  t=$(cut -d' ' -f1 "$DATA/$job-standard.times" | median); m=$(cut -d' ' -f2 "$DATA/$job-standard.times" | sort -n | tail -1)
  printf '%-8s %10.3f %10.1f\n' "$job" "$t" "$(echo "$m/1024" | bc -l)"
done
e=$(cut -d' ' -f1 "$DATA/eval-standard.times" | median); p=$(cut -d' ' -f1 "$DATA/privacy-standard.times" | median)
printf 'privacy / eval: %.3f\n' "$(echo "$p/$e" | bc -l)"
