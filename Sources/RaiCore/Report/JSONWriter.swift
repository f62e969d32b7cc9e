/// Writes indented JSON text with deterministic number formatting, key order as written.
///
/// Doubles use Swift's shortest round-trip representation, so a value read back is the same
/// double; integral values print without a fraction. Non-finite numbers are written as `null`.
/// Output accumulates as UTF-8 bytes: a full report is megabytes of small pieces, and appending
/// bytes avoids re-examining a growing `String`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var indent = 0
    private var needsComma = [false]

    enum Value {
        case string(String?)
        case number(Double?)
        case integer(Int)
        case bool(Bool)
        case null
    }

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }


    mutating func beginObject(_ key: String? = nil) { open(key, UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray(_ key: String? = nil) { open(key, UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func field(_ key: String, _ value: Value) {
        separator()
        Self.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(.space)
        Self.append(value, to: &bytes)
    }

    /// A pair of numbers on one line, such as an interval (no array of values to build).
    mutating func numberPair(_ key: String, _ first: Double?, _ second: Double?) {
        separator()
        Self.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(.space)
        bytes.append(UInt8(ascii: "["))
        Self.append(.number(first), to: &bytes)
        bytes.append(.comma)
        bytes.append(.space)
        Self.append(.number(second), to: &bytes)
        bytes.append(UInt8(ascii: "]"))
    }

    /// An array of scalars on one line, for short lists such as thresholds.
    mutating func inlineArray(_ key: String?, _ values: [Value]) {
        separator()
        if let key {
            Self.appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(.space)
        }
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 {
                bytes.append(.comma)
                bytes.append(.space)
            }
            Self.append(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func open(_ key: String?, _ bracket: UInt8) {
        separator()
        if let key {
            Self.appendQuoted(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(.space)
        }
        bytes.append(bracket)
        indent += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = needsComma.removeLast()
        indent -= 1
        if hadItems { newline() }
        bytes.append(bracket)
        if indent == 0 { bytes.append(.lineFeed) }
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(.comma) }
        if indent > 0 { newline() }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func newline() {
        bytes.append(.lineFeed)
        var spaces = 2 * indent
        while spaces > 0 {
            let run = min(spaces, 16)
            withUnsafeBytes(of: Self.sixteenSpaces) { bytes.append(contentsOf: $0.prefix(run)) }
            spaces -= run
        }
    }

    private static let sixteenSpaces: (UInt64, UInt64) = (0x2020_2020_2020_2020, 0x2020_2020_2020_2020)

    /// Appends the UTF-8 of `text` in one copy.
    private static func appendUTF8(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static func append(_ value: Value, to bytes: inout [UInt8]) {
        switch value {
        case .string(let s):
            if let s { appendQuoted(s, to: &bytes) } else { appendUTF8("null", to: &bytes) }
        case .number(let d): appendUTF8(d.map(format) ?? "null", to: &bytes)
        case .integer(let i): appendUTF8(String(i), to: &bytes)
        case .bool(let b): appendUTF8(b ? "true" : "false", to: &bytes)
        case .null: appendUTF8("null", to: &bytes)
        }
    }

    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return d.description
    }

    private static func appendQuoted(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(.quote)
        // Names and keys rarely need escapes: copy them whole when none does.
        var text = s
        let plain = text.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 != .quote && $0 != .backslash }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if plain {
            bytes.append(.quote)
            return
        }
        for byte in s.utf8 {
            switch byte {
            case .quote: bytes.append(contentsOf: [.backslash, .quote])
            case .backslash: bytes.append(contentsOf: [.backslash, .backslash])
            case .lineFeed: bytes.append(contentsOf: [.backslash, UInt8(ascii: "n")])
            case .carriageReturn: bytes.append(contentsOf: [.backslash, UInt8(ascii: "r")])
            case .tab: bytes.append(contentsOf: [.backslash, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [.backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(.quote)
    }
}

extension JSONWriter {
    /// The `skipped` array of an input section: rows skipped with `--skip-invalid`, per reason, as
    /// every command's JSON report writes it.
    mutating func skippedRows(_ skipped: [SkippedRows]) {
        beginArray("skipped")
        for skip in skipped {
            beginObject()
            field("reason", .string(skip.reason))
            field("count", .integer(skip.count))
            field("first_line", .integer(skip.firstLine))
            field("example", .string(skip.example))
            endObject()
        }
        endArray()
    }
}
