/// The exact bytes around the values of the last object read, so that the next object, which
/// writers almost always emit with the same keys in the same order and spacing, is read by
/// comparing those bytes at once and finding only where each value ends.
///
/// An object follows the template when, from its first byte, it repeats each *part* (the bytes
/// from the end of one value to the start of the next: `,"score":` or `, "score": `) and ends with
/// the same *ending* (`}\n`). Values are found by their first byte: a string runs to its closing
/// quote, anything else to the next `,`, `}` or space. A string with a backslash or a control
/// character, a literal that is not a number, `true`, `false` or `null`, or any byte that differs
/// makes `scan` decline, and the row scanner's general path reads the row (and teaches the
/// template its layout). Matching raw key bytes is exact: equal bytes are the same key.
struct JSONLTemplate {
    /// Bytes compared as (up to) two masked 8-byte words when the part is at most 16 bytes.
    private struct Part {
        var words: (UInt64, UInt64)
        var masks: (UInt64, UInt64)
        var length: Int
        /// Where the part's bytes start in `text`.
        var offset: Int
        /// The slot of the value that follows, or -1 (none for the ending).
        var slot: Int
    }

    private var parts: [Part] = []
    private var ending: Part?
    private var text: [UInt8] = []
    /// The slots no part fills: missing in every row that follows the template.
    private var absentSlots: [Int] = []

    /// Forgets the layout (after a row that has none to repeat).
    mutating func clear() {
        parts.removeAll(keepingCapacity: true)
        ending = nil
    }

    /// Takes the layout of the object in `[rowStart, rowEnd)` whose values (in order, with their
    /// slots) lie at `values`.
    mutating func learn(_ b: UnsafePointer<UInt8>, rowStart: Int, rowEnd: Int, values: [(start: Int, end: Int, slot: Int)],
                        slots: Int) {
        clear()
        text.removeAll(keepingCapacity: true)
        absentSlots = (0..<slots).filter { slot in !values.contains { $0.slot == slot } }
        var previousEnd = rowStart
        for value in values {
            parts.append(makePart(b, from: previousEnd, to: value.start, slot: value.slot))
            previousEnd = value.end
        }
        ending = makePart(b, from: previousEnd, to: rowEnd, slot: -1)
    }

    private mutating func makePart(_ b: UnsafePointer<UInt8>, from start: Int, to end: Int, slot: Int) -> Part {
        let length = end - start
        var words: (UInt64, UInt64) = (0, 0), masks: (UInt64, UInt64) = (0, 0)
        for k in 0..<min(length, 16) {
            let bits = UInt64(b[start + k]) << UInt64(8 * (k % 8))
            if k < 8 {
                words.0 |= bits
                masks.0 |= 0xFF << UInt64(8 * k)
            } else {
                words.1 |= bits
                masks.1 |= 0xFF << UInt64(8 * (k - 8))
            }
        }
        let offset = text.count
        text.append(contentsOf: UnsafeBufferPointer(start: b + start, count: length))
        return Part(words: words, masks: masks, length: length, offset: offset, slot: slot)
    }

    /// Reads the object at `start` if it follows the template: fills the fields of its values
    /// (all others are set missing) and returns the offset past its line feed; nil otherwise.
    @inline(__always)
    func scan(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, fields: UnsafeMutableBufferPointer<Field>) -> Int? {
        guard ending != nil else { return nil }
        for slot in fields.indices { fields[slot] = .missing }
        return scan(b, start, end) { slot, field in
            fields[slot] = field
            return true
        }
    }

    /// The same, writing the fields straight into row `row` of `table`; nil also for an empty
    /// string, which the table cannot tell from a missing value.
    @inline(__always)
    func scan(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into table: FieldTable, row: Int) -> Int? {
        guard ending != nil else { return nil }
        let starts = table.starts, ends = table.ends, capacity = table.capacity
        assert(row < capacity, "a row outside the table")
        for slot in absentSlots {
            starts[slot &* capacity &+ row] = 0
            ends[slot &* capacity &+ row] = 0
        }
        return scan(b, start, end) { slot, field in
            let cell = slot &* capacity &+ row
            if field.kind == .missing {
                starts[cell] = 0
                ends[cell] = 0
                return true
            }
            guard field.end > field.start else { return false }
            starts[cell] = Int32(truncatingIfNeeded: field.start)
            ends[cell] = Int32(truncatingIfNeeded: field.end)
            return true
        }
    }

