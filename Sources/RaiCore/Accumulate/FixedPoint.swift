/// Example weights as 128-bit fixed-point integers with 64 fractional bits.
///
/// Floating-point sums depend on the order of the terms, so per-thread partial sums merged in a
/// different order would give different bits. Integer sums do not: converting each weight once
/// (exact for any weight whose binary expansion stops above 2^-64, which covers every decimal
/// weight to the precision a double holds for values ≥ 2^-11) makes every weighted count
/// independent of thread count and block size. The range is 2^63 in total weight.
public enum FixedPoint {
    public static let one: Int128 = Int128(1) << 64

    /// The fixed-point value of a finite, non-negative weight below 2^63.
    @inline(__always)
    public static func make(_ weight: Double) -> Int128 {
        let whole = weight.rounded(.towardZero)
        let fraction = weight - whole
        return (Int128(UInt64(whole)) << 64) | Int128(UInt64(fraction * 0x1p64))
    }

    /// The nearest double to a fixed-point amount.
    @inline(__always)
    public static func double(_ amount: Int128) -> Double {
        Double(amount) * 0x1p-64
    }

    /// The largest weight `make` accepts.
    public static let maximumWeight: Double = 0x1p62
}
