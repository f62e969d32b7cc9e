/// Decides whether a label value means the positive class.
///
/// Without `--positive-label`, a label must be one of `0`, `1` (also `0.0`, `1.0`, any numeric
/// spelling of zero or one) or `true`/`false` in any letter case; anything else is an error rather
/// than a guess. With `--positive-label VALUE`, a label equal to VALUE is positive and every other
/// value negative; equality is numeric when both sides are numbers (so `1` equals `1.0`), and
/// byte-for-byte otherwise.
public struct LabelRule: Sendable {
    public let positiveValue: [UInt8]?
    private let positiveNumber: Double?

    public init(positiveLabel: String?) {
        positiveValue = positiveLabel.map { Array($0.utf8) }
        positiveNumber = positiveValue.flatMap { bytes in
            bytes.withUnsafeBufferPointer { DecimalParser.parse($0.baseAddress!, 0, $0.count) }
        }
    }

    /// true for positive, false for negative, nil when the value is not a valid label.
    @inline(__always)
    public func decode(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, numericAllowed: Bool = true) -> Bool? {
        let length = end - start
        if let positiveValue {
            if length == positiveValue.count && (0..<length).allSatisfy({ base[start + $0] == positiveValue[$0] }) {
                return true
            }
            if numericAllowed, let positiveNumber, let number = DecimalParser.parse(base, start, end) {
                return number == positiveNumber
            }
            return false
        }
        if length == 1 {
            switch base[start] {
            case UInt8(ascii: "1"): return true
            case UInt8(ascii: "0"): return false
            default: return nil
            }
        }
        if length == 4 && Self.equalsIgnoringCase(base + start, "true") { return true }
        if length == 5 && Self.equalsIgnoringCase(base + start, "false") { return false }
        if let number = DecimalParser.parse(base, start, end) {
            if number == 1 { return true }
            if number == 0 { return false }
        }
        return nil
    }

    private static func equalsIgnoringCase(_ p: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
        let w = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount where p[k] | 0x20 != w[k] { return false }
        return true
    }
}
