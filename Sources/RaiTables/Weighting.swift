/// The two ways rows are counted. Counters are generic over this so the unweighted path keeps
/// 32-bit cells in its score tables and skips weighted sums entirely.
public protocol Weighting: Sendable {
    /// What a score-table cell adds up per row: a count, or a fixed-point weight.
    associatedtype Amount: FixedWidthInteger & Sendable
    static var isWeighted: Bool { get }
}

/// Every row counts 1. Score cells are 32-bit counts (a single slice and score value may hold up
/// to 4,294,967,295 rows; beyond that the run stops with a count-overflow error).
public enum Unweighted: Weighting {
    public typealias Amount = UInt32
    public static var isWeighted: Bool { false }
}

/// Every row counts its weight, as a fixed-point integer (`WeightScale`).
public enum Weighted: Weighting {
    public typealias Amount = Int128
    public static var isWeighted: Bool { true }
}

/// What one unit of an integer amount is worth in the units of the metrics: a row, or 2^(e−64)
/// of weight (`WeightScale`); and likewise for sums of squared amounts, 2^(2e−128).
public struct AmountUnit: Equatable, Sendable {
    public let isWeighted: Bool
    private let amountScale: Double
    private let squareScale: Double

    /// Counts of rows: amounts and squares are the counts.
    public static let rows = AmountUnit(isWeighted: false, amountScale: 1, squareScale: 1)

    /// Fixed-point weights of `scale`.
    public static func weights(_ scale: WeightScale) -> AmountUnit {
        AmountUnit(isWeighted: true, amountScale: Double(sign: .plus, exponent: scale.exponent - 64, significand: 1),
                   squareScale: Double(sign: .plus, exponent: 2 * scale.exponent - 128, significand: 1))
    }

    /// An amount (or a sum of amounts) as a double: rows, or weight.
    @inline(__always)
    public func value(_ amount: Int128) -> Double { Self.double(amount) * amountScale }

    /// A sum of squared amounts as a double.
    @inline(__always)
    public func squareValue(_ amount: WideAmount) -> Double { Self.double(amount) * squareScale }

    /// The nearest double to a 256-bit amount, ties to even, so that the same real number gives
    /// the same double whatever power of two it was scaled by (partials of different weight
    /// scales merge to the same result).
    static func double(_ x: WideAmount) -> Double {
        if x.high == 0 { return double(x.low) }
        // The top 64 significant bits and a sticky bit, as for 128-bit amounts.
        let shift = 192 - x.high.leadingZeroBitCount  // bits below the top 64
        let top: UInt64
        let sticky: Bool
        if shift >= 128 {
            top = UInt64(truncatingIfNeeded: x.high >> UInt128(shift - 128))
            sticky = x.low != 0 || x.high & ((1 << UInt128(shift - 128)) - 1) != 0
        } else {
            top = UInt64(truncatingIfNeeded: x.high << UInt128(128 - shift) | x.low >> UInt128(shift))
            sticky = x.low & ((1 << UInt128(shift)) - 1) != 0
        }
        return Double(top | (sticky ? 1 : 0)) * Double(sign: .plus, exponent: shift, significand: 1)
    }

    /// The nearest double to `x`, ties to even: what `Double(x)` gives. The standard library's
    /// conversion from 128-bit integers is generic and unspecialised, some fifty times slower,
    /// and sums are converted once per slice and score in the AUC sweep.
    @inline(__always)
    static func double(_ x: Int128) -> Double {
        if x >= Int128(Int64.min) && x <= Int128(Int64.max) { return Double(Int64(truncatingIfNeeded: x)) }
        let value = double(x.magnitude)
        return x < 0 ? -value : value
    }

    @inline(__always)
    static func double(_ x: UInt128) -> Double {
        if x <= UInt128(Int64.max) { return Double(Int64(truncatingIfNeeded: x)) }
        // The top 64 significant bits, with a sticky bit for everything below them, round to
        // 53 bits exactly as the whole number would.
        let shift = 64 - x.leadingZeroBitCount
        guard shift > 0 else { return Double(UInt64(truncatingIfNeeded: x)) }
        var top = UInt64(truncatingIfNeeded: x >> UInt128(shift))
        if x & ((1 << UInt128(shift)) - 1) != 0 { top |= 1 }
        return Double(top) * Double(sign: .plus, exponent: shift, significand: 1)
    }
}
