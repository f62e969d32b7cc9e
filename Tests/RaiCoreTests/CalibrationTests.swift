import Foundation
import Testing
@testable import RaiCore

/// Evaluates `csv` with calibration (`bins`) and curves (`points`) from the score tables.
private func scored(_ csv: String, weight: String? = nil, slices: [[String]] = [], bins: Int = 2, points: Int = 200,
                    scoreBudget: Int = EvaluationRequest.defaultScoreBudget) throws -> EvaluationResult {
    let path = temporaryFile(csv)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try Evaluator.evaluate(EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", weightColumn: weight,
                                                    slices: slices, scoreBudget: scoreBudget),
                                  scoreAnalyses: ScoreAnalyses(calibrationBins: bins, curvePoints: points))
}

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

/// Four rows: a tie at 0.1 (one of each label), a negative at 0.4, a positive at 0.8.
private let fourRows = "score,label,w,g\n0.1,0,2,a\n0.1,1,1,a\n0.4,0,1,b\n0.8,1,3,b\n"

@Suite("Calibration and curves from the score tables")
struct CalibrationTests {
    @Test("unweighted calibration, Brier, log loss, ECE and bins")
    func unweighted() throws {
        let calibration = try #require(try scored(fourRows).slice("overall")?.calibration)
        // Σs = 0.1 + 0.1 + 0.4 + 0.8 = 1.4 over 4 rows; 2 positives.
        #expect(close(calibration.meanScore, 0.35))
        #expect(close(calibration.meanLabel, 0.5))
        #expect(close(calibration.calibration, 0.7))  // 1.4 / 2
        // (0.1)² + (0.9)² + (0.4)² + (0.2)² = 0.01 + 0.81 + 0.16 + 0.04 = 1.02, / 4.
        #expect(close(calibration.brier, 0.255))
        // −(ln 0.9 + ln 0.1 + ln 0.6 + ln 0.8) / 4.
        #expect(close(calibration.logLoss, -(log(0.9) + log(0.1) + log(0.6) + log(0.8)) / 4))
        // Bins (0, 0.5], (0.5, 1]: {0.1, 0.1, 0.4} Σs 0.6 vs 1 positive; {0.8} 0.8 vs 1.
        // ECE = (|0.6 − 1| + |0.8 − 1|) / 4 = 0.15.
        #expect(close(calibration.expectedCalibrationError, 0.15))
        #expect(calibration.bins.count == 2)
        #expect(calibration.bins[0].count == 3)
        #expect(close(calibration.bins[0].meanScore, 0.2))
        #expect(close(calibration.bins[0].observedRate, 1.0 / 3))
        #expect(calibration.bins[1].count == 1)
        #expect(close(calibration.bins[1].observedRate, 1))
        // Wilson at 1 of 1: [1/(1 + z²), 1] at 95%.
        let z = ConfidenceInterval.zScore(confidence: 0.95)
        let interval = try #require(calibration.bins[1].interval(z: z))
        #expect(close(interval.lower, 1 / (1 + z * z)))
        #expect(calibration.isExact)
    }

    @Test("weighted calibration uses weight sums; bins have no row count or interval")
    func weighted() throws {
        let calibration = try #require(try scored(fourRows, weight: "w").slice("overall")?.calibration)
        // Weights 2, 1, 1, 3: W = 7; Σw·s = 0.2 + 0.1 + 0.4 + 2.4 = 3.1; positives 1 + 3 = 4.
        #expect(close(calibration.meanScore, 3.1 / 7))
        #expect(close(calibration.meanLabel, 4.0 / 7))
        #expect(close(calibration.calibration, 3.1 / 4))
        // 2·0.01 + 1·0.81 + 1·0.16 + 3·0.04 = 1.11, / 7.
        #expect(close(calibration.brier, 1.11 / 7))
        #expect(close(calibration.logLoss, -(2 * log(0.9) + log(0.1) + log(0.6) + 3 * log(0.8)) / 7))
        // Bin 1: Σw·s 0.7 vs 1 positive; bin 2: 2.4 vs 3. (0.3 + 0.6) / 7.
        #expect(close(calibration.expectedCalibrationError, 0.9 / 7))
        #expect(calibration.bins[0].count == nil)
        #expect(calibration.bins[0].weight == 4)
        #expect(calibration.bins[0].interval(z: 1.96) == nil)
    }

