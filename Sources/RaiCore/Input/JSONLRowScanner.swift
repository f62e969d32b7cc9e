#if canImport(Glibc)
import Glibc
#endif

/// Reads JSON Lines: one flat object per line, values that are strings, numbers, booleans or
/// null. Keys not asked for are skipped (nested values included); a projected key with a nested
/// object or array is an error. When a key repeats in one object the last value wins, as with
/// Python's `json.loads`.
public struct JSONLRowScanner: RowScanner {
    /// The key of each projected slot.
    public let keys: [[UInt8]]
    /// Each key's first 8 bytes packed little-endian with its length in the top byte, compared
    /// first so that most keys are matched or rejected with one integer comparison.
    private let packedKeys: [UInt64]
    /// The keys of the last object, in order, as raw bytes, with their slots (-1 for keys not
    /// used). Writers emit every object with the same keys in the same order, so each key is
    /// first compared, bytes and closing quote at once, with the key at its position last time;
    /// only a mismatch pays for scanning the string and looking the key up.
    private var layoutKeys: [[UInt8]] = []
    private var layoutSlots: [Int] = []
    /// The exact layout of the last object, tried first for each row.
    private var template = JSONLTemplate()
    /// Where the values of the object being read by the general path lie, for `template`; nil
    /// once a value has no place in a template (a nested one).
    private var values: [(start: Int, end: Int, slot: Int)]? = []

    /// Slots whose value is a JSON array of numbers (a multi-class score array), taken whole
    /// (brackets included) as a plain field for the decoder; any other nested value is an error.
    private let arraySlots: [Bool]

    public init(keys: [String], arrayKeys: Set<String> = []) {
        self.keys = keys.map { Array($0.utf8) }
        arraySlots = keys.map { arrayKeys.contains($0) }
        packedKeys = self.keys.map { bytes in
            bytes.withUnsafeBufferPointer { Self.pack($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, 0, bytes.count) }
        }
    }

