import Foundation
import Testing

@Suite("rai data")
struct DataCommandTests {
    let small = RaiBinary.fixtures + "/data-small.csv"
    let against = RaiBinary.fixtures + "/data-small-against.csv"
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    @Test("the README's example runs, and passing gates exit 0")
    func readmeExample() throws {
        let run = try RaiBinary.run(["data", predictions, "--label", "label", "--slice", "sex", "--slice", "race",
                                     "--population", "race=white:0.6,black:0.2", "--gate", "gap(base_rate, race) <= 0.1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Representation: race"))
        #expect(run.stdout.contains("PASS gap(base_rate, race) <= 0.1"))
    }

    @Test("a failing gate exits 1 and names the slice, in every format", arguments: ["text", "json", "markdown", "html", "csv", "junit"])
    func failingGate(format: String) throws {
        let run = try RaiBinary.run(["data", small, "--against", against, "--slice", "group", "--slice", "tone", "--min-slice-size", "0",
                                     "--gate", "max(linf, column=city) <= 0.4", "--gate", "max(js, column=age) <= 0.05",
                                     "--gate", "min(share, group) >= 0.05", "--format", format])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("tone=MST-10"))
        #expect(run.stdout.contains("max(linf, column=city) &lt;= 0.4") || run.stdout.contains("max(linf, column=city) <= 0.4")
                || run.stdout.contains("max(linf, column=city) \\<= 0.4"))
    }

    @Test("slice values sort naturally: MST-1, MST-2, MST-10")
    func naturalOrder() throws {
        let run = try RaiBinary.run(["data", small, "--slice", "tone", "--format", "csv", "--columns", "age"])
        #expect(run.status == 0)
        let order = run.stdout.split(separator: "\n").filter { $0.hasPrefix("rows,tone,") }.map { $0.split(separator: ",")[2] }
        #expect(order == ["tone=MST-1", "tone=MST-2", "tone=MST-10"])
    }

    @Test("usage errors exit 64 before reading", arguments: [
        ["--gate", "gap(base_rate, group) <= 0.1"],            // no --label
        ["--gate", "max(js, column=age) <= 0.1"],               // no --against
        ["--gate", "max(share, group, 0.5) <= 0.1"],            // a threshold
        ["--gate", "max(missing_rate, column=nope) <= 0.1", "--columns", "age"],
        ["--gate", "max(auc) <= 0.1"],                          // not a data metric
        ["--population", "group=a:0.7,b:0.6"],                  // shares above 1
        ["--population", "tone=MST-1:0.5"],                     // not a --slice
    ])
    func usageErrors(extra: [String]) throws {
        let run = try RaiBinary.run(["data", small, "--slice", "group"] + extra)
        #expect(run.status == 64, "\(extra): \(run.stderr)")
        #expect(run.stderr.hasPrefix("Error: "))
    }

    @Test("bad data: a missing column and a bad label say where, exit 65; --skip-invalid counts the row")
    func badData() throws {
        let missing = try RaiBinary.run(["data", small, "--columns", "height"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("height"))
        let file = RaiBinary.temporary("label,group\n1,a\nmaybe,b\n0,b\n")
        let bad = try RaiBinary.run(["data", file, "--label", "label", "--slice", "group"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains(":3:1"), "\(bad.stderr)")
        let skipped = try RaiBinary.run(["data", file, "--label", "label", "--slice", "group", "--skip-invalid", "--format", "json"])
        #expect(skipped.status == 0)
        #expect(skipped.stdout.contains("\"rows_skipped\": 1"))
    }

    @Test("JSON Lines: the keys of the first object are profiled, absent keys are missing")
    func jsonLines() throws {
        let file = RaiBinary.temporary("{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2}\n{\"b\": \"y\\u0041\", \"a\": null}\n", extension: "jsonl")
        let run = try RaiBinary.run(["data", file, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let columns = json["columns"] as! [[String: Any]]
        #expect(columns.map { $0["name"] as! String } == ["a", "b"])
        #expect(columns.map { $0["missing"] as! Int } == [1, 1])
        let top = (columns[1]["top_values"] as! [[String: Any]]).map { $0["value"] as! String }
        #expect(Set(top) == ["x", "yA"])
    }
}
