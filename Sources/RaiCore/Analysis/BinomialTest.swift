import Foundation

/// The exact two-sided binomial test of k successes in n trials against a proportion p, as
/// SciPy's `binomtest` (and R's `binom.test`): the probability of the outcomes at most as likely
/// as k (with a relative tolerance of 1e-7 for ties).
///
/// Cost: as `FisherExactTest`, the distribution is log-concave: a binary search finds where the
/// other tail begins and each tail is summed outwards from its inner end by the ratio of
/// neighbouring terms until what is left is negligible, so millions of trials cost a few
/// thousand steps at most.
public struct BinomialTest: Sendable {
    let n: Int
    let p: Double

    public init(trials n: Int, proportion p: Double) {
        precondition(n >= 0 && p >= 0 && p <= 1)
        self.n = n
        self.p = p
    }

    /// Two-sided p-value of observing `k`.
    public func pValue(_ k: Int) -> Double {
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        guard n > 0 else { return 1 }
        let observed = logProbability(k)
        let limit = observed + 1e-7
        let mode = min(n, Int((Double(n + 1) * p).rounded(.down)))
        if k == mode { return 1 }
        // The observed side: from k outwards.
        let outwards = k < mode ? -1 : 1
        var sum = tail(from: k, step: outwards, first: 1)
        // The other side: the first term beyond the mode at most as likely as k, by bisection.
        var inner = mode, outer = k < mode ? n : 0
        if logProbability(outer) > limit { return min(1, exp(observed) * sum) }
        while abs(outer - inner) > 1 {
            let middle = (inner + outer) / 2
            if logProbability(middle) <= limit { outer = middle } else { inner = middle }
        }
        if logProbability(inner) <= limit { outer = inner }
        sum += tail(from: outer, step: -outwards, first: exp(logProbability(outer) - observed))
        return min(1, exp(observed) * sum)
    }

    /// log P(X = x).
    func logProbability(_ x: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(x + 1)) - lgamma(Double(n - x + 1)) + Double(x) * log(p) + Double(n - x) * log1p(-p)
    }

    /// The terms from `start` (whose term is `first`) outwards by `step` to the end of the support.
    private func tail(from start: Int, step: Int, first: Double) -> Double {
        var sum = first, term = first, x = start
        let odds = p / (1 - p)
        while true {
            let next = x + step
            guard next >= 0, next <= n else { return sum }
            let ratio = step > 0 ? Double(n - x) / Double(x + 1) * odds : Double(x) / Double(n - x + 1) / odds
            term *= ratio
            sum += term
            x = next
            if ratio < 1 && term * ratio / (1 - ratio) < 1e-17 * sum { return sum }
        }
    }
}

/// Pearson's chi-square goodness-of-fit test.
public enum ChiSquareTest {
    /// The statistic Σ (O − E)² / E over the categories with E > 0, its degrees of freedom (those
    /// categories less one) and its p-value; nil with fewer than two such categories.
    public static func goodnessOfFit(observed: [Double], expected: [Double]) -> (statistic: Double, degrees: Int, p: Double)? {
        var statistic = 0.0, categories = 0
        for (o, e) in zip(observed, expected) where e > 0 {
            statistic += (o - e) * (o - e) / e
            categories += 1
        }
        guard categories >= 2 else { return nil }
        let degrees = categories - 1
        return (statistic, degrees, upperRegularizedGamma(Double(degrees) / 2, statistic / 2))
    }

    /// Q(a, x) = Γ(a, x) / Γ(a): the series for x < a + 1, else Lentz's continued fraction
    /// (Numerical Recipes §6.2), to about 1e-15.
    static func upperRegularizedGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, k = a
            for _ in 0..<10_000 {
                k += 1
                term *= x / k
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }
}
