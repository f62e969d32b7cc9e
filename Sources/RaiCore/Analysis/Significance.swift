import Foundation

/// Tests of whether two proportions differ, and the false-discovery-rate correction across all
/// the tests of a run.
public enum Significance {
    /// Which test produced a p-value.
    public enum Test: String, Sendable {
        /// Fisher's exact test on the 2×2 table of counts (unweighted data).
        case fisher
        /// Fisher's exact test on the table of Kish effective counts, rounded to whole rows
        /// (weighted data).
        case fisherEffective = "fisher_effective"
    }

    /// Two-sided p-value that x₁ of n₁ and x₂ of n₂ come from one proportion, by Fisher's exact
    /// test (`FisherExactTest`), which stays valid at the small p-values that survive the
    /// Benjamini–Hochberg correction. Nil when a group is empty.
    ///
    /// Unweighted, x and n are counts. Weighted, n is Kish's effective size (Σw)²/Σw² of the
    /// group and x is the weighted proportion times n: the counts of equally weighted rows that
    /// would give the same proportion and the same variance. Both are rounded to whole rows and
    /// tested as a table, so weights all equal give exactly the unweighted test, and multiplying
    /// every weight by a constant changes nothing. (Kish's size describes the variance of a
    /// weighted mean when the weights do not depend on the outcome; the test inherits that
    /// assumption.)
    public static func compare(_ x1: Double, _ n1: Double, _ x2: Double, _ n2: Double, weighted: Bool) -> (p: Double, test: Test)? {
        let size1 = whole(n1), size2 = whole(n2)
        guard size1 >= 1, size2 >= 1, size1 < 1e12, size2 < 1e12 else { return nil }
        let hits1 = min(size1, max(0, whole(x1 / n1 * size1))), hits2 = min(size2, max(0, whole(x2 / n2 * size2)))
        let test = FisherExactTest(Int(hits1), Int(size1 - hits1), Int(hits2), Int(size2 - hits2))
        return (test.pValue(Int(hits1)), weighted ? .fisherEffective : .fisher)
    }

    /// The nearest whole number, halves away from zero. Effective counts land on halves often (a
    /// weighted rate of exactly ½ over an odd effective size), where the last bits of the
    /// arithmetic would otherwise decide the side; so the value is first snapped to a multiple of
    /// 1e-6, which makes the choice the same for any scale of the weights.
    static func whole(_ value: Double) -> Double {
        ((value * 1e6).rounded() / 1e6).rounded()
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
