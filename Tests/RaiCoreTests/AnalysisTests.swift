import Foundation
import Testing
@testable import RaiCore

@Suite("Intervals, gaps and gates")
struct AnalysisTests {
    let z95 = ConfidenceInterval.zScore(confidence: 0.95)

    @Test("z for 95% and 90%")
    func zScores() {
        #expect(abs(z95 - 1.959963984540054) < 1e-12)
        #expect(abs(ConfidenceInterval.zScore(confidence: 0.9) - 1.6448536269514722) < 1e-12)
    }

    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
    // Medicine 17:857–872, Table II, method 3 (Wilson score without continuity correction).
    @Test("Wilson intervals match Newcombe's published table", arguments: [
        (81.0, 263.0, 0.2553, 0.3662),
        (15.0, 148.0, 0.0624, 0.1605),
        (0.0, 20.0, 0.0, 0.1611),
        (1.0, 29.0, 0.0061, 0.1718),
    ])
    func wilson(successes: Double, trials: Double, lower: Double, upper: Double) throws {
        let interval = try #require(ConfidenceInterval.wilson(proportion: successes / trials, trials: trials, z: z95))
        #expect(abs(interval.lower - lower) < 5e-5)
        #expect(abs(interval.upper - upper) < 5e-5)
    }

    // Newcombe (1998), "Interval estimation for the difference between independent proportions",
    // Statistics in Medicine 17:873–890, Table II example (a), 56/70 − 48/80, method 10.
    @Test("Newcombe's interval for a difference matches his worked example")
    func newcombe() throws {
        let p1 = 56.0 / 70, p2 = 48.0 / 80
        let i1 = try #require(ConfidenceInterval.wilson(proportion: p1, trials: 70, z: z95))
        let i2 = try #require(ConfidenceInterval.wilson(proportion: p2, trials: 80, z: z95))
        let difference = ConfidenceInterval.newcombe(p1, i1, p2, i2)
        #expect(abs(difference.lower - 0.0524) < 5e-5)
        #expect(abs(difference.upper - 0.3339) < 5e-5)
    }

    @Test("weights shrink the effective sample size (Kish)")
    func effectiveSize() {
        // FPR denominator FP + TN = 2 + 2 = 4 in weight, Σw² = 1 + 1 + 4 + 0 → (4)² / 6.
        let entry = ThresholdResult(threshold: 0.5,
                                    counts: ConfusionMatrix(truePositives: 1, falsePositives: 2, trueNegatives: 2, falseNegatives: 0),
                                    squares: ConfusionMatrix(truePositives: 1, falsePositives: 2, trueNegatives: 4, falseNegatives: 0))
        #expect(abs(entry.effectiveSize(of: .falsePositiveRate) - 16.0 / 6.0) < 1e-12)
    }

    /// Two groups of 40: group a has FPR 10/20, group b 2/20; TPR 18/20 in both.
    var twoGroups: String {
        var rows = "label,score,g\n"
        for (group, falsePositives) in [("a", 10), ("b", 2)] {
            for i in 0..<20 { rows += "0,\(i < falsePositives ? 0.9 : 0.1),\(group)\n" }
            for i in 0..<20 { rows += "1,\(i < 18 ? 0.8 : 0.2),\(group)\n" }
        }
        return rows
    }

    @Test("gaps, ratios and named criteria per spec")
    func gaps() throws {
        let result = try evaluate(twoGroups, slices: [["g"]])
        let analysis = FairnessAnalysis(result: result, minimumSliceSize: 30)
        let step = try #require(analysis.specs.first?.thresholds.first)
        let fpr = try #require(step.rates.first { $0.rate == .falsePositiveRate })
        #expect(abs(fpr.largestGap! - 0.4) < 1e-12)           // 0.5 − 0.1
        #expect(abs(fpr.smallestRatio! - 0.2) < 1e-12)        // 0.1 / 0.5
        #expect(fpr.lowestSlice == "g=b" && fpr.highestSlice == "g=a")
        #expect(abs(fpr.referenceValue! - 0.3) < 1e-12)       // overall 12 / 40
        // Positive rate: a (10 + 18) / 40 = 0.7, b (2 + 18) / 40 = 0.5.
        let criteria = Dictionary(uniqueKeysWithValues: step.criteria.map { ($0.name, $0.value) })
        #expect(abs(criteria["demographic_parity_difference"]!! - 0.2) < 1e-12)
        #expect(abs(criteria["demographic_parity_ratio"]!! - 0.5 / 0.7) < 1e-12)
        #expect(criteria["equal_opportunity_difference"]!! == 0)
        #expect(abs(criteria["equalized_odds_difference"]!! - 0.4) < 1e-12)
    }

    @Test("a reference slice changes differences, not gaps")
    func reference() throws {
        let result = try evaluate(twoGroups, slices: [["g"]])
        let analysis = FairnessAnalysis(result: result, references: ["g": ["b"]], minimumSliceSize: 30)
        let fpr = try #require(analysis.specs[0].thresholds[0].rates.first { $0.rate == .falsePositiveRate })
        #expect(analysis.specs[0].reference == "g=b")
        #expect(abs(fpr.comparisons.first { $0.slice == "g=a" }!.difference! - 0.4) < 1e-12)
        #expect(abs(fpr.comparisons.first { $0.slice == "g=a" }!.ratio! - 5) < 1e-12)
    }

