import Foundation
import Testing
@testable import RaiCore

/// Group a: 0.2 (neg), 0.4 (pos), 0.6 (neg), 0.8 (pos); group b: 0.1 (neg), 0.3 (neg), 0.5 (pos), 0.9 (pos).
private let twoGroups = "score,label,g\n0.2,0,a\n0.4,1,a\n0.6,0,a\n0.8,1,a\n0.1,0,b\n0.3,0,b\n0.5,1,b\n0.9,1,b\n"

private func plan(_ strategy: ThresholdStrategy, tolerance: Double = 0, costRatio: Double = 1) throws -> ThresholdPlan {
    let path = temporaryFile(twoGroups)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try ThresholdFinder.find(EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", slices: [["g"]]),
                                    strategy: strategy, costRatio: costRatio, tolerance: tolerance, minimumSliceSize: 0)
}

@Suite("rai thresholds: the search")
struct ThresholdSearchTests {
    @Test("group: each slice's least-cost threshold")
    func group() throws {
        // a: score > t costs FP + FN = 2, 1, 2, 1, 2 for t below 0.2, 0.2, 0.4, 0.6, 0.8: the first
        // least cost is t = 0.2 (TP 2, FP 1). b: 2, 1, 0, 1, 2 for t below 0.1, 0.1, 0.3, 0.5, 0.9: t = 0.3.
        let result = try plan(.group)
        #expect(result.slices.map(\.threshold) == [0.2, 0.3])
        #expect(result.slices.map(\.cost) == [1, 0])
        #expect(result.total?.cost == 1)
        #expect(result.total?.threshold == nil)
    }

    @Test("single: one threshold, least cost over the whole file")
    func single() throws {
        // Overall FP + FN for t below 0.1, 0.1, 0.2, 0.3, …: 4, 3, 2, 1, 2, 3, 2, 3, 4: t = 0.3.
        let result = try plan(.single)
        #expect(result.slices.map(\.threshold) == [0.3, 0.3])
        #expect(result.slices.map(\.cost) == [1, 0])
        #expect(result.total?.threshold == 0.3)
    }

    @Test("demographic parity: exact equality, and a tolerance that relaxes it")
    func demographicParity() throws {
        // Positive rates 1, ¾, ½, ¼, 0 in both groups; costs a 2, 1, 2, 1, 2 and b 2, 1, 0, 1, 2.
        // Equal rates cost 4, 2, 2, 2, 4 for rates 1 … 0; the lowest window of least cost is ¼:
        // a above 0.6, b above 0.5.
        let exact = try plan(.demographicParity)
        #expect(exact.slices.map(\.threshold) == [0.6, 0.5])
        #expect(exact.total?.cost == 2)
        #expect(exact.gap(.positiveRate) == 0)
        // Within 0.25: window [¼, ½] gives a 1 (rate ¼) and b 0 (rate ½): cost 1, gap ¼.
        let relaxed = try plan(.demographicParity, tolerance: 0.25)
        #expect(relaxed.slices.map(\.threshold) == [0.6, 0.3])
        #expect(relaxed.total?.cost == 1)
        #expect(relaxed.gap(.positiveRate) == 0.25)
    }

    @Test("the cost ratio weighs false positives")
    func costRatio() throws {
        // With FP costing 3, a: 6, 3, 4, 1, 2 → t = 0.6 (TP 1, FP 0, FN 1).
        let result = try plan(.group, costRatio: 3)
        #expect(result.slices[0].threshold == 0.6)
        #expect(result.slices[0].cost == 1)
    }

    @Test("equal opportunity and equal accuracy keep their rate within the tolerance")
    func otherParities() throws {
        for (strategy, metric) in [(ThresholdStrategy.equalOpportunity, ParityMetric.truePositiveRate), (.equalAccuracy, .accuracy)] {
            let result = try plan(strategy, tolerance: 0.1)
            #expect(try #require(result.gap(metric)) <= 0.1)
            #expect(result.total != nil)
        }
    }
}

@Suite("rai eval --group-thresholds")
struct GroupThresholdsTests {
    @Test("rai thresholds' JSON fed back gives the same per-slice counts, and every other slice their sum")
    func roundTrip() throws {
        // The same rows with a second column h, x and y alternately.
        let path = temporaryFile(twoGroups.split(separator: "\n").enumerated()
            .map { $0 == 0 ? "\($1),h" : "\($1),\($0 % 2 == 0 ? "x" : "y")" }.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let request = EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", slices: [["g"], ["h"]], thresholds: [0.5])
        let plan = try ThresholdFinder.find(EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", slices: [["g"]]),
                                            strategy: .group, costRatio: 1, tolerance: 0, minimumSliceSize: 0)
        let chosen = try GroupThresholds.parse(ThresholdsReport(plan: plan, version: "t").json(), path: "t.json", counted: [["g"], ["h"]])
        // a above 0.2, b above 0.3 (see `group` above).
        #expect(chosen.thresholds == [["a"]: 0.2, ["b"]: 0.3])
        let result = try Evaluator.evaluate(request, scoreAnalyses: ScoreAnalyses(groupThresholds: chosen))
        #expect(result.operatingPoints.last == .perSlice(chosen))
        for decision in plan.slices {
            #expect(result.slice(decision.name)?.thresholds.last?.counts == decision.counts)
        }
        // Overall: a TP 2, FP 1; b TP 2, FP 0.
        #expect(result.slice("overall")?.thresholds.last?.counts.truePositives == 4)
        #expect(result.slice("overall")?.thresholds.last?.counts.falsePositives == 1)
        #expect(result.missingGroupThresholds.isEmpty)
    }

    @Test("a file for a spec that is not counted, or without thresholds, is refused")
    func refusals() {
        #expect(throws: RaiError.self) {
            try GroupThresholds.parse(Array(#"{"spec": ["race"], "thresholds": []}"#.utf8), path: "t", counted: [["g"]])
        }
        #expect(throws: RaiError.self) { try GroupThresholds.parse(Array("[1]".utf8), path: "t", counted: [["g"]]) }
    }
}
