import Foundation
import Testing

/// Requests that would take unbounded memory are refused up front with a usage error that says
/// what they cost and how to lower it.
@Suite("Resource limits")
struct ResourceLimitTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    @Test("a bootstrap over its memory budget exits 64 with the estimate and the ways to lower it")
    func bootstrapMemory() throws {
        let base = ["eval", predictions, "--label", "label", "--score", "score", "--slice", "sex,race", "--thresholds", "0.5",
                    "--bootstrap", "100", "--threads", "1", "--format", "json"]
        let over = try RaiBinary.run(base + ["--bootstrap-memory", "8M"])
        #expect(over.status == 64)
        #expect(over.stdout.isEmpty)
        #expect(over.stderr.contains("--bootstrap 100 takes about 2.4 MiB per combination of slice values"))
        #expect(over.stderr.contains("Lower --bootstrap, slice by fewer or coarser columns, use fewer --threads, or raise --bootstrap-memory"))
        #expect(try RaiBinary.run(base + ["--bootstrap-memory", "1G"]).status == 0)
        let alone = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--bootstrap-memory", "1G"])
        #expect(alone.status == 64)
        #expect(alone.stderr.contains("'--bootstrap-memory' only applies with --bootstrap N"))
    }

    @Test("the default bootstrap budget respects an address-space limit (ulimit -v) instead of failing to allocate")
    func bootstrapUnderUlimit() throws {
        let run = try RaiBinary.shell("""
            ulimit -v 1500000 && exec "$RAI" eval '\(predictions)' --label label --score score --slice sex,race --thresholds 0.5 \
            --bootstrap 10000 --threads 1 -q > /dev/null
            """)
        let message = run.stderr
        #expect(run.status == 64, "\(message)")
        #expect(message.contains("the bootstrap memory limit of 732.4 MiB holds 3 combinations"), "\(message)")
    }

    @Test("more than 1,000 distinct thresholds is a usage error before the input is read, on the command line and in rai.json")
    func thresholdCap() throws {
        let many = (0...1000).map { String(format: "%.4f", Double($0) / 1000) }
        let run = try RaiBinary.run(["eval", "/nonexistent.csv", "--label", "label", "--score", "score", "--thresholds", many.joined(separator: ",")])
        #expect(run.status == 64)
        #expect(run.stderr.contains("1001 distinct thresholds given; rai takes at most 1000"))
        let config = RaiBinary.temporary(#"{"thresholds": "\#(many.joined(separator: ","))"}"#, extension: "json")
        let fromFile = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--config", config])
        #expect(fromFile.status == 64)
        #expect(fromFile.stdout.isEmpty)
        let enough = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--format", "csv",
                                        "--thresholds", many.dropLast().joined(separator: ",")])
        #expect(enough.status == 0)
    }
}
