#!/usr/bin/env bash
# rai merge at scale: the standard job's 5M rows split into PARTS CSV files, a partial result
# written for each (two at a time), then the partials merged into one report, RUNS times.
#
#   Benchmarks/merge.sh [RUNS] [PARTS]      # defaults: 5 runs, 200 parts
#
# Prints the time to write the partials, their sizes, the merge's median wall time and peak RSS,
# and whether the merged JSON equals one run over the whole file (apart from `input`).
# Data goes to Benchmarks/data/ (git-ignored); needs python3 with numpy for the generator.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
PARTS=${2:-200}
GEN=${GEN:-../shared/bench/gen_predictions.py}
DATA=Benchmarks/data
swift build -c release --product rai --static-swift-stdlib >/dev/null
RAI=$PWD/.build/release/rai
[ -f "$DATA/p5000000.csv" ] || python3 "$GEN" --rows 5000000 --format csv --out "$DATA/p5000000.csv"

JOB=(--label label --score score --slice sex --slice race --slice age_group --slice sex,race --quiet)
PARTDIR="$DATA/merge-parts-$PARTS"
rm -rf "$PARTDIR"; mkdir -p "$PARTDIR"
# Round robin, so that every part holds every kind of row, as a hash-partitioned data set would.
awk -v parts="$PARTS" -v dir="$PARTDIR" '
  NR == 1 { header = $0; for (p = 0; p < parts; p++) { f = sprintf("%s/part-%04d.csv", dir, p); print header > f } ; next }
  { f = sprintf("%s/part-%04d.csv", dir, (NR - 2) % parts); print >> f }
  ' "$DATA/p5000000.csv"

start=$EPOCHREALTIME
ls "$PARTDIR"/part-*.csv | xargs -P 2 -I{} "$RAI" eval {} "${JOB[@]}" --threads 1 --partial -o {}.rai
end=$EPOCHREALTIME
printf 'partials of %d parts, 2 processes: %.2f s\n' "$PARTS" "$(echo "$end - $start" | bc -l)"
du -cb "$PARTDIR"/*.rai | tail -1 | awk -v n="$PARTS" '{ printf "partials: %.1f MiB in all, %.0f KiB each on average\n", $1 / 1048576, $1 / n / 1024 }'

times=()
peak=0
for ((i = 0; i < RUNS; i++)); do
  start=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$DATA/.one" "$RAI" merge "$PARTDIR" --format json --quiet -o "$DATA/merged.json"
  end=$EPOCHREALTIME
  times+=("$(echo "$end - $start" | bc -l)")
  kib=$(cat "$DATA/.one"); [ "$kib" -gt "$peak" ] && peak=$kib
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
printf 'merge of %d partials: median %.3f s over %d runs, peak RSS %.1f MiB\n' "$PARTS" "$median" "$RUNS" "$(echo "$peak / 1024" | bc -l)"

"$RAI" eval "$DATA/p5000000.csv" "${JOB[@]}" --format json -o "$DATA/single.json"
python3 - "$DATA/merged.json" "$DATA/single.json" <<'PY'
import json, sys
merged, single = (json.load(open(p)) for p in sys.argv[1:3])
for report in (merged, single):
    report.pop("input")
print("merged report equals the single run (apart from input):", merged == single)
PY