    @inline(__always)
    private static func pack(_ b: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> UInt64 {
        var packed = UInt64(truncatingIfNeeded: min(length, 255)) &<< 56
        for k in 0..<min(length, 7) { packed |= UInt64(b[start &+ k]) &<< UInt64(8 &* k) }
        return packed
    }

    public func startBlock() {}

    public mutating func scanRow(
        _ bytes: UnsafeRawBufferPointer, position: inout Int, lines: inout Int,
        fields: UnsafeMutableBufferPointer<Field>
    ) -> ScanOutcome {
        scanRow(bytes, position: &position, lines: &lines, fields: fields, tryTemplate: true)
    }

    /// `tryTemplate: false` when the caller has just tried the template on this row.
    private mutating func scanRow(
        _ bytes: UnsafeRawBufferPointer, position: inout Int, lines: inout Int,
        fields: UnsafeMutableBufferPointer<Field>, tryTemplate: Bool
    ) -> ScanOutcome {
        let b = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        var pos = position
        skipSpace(b, &pos, end)
        if pos >= end {
            position = end
            return .end
        }
        if tryTemplate, let next = template.scan(b, position, end, fields: fields) {
            position = next
            lines &+= 1
            return .row
        }
        if b[pos] == .lineFeed {
            position = pos + 1
            lines += 1
            return .blank
        }
        for slot in fields.indices { fields[slot] = .missing }
        values?.removeAll(keepingCapacity: true)
        if values == nil { values = [] }
        if let problem = scanObject(b, &pos, end, &lines, fields) {
            // Carry on after the line that failed, whatever the object's state.
            var resume = pos
            while resume < end && b[resume] != .lineFeed { resume &+= 1 }
            if resume < end {
                resume &+= 1
                lines &+= 1
            }
            position = resume
            return .malformed(problem, column: nil, resume: resume)
        }
        // Only a row ended by its line feed shows the ending of the rows that follow.
        if let values, b[pos &- 1] == .lineFeed {
            template.learn(b, rowStart: position, rowEnd: pos, values: values, slots: keys.count)
        } else {
            template.clear()
        }
        position = pos
        return .row
    }

    /// Scans one object and its line ending; returns what is wrong with it, if anything. Kept
    /// free of closures over `pos` so that the position stays in a register.
    @inline(__always)
    private mutating func scanObject(_ b: UnsafePointer<UInt8>, _ pos: inout Int, _ end: Int, _ lines: inout Int,
                                     _ fields: UnsafeMutableBufferPointer<Field>) -> ScanProblem? {
        var keyIndex = 0
        guard b[pos] == UInt8(ascii: "{") else { return .invalidJSON(.notAnObject) }
        pos &+= 1
        skipSpace(b, &pos, end)
        if pos < end && b[pos] == UInt8(ascii: "}") {
            pos &+= 1
        } else {
            while true {
                skipSpace(b, &pos, end)
                guard pos < end && b[pos] == .quote else { return .invalidJSON(.expectedKey) }
                let slot: Int
                if let known = matchLayout(b, &pos, end, keyIndex) {
                    slot = known
                } else {
                    guard let key = scanString(b, &pos, end) else { return .invalidJSON(stringProblem(b, pos, end)) }
                    slot = slotOfKey(b, key)
                    remember(b, key, slot, at: keyIndex)
                }
                keyIndex &+= 1
                skipSpace(b, &pos, end)
                guard pos < end && b[pos] == UInt8(ascii: ":") else { return .invalidJSON(.expectedColon) }
                pos &+= 1
                skipSpace(b, &pos, end)
                guard pos < end else { return .invalidJSON(.expectedValue) }
                let c = b[pos]
                let valueStart = pos
                var value: Field
                if c == .quote {
                    guard let string = scanString(b, &pos, end) else { return .invalidJSON(stringProblem(b, pos, end)) }
                    value = string
                } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    if slot >= 0 && !(c == UInt8(ascii: "[") && arraySlots[slot]) { return .nestedJSONValue }
                    guard skipNested(b, &pos, end) else { return .invalidJSON(.unbalancedBrackets) }
                    // Rows with nested values take this path: a template holds flat values only.
                    values = nil
                    value = slot >= 0 ? Field(start: valueStart, end: pos, kind: .plain) : .missing
                } else if slot < 0 {
                    // A literal nobody reads: only its end matters (and that it is one of ours).
                    let start = pos
                    while pos < end {
                        let d = b[pos]
                        if d == .comma || d == UInt8(ascii: "}") || d == .lineFeed { break }
                        pos &+= 1
                    }
                    var last = pos
                    while last > start && (b[last &- 1] == .space || b[last &- 1] == .tab || b[last &- 1] == .carriageReturn) { last &-= 1 }
                    guard last > start, Self.isNumberByte(b[start]) || b[start] == UInt8(ascii: "t") || b[start] == UInt8(ascii: "f")
                            || b[start] == UInt8(ascii: "n") else { return .invalidJSON(.unexpectedValue) }
                    // A template ends a literal at its first space, as the used-key branch does.
                    let literal = UnsafeBufferPointer(start: b + start, count: last &- start)
                    if literal.contains(.space) || literal.contains(.tab) { values = nil }
                    value = .missing
                } else {
                    let start = pos
                    var numeric = true
                    while pos < end {
                        let d = b[pos]
                        if d == .comma || d == UInt8(ascii: "}") || d == .space || d == .tab || d == .lineFeed || d == .carriageReturn { break }
                        numeric = numeric && Self.isNumberByte(d)
                        pos &+= 1
                    }
                    // Numbers of keys that are used are checked fully (the decoder parses them
                    // anyway); skipped keys only need the right characters.
                    guard let kind = literalKind(b, start, pos, numeric: numeric, used: slot >= 0) else {
                        return .invalidJSON(.unexpectedValue)
                    }
                    value = Field(start: start, end: pos, kind: kind)
                }
                if slot >= 0 { fields[slot] = value }
                values?.append((valueStart, pos, slot))
                skipSpace(b, &pos, end)
                guard pos < end else { return .invalidJSON(.unterminatedObject) }
                if b[pos] == .comma {
                    pos &+= 1
                    continue
                }
                guard b[pos] == UInt8(ascii: "}") else { return .invalidJSON(.expectedCommaOrBrace) }
                pos &+= 1
                break
            }
        }
        skipSpace(b, &pos, end)
        if pos < end {
            guard b[pos] == .lineFeed else { return .invalidJSON(.textAfterObject) }
            pos &+= 1
            lines &+= 1
        }
        return nil
    }

