/// A sum of doubles (or of their squares) kept exactly, as a fixed-point integer wide enough for
/// every finite double: adding is integer addition, so the sum does not depend on the order of
/// the terms — the same on any number of threads and block sizes, and when partial sums merge.
///
/// A finite double is m·2^(b−1074) with m < 2^53 and 0 ≤ b ≤ 2045 (b = the biased exponent minus
/// one, or 0 for subnormals); its square is m²·2^(2b−2148). The value is held as two magnitudes,
/// positive and negative terms apart, in 64-bit limbs whose bit 0 is 2^−1074 (2^−2148 for
/// squares), with room for 2^63 terms. Reading it rounds once per limb from the top, which is
/// deterministic and within a few units in the last place of the exact sum.
struct ExactSum: Sendable, Equatable {
    /// Whether the terms are squares of the values added.
    let squares: Bool
    private var positive: [UInt64] = []
    private var negative: [UInt64] = []

    init(squares: Bool) { self.squares = squares }

    private var limbCount: Int { squares ? 70 : 36 }

    /// Adds `value` (or its square) `times` times.
    @inline(__always)
    mutating func add(_ value: Double, times: Int = 1) {
        let bits = value.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((1 << 52) - 1)
        guard biased != 0 || fraction != 0 else { return }
        let m = biased == 0 ? fraction : fraction | (1 << 52)
        let position = biased == 0 ? 0 : biased - 1
        var low: UInt64, middle: UInt64, high: UInt64 = 0
        let shift: Int
        if squares {
            let square = m.multipliedFullWidth(by: m)
            // (square.high·2^64 + square.low) · times, in three limbs.
            let lowProduct = square.low.multipliedFullWidth(by: UInt64(times))
            let highProduct = square.high.multipliedFullWidth(by: UInt64(times))
            low = lowProduct.low
            let (sum, carry) = lowProduct.high.addingReportingOverflow(highProduct.low)
            middle = sum
            high = highProduct.high &+ (carry ? 1 : 0)
            shift = 2 * position
        } else {
            let product = m.multipliedFullWidth(by: UInt64(times))
            low = product.low
            middle = product.high
            shift = position
        }
        if !squares && value.sign == .minus {
            Self.add(&negative, limbs: limbCount, low, middle, high, at: shift)
        } else {
            Self.add(&positive, limbs: limbCount, low, middle, high, at: shift)
        }
    }

    /// Adds the 192-bit number (high, middle, low) shifted left by `shift` bits.
    private static func add(_ limbs: inout [UInt64], limbs count: Int, _ low: UInt64, _ middle: UInt64, _ high: UInt64, at shift: Int) {
        if limbs.isEmpty { limbs = [UInt64](repeating: 0, count: count) }
        let index = shift >> 6, offset = UInt64(shift & 63)
        var parts: (UInt64, UInt64, UInt64, UInt64)
        if offset == 0 {
            parts = (low, middle, high, 0)
        } else {
            parts = (low << offset, (middle << offset) | (low >> (64 - offset)), (high << offset) | (middle >> (64 - offset)),
                     high >> (64 - offset))
        }
        var carry: UInt64 = 0
        var k = index
        @inline(__always) func addLimb(_ part: UInt64) {
            let (a, o1) = limbs[k].addingReportingOverflow(part)
            let (b, o2) = a.addingReportingOverflow(carry)
            limbs[k] = b
            carry = (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            k += 1
        }
        addLimb(parts.0)
        addLimb(parts.1)
        addLimb(parts.2)
        addLimb(parts.3)
        while carry != 0 && k < limbs.count {
            let (a, o) = limbs[k].addingReportingOverflow(carry)
            limbs[k] = a
            carry = o ? 1 : 0
            k += 1
        }
    }

    mutating func merge(_ other: ExactSum) {
        Self.merge(&positive, other.positive)
        Self.merge(&negative, other.negative)
    }

    private static func merge(_ limbs: inout [UInt64], _ other: [UInt64]) {
        guard !other.isEmpty else { return }
        if limbs.isEmpty {
            limbs = other
            return
        }
        var carry: UInt64 = 0
        for k in limbs.indices {
            let (a, o1) = limbs[k].addingReportingOverflow(other[k])
            let (b, o2) = a.addingReportingOverflow(carry)
            limbs[k] = b
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
    }

    /// The sum, rounded: the positive and negative terms are subtracted exactly first, so that
    /// cancellation costs nothing (1e16 + 1 − 1e16 is 1).
    var value: Double {
        if negative.isEmpty { return Self.magnitude(positive, squares: squares) }
        if positive.isEmpty { return -Self.magnitude(negative, squares: squares) }
        let negativeIsLarger = negative.reversed().lexicographicallyPrecedes(positive.reversed()) == false && negative != positive
        let (large, small) = negativeIsLarger ? (negative, positive) : (positive, negative)
        var difference = large
        var borrow: UInt64 = 0
        for k in difference.indices {
            let (a, o1) = difference[k].subtractingReportingOverflow(small[k])
            let (b, o2) = a.subtractingReportingOverflow(borrow)
            difference[k] = b
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        let magnitude = Self.magnitude(difference, squares: squares)
        return negativeIsLarger ? -magnitude : magnitude
    }

    private static func magnitude(_ limbs: [UInt64], squares: Bool) -> Double {
        let origin = squares ? -2148 : -1074
        var total = 0.0
        for k in limbs.indices.reversed() where limbs[k] != 0 {
            total += Double(sign: .plus, exponent: 64 * k + origin, significand: Double(limbs[k]))
        }
        return total
    }
}
