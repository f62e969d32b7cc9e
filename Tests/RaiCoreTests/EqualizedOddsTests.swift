import Foundation
import Testing
@testable import RaiCore

/// Group a: 0.2 (neg), 0.4 (pos), 0.6 (neg), 0.8 (pos); group b: 0.1 (neg), 0.3 (neg), 0.5 (pos), 0.9 (pos).
private let twoGroups = "score,label,g\n0.2,0,a\n0.4,1,a\n0.6,0,a\n0.8,1,a\n0.1,0,b\n0.3,0,b\n0.5,1,b\n0.9,1,b\n"

private func plan(costRatio: Double) throws -> ThresholdPlan {
    let path = temporaryFile(twoGroups)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try ThresholdFinder.find(EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", slices: [["g"]]),
                                    strategy: .equalizedOdds, costRatio: costRatio, tolerance: 0, minimumSliceSize: 0)
}

// ROC points (FPR, TPR) from "none positive" to "all": a (0,0) (0,½) (½,½) (½,1) (1,1), upper hull
// (0,0) (0,½)[t 0.6] (½,1)[t 0.2] (1,1)[t below 0.2]; b (0,0) (0,½) (0,1)[t 0.3] (½,1) (1,1), hull
// (0,0) (0,1)[t 0.3] (1,1)[t below 0.1]. The lowest hull is ½ + x up to x = ½ (a's), then 1.
// With 4 negatives and 4 positives, cost(x) = 4·r·x + 4·(1 − lowest(x)).
@Suite("rai thresholds: equalized odds")
struct EqualizedOddsTests {
    @Test("the hull drops points under a chord")
    func hull() throws {
        let candidates = ThresholdCandidates(scores: [0.2, 0.4, 0.6, 0.8], positives: [0, 1, 0, 1], negatives: [1, 0, 1, 0], unit: .rows, isExact: true)
        let vertices = EqualizedOdds.hull(candidates)
        #expect(vertices.map(\.x) == [0, 0, 0.5, 1])
        #expect(vertices.map(\.y) == [0, 0.5, 1, 1])
        #expect(vertices.map { candidates.thresholds[$0.index] } == [0.8, 0.6, 0.2, 0.2.nextDown])
    }

    @Test("cost ratio 1: the common point is (0, ½); b ignores its scores half the time")
    func ignoring() throws {
        // cost(x) = 4x + 4(½ − x) = 2 on [0, ½], 4x at x ≥ ½: the first least cost is x = 0, y = ½.
        // a: its hull vertex (0, ½), score > 0.6 (TP 1, FP 0, FN 1: cost 1). b: its hull is at 1 at
        // x = 0 (score > 0.3), so it ignores the score with p = (1 − ½)/(1 − 0) = ½ and then predicts
        // positive with probability x = 0: expected TP 2·½ = 1, FP 0, FN 1, cost 1. Total 2.
        let result = try plan(costRatio: 1)
        #expect(result.slices.map(\.threshold) == [nil, nil])
        #expect(result.slices[0].mix == ThresholdMix(threshold: 0.6, lowerThreshold: 0.6, lowerProbability: 0, ignoreProbability: 0, constantRate: 0))
        #expect(result.slices[1].mix == ThresholdMix(threshold: 0.3, lowerThreshold: 0.3, lowerProbability: 0, ignoreProbability: 0.5, constantRate: 0))
        #expect(result.slices.map(\.cost) == [1, 1])
        #expect(result.total?.cost == 2)
        #expect(result.gap(.truePositiveRate) == 0)
        #expect(result.gap(.falsePositiveRate) == 0)
    }

    @Test("cost ratio ½: b mixes two thresholds to reach FPR ½")
    func mixing() throws {
        // cost(x) = 2x + 4(1 − lowest(x)): 2 at x = 0, 1 at x = ½, 2 at x = 1: x = ½, y = 1.
        // a: its vertex (½, 1), score > 0.2 (TP 2, FP 1: cost ½). b: halfway between (0, 1) at 0.3
        // and (1, 1) below 0.1, p = ½ each, no ignoring: expected TP 2, FP ½·0 + ½·2 = 1, cost ½.
        let result = try plan(costRatio: 0.5)
        #expect(result.slices[0].mix == ThresholdMix(threshold: 0.2, lowerThreshold: 0.2, lowerProbability: 0, ignoreProbability: 0, constantRate: 0.5))
        #expect(result.slices[1].mix == ThresholdMix(threshold: 0.3, lowerThreshold: 0.1.nextDown, lowerProbability: 0.5, ignoreProbability: 0, constantRate: 0.5))
        #expect(result.slices[1].counts == ConfusionMatrix(truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 0))
        #expect(result.slices.map(\.cost) == [0.5, 0.5])
        #expect(result.total?.cost == 1)
        #expect(result.gap(.falsePositiveRate) == 0)
    }

    @Test("weighted: b's negatives weigh 3; the point is found over weights and the counts are weights")
    func weighted() throws {
        // Weights: a all 1; b negatives 3, positives 1. Rates in b are those above (one weight per
        // class), so the hulls are the same; N = 2 + 6 = 8, P = 4: cost(x) = 8x + 4(1 − lowest(x)),
        // 2 at x = 0, 4 at x = ½: x = 0, y = ½, b ignores its scores with p = ½ as at cost ratio 1.
        // b's expected counts: TP 2·½ = 1, FP 0, TN 6, FN 1; cost 1 + a's 1 = 2.
        let csv = "score,label,g,w\n0.2,0,a,1\n0.4,1,a,1\n0.6,0,a,1\n0.8,1,a,1\n0.1,0,b,3\n0.3,0,b,3\n0.5,1,b,1\n0.9,1,b,1\n"
        let path = temporaryFile(csv)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ThresholdFinder.find(EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", weightColumn: "w", slices: [["g"]]),
                                              strategy: .equalizedOdds, costRatio: 1, tolerance: 0, minimumSliceSize: 0)
        #expect(result.slices[1].mix?.ignoreProbability == 0.5)
        #expect(result.slices[1].counts == ConfusionMatrix(truePositives: 1, falsePositives: 0, trueNegatives: 6, falseNegatives: 1))
        #expect(result.total?.cost == 2)
    }
}
