#!/usr/bin/env bash
# The Spark recipe, tested: ROWS synthetic predictions written as PARTS Parquet files, evaluated by
# rai_spark.py on local[2], and the merged JSON report compared with one `rai eval` over the same
# rows (apart from `input`). Prints both wall times.
#
#   Benchmarks/spark/test_spark.sh            # ROWS=200000 PARTS=24
#   ROWS=50000000 PARTS=24 Benchmarks/spark/test_spark.sh
#   COUNT='--label label --score score --slice race' Benchmarks/spark/test_spark.sh
#   DIRECT=1 Benchmarks/spark/test_spark.sh      # executors read the Parquet files with pyarrow
#
# Needs Java 17 and a scratch venv with pyspark, pyarrow and numpy:
#   python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyspark pyarrow numpy
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-200000}
PARTS=${PARTS:-24}
VENV=${VENV:-/tmp/venv}
GEN=${GEN:-../shared/bench/gen_predictions.py}
DATA=Benchmarks/data/spark-$ROWS
swift build -c release --product rai --static-swift-stdlib >/dev/null
RAI=$PWD/.build/release/rai
mkdir -p "$DATA"
[ -f "$DATA/all.csv" ] || "$VENV/bin/python" "$GEN" --rows "$ROWS" --format csv --out "$DATA/all.csv"
if [ ! -d "$DATA/parquet-$PARTS" ]; then
  "$VENV/bin/python" - "$DATA/all.csv" "$DATA/parquet-$PARTS" "$PARTS" <<'PY'
import os, sys
import pyarrow.csv as csv, pyarrow.parquet as pq
source, folder, parts = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(folder)
# Text columns stay text (as in the CSV), so that values reach rai spelled as in the file.
table = csv.read_csv(source, convert_options=csv.ConvertOptions(
    column_types={"label": "int64", "score": "float64", "weight": "float64"}, strings_can_be_null=True))
size = (table.num_rows + parts - 1) // parts
for part in range(parts):
    pq.write_table(table.slice(part * size, size), os.path.join(folder, "part-%04d.parquet" % part))
PY
fi

export PYSPARK_PYTHON="$VENV/bin/python"  # the executors need pyarrow too
# What each part counts; COUNT=... overrides it (the default exercises weights and a split-proof bootstrap).
COUNT=${COUNT:-"--label label --score score --slice sex --slice race --slice age_group --slice sex,race --weight weight --bootstrap 20 --row-id example_id --skip-invalid"}
REPORT="--format json --gate 'gap(fpr, race, 0.5) <= 0.2'"

start=$EPOCHREALTIME
set +e
"$VENV/bin/python" Benchmarks/spark/rai_spark.py --rai "$RAI" --input "$DATA/parquet-$PARTS" --master 'local[2]' \
  --conf spark.sql.files.maxPartitionBytes=1073741824 --conf spark.sql.files.openCostInBytes=1073741824 \
  --conf spark.ui.enabled=false --conf spark.driver.memory=2g \
  ${DIRECT:+--direct} --count "$COUNT" --report "$REPORT" --out "$DATA/spark.json" 2> "$DATA/spark.log"
spark_status=$?
end=$EPOCHREALTIME
spark_seconds=$(echo "$end - $start" | bc -l)
start=$EPOCHREALTIME
eval "$RAI" eval "$DATA/all.csv" $COUNT $REPORT --quiet -o "$DATA/single.json"
single_status=$?
end=$EPOCHREALTIME
set -e
single_seconds=$(echo "$end - $start" | bc -l)
[ -s "$DATA/spark.json" ] || { tail -30 "$DATA/spark.log"; echo "FAIL: no report from Spark"; exit 1; }
printf 'rows %d in %d Parquet files: spark local[2] %.1f s (exit %d), single rai eval %.2f s (exit %d)\n' \
  "$ROWS" "$PARTS" "$spark_seconds" "$spark_status" "$single_seconds" "$single_status"
"$VENV/bin/python" - "$DATA/spark.json" "$DATA/single.json" "$PARTS" <<'PY'
import json, sys
spark, single = (json.load(open(p)) for p in sys.argv[1:3])
parts = len(spark["input"].get("parts", []))
assert spark["input"]["rows_read"] == single["input"]["rows_read"], (spark["input"]["rows_read"], single["input"]["rows_read"])
for report in (spark, single):
    report.pop("input")
equal = spark == single
print("partials merged: %d; reports equal (apart from input): %s" % (parts, equal))
sys.exit(0 if equal else 1)
PY
[ "$spark_status" = "$single_status" ] || { echo "FAIL: exit statuses differ"; exit 1; }
echo PASS
