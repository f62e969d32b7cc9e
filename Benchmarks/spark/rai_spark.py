"""rai on Apache Spark: each partition of a data set is counted by `rai eval - --partial` on an
executor, the partials are merged pairwise on the executors (`rai merge --partial`), and the
driver writes the report with `rai merge`. The report equals one `rai eval` over all the rows,
apart from the `input` section.

    spark-submit rai_spark.py --rai /path/to/rai --input s3://bucket/predictions/ \\
        --count "--label label --score score --slice sex --slice race" \\
        --report "--gate 'gap(fpr, race, 0.5) <= 0.05' --format json" --out report.json

--input is read with spark.read.parquet (or --input-format csv, with a header). --count holds the
flags that say what to count (rai eval's), --report those that shape the report (rai merge's);
--conf KEY=VALUE sets Spark options. The rai binary is shipped to the executors with addFile; build
it with `swift build -c release --static-swift-stdlib` so that it runs on machines without Swift.
Exit status: rai merge's (0, or 1 when a gate failed).
"""
import argparse
import glob
import os
import shlex
import subprocess
import sys
import tempfile
import threading

import pyarrow as pa
import pyarrow.csv as pacsv
from pyspark import SparkFiles
from pyspark.sql import SparkSession


def run_rai(arguments, stdin_feed=None):
    """Runs the rai shipped with the job; returns its standard output, or raises with its stderr."""
    process = subprocess.Popen([SparkFiles.get("rai")] + arguments, stdin=subprocess.PIPE if stdin_feed else None,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errors = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()))
    reader.start()
    out = []
    writer = None
    if stdin_feed:
        writer = threading.Thread(target=lambda: out.append(process.stdout.read()))
        writer.start()
        try:
            stdin_feed(process.stdin)
        finally:
            process.stdin.close()
        writer.join()
    else:
        out.append(process.stdout.read())
    process.wait()
    reader.join()
    if process.returncode != 0:
        raise RuntimeError("rai %s failed (%d): %s" % (arguments[0], process.returncode, errors[0].decode(errors="replace")))
    return out[0]


def count_partition(count_flags):
    """mapInArrow function: the partition's rows as CSV into `rai eval - --partial`."""
    def count(batches):
        batches = (batch for batch in batches if batch.num_rows > 0)
        first = next(batches, None)
        if first is None:
            return  # an empty partition: nothing to count
        def feed(stdin):
            writer = pacsv.CSVWriter(stdin, first.schema)
            writer.write_batch(first)
            for batch in batches:
                writer.write_batch(batch)
            writer.close()
        partial = run_rai(["eval", "-", "--input-format", "csv", "--quiet", "--partial"] + count_flags, feed)
        yield pa.RecordBatch.from_pydict({"partial": [partial]}, schema=pa.schema([("partial", pa.binary())]))
    return count


def count_files(count_flags):
    """For --direct: each Parquet file read with pyarrow on its executor, as CSV into rai."""
    def count(paths):
        import pyarrow.parquet as pq
        for path in paths:
            batches = (batch for batch in pq.ParquetFile(path).iter_batches(batch_size=65536) if batch.num_rows > 0)
            first = next(batches, None)
            if first is None:
                continue
            def feed(stdin, first=first, batches=batches):
                writer = pacsv.CSVWriter(stdin, first.schema)
                writer.write_batch(first)
                for batch in batches:
                    writer.write_batch(batch)
                writer.close()
            yield run_rai(["eval", "-", "--input-format", "csv", "--quiet", "--partial"] + count_flags, feed)
    return count


def merge_pair(left, right):
    """Two partials into one, on an executor."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in (("a.rai", left), ("b.rai", right)):
            path = os.path.join(folder, name)
            with open(path, "wb") as part:
                part.write(data)
            paths.append(path)
        return run_rai(["merge", "--partial", "--quiet"] + paths)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rai", required=True, help="the rai binary to ship to the executors")
    parser.add_argument("--input", required=True, help="the data set: a Parquet folder, file or glob")
    parser.add_argument("--input-format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--count", required=True, help="rai eval's flags: what to count")
    parser.add_argument("--report", default="", help="rai merge's flags: what the report shows")
    parser.add_argument("--out", required=True, help="the report file")
    parser.add_argument("--direct", action="store_true",
                        help="read each Parquet file with pyarrow on an executor instead of through Spark's rows "
                             "(much faster; --input is then a folder or glob of .parquet files every executor can read)")
    parser.add_argument("--master", default=None)
    parser.add_argument("--conf", action="append", default=[], help="a Spark option, KEY=VALUE")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("rai")
    if args.master:
        builder = builder.master(args.master)
    for setting in args.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.addFile(os.path.abspath(args.rai))
    count_flags = shlex.split(args.count)
    if args.direct:
        pattern = os.path.join(args.input, "*.parquet") if os.path.isdir(args.input) else args.input
        paths = sorted(glob.glob(pattern))
        if not paths:
            sys.exit("rai_spark: no Parquet files match %s" % pattern)
        partials = spark.sparkContext.parallelize(paths, len(paths)).mapPartitions(count_files(count_flags))
    else:
        reader = spark.read.option("header", True) if args.input_format == "csv" else spark.read
        frame = reader.csv(args.input) if args.input_format == "csv" else reader.parquet(args.input)
        partials = frame.mapInArrow(count_partition(count_flags), "partial binary").rdd.map(lambda row: bytes(row.partial))
    if partials.isEmpty():
        sys.exit("rai_spark: the input has no rows")
    merged = partials.treeReduce(merge_pair, depth=2)
    spark.stop()

    with tempfile.NamedTemporaryFile(suffix=".rai") as part:
        part.write(merged)
        part.flush()
        status = subprocess.call([os.path.abspath(args.rai), "merge", part.name, "-o", args.out] + shlex.split(args.report))
    sys.exit(status)


if __name__ == "__main__":
    main()
