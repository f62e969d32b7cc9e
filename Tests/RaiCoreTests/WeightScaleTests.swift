import Foundation
import Testing
@testable import RaiCore
@testable import RaiTables

@Suite("Weights at any scale")
struct WeightScaleTests {
    /// 300 rows in two groups of 120 and 180 with unequal weights (0.5 … 2.9) and varied scores.
    func rows(scaledBy c: Double) -> String {
        var text = "label,score,g,w\n"
        for i in 0..<300 {
            let weight = (0.5 + Double((i * 37) % 25) / 10) * c
            // Positives score higher on average, more so in group a.
            let positive = i % 3 == 0, group = i % 5 < 2 ? "a" : "b"
            let score = min(99, (i * 53) % 100 + (positive ? (group == "a" ? 30 : 15) : 0))
            text += "\(positive ? 1 : 0),0.\(String(format: "%02d", score)),\(group),\(weight)\n"
        }
        return text
    }

    func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }

    /// For differences of rates (values in [0, 1]): rates equal to 1e-12 relative differ by up to
    /// 1e-12 absolute, so a difference of two equal rates may be 0 or 1e-16.
    func near(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-12 * max(1, abs(a), abs(b))
    }

    @Test("multiplying every weight by c leaves rates, intervals, AUC and counts in weight units unchanged",
          arguments: [1e-30, 1e-21, 1e-5, 0.001, 7.3, 1e10, 1e30])
    func scaleFree(c: Double) throws {
        let reference = try evaluate(rows(scaledBy: 1), weight: "w", slices: [["g"]], thresholds: [0.3, 0.5])
        let scaled = try evaluate(rows(scaledBy: c), weight: "w", slices: [["g"]], thresholds: [0.3, 0.5])
        for (a, b) in zip(reference.slices, scaled.slices) {
            #expect(close(a.auc.value, b.auc.value))
            #expect(close(a.weightedExampleCount * c, b.weightedExampleCount))
            for (x, y) in zip(a.thresholds, b.thresholds) {
                for rate in ConfusionMatrix.Rate.allCases {
                    #expect(close(x.counts.value(of: rate), y.counts.value(of: rate)), "\(rate) at c = \(c)")
                    let (i, j) = (x.interval(of: rate, z: 1.96), y.interval(of: rate, z: 1.96))
                    #expect(close(i?.lower, j?.lower) && close(i?.upper, j?.upper), "\(rate) interval at c = \(c)")
                    #expect(close(x.effectiveSize(of: rate), y.effectiveSize(of: rate)))
                }
            }
        }
    }

    @Test("multiplying every weight by c leaves every difference, p-value, q-value and gate verdict unchanged",
          arguments: [1e-30, 1e-21, 1e-5, 0.001, 7.3, 1e10, 1e30])
    func analysisScaleFree(c: Double) throws {
        let gates = try ["gap(fpr, g, 0.5) <= 0.05", "ratio(ppr, g, 0.3) >= 0.8", "difference(tpr, g) <= 0.1",
                         "min(auc) >= 0.6", "gap(fpr, g, significant) <= 0.01"].map { try Gate.parse($0) }
        func report(_ c: Double) throws -> FairnessReport {
            FairnessReport(result: try evaluate(rows(scaledBy: c), weight: "w", slices: [["g"]], thresholds: [0.3, 0.5]),
                   minimumSliceSize: 30, gates: gates, version: "test")
        }
        let reference = try report(1), scaled = try report(c)
        #expect(reference.analysis.testCount == scaled.analysis.testCount && reference.analysis.testCount > 0)
        for (x, y) in zip(reference.analysis.specs[0].thresholds, scaled.analysis.specs[0].thresholds) {
            for (r, s) in zip(x.rates, y.rates) {
                #expect(near(r.largestGap, s.largestGap) && close(r.smallestRatio, s.smallestRatio))
                for (a, b) in zip(r.comparisons, s.comparisons) {
                    let context = "\(r.rate) \(a.slice) at c = \(c)"
                    #expect(near(a.difference, b.difference) && close(a.ratio, b.ratio), "\(context)")
                    #expect(near(a.differenceInterval?.lower, b.differenceInterval?.lower)
                            && near(a.differenceInterval?.upper, b.differenceInterval?.upper), "\(context)")
                    #expect(near(a.testedDifferenceInterval?.lower, b.testedDifferenceInterval?.lower)
                            && near(a.testedDifferenceInterval?.upper, b.testedDifferenceInterval?.upper), "\(context)")
                    #expect(a.pValue != nil && close(a.pValue, b.pValue) && close(a.qValue, b.qValue), "\(context)")
                    #expect(a.test == b.test && a.isSignificant == b.isSignificant, "\(context)")
                }
            }
        }
        for (a, b) in zip(reference.gates, scaled.gates) {
            #expect(a.passed == b.passed && near(a.observed, b.observed) && a.slices == b.slices,
                    "\(a.gate.text) at c = \(c): \(String(describing: a.observed)) \(a.slices) vs \(String(describing: b.observed)) \(b.slices)")
        }
    }

    @Test("tiny weights are not truncated: 1e-19 and 1.4e-19 keep their ratio (F23)")
    func tinyWeights() throws {
        // TPR = 1e-19 / (1e-19 + 1.4e-19) = 5/12.
        let result = try evaluate("label,score,w\n1,0.9,1e-19\n0,0.1,1.4e-19\n1,0.3,1.4e-19\n0,0.7,1e-19\n", weight: "w")
        let tpr = try #require(result.slices[0].thresholds[0].counts.truePositiveRate)
        #expect(abs(tpr - 5.0 / 12.0) < 1e-15)
        #expect(result.slices[0].positives > 0)
    }

    @Test("a positive weight too small or too large to sum exactly is an error naming it, or a skipped row")
    func unrepresentable() throws {
        let tiny = dataError { try evaluate("label,score,w\n1,0.9,1\n0,0.1,1e-25\n", weight: "w") }
        #expect(tiny?.kind == .weightTooSmall("1e-25", reference: 1))
        #expect(tiny?.line == 3 && tiny?.column == 3)
        // A large weight among the first rows sets the reference; after the first 1,000 it cannot.
        #expect(try evaluate("label,score,w\n1,0.9,1\n0,0.1,2e9\n", weight: "w").slices[0].weightedExampleCount == 2e9 + 1)
        let ones = String(repeating: "1,0.9,1\n", count: 1_000)
        let huge = dataError { try evaluate("label,score,w\n" + ones + "0,0.1,2e9\n", weight: "w") }
        #expect(huge?.kind == .weightTooLarge("2e9", reference: 1))
        #expect(huge?.line == 1_002)
        let skipped = try evaluate("label,score,w\n1,0.9,1\n0,0.1,1e-25\n0,0.2,0\n", weight: "w", skipInvalid: true)
        #expect(skipped.input.skipped.map(\.reason) == ["weight_too_small"])
        #expect(skipped.input.rowsUsed == 2)
    }

    @Test("the reference comes from the first rows whatever the block size and threads")
    func referenceIsDeterministic() throws {
        // Weights grow along the file: later rows are up to 2^20 times the first ones.
        var text = "label,score,g,w\n"
        for i in 0..<3000 { text += "\(i % 2),0.\(String(format: "%03d", (i * 7) % 1000)),g\(i % 3),\(pow(2.0, Double(i % 21)) * 1.1)\n" }
        let expected = try evaluate(text, weight: "w", slices: [["g"]], blockSize: 1 << 20)
        for (threads, block) in [(1, 64), (2, 100), (3, 4096)] {
            let result = try evaluate(text, weight: "w", slices: [["g"]], threads: threads, blockSize: block)
            #expect(result.slices == expected.slices)
        }
    }

    @Test("squares of fixed-point weights are exact 256-bit sums")
    func wideSquares() {
        let x: Int128 = (1 << 93) + 12_345
        var sum = WideAmount.zero
        for _ in 0..<4 { sum += WideAmount.square(x) }
        // 4·x² = 2^188 + 2^96·12345 + 4·12345²
        #expect(sum.high == 1 << 60)
        #expect(sum.low == UInt128(12_345) << 96 + 4 * 12_345 * 12_345)
        #expect(sum - WideAmount.square(x) - WideAmount.square(x) - WideAmount.square(x) == WideAmount.square(x))
    }
}

