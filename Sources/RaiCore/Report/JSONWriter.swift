/// Writes indented JSON text with deterministic number formatting, key order as written.
///
/// Doubles use Swift's shortest round-trip representation, so a value read back is the same
/// double; integral values print without a fraction. Non-finite numbers are written as `null`.
struct JSONWriter {
    private(set) var text = ""
    private var indent = 0
    private var needsComma = [false]

    enum Value {
        case string(String?)
        case number(Double?)
        case integer(Int)
        case bool(Bool)
        case null
    }

    mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    mutating func endObject() { close("}") }
    mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    mutating func endArray() { close("]") }

    mutating func field(_ key: String, _ value: Value) {
        separator()
        text += Self.quote(key) + ": " + Self.render(value)
    }

    mutating func element(_ value: Value) {
        separator()
        text += Self.render(value)
    }

    /// An array of scalars on one line, for short lists such as thresholds.
    mutating func inlineArray(_ key: String?, _ values: [Value]) {
        separator()
        if let key { text += Self.quote(key) + ": " }
        text += "[" + values.map(Self.render).joined(separator: ", ") + "]"
    }

    private mutating func open(_ key: String?, _ bracket: String) {
        separator()
        if let key { text += Self.quote(key) + ": " }
        text += bracket
        indent += 1
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        indent -= 1
        if hadItems { newline() }
        text += bracket
        if indent == 0 { text += "\n" }
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        if indent > 0 { newline() }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func newline() {
        text += "\n" + String(repeating: "  ", count: indent)
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .string(let s): return s.map(quote) ?? "null"
        case .number(let d): return d.map(format) ?? "null"
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return d.description
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
