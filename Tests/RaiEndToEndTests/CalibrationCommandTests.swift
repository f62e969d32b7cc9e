import Foundation
import Testing

/// `rai eval --calibration`, `--curves` and the gates on them, through the binary.
@Suite("calibration and curves on the command line")
struct CalibrationCommandTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    func json(_ arguments: [String]) throws -> (status: Int32, report: [String: Any]) {
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "race", "--format", "json"] + arguments)
        return (run.status, try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]))
    }

    @Test("without the flags the report has no calibration or curves; with them every slice has both")
    func flags() throws {
        let plain = try json([])
        let slices = try #require(plain.report["slices"] as? [[String: Any]])
        #expect(slices.allSatisfy { $0["calibration"] == nil && $0["curves"] == nil })
        let asked = try json(["--calibration-bins", "5", "--curve-points", "7"])
        let parameters = try #require(asked.report["parameters"] as? [String: Any])
        #expect(parameters["calibration_bins"] as? Int == 5 && parameters["curve_points"] as? Int == 7)
        let overall = try #require((asked.report["slices"] as? [[String: Any]])?.first)
        let calibration = try #require(overall["calibration"] as? [String: Any])
        #expect((calibration["bins"] as? [Any])?.count == 5)
        let curves = try #require(overall["curves"] as? [String: Any])
        #expect((curves["points"] as? [Any])?.count == 7)
    }

    @Test("the issue's gate spellings work, turn calibration on, and fail with status 1")
    func gates() throws {
        let run = try json(["--gate", "max(ece, race) <= 0.05", "--gate", "max(brier, race) <= 0.2", "--gate", "gap(calibration, race) <= 0.1",
                            "--gate", "max(log_loss, race) <= 0.7", "--gate", "max(ece) <= 1", "--min-slice-size", "0", "--gate", "min(ap, race) >= 0"])
        let gates = try #require(run.report["gates"] as? [[String: Any]])
        #expect(gates.map { $0["passed"] as? Bool } == [false, true, false, true, true, true])
        #expect(gates.allSatisfy { $0["observed"] as? Double != nil })
        #expect(run.status == 1)
    }

    @Test("calibration needs the score tables: with --no-auc it is a usage error")
    func noAUC() throws {
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--no-auc", "--calibration"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--no-auc"))
        let bins = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--calibration-bins", "0"])
        #expect(bins.status == 64)
    }

    @Test("rai merge computes calibration and curves from partials as eval does")
    func merge() throws {
        let part = NSTemporaryDirectory() + "rai-cal-\(UUID().uuidString).rai"
        defer { try? FileManager.default.removeItem(atPath: part) }
        let counted = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "race", "--partial", "-o", part])
        #expect(counted.status == 0)
        let merged = try RaiBinary.run(["merge", part, "--calibration", "--curves", "--format", "json"])
        let direct = try json(["--calibration", "--curves"])
        let mergedReport = try #require(try JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any])
        let a = try #require(mergedReport["slices"] as? [[String: Any]]), b = try #require(direct.report["slices"] as? [[String: Any]])
        #expect(NSArray(array: a.map { $0["calibration"] ?? NSNull() }) == NSArray(array: b.map { $0["calibration"] ?? NSNull() }))
        #expect(NSArray(array: a.map { $0["curves"] ?? NSNull() }) == NSArray(array: b.map { $0["curves"] ?? NSNull() }))
    }
}

/// `--top-n`, `--top-percent` and their gates through the binary.
@Suite("top-n operating points on the command line")
struct TopRowsCommandTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    @Test("the issue's gate spellings add their points; every format renders them")
    func gates() throws {
        let base = ["eval", predictions, "--label", "label", "--score", "score", "--slice", "race", "--thresholds", "0.5",
                    "--gate", "gap(fpr, race, top_n=500) <= 0.05", "--gate", "max(fpr, race, top_n=500) <= 0.3",
                    "--gate", "max(fpr, race, top_percent=10) <= 0.3", "--min-slice-size", "0"]
        let run = try RaiBinary.run(base + ["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let gates = try #require(report["gates"] as? [[String: Any]])
        #expect(gates.map { $0["top_rows"] as? String } == ["top_n=500", "top_n=500", "top_percent=10"])
        #expect(gates.allSatisfy { $0["observed"] as? Double != nil })
        let overall = try #require((report["slices"] as? [[String: Any]])?.first?["thresholds"] as? [[String: Any]])
        #expect(overall.compactMap { $0["top_rows"] as? String } == ["top_n=500", "top_percent=10"])
        // 500 of 1,000 rows (no ties at the cut-off in this file): positive rate 0.5.
        #expect(overall[1]["positive_rate"] as? Double == 0.5)
        for format in ["text", "markdown", "html", "csv", "junit"] {
            #expect(try RaiBinary.run(base + ["--format", format]).stdout.contains("top_n=500"), "\(format)")
        }
    }

    @Test("refused where rows cannot be counted from the score tables, and bad values")
    func refusals() throws {
        let base = ["eval", predictions, "--label", "label", "--score", "score"]
        #expect(try RaiBinary.run(base + ["--top-n", "10", "--weight", "weight"]).status == 64)
        #expect(try RaiBinary.run(base + ["--top-n", "10", "--no-auc"]).status == 64)
        #expect(try RaiBinary.run(base + ["--top-n", "0"]).status == 64)
        #expect(try RaiBinary.run(base + ["--top-percent", "101"]).status == 64)
        #expect(try RaiBinary.run(base + ["--gate", "max(fpr, top_n=5, top_percent=1) <= 1"]).status == 64)
        #expect(try RaiBinary.run(base + ["--gate", "max(fpr, 0.5, top_n=5) <= 1"]).status == 64)
    }
}
