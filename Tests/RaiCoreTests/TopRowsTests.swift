import Foundation
import Testing
@testable import RaiCore

/// Six rows: a 0.9 (pos), 0.8 (neg), 0.3 (pos); b 0.8 (pos), 0.5 (neg), 0.1 (neg).
private let sixRows = "score,label,g\n0.9,1,a\n0.8,0,a\n0.3,1,a\n0.8,1,b\n0.5,0,b\n0.1,0,b\n"

private func evaluated(_ rules: [TopRows]) throws -> EvaluationResult {
    let path = temporaryFile(sixRows)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try Evaluator.evaluate(EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", slices: [["g"]], thresholds: [0.5]),
                                  scoreAnalyses: ScoreAnalyses(topRows: rules))
}

@Suite("Top-n and top-percent operating points")
struct TopRowsTests {
    @Test("the n-th highest score is the cut-off, ties at it included")
    func ties() throws {
        // Highest scores: 0.9, 0.8, 0.8. The 2nd is 0.8, and both rows at 0.8 are selected: 3 rows.
        let result = try evaluated([.count(2)])
        #expect(result.operatingPoints.last == .topRows(.count(2), threshold: 0.8.nextDown))
        let overall = try #require(result.slice("overall")?.thresholds.last)
        #expect(overall.counts.truePositives == 2 && overall.counts.falsePositives == 1)
        // a: 0.9 (TP) and 0.8 (FP) selected, its one negative: FPR 1. b: 0.8 (TP); FPR 0 of 2.
        #expect(result.slice("g=a")?.thresholds.last?.counts.falsePositiveRate == 1)
        #expect(result.slice("g=b")?.thresholds.last?.counts.falsePositiveRate == 0)
        #expect(result.slice("g=b")?.thresholds.last?.counts.truePositiveRate == 1)
    }

    @Test("top percent: p% of the rows, rounded up to the next score")
    func percent() throws {
        // 50% of 6 rows = 3: the cut-off 0.8 selects exactly 3. 10% = 0.6 row: the top score alone.
        let result = try evaluated([.percent(50), .percent(10)])
        let points = try #require(result.slice("overall")?.thresholds.suffix(2))
        #expect(points.map(\.counts.predictedPositives) == [3, 1])
        #expect(result.operatingPoints.suffix(2).map(\.topRows) == [.percent(50), .percent(10)])
    }

    @Test("gates at top_n= and top_percent= use those points; others keep to the thresholds")
    func gates() throws {
        let result = try evaluated([.count(2)])
        func check(_ text: String) throws -> GateResult {
            try #require(FairnessReport(result: result, minimumSliceSize: 0, gates: [try Gate.parse(text)], version: "t").gates.first)
        }
        let gap = try check("gap(fpr, g, top_n=2) <= 0.05")
        #expect(gap.observed == 1)  // FPR 1 (a) − 0 (b)
        #expect(!gap.passed)
        #expect(gap.topRows == .count(2))
        // Without top_n=, only the threshold 0.5: a FPR 1 (0.8), b FPR 0 (0.5 is not above 0.5).
        let plain = try check("max(fpr, g) <= 1")
        #expect(plain.topRows == nil && plain.threshold == 0.5)
        // A point no flag asked for: the gate says how to add it.
        #expect(try check("max(fpr, g, top_percent=10) <= 1").reason?.contains("--top-percent") == true)
    }
}
