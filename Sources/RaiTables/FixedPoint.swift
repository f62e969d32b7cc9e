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

    /// The largest weight accepted: squares of weights must fit `square` too.
    public static let maximumWeight: Double = 0x1p31

    /// w² in units of 2⁻³² (exact enough for effective sample sizes, and order-free to sum).
    @inline(__always)
    public static func square(_ weight: Double) -> Int128 {
        Int128(weight * weight * 0x1p32)
    }

    /// A sum of `square`s as a double.
    public static func squareValue(_ amount: Int128) -> Double {
        Double(amount) * 0x1p-32
    }
}