    @Test("a score on a bin edge falls in the lower bin, as calibration_curve puts it")
    func edges() throws {
        // Edges of 10 bins are i · 0.1 (0.30000000000000004 for i = 3, as numpy's linspace):
        // 0.3 lies below it, in bin (0.2, 0.3]; 0.5 is in (0.4, 0.5].
        let calibration = try #require(try scored("score,label\n0.3,1\n0.5,0\n", bins: 10).slice("overall")?.calibration)
        #expect(calibration.bins[2].count == 1)
        #expect(calibration.bins[4].count == 1)
        #expect(calibration.bins[5].count == 0)
        #expect(calibration.bins[5].meanScore == nil)
    }

    @Test("scores outside [0, 1]: Brier, log loss and ECE are null with the reason; means stay")
    func outOfRange() throws {
        let calibration = try #require(try scored("score,label\n-1,0\n2.5,1\n").slice("overall")?.calibration)
        #expect(close(calibration.meanScore, 0.75))
        #expect(close(calibration.calibration, 1.5))  // (−1 + 2.5) / 1 positive
        #expect(calibration.brier == nil && calibration.logLoss == nil && calibration.expectedCalibrationError == nil)
        #expect(calibration.bins.isEmpty)
        #expect(calibration.outOfRangeReason?.contains("outside [0, 1]") == true)
    }

    @Test("log loss clips 0 and 1 to machine epsilon, as scikit-learn")
    func clipping() throws {
        // A positive at score 0 costs −ln ε; a negative at 0 costs −ln(1 − ε).
        let calibration = try #require(try scored("score,label\n0,1\n0,0\n").slice("overall")?.calibration)
        #expect(close(calibration.logLoss, -(log(Double.ulpOfOne) + log(1 - Double.ulpOfOne)) / 2))
        // No positives: calibration (Σs / Σlabel) is undefined, not 0.
        let none = try #require(try scored("score,label\n0.2,0\n0.4,0\n").slice("overall")?.calibration)
        #expect(none.calibration == nil)
        #expect(close(none.meanLabel, 0))
    }

    @Test("curve points are exact, first and last kept; average precision as scikit-learn")
    func curves() throws {
        let curves = try #require(try scored(fourRows).slice("overall")?.curves)
        // Score ≥ 0.1: TP 2, FP 2; ≥ 0.4: 1, 1; ≥ 0.8: 1, 0; none: 0, 0.
        #expect(curves.points.map(\.threshold) == [0.1, 0.4, 0.8, nil])
        #expect(curves.points.map(\.truePositives) == [2, 1, 1, 0])
        #expect(curves.points.map(\.falsePositives) == [2, 1, 0, 0])
        #expect(curves.distinctScores == 3)
        // Descending: at 0.8 recall gains ½ at precision 1; at 0.1 it gains ½ at precision 2/4.
        // AP = ½·1 + ½·½ = 0.75.
        #expect(close(curves.averagePrecision, 0.75))
        #expect(curves.precision(curves.points[3]) == nil)
        #expect(curves.falsePositiveRate(curves.points[1]) == 0.5)
    }

    @Test("downsampled curves keep exact points: at most N, the first and the last")
    func downsampling() throws {
        let two = try #require(try scored(fourRows, points: 2).slice("overall")?.curves)
        #expect(two.points.map(\.threshold) == [0.1, nil])
        // With 3 points, one step of half the walk: (1, 1) at walk 0, then the first point past
        // walk ½ — the one at 0.4, where (FPR + TPR) / 2 below it is (½ + ½) / 2.
        let three = try #require(try scored(fourRows, points: 3).slice("overall")?.curves)
        #expect(three.points.map(\.threshold) == [0.1, 0.4, nil])
        #expect(three.points.map(\.truePositives) == [2, 1, 0])
        // Average precision still covers every score.
        #expect(close(three.averagePrecision, 0.75))
    }

