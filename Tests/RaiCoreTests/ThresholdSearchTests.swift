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
