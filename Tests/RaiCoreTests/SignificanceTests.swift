import Testing
@testable import RaiCore

/// Expected values computed once with scipy 1.x (`scipy.stats.fisher_exact`) and statsmodels
/// (`proportions_ztest`, `multipletests(method="fdr_bh")`).
@Suite("Significance tests and the Benjamini–Hochberg correction")
struct SignificanceTests {
    @Test("Fisher's exact test, two-sided", arguments: [
        (3, 1, 1, 3, 0.48571428571428565),        // Fisher's tea tasting
        (1, 9, 11, 3, 0.0027594561852200836),
    ])
    func fisher(a: Int, b: Int, c: Int, d: Int, expected: Double) {
        #expect(abs(Significance.fisherExact(a, b, c, d) - expected) < 1e-12)
    }

    @Test("two-proportion z-test with pooled variance")
    func zTest() throws {
        let outcome = try #require(Significance.compare(15, 50, 25, 50))
        #expect(outcome.test == .z)
        #expect(abs(outcome.p - 0.041226833337163676) < 1e-12)
    }

    @Test("small expected counts switch to Fisher's exact test")
    func smallCounts() throws {
        // Pooled 12/24 but a group of 4: expected 4 · ½ = 2 < 5.
        let outcome = try #require(Significance.compare(1, 4, 11, 20))
        #expect(outcome.test == .fisher)
        #expect(abs(outcome.p - Significance.fisherExact(1, 3, 11, 9)) < 1e-15)
        // Weighted (fractional) counts always use the z-test.
        #expect(Significance.compare(1.5, 4.2, 11, 20)?.test == .z)
        #expect(Significance.compare(1, 0, 1, 2) == nil)
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
        for (group, falsePositives) in [("a", 10), ("b", 2)] {
            for i in 0..<20 { rows += "0,\(i < falsePositives ? 0.9 : 0.1),\(group)\n" }
            for i in 0..<20 { rows += "1,\(i < 18 ? 0.8 : 0.2),\(group)\n" }
        }
        let analysis = FairnessAnalysis(result: try evaluate(rows, slices: [["g"]]))
        let step = analysis.specs[0].thresholds[0]
        let fpr = try #require(step.rates.first { $0.rate == .falsePositiveRate }?.comparisons.first { $0.slice == "g=a" })
        // g=a: 10/20 false positives; the rest (g=b): 2/20.
        #expect(abs(fpr.pValue! - 0.005775498089305207) < 1e-12)
        let tnr = try #require(step.rates.first { $0.rate == .trueNegativeRate }?.comparisons.first { $0.slice == "g=a" })
        #expect(tnr.pValue == fpr.pValue && tnr.qValue == fpr.qValue)
        // Tested rates: FPR, TPR, positive rate, precision, FOR, accuracy — for 2 slices.
        #expect(analysis.testCount == 12)
        #expect(fpr.isSignificant)
    }
}
