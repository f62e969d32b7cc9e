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
}
