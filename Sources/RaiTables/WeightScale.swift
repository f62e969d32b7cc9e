/// How example weights become exact integers, whatever their scale.
///
/// Floating-point sums depend on the order of the terms, so per-thread partial sums merged in a
/// different order would give different bits. Integer sums do not. Each weight w is converted
/// once to the integer W = w · 2^(64 − e), rounded, where 2^e is the power of two of the largest
/// weight among the first rows of the input (`reference`): the reference weight becomes about
/// 2^64, every weight within 2^-11 of it is converted exactly (a double has 53 significant bits),
/// and smaller ones keep 64 + log2(w / 2^e) bits. Sums of W are exact and independent of the
/// order rows are added in; Σ W² is kept exactly too (`WideAmount`). Because the reference comes
/// from the data, multiplying every weight by any c > 0 leaves every rate, interval and test
/// unchanged (up to the rounding of c·w itself): the scale is factored out as a power of two.
///
/// A positive weight that would round to W = 0 (smaller than 2^-64 times the reference) or one
/// of 2^30 times the reference or more cannot be summed this way; they are errors, never a silent
/// zero. The first rows are those in the first 8 MiB of data, at most 1,000, so the choice does
/// not depend on threads or block sizes.
public struct WeightScale: Equatable, Sendable {
    /// e: the binary exponent of the largest weight among the first rows (0 when none is positive).
    public let exponent: Int

    public init(exponent: Int) {
        self.exponent = exponent
    }

    /// The scale of weights whose largest is `reference` (≤ 0 or not finite: scale of 1).
    public init(reference: Double) {
        exponent = reference > 0 && reference.isFinite ? Int(reference.exponent) : 0
    }

    /// Weights with W at or above this are too large: sums of 2^33 of them would not fit 127 bits.
    public static let largestFixed: Double = 0x1p94

    /// W for a finite, non-negative weight that `representation(of:)` accepts.
    @inlinable @inline(__always)
    public func fixed(_ weight: Double) -> Int128 {
        Int128((weight * Double(sign: .plus, exponent: 64 - exponent, significand: 1)).rounded())
    }

    /// Whether `weight` (finite and non-negative) can be summed exactly: 0, or W in [1, 2^94).
    public enum Representation: Equatable, Sendable {
        case representable
        case tooSmall
        case tooLarge
    }

    @inlinable @inline(__always)
    public func representation(of weight: Double) -> Representation {
        let scaled = weight * Double(sign: .plus, exponent: 64 - exponent, significand: 1)
        if scaled >= Self.largestFixed { return .tooLarge }
        if weight > 0 && scaled < 0.5 { return .tooSmall }
        return .representable
    }

    /// The reference weight 2^e, for messages.
    public var reference: Double { Double(sign: .plus, exponent: exponent, significand: 1) }
}

/// A non-negative 256-bit integer: an exact sum of squared fixed-point weights (each below 2^188).
/// It cannot overflow for fewer than 2^68 rows.
public struct WideAmount: Equatable, Sendable {
    public var high: UInt128
    public var low: UInt128

    @inlinable
    public init(high: UInt128 = 0, low: UInt128) {
        self.high = high
        self.low = low
    }

    public static let zero = WideAmount(low: 0)

    /// x² exactly, for 0 ≤ x < 2^127.
    @inlinable @inline(__always)
    public static func square(_ x: Int128) -> WideAmount {
        let product = x.magnitude.multipliedFullWidth(by: x.magnitude)
        return WideAmount(high: product.high, low: product.low)
    }

    @inlinable @inline(__always)
    public static func += (a: inout WideAmount, b: WideAmount) {
        let (low, carry) = a.low.addingReportingOverflow(b.low)
        a.low = low
        a.high &+= b.high &+ (carry ? 1 : 0)
    }

    @inlinable
    public static func + (a: WideAmount, b: WideAmount) -> WideAmount {
        var sum = a
        sum += b
        return sum
    }

    /// The amount times 2^`bits`, or nil when it would not fit 256 bits.
    public func shifted(left bits: Int) -> WideAmount? {
        if high == 0 && low == 0 { return self }
        let leading = high == 0 ? 128 + low.leadingZeroBitCount : high.leadingZeroBitCount
        guard bits < leading else { return nil }
        if bits >= 128 { return WideAmount(high: low << UInt128(bits - 128), low: 0) }
        if bits == 0 { return self }
        return WideAmount(high: high << UInt128(bits) | low >> UInt128(128 - bits), low: low << UInt128(bits))
    }

    /// a − b, for b ≤ a.
    @inlinable
    public static func - (a: WideAmount, b: WideAmount) -> WideAmount {
        let (low, borrow) = a.low.subtractingReportingOverflow(b.low)
        return WideAmount(high: a.high &- b.high &- (borrow ? 1 : 0), low: low)
    }
}
