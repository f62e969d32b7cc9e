import Foundation
import Testing
@testable import RaiCore

/// Expected values computed once with scipy 1.17 (`scipy.stats.fisher_exact`) and statsmodels
/// (`multipletests(method="fdr_bh")`).
@Suite("Significance tests and the Benjamini–Hochberg correction")
struct SignificanceTests {
    @Test("Fisher's exact test, two-sided, equals scipy's from tiny tables to millions of rows", arguments: [
        (3, 1, 1, 3, 0.48571428571428565),        // Fisher's tea tasting
        (1, 9, 11, 3, 0.0027594561852200836),
        (0, 0, 5, 5, 1.0),                        // an empty row: nothing to test
        (12, 48, 30, 170, 0.423302870733402),
        (45, 155, 950, 3800, 0.4172788048775766),
        (30, 30, 6000, 14000, 0.001625599854712484),
        (2, 58, 6000, 14000, 2.708855186308985e-07),
        (301_000, 699_000, 1_199_000, 2_801_000, 0.014747087565086225),
        (310_000, 690_000, 1_200_000, 2_800_000, 3.2062690772413227e-84),
    ])
    func fisher(a: Int, b: Int, c: Int, d: Int, expected: Double) {
        let p = FisherExactTest(a, b, c, d).pValue(a)
        // lgamma of millions (about 7e7) is good to some 1e-8 absolute, so the observed term
        // (and scipy's) to some 1e-8 relative.
        #expect(abs(p - expected) <= 1e-7 * expected, "\(p) vs \(expected)")
        // The test is symmetric in the groups and in the outcomes.
        #expect(abs(FisherExactTest(c, d, a, b).pValue(c) - p) <= 1e-7 * p)
        #expect(abs(FisherExactTest(b, a, d, c).pValue(b) - p) <= 1e-7 * p)
    }

    @Test("the walk from the tails equals summing every table, for every table of up to 24 rows")
    func fisherAgainstFullSum() {
        for total in 1...24 {
            for row1 in 0...total {
                for column1 in 0...total {
                    let low = max(0, column1 - (total - row1)), high = min(row1, column1)
                    guard low <= high else { continue }
                    let test = FisherExactTest(low, row1 - low, column1 - low, total - row1 - column1 + low)
                    let terms = (low...high).map { exp(test.logProbability($0)) }
                    for a in low...high {
                        let observed: Double = terms[a - low]
                        let full: Double = terms.filter { $0 <= observed * (1 + 1e-7) }.reduce(0, +)
                        let p: Double = test.pValue(a)
                        #expect(abs(p - min(1, full)) <= 1e-12, "a=\(a) row1=\(row1) column1=\(column1) n=\(total)")
                    }
                }
            }
        }
    }

    @Test("every table is tested with Fisher's exact test, a small slice against a large rest too (S1)")
    func smallSliceAgainstLargeRest() throws {
        // The pooled z-test gave 0.00074 here, 2.2 times too small.
        let outcome = try #require(Significance.compare(30, 60, 6000, 20000, weighted: false))
        #expect(outcome.test == .fisher)
        #expect(abs(outcome.p - 0.001625599854712484) <= 1e-9 * outcome.p)
        #expect(Significance.compare(1, 0, 1, 2, weighted: false) == nil)
    }

    @Test("weighted proportions are tested as tables of Kish effective counts, rounded to whole rows")
    func weightedTable() throws {
        // 0.25 of an effective 60.3 rows → 15 of 60; 0.3 of 20,000.4 → 6,000 of 20,000.
        let outcome = try #require(Significance.compare(0.25 * 60.3, 60.3, 0.3 * 20_000.4, 20_000.4, weighted: true))
        #expect(outcome.test == .fisherEffective)
        #expect(outcome.p == FisherExactTest(15, 45, 6000, 14000).pValue(15))
    }

    @Test("a weighted rate of ½ over an odd effective size rounds the same way whatever the last bits")
    func weightedHalves() {
        // 0.5 · 85 = 42.5 effective positives: noise of 1e-15 must not decide between 42 and 43.
        let outcomes = [1 - 1e-15, 1, 1 + 1e-15].map { noise in
            Significance.compare(0.5 * 84.75 * noise, 84.75, 0.3 * 200, 200, weighted: true)?.p
        }
        #expect(outcomes[0] != nil && outcomes.allSatisfy { $0 == outcomes[0] })
    }

    @Test("Benjamini–Hochberg by hand")
    func benjaminiHochberg() {
        // Sorted p: 0.005, 0.01, 0.03, 0.04 → ·4/rank: 0.02, 0.02, 0.04, 0.04 (already monotone).
        #expect(Significance.benjaminiHochberg([0.01, 0.04, 0.03, 0.005]) == [0.02, 0.04, 0.04, 0.02])
        // Monotonicity: a larger p never gets a smaller q; q is capped at 1.
        #expect(Significance.benjaminiHochberg([0.5, 0.9, 0.04]) == [0.75, 0.9, 0.12])
        #expect(Significance.benjaminiHochberg([]) == [])
    }

    @Test("each slice is tested against the rest of the data, and complements share the test")
    func sliceVersusRest() throws {
        var rows = "label,score,g\n"
        for (group, falsePositives) in [("a", 12), ("b", 2)] {
            for i in 0..<20 { rows += "0,\(i < falsePositives ? 0.9 : 0.1),\(group)\n" }
            for i in 0..<20 { rows += "1,\(i < 18 ? 0.8 : 0.2),\(group)\n" }
        }
        let analysis = FairnessAnalysis(result: try evaluate(rows, slices: [["g"]]))
        let step = analysis.specs[0].thresholds[0]
        let fpr = try #require(step.rates.first { $0.rate == .falsePositiveRate }?.comparisons.first { $0.slice == "g=a" })
        // g=a: 12/20 false positives; the rest (g=b): 2/20 (scipy's fisher_exact).
        #expect(abs(fpr.pValue! - 0.002199641243022778) < 1e-12)
        let tnr = try #require(step.rates.first { $0.rate == .trueNegativeRate }?.comparisons.first { $0.slice == "g=a" })
        #expect(tnr.pValue == fpr.pValue && tnr.qValue == fpr.qValue)
        // Tested rates: FPR, TPR, positive rate, precision, FOR, accuracy — for 2 slices.
        #expect(analysis.testCount == 12)
        #expect(fpr.isSignificant)
    }
}
