/// A mergeable quantile sketch with a relative error bound: a histogram of values over buckets
/// cut by the bits of the double itself (its sign, exponent and first 6 bits of fraction), so
/// each bucket spans at most 1/64 of its lower bound. Counts are integers: merging adds them,
/// and the sketch is the same however rows were split among threads, blocks or files.
///
/// **Error bound.** The quantile q of n values is the value of rank ⌈q·n⌉ (the smallest value
/// whose share of values at or below it reaches q; NumPy's `method='inverted_cdf'`). The sketch
/// finds that rank's bucket exactly and returns the bucket's midpoint, clamped to the smallest
/// and largest value seen: for a true quantile v, |returned − v| ≤ 2⁻⁷·|v| (0.78 %), for every
/// |v| ≥ 2⁻¹⁰²² (zero is exact). Cost: one bucket per distinct (sign, exponent, 6 fraction bits),
/// at most 64 per power of two the values span — about 1,300 for scores from 1e-6 to 1, which a
/// dense window of counts holds (`BucketCounts`); per combination of slice values and column,
/// so the size matters for the caches.
struct QuantileSketch: Sendable, Equatable {
    static let fractionBits = 6
    static let relativeError = 1.0 / 128

    private(set) var buckets = BucketCounts()

    /// The bucket of `value`: ordered like the values (negative values get negative keys).
    @inline(__always)
    static func bucket(_ value: Double) -> Int32 {
        let key = Int32(truncatingIfNeeded: value.magnitude.bitPattern >> UInt64(52 - fractionBits))
        return value < 0 ? -key - 1 : key
    }

    /// The lower and upper bounds of `bucket`'s magnitudes.
    static func bounds(_ bucket: Int32) -> (lower: Double, upper: Double) {
        let key = bucket < 0 ? -(bucket + 1) : bucket
        let lower = Double(bitPattern: UInt64(key) << UInt64(52 - fractionBits))
        let upper = Double(bitPattern: UInt64(key + 1) << UInt64(52 - fractionBits))
        return bucket < 0 ? (-upper, -lower) : (lower, upper)
    }

    @inline(__always)
    mutating func add(_ value: Double, times: Int = 1) {
        buckets.add(Self.bucket(value), times)
    }

    mutating func merge(_ other: QuantileSketch) {
        for (key, count) in other.buckets.entries { buckets.add(key, count) }
    }

    /// The quantiles `qs` (each in 0…1) of the values, clamped to [minimum, maximum]; nil when empty.
    func quantiles(_ qs: [Double], minimum: Double, maximum: Double) -> [Double]? {
        let sorted = buckets.entries.sorted { $0.key < $1.key }
        let total = sorted.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        return qs.map { q in
            let rank = max(1, Int((q * Double(total)).rounded(.up)))
            var seen = 0
            for (bucket, count) in sorted {
                seen += count
                if seen >= rank {
                    if bucket == 0 { return max(minimum, min(maximum, 0)) }
                    let (lower, upper) = Self.bounds(bucket)
                    return max(minimum, min(maximum, lower + (upper - lower) / 2))
                }
            }
            return maximum
        }
    }
}
