import Foundation
import Testing
@testable import RaiCore

@Suite("Decimal parsing")
struct DecimalParserTests {
    func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalParser.parse($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, 0, $0.count) }
    }

    @Test("accepted spellings", arguments: [
        ("0", 0.0), ("1", 1.0), ("0.5", 0.5), (".5", 0.5), ("5.", 5.0), ("-0.25", -0.25), ("+3", 3.0),
        ("1e3", 1000.0), ("1E-3", 0.001), ("2.5e+2", 250.0), (" 0.75 ", 0.75), ("\t1\t", 1.0),
        ("0.000001", 0.000001), ("123456789012345678901234567890", 123456789012345678901234567890.0),
        ("4.9e-324", Double.leastNonzeroMagnitude), ("1.7976931348623157e308", 1.7976931348623157e308),
    ])
    func accepted(text: String, expected: Double) {
        #expect(parse(text) == expected)
    }

    @Test("rejected spellings", arguments: [
        "", " ", "-", "+", ".", "e5", "1e", "1e+", "abc", "0x10", "inf", "-inf", "nan", "NaN", "Infinity",
        "1,5", "1.2.3", "1e400", "--1", "1 2", "0.5%",
    ])
    func rejected(text: String) {
        #expect(parse(text) == nil)
    }

    @Test("agrees with strtod bit for bit on a million random inputs and hard ones")
    func matchesStrtod() {
        // Seeded, so that a mismatch found once is found again.
        var generator = SeededGenerator(seed: 0xDEC1_3A1)
        var texts: [String] = [
            "9007199254740993", "9007199254740992.5", "0.1", "0.3", "2.2250738585072011e-308",
            "2.2250738585072014e-308", "1e23", "8.988465674311579e307", "0.000000000000000000001",
            "179769313486231570000000000000000000000000000000000000000000000000000000000000000000",
            "0.99999999999999999999", "1.00000000000000011102230246251565404236316680908203125",
        ]
        for _ in 0..<1_000_000 {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: texts.append(String(format: "%.6f", Double.random(in: 0...1, using: &generator)))
            case 1: texts.append(String(Double.random(in: -1e6...1e6, using: &generator)))
            case 2:
                let digits = (0..<Int.random(in: 1...25, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
                texts.append("0." + digits + "e\(Int.random(in: -30...30, using: &generator))")
            default:
                texts.append(String(Double(bitPattern: UInt64.random(in: 0..<0x7FF0_0000_0000_0000, using: &generator))))
            }
        }
        var mismatches: [String] = []
        for text in texts {
            let expected = strtod(text, nil)
            if parse(text)?.bitPattern != expected.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test("the eight-digits-at-once path gives what parse gives, or declines")
    func unitFraction() {
        var generator = SeededGenerator(seed: 0xF4AC_7104)
        var texts = ["0.5", "1.0", "0.00000001", "9.99999999", "0.123456789", "0.", "1", "-0.5", "0.1e3", "0.5 ", " 0.5",
                     "0.1234567a", "0.:", "0./", "x.5", "0,5", "0.5\u{FF}"]
        for _ in 0..<100_000 {
            let digits = (0..<Int.random(in: 1...8, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }
            texts.append("\(Int.random(in: 0...9, using: &generator))." + digits.joined())
        }
        for text in texts {
            // Padded, as the block is: the path reads 8 bytes after the point.
            let bytes = Array(text.utf8) + Array(repeating: UInt8(ascii: "7"), count: 10)
            let count = text.utf8.count
            let fast = bytes.withUnsafeBufferPointer { DecimalParser.parseUnitFraction($0.baseAddress!, 0, count) }
            let shaped = text.utf8.count >= 3 && text.utf8.count <= 10 && text.utf8.dropFirst().first == UInt8(ascii: ".")
                && text.utf8.allSatisfy { $0 == UInt8(ascii: ".") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
            if shaped {
                #expect(fast?.bitPattern == parse(text)?.bitPattern, "\(text)")
            } else {
                #expect(fast == nil, "\(text)")
            }
        }
    }
}
