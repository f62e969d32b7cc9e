/// Splits RFC 4180 rows into fields, recording only the columns a job needs.
///
/// Quotes are special only at the start of a field, as in RFC 4180; a quoted field may contain
/// delimiters, `""` escapes and newlines. Rows end in LF or CRLF. A `"` inside an unquoted field
/// is kept as a literal character (as Python's csv module and pandas do), which keeps files with
/// stray inch marks readable; `BlockSplitter` follows the same rule so blocks never split a row.
public struct CSVRowScanner: Sendable {
    public let delimiter: UInt8
    public let columnCount: Int
    /// For each column of the header, the slot its value goes to, or -1 when it is not needed.
    public let slotOfColumn: [Int]
    private var separators: SeparatorIndex

    public init(delimiter: UInt8, columnCount: Int, slotOfColumn: [Int]) {
        self.delimiter = delimiter
        self.columnCount = columnCount
        self.slotOfColumn = slotOfColumn
        separators = SeparatorIndex(delimiter: delimiter)
    }

    public mutating func startBlock() {
        separators.reset()
    }

    /// Scans the row starting at `position` in `bytes`, fills `fields`, advances `position` past
    /// the row's line ending and adds the newlines consumed to `lines`.
    @inline(__always)
    public mutating func scanRow(
        _ bytes: UnsafeRawBufferPointer, position: inout Int, lines: inout Int,
        fields: UnsafeMutableBufferPointer<Field>
    ) -> ScanOutcome {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        var pos = position
        if pos >= end { return .end }
        // A blank line (LF or CRLF) is not a row.
        if base[pos] == .lineFeed {
            position = pos &+ 1
            lines &+= 1
            return .blank
        }
        if base[pos] == .carriageReturn && pos &+ 1 < end && base[pos &+ 1] == .lineFeed {
            position = pos &+ 2
            lines &+= 1
            return .blank
        }
        let delimiter = self.delimiter
        let slotCount = slotOfColumn.count
        var column = 0
        var outcome = ScanOutcome.row
        /// The field with text after its closing quote, if any: the row is malformed, but it still
        /// ends where `BlockSplitter` says it does, so that no row after it depends on the problem.
        var textAfterQuote: Int?
        slotOfColumn.withUnsafeBufferPointer { slots in
            while true {
                let fieldStart = pos
                var contentEnd: Int
                var kind = Field.Kind.plain
                if base[pos] == .quote {
                    switch scanQuoted(base, &pos, end, &lines) {
                    case .unterminated:
                        outcome = .malformed(.unterminatedQuote, column: column &+ 1, resume: end)
                        position = end
                        return
                    case .garbageAfterQuote:
                        if textAfterQuote == nil { textAfterQuote = column &+ 1 }
                        pos = separators.next(base, from: pos, end: end)
                        contentEnd = pos
                    case .closed(let escaped):
                        kind = escaped ? .escaped : .quoted
                        contentEnd = pos &- 1
                    }
                } else {
                    pos = separators.next(base, from: pos, end: end)
                    contentEnd = pos
                    if contentEnd > fieldStart && base[contentEnd &- 1] == .carriageReturn && (pos == end || base[pos] == .lineFeed) {
                        contentEnd &-= 1
                    }
                }
                if column < slotCount {
                    let slot = slots[column]
                    if slot >= 0 {
                        let contentStart = kind == .plain ? fieldStart : fieldStart &+ 1
                        fields[slot] = contentEnd == contentStart
                            ? .missing : Field(start: contentStart, end: contentEnd, kind: kind)
                    }
                }
                column &+= 1
                if pos >= end { break }
                let c = base[pos]
                pos &+= 1
                if c == delimiter {
                    if pos >= end {
                        column &+= 1  // a trailing delimiter at end of input opens an empty field
                        break
                    }
                    continue
                }
                if c == .carriageReturn && pos < end { pos &+= 1 }  // CRLF after a quoted field
                lines &+= 1
                break
            }
            position = pos
            if let textAfterQuote {
                outcome = .malformed(.textAfterClosingQuote, column: textAfterQuote, resume: pos)
            } else if column != columnCount {
                outcome = .malformed(.raggedRow(expected: columnCount, found: column), column: nil, resume: pos)
            }
        }
        return outcome
    }

    private enum QuotedField {
        case closed(escaped: Bool)
        case unterminated
        case garbageAfterQuote
    }

    /// Scans a quoted field from its opening quote to just past the closing one.
    private func scanQuoted(_ base: UnsafePointer<UInt8>, _ pos: inout Int, _ end: Int, _ lines: inout Int) -> QuotedField {
        pos += 1
        var escaped = false
        while true {
            while pos < end && base[pos] != .quote {
                if base[pos] == .lineFeed { lines += 1 }
                pos += 1
            }
            if pos >= end { return .unterminated }
            if pos + 1 < end && base[pos + 1] == .quote {
                escaped = true
                pos += 2
                continue
            }
            break
        }
        pos += 1
        if pos < end {
            let next = base[pos]
            let atCRLF = next == .carriageReturn && (pos + 1 == end || base[pos + 1] == .lineFeed)
            if next != delimiter && next != .lineFeed && !atCRLF { return .garbageAfterQuote }
        }
        return .closed(escaped: escaped)
    }
}

extension UInt8 {
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    static let tab = UInt8(ascii: "\t")
    static let backslash = UInt8(ascii: "\\")
    static let space = UInt8(ascii: " ")
}