    @Test("the interval of slice − overall is slice − rest's, scaled by the rest's share of the denominator (S3)")
    func differenceFromOverall() throws {
        // Three groups of unequal sizes, so the shares differ: a 40 rows, b 40, c 60.
        var rows = twoGroups
        for i in 0..<30 { rows += "0,\(i < 6 ? 0.9 : 0.1),c\n" }
        for i in 0..<30 { rows += "1,\(i < 20 ? 0.8 : 0.2),c\n" }
        let result = try evaluate(rows, slices: [["g"]])
        let analysis = FairnessAnalysis(result: result, minimumSliceSize: 30, compareWithRest: true)
        for rate in analysis.specs[0].thresholds[0].rates where FairnessAnalysis.testedRate(for: rate.rate) == rate.rate {
            for comparison in rate.comparisons {
                let slice = try #require(result.slice(comparison.slice)).thresholds[0].counts
                let all = result.slices[0].thresholds[0].counts
                let share = 1 - rate.rate.parts(of: slice).denominator / rate.rate.parts(of: all).denominator
                let versusRest = try #require(comparison.testedDifferenceInterval), versusOverall = try #require(comparison.differenceInterval)
                #expect(abs(comparison.difference! - share * comparison.testedDifference!) < 1e-12)
                #expect(abs(versusOverall.lower - share * versusRest.lower) < 1e-12 && abs(versusOverall.upper - share * versusRest.upper) < 1e-12,
                        "\(rate.rate) \(comparison.slice)")
            }
        }
        // Against a chosen reference slice, the reference itself has no interval for its difference of 0.
        let chosen = FairnessAnalysis(result: result, references: ["g": ["b"]], minimumSliceSize: 30)
        let fpr = try #require(chosen.specs[0].thresholds[0].rates.first { $0.rate == .falsePositiveRate })
        #expect(fpr.comparisons[1].slice == "g=b" && fpr.comparisons[1].difference == 0 && fpr.comparisons[1].differenceInterval == nil)
        #expect(fpr.comparisons[0].differenceInterval != nil)
    }

    @Test("gates pass and fail with inclusive bounds", arguments: [
        ("gap(fpr, g, 0.5) <= 0.4", true),
        ("gap(fpr, g, 0.5) < 0.4", false),
        ("gap(false_positive_rate, g) <= 0.39", false),
        ("ratio(positive_rate, g, 0.5) >= 0.8", false),
        ("demographic_parity_ratio(g, 0.5) >= 0.7", true),
        ("equal_opportunity_difference(g, 0.5) <= 0", true),
        ("difference(fpr, g, 0.5) <= 0.2", true),     // |0.5 − 0.3| and |0.1 − 0.3|
        ("min(auc) >= 0.5", true),                    // a: 200/400 (inclusive bound), b: 360/400
        ("min(auc) > 0.5", false),
        ("max(fpr, g, 0.5) <= 0.3", false),
    ])
    func gates(text: String, passes: Bool) throws {
        let result = try evaluate(twoGroups, slices: [["g"]])
        let report = FairnessReport(result: result, gates: [try Gate.parse(text)], version: "test")
        #expect(report.gates[0].passed == passes, "\(report.gates[0])")
        #expect(report.verdict == (passes ? .pass : .fail))
    }

    @Test("small slices are left out, and an undefined metric fails unless skipped")
    func smallAndUndefined() throws {
        let result = try evaluate("label,score,g\n1,0.9,a\n1,0.8,a\n0,0.2,b\n1,0.7,b\n", slices: [["g"]])
        // Every slice is under 30 rows: nothing to compare.
        let defaults = FairnessReport(result: result, gates: [try Gate.parse("gap(fpr, g, 0.5) <= 1")], version: "test")
        #expect(!defaults.gates[0].passed)
        // With min_examples=0, g=a has no negatives: its FPR is undefined.
        let strict = FairnessReport(result: result, minimumSliceSize: 0, gates: [try Gate.parse("gap(fpr, g, 0.5) <= 1")], version: "test")
        #expect(!strict.gates[0].passed)
        #expect(strict.gates[0].slices == ["g=a"])
        let lenient = FairnessReport(result: result, minimumSliceSize: 0, gates: [try Gate.parse("gap(fpr, g, 0.5, skip_undefined) <= 1")],
                             version: "test")
        // Only g=b is left: nothing to compare it with, so the gate fails and says why.
        #expect(!lenient.gates[0].passed)
        #expect(lenient.gates[0].reason?.hasPrefix("too few slices to compare") == true)
    }

    @Test("malformed gates are usage errors that say what is wrong", arguments: [
        ("gap(fpr, race 0.5) <= 0.05 extra", "bound '0.05 extra' is not a number"),
        ("gap(fpr, race, 0.5) == 0.05", "expected <=, >=, < or > after the parenthesis"),
        ("gap(xyz, race) <= 1", "unknown metric 'xyz'; this command knows false_positive_rate, false_negative_rate, true_positive_rate, "
            + "true_negative_rate, positive_rate, negative_rate, precision, recall, false_discovery_rate, false_omission_rate, accuracy, "
            + "auc, flip_rate, negative_to_positive_rate, positive_to_negative_rate, ece, brier, log_loss, calibration, mean_score, mean_label, average_precision"),
        ("max(fpr, race, column=age) <= 1", "unknown option 'column='; this command takes min_examples, class, top_k, top_n, top_percent"),
        ("gap(fpr) <= 1", "gap() needs a slice spec, e.g. race or sex&race"),
        ("gap(auc, race) <= 1", "auc can be bounded only with min() or max()"),
        ("bogus(fpr, race) <= 1", "unknown gate 'bogus'; use gap, ratio, difference, min, max or a criterion such as demographic_parity_difference"),
        ("gap fpr race <= 1", "expected KIND(ARGUMENTS) OP BOUND, e.g. gap(fpr, race, 0.5) <= 0.05"),
    ])
    func malformed(text: String, why: String) {
        #expect(throws: RaiError.usage("cannot read gate '\(text)': \(why)")) { try Gate.parse(text) }
    }

    @Test("a command's vocabulary names its metrics and qualifiers; qualifiers keep their values")
    func vocabulary() throws {
        let words = GateVocabulary(metrics: [.init("attack_auc", extremaOnly: true), .init("share", aliases: ["proportion"])],
                                   qualifiers: ["column"])
        let gate = try Gate.parse("max(attack_auc, race, column=Age) <= 0.6", vocabulary: words)
        #expect(gate.metric == "attack_auc" && gate.spec == ["race"] && gate.qualifiers == ["column": "Age"])
        #expect(try Gate.parse("min(Proportion) >= 0.05", vocabulary: words).metric == "share")
        #expect(throws: RaiError.usage("cannot read gate 'gap(attack_auc, race) <= 1': attack_auc can be bounded only with min() or max()")) {
            try Gate.parse("gap(attack_auc, race) <= 1", vocabulary: words)
        }
        #expect(throws: RaiError.usage("cannot read gate 'max(share, column=a, column=b) <= 1': column= given twice")) {
            try Gate.parse("max(share, column=a, column=b) <= 1", vocabulary: words)
        }
        #expect(throws: RaiError.usage("cannot read gate 'max(fpr) <= 1': unknown metric 'fpr'; this command knows attack_auc, share")) {
            try Gate.parse("max(fpr) <= 1", vocabulary: words)
        }
    }
}

