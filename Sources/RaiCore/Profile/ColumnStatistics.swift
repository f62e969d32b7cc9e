/// The statistics of one column over one slice, as reported (TFDV's column statistics).
public struct ColumnStatistics: Sendable {
    public var name: String
    public var kind: ValueKind
    /// Rows with a value.
    public var present: Int
    /// Rows where it is absent, null or empty.
    public var missing: Int
    /// missing / rows; nil for a slice without rows.
    public var missingRate: Double? { present + missing == 0 ? nil : Double(missing) / Double(present + missing) }
    /// Distinct present values: exact up to `ValueTally.capacity`, else a HyperLogLog estimate.
    public var distinct: Double
    public var distinctIsExact: Bool
    /// The most frequent values (at most 10), most frequent first, ties by natural order; nil
    /// when there are more distinct values than the tally keeps (then they are not known).
    public var topValues: [(value: String, count: Int)]?
    /// For a numeric column.
    public var numeric: NumericStatistics?
    /// Counts per value, for categorical and boolean drift; nil past the tally's capacity.
    var distribution: [[UInt8]: Int]?
    /// Counts per Jensen–Shannon bin (`DriftMeasures.bin`), for numeric drift.
    var bins: [Int32: Int]?

    /// The quantiles reported.
    public static let quantileLevels: [Double] = [0.01, 0.25, 0.5, 0.75, 0.99]

    init(name: String, profile: ColumnProfile) {
        self.name = name
        present = profile.present
        missing = profile.missing
        let summary = profile.valueSummary
        if present == 0 {
            kind = .empty
        } else if summary.numbers == present {
            kind = .numeric
        } else if summary.booleans == present {
            kind = .boolean
        } else {
            kind = .categorical
        }
        if let tally = profile.tally {
            distinct = Double(tally.distinct)
            distinctIsExact = true
            var counts: [[UInt8]: Int] = [:]
            for entry in 0..<tally.distinct { counts[Array(tally.bytes(entry))] = tally.counts[entry] }
            distribution = counts
            let ranked = counts.sorted { a, b in
                a.value != b.value ? a.value > b.value : SliceOrder.naturallyPrecedes(a.key, b.key)
            }
            topValues = ranked.prefix(10).map { (String(decoding: $0.key, as: UTF8.self), $0.value) }
        } else {
            distinct = summary.distinct.estimate.rounded()
            distinctIsExact = false
        }
        if kind == .numeric {
            var statistics = NumericStatistics(summary: summary)
            if let tally = profile.tally {
                // Exact quantiles from the exact counts.
                var values: [(Double, Int)] = []
                var bins: [Int32: Int] = [:]
                for entry in 0..<tally.distinct {
                    let value = tally.bytes(entry).withUnsafeBufferPointer { DecimalParser.parse($0.baseAddress!, 0, $0.count)! }
                    values.append((value, tally.counts[entry]))
                    bins[DriftMeasures.bin(value), default: 0] += tally.counts[entry]
                }
                values.sort { $0.0 < $1.0 }
                statistics.quantiles = Self.quantileLevels.map { q in
                    let rank = max(1, Int((q * Double(present)).rounded(.up)))
                    var seen = 0
                    for (value, count) in values {
                        seen += count
                        if seen >= rank { return value }
                    }
                    return values.last!.0
                }
                statistics.quantilesAreExact = true
                self.bins = bins
            } else {
                statistics.quantiles = summary.sketch.quantiles(Self.quantileLevels, minimum: summary.minimum, maximum: summary.maximum) ?? []
                statistics.quantilesAreExact = false
                var bins: [Int32: Int] = [:]
                for (bucket, count) in summary.sketch.buckets.entries { bins[DriftMeasures.bin(sketchBucket: bucket), default: 0] += count }
                self.bins = bins
            }
            numeric = statistics
        }
    }
}

/// The statistics of a numeric column.
public struct NumericStatistics: Sendable {
    public var minimum: Double
    public var maximum: Double
    public var mean: Double
    /// The sample standard deviation (n − 1); nil for fewer than two values.
    public var standardDeviation: Double?
    public var zeros: Int
    /// At `ColumnStatistics.quantileLevels`: the value of rank ⌈q·n⌉, exact when the column has
    /// at most `ValueTally.capacity` distinct values, else within 2⁻⁷ relative (`QuantileSketch`).
    public var quantiles: [Double] = []
    public var quantilesAreExact = true

    init(summary: ValueSummary) {
        let n = Double(summary.numbers)
        minimum = summary.minimum
        maximum = summary.maximum
        let sum = summary.sum.value, squares = summary.squares.value
        mean = sum / n
        zeros = summary.zeros
        if summary.numbers >= 2 {
            let variance = max(0, (squares - sum * sum / n) / (n - 1))
            standardDeviation = variance.squareRoot()
        }
    }
}