@Suite("Wide amounts")
struct WideAmountTests {
    @Test("256-bit sums convert to the nearest double, the same whatever power of two scales them")
    func conversion() {
        var state: UInt64 = 11
        func next() -> UInt64 {
            state = BootstrapCounts.mix(state &+ 0x9E37_79B9_7F4A_7C15)
            return state
        }
        for _ in 0..<5_000 {
            let low = UInt128(next()) << 64 | UInt128(next())
            let value = WideAmount(high: UInt128(next() >> (next() % 64)), low: low)
            let shift = Int(next() % 40)
            guard let scaled = value.shifted(left: shift) else { continue }
            #expect(AmountUnit.double(scaled) == AmountUnit.double(value) * Double(sign: .plus, exponent: shift, significand: 1))
            // Against the exact value's nearest double, from the high and low words' exact sum.
            #expect(AmountUnit.double(WideAmount(low: low)) == Double(low))
        }
    }
}

extension WeightScaleTests {
    @Test("weights beyond 1e±120 are refused with what to do, not reported as undefined AUC and intervals (F23)")
    func scaleOutOfRange() throws {
        func file(_ weight: String) -> String {
            temporaryFile("label,score,w\n1,0.9,\(weight)\n0,0.1,\(weight)\n1,0.3,\(weight)\n0,0.7,\(weight)\n")
        }
        for weight in ["1e300", "1e-300"] {
            #expect {
                try evaluate(path: file(weight), weight: "w", slices: [], thresholds: [0.5])
            } throws: { error in
                guard case .data(let data) = error as? RaiError, case .weightScaleOutOfRange = data.kind else { return false }
                return true
            }
        }
        let large = try evaluate(path: file("1e100"), weight: "w", slices: [], thresholds: [0.5])
        let unit = try evaluate(path: file("1"), weight: "w", slices: [], thresholds: [0.5])
        #expect(large.slices[0].auc.value == 0.75 && unit.slices[0].auc.value == 0.75)
    }
}