@Suite("Withheld small slices")
struct WithheldSliceTests {
    @Test("rates of small slices are null with a reason in JSON; counts stay")
    func withheld() throws {
        var rows = "label,score,g\n"
        for i in 0..<40 { rows += "\(i % 2),0.\(i % 10),a\n" }
        rows += "1,0.9,b\n0,0.2,b\n"
        let report = FairnessReport(result: try evaluate(rows, slices: [["g"]]), version: "test")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(report).utf8)) as? [String: Any])
        let slices = try #require(json["slices"] as? [[String: Any]])
        let b = try #require(slices.first { $0["name"] as? String == "g=b" })
        #expect(b["withheld"] as? Bool == true)
        #expect(b["withheld_reason"] as? String == "fewer than 30 examples (--min-slice-size)")
        #expect(b["auc"] is NSNull)
        let entry = try #require((b["thresholds"] as? [[String: Any]])?.first)
        #expect(entry["false_positive_rate"] is NSNull)
        #expect(entry["tp"] as? Int == 1)
        let a = try #require(slices.first { $0["name"] as? String == "g=a" })
        #expect(a["withheld"] as? Bool == false)
        let analysis = try #require(json["analysis"] as? [String: Any])
        #expect(analysis["withheld_slices"] as? Int == 1 && analysis["withheld_rows"] as? Int == 2)
    }
}

@Suite("Gates and withheld slices")
struct WithheldGateTests {
    @Test("a withheld slice in scope fails the gate with the reason, unless skipped")
    func withheldFails() throws {
        var rows = "label,score,g\n"
        for i in 0..<80 { rows += "\(i % 2),0.\(i % 10),\(i < 40 ? "a" : "b")\n" }
        rows += "1,0.9,c\n"
        let result = try evaluate(rows, slices: [["g"]])
        let strict = FairnessReport(result: result, gates: [try Gate.parse("gap(fpr, g, 0.5) <= 1")], version: "test")
        #expect(!strict.gates[0].passed)
        #expect(strict.gates[0].slices == ["g=c"])
        #expect(strict.gates[0].reason?.contains("add skip_small") == true)
        let lenient = FairnessReport(result: result, gates: [try Gate.parse("gap(fpr, g, 0.5, skip_small) <= 1")], version: "test")
        #expect(lenient.gates[0].passed)
        let explicit = FairnessReport(result: result, gates: [try Gate.parse("gap(fpr, g, 0.5, min_examples=30) <= 1")], version: "test")
        #expect(explicit.gates[0].passed)
    }
}
