import Foundation
import Testing
@testable import RaiCore

@Suite("Baseline model: changes and flips")
struct BaselineTests {
    // At 0.5: row 1 flips negative → positive, row 3 positive → negative, rows 2 and 4 keep
    // their decision.
    let rows = """
        label,score,base,g
        1,0.9,0.4,a
        0,0.6,0.7,a
        0,0.2,0.8,b
        1,0.3,0.1,b

        """

    func evaluateWithBaseline() throws -> EvaluationResult {
        let path = temporaryFile(rows)
        return try Evaluator.evaluate(EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score",
                                                        baselineScoreColumn: "base", slices: [["g"]], thresholds: [0.5]))
    }

    @Test("flip rates per slice, by hand")
    func flips() throws {
        let result = try evaluateWithBaseline()
        let overall = try #require(result.slices[0].baseline?.flips[0])
        #expect(overall.flipRate == 0.5)
        #expect(overall.negativeToPositiveRate == 0.25)
        #expect(overall.positiveToNegativeRate == 0.25)
        let a = try #require(result.slice("g=a")?.baseline?.flips[0])
        #expect(a.negativeToPositive == 1 && a.positiveToNegative == 0)
    }

    @Test("the baseline's metrics are its own, on the same rows")
    func baselineMetrics() throws {
        let result = try evaluateWithBaseline()
        // Candidate FPR 1/2 (0.6 > 0.5, 0.2 not); baseline 2/2 (0.7 and 0.8).
        #expect(result.slices[0].thresholds[0].counts.falsePositiveRate == 0.5)
        #expect(result.slices[0].baseline?.thresholds[0].counts.falsePositiveRate == 1)
        // Baseline AUC: positives 0.4, 0.1 against negatives 0.7, 0.8 → 0.
        #expect(result.slices[0].baseline?.auc.value == 0)
        // And the candidate alone is unchanged by the presence of a baseline.
        let alone = try evaluate(rows, slices: [["g"]])
        #expect(alone.slices.map(\.thresholds) == result.slices.map(\.thresholds))
    }

    @Test("change gates compare the candidate with the baseline", arguments: [
        ("change(gap(fpr, g, 0.5, min_examples=0)) <= 0.01", false),   // gap 1 now, 0 before
        ("change(gap(fpr, g, 0.5, min_examples=0)) <= 1", true),
        ("change(max(fpr, g, 0.5, min_examples=0)) <= 0", true),        // 1 now, 1 before
        ("max(flip_rate, g, 0.5, min_examples=0) <= 0.5", true),
        ("max(flip_rate, g, 0.5, min_examples=0) < 0.5", false),
    ])
    func changeGates(text: String, passes: Bool) throws {
        let report = FairnessReport(result: try evaluateWithBaseline(), gates: [try Gate.parse(text)], version: "test")
        #expect(report.gates[0].passed == passes, "\(report.gates[0])")
    }

    @Test("a change gate without a baseline fails with the reason")
    func changeWithoutBaseline() throws {
        let report = FairnessReport(result: try evaluate(rows, slices: [["g"]]), gates: [try Gate.parse("change(gap(fpr, g, 0.5)) <= 1")],
                            version: "test")
        #expect(!report.gates[0].passed)
        #expect(report.gates[0].reason?.contains("--baseline-score") == true)
    }
}
