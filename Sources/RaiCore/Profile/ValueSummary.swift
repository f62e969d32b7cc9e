/// What is known of a column's values once there are too many distinct ones to count each
/// (`ValueTally.capacity`): how many are numbers, booleans and zeros, the smallest and largest
/// number, exact sums of the numbers and of their squares, a quantile sketch and a distinct-count
/// sketch. Every part merges exactly and in any order.
struct ValueSummary: Sendable, Equatable {
    var numbers = 0
    var booleans = 0
    var zeros = 0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    var sum = ExactSum(squares: false)
    var squares = ExactSum(squares: true)
    var sketch = QuantileSketch()
    var distinct = HyperLogLog()

    /// Counts `times` occurrences of the (non-empty) value `bytes`.
    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, times: Int = 1) {
        distinct.add(hash: hash)
        if let number = DecimalParser.parse(bytes.baseAddress!, 0, bytes.count) {
            add(number: number, times: times)
        } else if ValueKind.isBoolean(bytes) {
            booleans += times
        }
    }

    @inline(__always)
    mutating func add(number: Double, times: Int) {
        numbers += times
        if number == 0 { zeros += times }
        minimum = min(minimum, number)
        maximum = max(maximum, number)
        sum.add(number, times: times)
        squares.add(number, times: times)
        sketch.add(number, times: times)
    }

    /// The summary of the values a tally counted.
    init(_ tally: ValueTally) {
        for entry in 0..<tally.distinct {
            tally.bytes(entry).withUnsafeBufferPointer { add($0, hash: tally.hashes[entry], times: tally.counts[entry]) }
        }
    }

    init() {}

    mutating func merge(_ other: ValueSummary) {
        numbers += other.numbers
        booleans += other.booleans
        zeros += other.zeros
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
        sum.merge(other.sum)
        squares.merge(other.squares)
        sketch.merge(other.sketch)
        distinct.merge(other.distinct)
    }
}

/// The type of a column, inferred from the values seen (TFDV's: numeric, boolean, categorical).
public enum ValueKind: String, Sendable {
    /// Every present value is a number (see README *Numbers*).
    case numeric
    /// Every present value is `true` or `false`, in any case.
    case boolean
    /// Anything else: some present value is neither.
    case categorical
    /// No value present.
    case empty

    static func isBoolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func matches(_ word: StaticString) -> Bool {
            guard bytes.count == word.utf8CodeUnitCount else { return false }
            for k in 0..<bytes.count where bytes[k] | 0x20 != word.utf8Start[k] { return false }
            return true
        }
        return matches("true") || matches("false")
    }
}