    /// The same, handing each value's slot and field to `store` (which returns false to decline
    /// the row) instead; slots not in the template are left alone.
    @inline(__always)
    func scan(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, store: (Int, Field) -> Bool) -> Int? {
        guard let ending else { return nil }
        var pos = start
        return parts.withUnsafeBufferPointer { parts -> Int? in
            for part in parts {
                guard matches(part, b, pos, end) else { return nil }
                pos &+= part.length
                guard pos &+ 16 <= end else { return nil }  // room for the 8-byte reads below
                let field: Field
                if b[pos] == .quote {
                    guard let close = Self.closingQuote(b, pos &+ 1, end) else { return nil }
                    field = Field(start: pos &+ 1, end: close, kind: .quoted)
                    pos = close &+ 1
                } else {
                    let valueEnd = Self.literalEnd(b, pos, end)
                    guard valueEnd > pos, let kind = Self.literalKind(b, pos, valueEnd, used: part.slot >= 0) else { return nil }
                    field = kind == .missing ? .missing : Field(start: pos, end: valueEnd, kind: kind)
                    pos = valueEnd
                }
                if part.slot >= 0 && !store(part.slot, field) { return nil }
            }
            guard matches(ending, b, pos, end) else { return nil }
            return pos &+ ending.length
        }
    }

    @inline(__always)
    private func matches(_ part: Part, _ b: UnsafePointer<UInt8>, _ pos: Int, _ end: Int) -> Bool {
        if part.length <= 16 && pos &+ 16 <= end {
            assert(pos >= 0, "a part before the block")
            let raw = UnsafeRawPointer(b + pos)
            let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            return first & part.masks.0 == part.words.0 && second & part.masks.1 == part.words.1
        }
        guard pos &+ part.length <= end else { return false }
        return text.withUnsafeBufferPointer { text in
            for k in 0..<part.length where b[pos &+ k] != text[part.offset &+ k] { return false }
            return true
        }
    }

    /// Bytes equal to `byte` in `word`: the top bit of each such byte set (exact for the lowest one,
    /// which is all that is used).
    @inline(__always)
    private static func equalBytes(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Bytes below `limit` (at most 0x80) in `word`, likewise.
    @inline(__always)
    private static func bytesBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- 0x0101_0101_0101_0101 &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080
    }

    /// The offset of the quote closing the string whose content starts at `pos`; nil at a
    /// backslash or control character first (the general path decodes or rejects those).
    @inline(__always)
    private static func closingQuote(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var pos = start
        while pos &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(b + pos).loadUnaligned(as: UInt64.self))
            let found = equalBytes(word, .quote) | equalBytes(word, .backslash) | bytesBelow(word, 0x20)
            if found != 0 {
                let at = pos &+ found.trailingZeroBitCount &>> 3
                return b[at] == .quote ? at : nil
            }
            pos &+= 8
        }
        return nil
    }

    /// The end of the literal at `pos`: the first `,`, `}`, space or control character.
    @inline(__always)
    private static func literalEnd(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var pos = start
        while pos &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(b + pos).loadUnaligned(as: UInt64.self))
            let found = equalBytes(word, .comma) | equalBytes(word, UInt8(ascii: "}")) | bytesBelow(word, 0x21)
            if found != 0 { return pos &+ found.trailingZeroBitCount &>> 3 }
            pos &+= 8
        }
        return start  // declined: too near the end of the block
    }

    /// What the general path makes of a literal: a number (checked when used), `true`, `false`,
    /// `null` (missing); nil for anything else. Unused literals only need the right first byte.
    @inline(__always)
    private static func literalKind(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, used: Bool) -> Field.Kind? {
        let first = b[start]
        if !used {
            return JSONLRowScanner.isNumberByte(first) || first == UInt8(ascii: "t") || first == UInt8(ascii: "f")
                || first == UInt8(ascii: "n") ? .missing : nil
        }
        let length = end &- start
        if first == UInt8(ascii: "n") { return length == 4 && b[start + 1] == UInt8(ascii: "u") && b[start + 2] == UInt8(ascii: "l")
            && b[start + 3] == UInt8(ascii: "l") ? .missing : nil }
        if first == UInt8(ascii: "t") || first == UInt8(ascii: "f") {
            let word: StaticString = first == UInt8(ascii: "t") ? "true" : "false"
            guard length == word.utf8CodeUnitCount else { return nil }
            for k in 0..<length where b[start + k] != word.utf8Start[k] { return nil }
            return .plain
        }
        // The usual numbers first: one digit (a label) or a unit fraction (a score); `scan` has
        // made sure 16 bytes follow the start.
        if length == 1 { return first &- UInt8(ascii: "0") <= 9 ? .plain : nil }
        if DecimalParser.parseUnitFraction(b, start, end) != nil { return .plain }
        for k in start..<end where !JSONLRowScanner.isNumberByte(b[k]) { return nil }
        return DecimalParser.parse(b, start, end) != nil || JSONLRowScanner.isJSONNumber(b, start, end) ? .plain : nil
    }
}
