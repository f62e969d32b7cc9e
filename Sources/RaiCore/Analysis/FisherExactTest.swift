import Foundation

/// Fisher's exact test of a 2×2 table [[a, b], [c, d]], two-sided, fast for tables of millions.
///
/// With the margins fixed, `a` follows the hypergeometric distribution; the p-value is the
/// probability of the tables at most as likely as the one observed (R's `fisher.test` and SciPy's
/// rule, with the same relative tolerance of 1e-7 for ties). The test is exact and conservative:
/// under the null hypothesis P(p ≤ α) ≤ α for every α, including the tiny α that survive a
/// Benjamini–Hochberg correction over thousands of tests — where the normal approximation of a
/// z-test is not (it gives a small slice against a large rest p-values several times too small).
///
/// Cost: the distribution is log-concave, so the terms fall off geometrically on both sides of
/// its mode. One log-gamma evaluation places the observed table; a binary search (O(log n)
/// evaluations) finds where the other tail begins; each tail is then summed outwards with the
/// ratio of neighbouring terms until what is left is below 1e-17 of the sum. So a test costs a
/// few dozen steps in the far tail and at most some twenty standard deviations of the
/// distribution near its centre, whatever the size of the table.
public struct FisherExactTest: Sendable {
    let row1: Int, row2: Int, column1: Int
    let low: Int, high: Int

    /// The table [[a, b], [c, d]]: `a` of `a + b` in the first group against `c` of `c + d` in the
    /// second.
    public init(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0)
        row1 = a + b
        row2 = c + d
        column1 = a + c
        low = max(0, column1 - row2)
        high = min(row1, column1)
    }

    /// Two-sided p-value of observing `a` in the first cell.
    public func pValue(_ a: Int) -> Double {
        guard high > low else { return 1 }
        let observed = logProbability(a)
        // Terms at most this likely count (R: d ≤ d_obs · (1 + 1e-7)).
        let limit = observed + 1e-7
        let mode = min(high, max(low, Int((Double(row1 + 1) * Double(column1 + 1) / Double(row1 + row2 + 2)).rounded(.down))))
        // Terms relative to the observed one, so that the sum neither overflows nor underflows.
        let outwards = a >= mode ? 1 : -1
        var sum = tail(from: a, step: outwards, first: 1)
        // Terms between the observed table and the mode that tie with it.
        var x = a - outwards
        while x != mode - outwards, x >= low, x <= high {
            let lp = logProbability(x)
            guard lp <= limit else { break }
            sum += exp(lp - observed)
            x -= outwards
        }
        // The other side of the mode: its terms rise towards the mode, so the ones that count lie
        // beyond the last term at most `limit`, found by bisection.
        var inner = mode - outwards
        let far = outwards > 0 ? low : high
        guard inner >= low, inner <= high, logProbability(far) <= limit else { return min(1, exp(observed) * sum) }
        if logProbability(inner) > limit {
            // Invariant: `inner` is above the limit, `outer` at or below it.
            var outer = far
            while abs(inner - outer) > 1 {
                let middle = (inner + outer) / 2
                if logProbability(middle) <= limit { outer = middle } else { inner = middle }
            }
            inner = outer
        }
        sum += tail(from: inner, step: -outwards, first: exp(logProbability(inner) - observed))
        return min(1, exp(observed) * sum)
    }

    /// log P(first cell = x).
    func logProbability(_ x: Int) -> Double {
        logChoose(row1, x) + logChoose(row2, column1 - x) - logChoose(row1 + row2, column1)
    }

    private func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }

    /// The sum of the terms from `start` (whose term is `first`) outwards by `step` to the end of
    /// the support, each from its neighbour by the ratio of consecutive hypergeometric terms.
    /// Stops when the rest, bounded by a geometric series (the ratios only fall outwards), is
    /// below 1e-17 of the sum.
    private func tail(from start: Int, step: Int, first: Double) -> Double {
        var sum = first, term = first, x = start
        let offset = Double(row2 - column1)
        while true {
            let next = x + step
            guard next >= low, next <= high else { return sum }
            let ratio = step > 0
                ? Double(row1 - x) * Double(column1 - x) / (Double(x + 1) * (offset + Double(x + 1)))
                : Double(x) * (offset + Double(x)) / (Double(row1 - x + 1) * Double(column1 - x + 1))
            term *= ratio
            sum += term
            x = next
            if ratio < 1 && term * ratio / (1 - ratio) < 1e-17 * sum { return sum }
        }
    }
}
