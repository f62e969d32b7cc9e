import Foundation

/// Tests of whether two proportions differ, and the false-discovery-rate correction across all
/// the tests of a run.
public enum Significance {
    /// Which test produced a p-value.
    public enum Test: String, Sendable {
        /// Two-proportion z-test with pooled variance.
        case z
        /// Fisher's exact test on the 2×2 table of counts.
        case fisher
    }

    /// Two-sided p-value that x₁/n₁ and x₂/n₂ come from one proportion. Uses Fisher's exact test
    /// when the counts are whole numbers and any expected cell is below 5 (where the normal
    /// approximation fails), else the pooled two-proportion z-test. `n` may be an effective
    /// sample size (weighted data), in which case only the z-test applies. Nil when a group is
    /// empty.
    public static func compare(_ x1: Double, _ n1: Double, _ x2: Double, _ n2: Double) -> (p: Double, test: Test)? {
        guard n1 > 0, n2 > 0 else { return nil }
        let whole = [x1, n1, x2, n2].allSatisfy { $0 == $0.rounded() && $0 < 1e9 }
        let pooled = (x1 + x2) / (n1 + n2)
        let smallestExpected = min(n1, n2) * min(pooled, 1 - pooled)
        if whole && smallestExpected < 5 {
            return (fisherExact(Int(x1), Int(n1 - x1), Int(x2), Int(n2 - x2)), .fisher)
        }
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0 else { return (x1 / n1 == x2 / n2 ? 1 : 0, .z) }
        let z = (x1 / n1 - x2 / n2) / variance.squareRoot()
        return (erfc(abs(z) / 2.0.squareRoot()), .z)
    }

    /// Two-sided Fisher exact test of the table [[a, b], [c, d]]: the probability, with the
    /// margins fixed, of a table at most as likely as the one observed (R's `fisher.test` rule,
    /// with the same 1e-7 relative tolerance for ties in probability).
    public static func fisherExact(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        let row1 = a + b, row2 = c + d, column1 = a + c, total = a + b + c + d
        func logChoose(_ n: Int, _ k: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        }
        let logDenominator = logChoose(total, column1)
        func logProbability(_ x: Int) -> Double { logChoose(row1, x) + logChoose(row2, column1 - x) - logDenominator }
        let observed = logProbability(a)
        var p = 0.0
        for x in max(0, column1 - row2)...min(row1, column1) {
            let lp = logProbability(x)
            if lp <= observed + 1e-7 * abs(observed) + 1e-12 { p += exp(lp) }
        }
        return min(1, p)
    }

    /// Benjamini–Hochberg adjusted p-values (q-values), in the order given: qᵢ is the smallest
    /// false discovery rate at which test i would be declared significant.
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var q = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let index = order[rank - 1]
            running = min(running, pValues[index] * Double(m) / Double(rank))
            q[index] = min(1, running)
        }
        return q
    }
}
