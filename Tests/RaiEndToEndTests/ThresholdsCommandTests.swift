import Foundation
import Testing

/// `rai thresholds` through the binary: formats, options and refusals.
@Suite("rai thresholds on the command line")
struct ThresholdsCommandTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    @Test("JSON names each slice's threshold and the totals; the gap stays within the tolerance")
    func json() throws {
        let run = try RaiBinary.run(["thresholds", predictions, "--label", "label", "--score", "score", "--slice", "race",
                                     "--strategy", "demographic-parity", "--tolerance", "0.05", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(plan["strategy"] as? String == "demographic-parity")
        let thresholds = try #require(plan["thresholds"] as? [[String: Any]])
        #expect(thresholds.count == 6)  // five races and the missing value
        #expect(thresholds.allSatisfy { $0["threshold"] as? Double != nil && $0["cost"] as? Double != nil })
        let gap = try #require((plan["gaps"] as? [String: Any])?["positive_rate"] as? Double)
        #expect(gap <= 0.05)
        #expect((plan["overall"] as? [String: Any])?["cost"] as? Double != nil)
    }

    @Test("every format renders; a bad strategy, two slices or a bad cost ratio are usage errors")
    func formatsAndRefusals() throws {
        let base = ["thresholds", predictions, "--label", "label", "--score", "score", "--slice", "race"]
        for format in ["text", "markdown", "html"] {
            let run = try RaiBinary.run(base + ["--format", format])
            #expect(run.status == 0)
            #expect(run.stdout.contains("race=white"))
        }
        #expect(try RaiBinary.run(base + ["--strategy", "fastest"]).status == 64)
        #expect(try RaiBinary.run(base + ["--slice", "sex"]).status == 64)
        #expect(try RaiBinary.run(base + ["--cost-ratio", "-1"]).status == 64)
        #expect(try RaiBinary.run(["--help"]).stdout.contains("thresholds"))
    }

    @Test("equalized odds: every constrained slice at one (FPR, TPR), its randomisation in every format")
    func equalizedOdds() throws {
        let base = ["thresholds", predictions, "--label", "label", "--score", "score", "--slice", "race", "--strategy", "equalized-odds",
                    "--min-slice-size", "0"]
        let run = try RaiBinary.run(base + ["--format", "json"])
        #expect(run.status == 0)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let slices = try #require(plan["thresholds"] as? [[String: Any]])
        let mixed = slices.filter { $0["randomised"] is [String: Any] }
        #expect(!mixed.isEmpty)
        for slice in mixed {
            let mix = try #require(slice["randomised"] as? [String: Any])
            for key in ["lower_probability", "ignore_probability"] {
                let p = try #require(mix[key] as? Double)
                #expect(p >= 0 && p <= 1, "\(key)")
            }
            #expect(slice["threshold"] is NSNull)
        }
        // Expected rates are equal up to rounding, so the gaps over the constrained slices vanish.
        let rates = mixed.compactMap { $0["true_positive_rate"] as? Double }, fprs = mixed.compactMap { $0["false_positive_rate"] as? Double }
        #expect(rates.max()! - rates.min()! < 1e-9)
        #expect(fprs.max()! - fprs.min()! < 1e-9)
        for format in ["text", "markdown", "html"] {
            #expect(try RaiBinary.run(base + ["--format", format]).stdout.contains("ignore the score"), "\(format)")
        }
    }
}

/// `rai eval --group-thresholds` with the output of `rai thresholds`.
@Suite("rai eval --group-thresholds on the command line")
struct GroupThresholdsCommandTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    @Test("the thresholds found are evaluated as one more operating point; a slice without one is refused")
    func feedBack() throws {
        let file = NSTemporaryDirectory() + "rai-thresholds-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let found = try RaiBinary.run(["thresholds", predictions, "--label", "label", "--score", "score", "--slice", "race",
                                       "--strategy", "demographic-parity", "--tolerance", "0.05", "--format", "json", "-o", file])
        #expect(found.status == 0)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "race", "--thresholds", "0.5",
                                     "--group-thresholds", file, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let overall = try #require((report["slices"] as? [[String: Any]])?.first?["thresholds"] as? [[String: Any]])
        #expect(overall.count == 2)
        // The whole file's cost under the thresholds is FP + FN, as rai thresholds reported it.
        let cost = try #require((plan["overall"] as? [String: Any])?["cost"] as? Double)
        #expect((overall[1]["fp"] as? Double ?? 0) + (overall[1]["fn"] as? Double ?? 0) == cost)
        // Only race=white given: every other race value is refused, by name.
        let partial = RaiBinary.temporary(#"{"spec": ["race"], "thresholds": [{"slice": {"race": "white"}, "threshold": 0.5}]}"#, extension: "json")
        let refused = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "race", "--group-thresholds", partial])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("no threshold for race=(missing) (and 4 more)"))
    }
}
