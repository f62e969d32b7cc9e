#!/usr/bin/env bash
# The standard job (../shared/DESIGN.md) with rai and DuckDB, side by side in one run.
#
#   Benchmarks/run.sh [RUNS]          # default 5 runs of each, alternating
#
# Needs python3 with numpy (the generator) and a scratch venv with duckdb:
#   python3 -m venv /tmp/venv && /tmp/venv/bin/pip install duckdb
# (VENV=/path/to/venv to use another). Data goes to Benchmarks/data/ (git-ignored).
# Prints per tool and format the median wall time, the ratio DuckDB/rai and the peak RSS, then a
# rows-vs-time-and-memory table for rai on 1M, 5M and 20M CSV rows, then the multi-class job
# (10 classes, one score column each, from Benchmarks/gen_multiclass.py) beside the binary one.
# MULTICLASS=only runs just the multi-class part; MULTICLASS=no skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
MULTICLASS=${MULTICLASS:-yes}
VENV=${VENV:-/tmp/venv}
GEN=${GEN:-../shared/bench/gen_predictions.py}
DATA=Benchmarks/data
mkdir -p "$DATA"
# The binary as one would ship it: release, with the Swift runtime and Foundation linked in
# (one file to copy into a CI image; no dynamic linking at start-up).
swift build -c release --product rai --static-swift-stdlib >/dev/null
RAI=.build/release/rai

for rows in 1000000 5000000 20000000; do
  [ -f "$DATA/p$rows.csv" ] || python3 "$GEN" --rows "$rows" --format csv --out "$DATA/p$rows.csv"
done
[ -f "$DATA/p5000000.jsonl" ] || python3 "$GEN" --rows 5000000 --format jsonl --out "$DATA/p5000000.jsonl"

JOB=(--label label --score score --slice sex --slice race --slice age_group --slice sex,race --format json --quiet)

source Benchmarks/measure.sh

if [ "$MULTICLASS" != only ]; then

rm -f "$DATA"/*.times
for format in csv jsonl; do
  file="$DATA/p5000000.$format"
  for ((i = 0; i < RUNS; i++)); do
    measure "rai-$format" "$RAI" eval "$file" "${JOB[@]}" -o "$DATA/rai.json"
    measure "rai-noauc-$format" "$RAI" eval "$file" "${JOB[@]}" --no-auc -o "$DATA/rai-noauc.json"
    measure "duckdb-$format" "$VENV/bin/python" Benchmarks/duckdb_job.py "$file" "$DATA/duckdb.json" --threads 2
  done
done

printf '\nStandard job, 5M rows, %d runs each (median seconds, peak RSS MiB)\n' "$RUNS"
printf '%-8s %-22s %9s %10s %12s\n' format tool seconds peak_MiB "duckdb/rai"
for format in csv jsonl; do
  duck=$(cut -d' ' -f1 "$DATA/duckdb-$format.times" | median)
  for tool in rai rai-noauc duckdb; do
    t=$(cut -d' ' -f1 "$DATA/$tool-$format.times" | median)
    m=$(cut -d' ' -f2 "$DATA/$tool-$format.times" | sort -n | tail -1)
    label=$tool; [ "$tool" = rai ] && label="rai (default, with AUC)"; [ "$tool" = rai-noauc ] && label="rai --no-auc"
    printf '%-8s %-22s %9.3f %10.1f %12.2f\n' "$format" "$label" "$t" "$(echo "$m / 1024" | bc -l)" "$(echo "$duck / $t" | bc -l)"
  done
done

printf '\nrai on CSV by size (median of %d; default flags, with AUC)\n' "$RUNS"
printf '%-10s %9s %10s %12s\n' rows seconds peak_MiB "ns/row"
for rows in 1000000 5000000 20000000; do
  rm -f "$DATA/scale.times"
  for ((i = 0; i < RUNS; i++)); do measure scale "$RAI" eval "$DATA/p$rows.csv" "${JOB[@]}" -o "$DATA/rai.json"; done
  t=$(cut -d' ' -f1 "$DATA/scale.times" | median)
  m=$(cut -d' ' -f2 "$DATA/scale.times" | sort -n | tail -1)
  printf '%-10s %9.3f %10.1f %12.0f\n' "$rows" "$t" "$(echo "$m / 1024" | bc -l)" "$(echo "$t * 1000000000 / $rows" | bc -l)"
done
fi

[ "$MULTICLASS" = no ] && exit 0
# The multi-class job: the standard job's slices and thresholds on 10 classes (wide CSV, string
# labels c0…c9, one p_<class> column per class), counted one-vs-rest per class with AUC; the
# binary standard job alternates with it, so the ratio is of the same minutes. Goal (issue 12):
# at most 3 times the binary job's time, peak RSS flat from 5M to 20M rows and under 128 MiB.
# The same job with --top-k 1,3 (each class's rank in every row) is timed beside it.
MC_JOB=(--label label --class-scores 'p_*' --slice sex --slice race --slice age_group --slice sex,race --format json --quiet)
for rows in 5000000 20000000; do
  [ -f "$DATA/mc${rows}x10.csv" ] || python3 Benchmarks/gen_multiclass.py --rows "$rows" --classes 10 --format csv --out "$DATA/mc${rows}x10.csv"
done
rm -f "$DATA"/mc-*.times
for ((i = 0; i < RUNS; i++)); do
  measure mc-binary "$RAI" eval "$DATA/p5000000.csv" "${JOB[@]}" -o "$DATA/rai.json"
  measure mc-5000000 "$RAI" eval "$DATA/mc5000000x10.csv" "${MC_JOB[@]}" -o "$DATA/rai-mc.json"
  measure mc-topk "$RAI" eval "$DATA/mc5000000x10.csv" "${MC_JOB[@]}" --top-k 1,3 -o "$DATA/rai-mc.json"
done
for ((i = 0; i < RUNS; i++)); do measure mc-20000000 "$RAI" eval "$DATA/mc20000000x10.csv" "${MC_JOB[@]}" -o "$DATA/rai-mc.json"; done

printf '\nMulti-class job, 10 classes, wide CSV (median of %d; peak RSS over the runs)\n' "$RUNS"
printf '%-34s %9s %10s %14s\n' job seconds peak_MiB "time/binary"
binary=$(cut -d' ' -f1 "$DATA/mc-binary.times" | median)
for name in binary 5000000 topk 20000000; do
  t=$(cut -d' ' -f1 "$DATA/mc-$name.times" | median)
  m=$(cut -d' ' -f2 "$DATA/mc-$name.times" | sort -n | tail -1)
  case $name in
    binary) label="binary standard job, 5M rows" ;;
    topk) label="multi-class, 5M rows, --top-k 1,3" ;;
    *) label="multi-class, $((name / 1000000))M rows x 10 classes" ;;
  esac
  printf '%-34s %9.3f %10.1f %14.2f\n' "$label" "$t" "$(echo "$m / 1024" | bc -l)" "$(echo "$t / $binary" | bc -l)"
done