    @Test("weighted curves and average precision")
    func weightedCurves() throws {
        let curves = try #require(try scored(fourRows, weight: "w").slice("overall")?.curves)
        // Positives weigh 1 (at 0.1) and 3 (at 0.8); negatives 2 (at 0.1) and 1 (at 0.4).
        #expect(curves.points.map(\.truePositives) == [4, 3, 3, 0])
        #expect(curves.points.map(\.falsePositives) == [3, 1, 0, 0])
        // AP = ¾·1 + ¼·(4 / 7).
        #expect(close(curves.averagePrecision, 0.75 + 0.25 * 4 / 7))
    }

    @Test("calibration gates: max, gap across a spec, every slice without a spec")
    func gates() throws {
        let result = try scored(fourRows, slices: [["g"]])
        func check(_ text: String) throws -> GateResult {
            try #require(FairnessReport(result: result, minimumSliceSize: 0, gates: [try Gate.parse(text)], version: "t").gates.first)
        }
        // g=a: scores 0.1, 0.1, one positive: calibration 0.2 / 1 = 0.2; g=b: 1.2 / 1 = 1.2.
        let gap = try check("gap(calibration, g) <= 0.1")
        #expect(!gap.passed)
        #expect(close(gap.observed, 1.0))
        #expect(gap.slices == ["g=a", "g=b"])
        // Brier: a (0.01 + 0.81) / 2 = 0.41; b (0.16 + 0.04) / 2 = 0.1; overall 0.255.
        let brier = try check("max(brier, g) <= 0.2")
        #expect(close(brier.observed, 0.41))
        #expect(brier.slices == ["g=a"])
        let every = try check("max(brier) <= 0.5")
        #expect(every.passed)
        #expect(close(every.observed, 0.41))
        let ece = try check("max(ece, g) <= 0.05")
        #expect(!ece.passed)
        #expect(try check("max(log_loss, g) <= 0.7").observed != nil)
        #expect(try check("min(average_precision, g) >= 0").passed)
        // Without a spec, gap compares every slice but overall.
        #expect(close(try check("gap(calibration) <= 2").observed, 1.0))
    }

    @Test("score-metric gates take no threshold and need the score tables")
    func gateChecks() throws {
        let parameters = EvalParameters(EvaluationRequest(path: "x", labelColumn: "label", scoreColumn: "score", slices: [["race"]]))
        var atThreshold = try Gate.parse("max(ece, race, 0.5) <= 0.05")
        #expect(throws: RaiError.self) { try atThreshold.check(against: parameters) }
        var noTables = try Gate.parse("max(brier, race) <= 0.2")
        let withoutAUC = EvalParameters(EvaluationRequest(path: "x", labelColumn: "label", scoreColumn: "score", slices: [["race"]],
                                                          computeAUC: false))
        #expect(throws: RaiError.self) { try noTables.check(against: withoutAUC) }
        #expect(try Gate.parse("gap(calibration, race) <= 0.1").needsCalibration)
        #expect(try Gate.parse("min(ap, race) >= 0.5").needsCurves)
    }

    @Test("past the score budget, calibration and curves say they are approximate")
    func coarse() throws {
        var csv = "score,label\n"
        for index in 0..<400 { csv += "\(Double(index) / 400),\(index % 3 == 0 ? 1 : 0)\n" }
        let exact = try #require(try scored(csv, bins: 10).slice("overall"))
        let coarse = try #require(try scored(csv, bins: 10, scoreBudget: 64).slice("overall"))
        #expect(exact.calibration?.isExact == true)
        #expect(coarse.calibration?.isExact == false)
        #expect(coarse.curves?.isExact == false)
        // Each coarse bucket counts its rows at one of its scores: close, not equal.
        #expect(close(coarse.calibration?.meanScore, exact.calibration!.meanScore!, 0.05))
    }
}
