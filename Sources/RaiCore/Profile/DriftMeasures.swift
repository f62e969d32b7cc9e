import Foundation

/// TFDV's drift and skew measures between two distributions of a column.
///
/// - **L-infinity distance** (categorical and boolean columns): the largest difference, over all
///   values, between a value's share of the present values in one set and in the other.
/// - **Jensen–Shannon divergence** (numeric columns), in bits (log base 2, so 0 … 1):
///   ½·KL(P‖M) + ½·KL(Q‖M) with M = ½(P + Q), over bins. TFDV bins both data sets into the
///   same equal-width histogram, which needs their ranges before counting; rai's bins need no
///   range and merge like every other count: a value's bin is its sign, binary exponent and first
///   two bits of fraction (four bins per power of two: [1, 1.25), [1.25, 1.5), [1.5, 1.75),
///   [1.75, 2), …, and zero alone). `Benchmarks/data_check.py` recomputes both with NumPy/SciPy.
public enum DriftMeasures {
    /// The Jensen–Shannon bin of `value`, ordered like the values.
    @inline(__always)
    static func bin(_ value: Double) -> Int32 {
        let key = Int32(truncatingIfNeeded: value.magnitude.bitPattern >> 50)
        return value < 0 ? -key - 1 : key
    }

    /// The bin of every value in a quantile sketch's bucket (the bins are unions of buckets).
    static func bin(sketchBucket bucket: Int32) -> Int32 {
        let shift = Int32(50 - (52 - QuantileSketch.fractionBits))
        return bucket < 0 ? -((-(bucket + 1)) >> shift) - 1 : bucket >> shift
    }

    /// Largest |p(v) − q(v)| over the values of both; nil when either has no value.
    static func lInfinity<Key: Hashable>(_ a: [Key: Int], _ b: [Key: Int]) -> Double? {
        let totalA = a.values.reduce(0, +), totalB = b.values.reduce(0, +)
        guard totalA > 0, totalB > 0 else { return nil }
        var largest = 0.0
        for key in Set(a.keys).union(b.keys) {
            let difference = abs(Double(a[key] ?? 0) / Double(totalA) - Double(b[key] ?? 0) / Double(totalB))
            largest = max(largest, difference)
        }
        return largest
    }

    /// The Jensen–Shannon divergence in bits; nil when either has no value.
    static func jensenShannon<Key: Hashable & Comparable>(_ a: [Key: Int], _ b: [Key: Int]) -> Double? {
        let totalA = a.values.reduce(0, +), totalB = b.values.reduce(0, +)
        guard totalA > 0, totalB > 0 else { return nil }
        var divergence = 0.0
        // A fixed order, so the rounding is the same run after run.
        for key in Set(a.keys).union(b.keys).sorted() {
            let p = Double(a[key] ?? 0) / Double(totalA), q = Double(b[key] ?? 0) / Double(totalB)
            let m = (p + q) / 2
            if p > 0 { divergence += 0.5 * p * log2(p / m) }
            if q > 0 { divergence += 0.5 * q * log2(q / m) }
        }
        return max(0, divergence)
    }
}
