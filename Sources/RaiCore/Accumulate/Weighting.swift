/// The two ways rows are counted. The accumulator is generic over this so the unweighted path
/// keeps 32-bit cells in its score tables and skips weighted sums entirely.
public protocol Weighting: Sendable {
    /// What a score-table cell adds up per row: a count, or a fixed-point weight.
    associatedtype Amount: FixedWidthInteger & Sendable
    static var isWeighted: Bool { get }
    /// The amount one row of `weight` contributes.
    static func amount(weight: Double) -> Amount
    /// An amount as a double in the units of the metrics (rows, or weight).
    static func value(_ amount: Amount) -> Double
    /// A sum of amounts, held as `Int128`, as a double.
    static func value(_ amount: Int128) -> Double
}

/// Every row counts 1. Score cells are 32-bit counts (a single slice and score value may hold up
/// to 4,294,967,295 rows; beyond that the run stops with a count-overflow error).
public enum Unweighted: Weighting {
    public typealias Amount = UInt32
    public static var isWeighted: Bool { false }
    @inline(__always) public static func amount(weight: Double) -> UInt32 { 1 }
    @inline(__always) public static func value(_ amount: UInt32) -> Double { Double(amount) }
    @inline(__always) public static func value(_ amount: Int128) -> Double { Double(amount) }
}

/// Every row counts its weight, held as `FixedPoint`.
public enum Weighted: Weighting {
    public typealias Amount = Int128
    public static var isWeighted: Bool { true }
    @inline(__always) public static func amount(weight: Double) -> Int128 { FixedPoint.make(weight) }
    @inline(__always) public static func value(_ amount: Int128) -> Double { FixedPoint.double(amount) }
}