    /// If the key at `pos` (its opening quote) is the one at `index` in the last object, moves past
    /// its closing quote and returns its slot.
    @inline(__always)
    private func matchLayout(_ b: UnsafePointer<UInt8>, _ pos: inout Int, _ end: Int, _ index: Int) -> Int? {
        guard index < layoutKeys.count else { return nil }
        return layoutKeys[index].withUnsafeBufferPointer { expected -> Int? in
            let length = expected.count
            let close = pos &+ 1 &+ length
            guard close < end, b[close] == .quote else { return nil }
            if length > 0 && memcmp(b + pos + 1, expected.baseAddress!, length) != 0 { return nil }
            pos = close &+ 1
            return layoutSlots[index]
        }
    }

    private mutating func remember(_ b: UnsafePointer<UInt8>, _ key: Field, _ slot: Int, at index: Int) {
        guard key.kind != .escaped, index <= layoutKeys.count else { return }
        let bytes = Array(UnsafeBufferPointer(start: b + key.start, count: key.end - key.start))
        if index == layoutKeys.count {
            layoutKeys.append(bytes)
            layoutSlots.append(slot)
        } else {
            layoutKeys[index] = bytes
            layoutSlots[index] = slot
        }
    }

    @inline(__always)
    private func skipSpace(_ b: UnsafePointer<UInt8>, _ pos: inout Int, _ end: Int) {
        if pos < end && b[pos] > .space { return }  // the usual case: no space at all
        while pos < end {
            let c = b[pos]
            if c != .space && c != .tab && c != .carriageReturn { return }
            pos += 1
        }
    }

    /// Scans a string starting at its opening quote; returns its content (without quotes).
    @inline(__always)
    private func scanString(_ b: UnsafePointer<UInt8>, _ pos: inout Int, _ end: Int) -> Field? {
        pos += 1
        let start = pos
        var escaped = false
        while pos < end {
            let c = b[pos]
            if c == .quote {
                pos += 1
                return Field(start: start, end: pos - 1, kind: escaped ? .escaped : .quoted)
            }
            if c == .backslash {
                escaped = true
                pos += 2
                continue
            }
            if c < 0x20 { return nil }
            pos += 1
        }
        return nil
    }

    /// Why `scanString` stopped at `pos`: a raw control character (a tab, say), which JSON
    /// requires escaped, or the end of the line or input before the closing quote.
    private func stringProblem(_ b: UnsafePointer<UInt8>, _ pos: Int, _ end: Int) -> JSONProblem {
        pos < end && b[pos] < 0x20 && b[pos] != .lineFeed && b[pos] != .carriageReturn ? .controlCharacterInString : .unterminatedString
    }

