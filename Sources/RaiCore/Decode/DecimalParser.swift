#if canImport(Glibc)
import Glibc
#endif

/// Parses decimal numbers from raw bytes, correctly rounded, without building a `String`.
///
/// Plain decimals with at most 19 significant digits whose value is an exact integer times a
/// power of ten within 10^±22 take Clinger's fast path: both the integer and the power of ten are
/// exact doubles, so one multiplication or division rounds correctly. Everything else that has
/// valid decimal syntax goes to `strtod`, which is correctly rounded too. Infinity, NaN, hex
/// floats and any other spelling are rejected, so `strtod` only ever sees plain decimal syntax.
public enum DecimalParser {
    /// 10^e for 0 ≤ e ≤ 22, the powers of ten a double holds exactly. A switch rather than a
    /// global table: a global would be checked for lazy initialisation on every call.
    @inline(__always)
    private static func exactPowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// The value of `[start, end)`, ignoring surrounding ASCII spaces and tabs; nil when the bytes
    /// are not a decimal number (`+`/`-`, digits, optional `.` and fraction, optional exponent).
    @inline(__always)
    public static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        // Fast path: [-]digits[.digits] with at most 19 digits in all and no spaces, the way
        // scores are almost always written.
        var i = start
        let negative = i < end && base[i] == UInt8(ascii: "-")
        if negative { i &+= 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        while i < end {
            let c = base[i]
            let d = c &- UInt8(ascii: "0")
            if d <= 9 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits &+= 1
                if sawPoint { fractionDigits &+= 1 }
            } else if c == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                return general(base, start, end)
            }
            i &+= 1
        }
        if digits == 0 || digits > 19 || fractionDigits > 22 || mantissa > (1 << 53) { return general(base, start, end) }
        let value = Double(mantissa) / exactPowerOfTen(fractionDigits)
        return negative ? -value : value
    }

    /// The value of `[start, end)` when it is one digit, a point and 1…8 more digits (`0.645216`,
    /// the usual spelling of a probability), read eight digits at a time; nil for anything else,
    /// which `parse` handles. The caller guarantees that the 8 bytes after the point are readable.
    /// Gives exactly what `parse` gives: the same mantissa, divided by the same power of ten.
    @inline(__always)
    public static func parseUnitFraction(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let fractionDigits = end &- start &- 2
        guard fractionDigits >= 1 && fractionDigits <= 8 && base[start &+ 1] == UInt8(ascii: ".") else { return nil }
        let leading = UInt64(base[start] &- UInt8(ascii: "0"))
        guard leading <= 9 else { return nil }
        // The fraction's digits, first digit in the lowest byte; shifted up so that they end at
        // the top, with '0's filling in below (leading zeros of an eight-digit number).
        let word = UInt64(littleEndian: UnsafeRawPointer(base + (start &+ 2)).loadUnaligned(as: UInt64.self))
        let shift = UInt64(8 &* (8 &- fractionDigits))
        let digits = (word &<< shift) | (0x3030_3030_3030_3030 & ((1 &<< shift) &- 1))
        let values = digits ^ 0x3030_3030_3030_3030
        // Every byte a digit: no byte above 9 (adding 0x76 carries into the top bit exactly then).
        guard (values &+ 0x7676_7676_7676_7676 | values) & 0x8080_8080_8080_8080 == 0 else { return nil }
        var x = values
        x = (x &* 10 &+ (x &>> 8)) & 0x00FF_00FF_00FF_00FF
        x = (x &* 100 &+ (x &>> 16)) & 0x0000_FFFF_0000_FFFF
        x = (x &* 10000 &+ (x &>> 32)) & 0x0000_0000_FFFF_FFFF
        let mantissa = leading &* powerOfTen(fractionDigits) &+ x
        return Double(mantissa) / exactPowerOfTen(fractionDigits)
    }

    @inline(__always)
    private static func powerOfTen(_ e: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<e { result &*= 10 }
        return result
    }

    /// The value of `text` read as a score is read from a file: the one number syntax for every
    /// number rai takes (thresholds, gate bounds, levels), so that `0x1p-1`, `inf` or `1_000` are
    /// refused on the command line as they are in data.
    public static func parse(_ text: some StringProtocol) -> Double? {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { return nil }
        return utf8.withUnsafeBufferPointer { parse($0.baseAddress!, 0, $0.count) }
    }

    /// Every other spelling: spaces, `+`, exponents, long mantissas.
    private static func general(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var stop = end
        while i < stop && (base[i] == .space || base[i] == .tab) { i += 1 }
        while stop > i && (base[stop - 1] == .space || base[stop - 1] == .tab) { stop -= 1 }
        let first = i
        var negative = false
        if i < stop && (base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+")) {
            negative = base[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var exponent = 0
        // Integer part.
        while i < stop {
            let d = base[i] &- UInt8(ascii: "0")
            if d > 9 { break }
            if mantissa != 0 || d != 0 { significantDigits += 1 }
            if significantDigits <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) } else { exponent += 1 }
            digitCount += 1
            i += 1
        }
        if i < stop && base[i] == UInt8(ascii: ".") {
            i += 1
            while i < stop {
                let d = base[i] &- UInt8(ascii: "0")
                if d > 9 { break }
                if mantissa != 0 || d != 0 { significantDigits += 1 }
                if significantDigits <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    exponent -= 1
                }
                digitCount += 1
                i += 1
            }
        }
        if digitCount == 0 { return nil }
        if i < stop && (base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < stop && (base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+")) {
                exponentNegative = base[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0
            var exponentDigits = 0
            while i < stop {
                let d = base[i] &- UInt8(ascii: "0")
                if d > 9 { break }
                if written < 100_000 { written = written * 10 + Int(d) }
                exponentDigits += 1
                i += 1
            }
            if exponentDigits == 0 { return nil }
            exponent += exponentNegative ? -written : written
        }
        if i != stop { return nil }
        if significantDigits <= 19 && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent >= 0 {
                value *= exactPowerOfTen(exponent)
            } else {
                value /= exactPowerOfTen(-exponent)
            }
            return negative ? -value : value
        }
        return slowParse(base + first, stop - first)
    }

    /// `strtod` on a NUL-terminated copy of already validated decimal syntax.
    private static func slowParse(_ base: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for k in 0..<count { buffer[k] = CChar(bitPattern: base[k]) }
            buffer[count] = 0
            let value = strtod(buffer.baseAddress!, nil)
            return value.isFinite ? value : nil
        }
    }
}