    private func skipNested(_ b: UnsafePointer<UInt8>, _ pos: inout Int, _ end: Int) -> Bool {
        var depth = 0
        while pos < end {
            let c = b[pos]
            if c == .quote {
                guard scanString(b, &pos, end) != nil else { return false }
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
            if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    pos += 1
                    return true
                }
            }
            if c == .lineFeed { return false }
            pos += 1
        }
        return false
    }

    @inline(__always)
    static func isNumberByte(_ c: UInt8) -> Bool {
        c &- UInt8(ascii: "0") <= 9 || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c | 0x20 == UInt8(ascii: "e")
    }

    /// Whether `[start, end)` follows JSON's number grammar, `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`:
    /// such a number too large for a double (`1e400`) is a value that is not a finite number, not
    /// invalid JSON. Asked only of numbers `DecimalParser` refused.
    static func isJSONNumber(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        func digits() -> Int {
            let first = i
            while i < end && b[i] &- UInt8(ascii: "0") <= 9 { i += 1 }
            return i - first
        }
        if i < end && b[i] == UInt8(ascii: "-") { i += 1 }
        let integer = i
        guard digits() > 0, b[integer] != UInt8(ascii: "0") || i == integer + 1 else { return false }
        if i < end && b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < end && b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < end && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == end
    }

    @inline(__always)
    private func literalKind(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, numeric: Bool, used: Bool) -> Field.Kind? {
        if numeric && end > start {
            return !used || DecimalParser.parse(b, start, end) != nil || Self.isJSONNumber(b, start, end) ? .plain : nil
        }
        let length = end - start
        func equals(_ word: StaticString) -> Bool {
            length == word.utf8CodeUnitCount && (0..<length).allSatisfy { b[start + $0] == word.utf8Start[$0] }
        }
        if equals("null") { return .missing }
        if equals("true") || equals("false") { return .plain }
        return nil
    }

    @inline(__always)
    private func slotOfKey(_ b: UnsafePointer<UInt8>, _ key: Field) -> Int {
        let length = key.end - key.start
        if key.kind == .escaped {
            var decoded: [UInt8] = []
            guard JSONUnescape.decode(b, key.start, key.end, into: &decoded) else { return -1 }
            return keys.firstIndex(of: decoded) ?? -1
        }
        let packed = Self.pack(b, key.start, length)
        return packedKeys.withUnsafeBufferPointer { packedKeys in
            for slot in 0..<packedKeys.count where packedKeys[slot] == packed {
                if length <= 7 { return slot }
                var same = true
                keys[slot].withUnsafeBufferPointer { name in
                    for k in 7..<length where name[k] != b[key.start &+ k] {
                        same = false
                        break
                    }
                }
                if same { return slot }
            }
            return -1
        }
    }

    /// Rows that follow the template go straight into the table; others through `scanRow`.
    mutating func scanWindow(_ bytes: UnsafeRawBufferPointer, from start: Int, fields: UnsafeMutableBufferPointer<Field>,
                                    into table: FieldTable) -> (next: Int, lines: Int)? {
        var position = start
        var lines = 0
        table.count = 0
        guard bytes.count < Int(Int32.max) else { return nil }
        let b = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        while table.count < table.capacity && position < bytes.count {
            let row = table.count
            if let next = template.scan(b, position, bytes.count, into: table, row: row) {
                position = next
                lines &+= 1
            } else {
                guard case .row = scanRow(bytes, position: &position, lines: &lines, fields: fields, tryTemplate: false),
                      table.store(fields, row: row) else { return nil }
            }
            table.count &+= 1
        }
        return (position, lines)
    }

    public func unescape(_ bytes: UnsafeRawBufferPointer, _ field: Field, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        return JSONUnescape.decode(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), field.start, field.end, into: &output)
    }
}

/// Decodes the backslash escapes of a JSON string (RFC 8259 §7), surrogate pairs included.
enum JSONUnescape {
    static func decode(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into output: inout [UInt8]) -> Bool {
        var i = start
        while i < end {
            let c = b[i]
            if c != .backslash {
                output.append(c)
                i += 1
                continue
            }
            guard i + 1 < end else { return false }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): output.append(.quote)
            case UInt8(ascii: "\\"): output.append(.backslash)
            case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(.lineFeed)
            case UInt8(ascii: "r"): output.append(.carriageReturn)
            case UInt8(ascii: "t"): output.append(.tab)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(b, i, end) else { return false }
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 6 <= end, b[i] == .backslash, b[i + 1] == UInt8(ascii: "u"),
                          let low = hex4(b, i + 2, end), low >= 0xDC00 && low < 0xE000 else { return false }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    return false
                }
                guard let unicode = Unicode.Scalar(scalar) else { return false }
                output.append(contentsOf: String(Character(unicode)).utf8)
            default:
                return false
            }
        }
        return true
    }

    private static func hex4(_ b: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = b[i + k]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
