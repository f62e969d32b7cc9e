/// The header row of a CSV or TSV file: the column names, made unique.
public struct CSVHeader: Sendable {
    public let names: [String]
    /// Bytes the header row takes, line ending included.
    public let length: Int
    /// Physical lines the header row takes (more than one when a quoted name holds a newline).
    public let lines: Int
    /// Names that were renamed because they repeat an earlier one, as (original, new).
    public let renamed: [(original: String, renamed: String)]

    /// Parses the first row of `bytes`. A name repeated later becomes `NAME_1`, `NAME_2`, … as
    /// DuckDB does, so every column stays addressable.
    public static func parse(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8) -> Result<CSVHeader, DataProblem> {
        let b = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        var raw: [[UInt8]] = []
        var current: [UInt8] = []
        var pos = 0
        var lines = 0
        var finished = false
        while !finished {
            current.removeAll()
            if pos < end && b[pos] == .quote {
                pos += 1
                while true {
                    while pos < end && b[pos] != .quote {
                        if b[pos] == .lineFeed { lines += 1 }
                        current.append(b[pos])
                        pos += 1
                    }
                    guard pos < end else { return .failure(.unterminatedQuote) }
                    if pos + 1 < end && b[pos + 1] == .quote {
                        current.append(.quote)
                        pos += 2
                        continue
                    }
                    pos += 1
                    break
                }
            } else {
                while pos < end && b[pos] != delimiter && b[pos] != .lineFeed {
                    current.append(b[pos])
                    pos += 1
                }
                if current.last == .carriageReturn && (pos == end || b[pos] == .lineFeed) { current.removeLast() }
                // A CR inside an unquoted name: lines that end in CR alone, which would make the
                // whole file one header row.
                if current.contains(.carriageReturn) { return .failure(.carriageReturnLineEndings) }
            }
            raw.append(current)
            if pos >= end {
                finished = true
            } else if b[pos] == delimiter {
                pos += 1
            } else if b[pos] == .lineFeed {
                pos += 1
                lines += 1
                finished = true
            } else if b[pos] == .carriageReturn && pos + 1 < end && b[pos + 1] == .lineFeed {
                pos += 2
                lines += 1
                finished = true
            } else {
                return .failure(.textAfterClosingQuote)
            }
        }
        // Invalid UTF-8 in a name is shown with replacement characters: like a data value, it is
        // an error only where it is used, and a name that is used has been typed as valid text.
        let names = raw.map { String(decoding: $0, as: UTF8.self) }
        let (unique, renamed) = deduplicated(names)
        return .success(CSVHeader(names: unique, length: pos, lines: lines, renamed: renamed))
    }

    static func deduplicated(_ names: [String]) -> ([String], [(original: String, renamed: String)]) {
        var seen = Set<String>()
        var result: [String] = []
        var renamed: [(original: String, renamed: String)] = []
        for name in names {
            if seen.insert(name).inserted {
                result.append(name)
                continue
            }
            var suffix = 1
            while seen.contains("\(name)_\(suffix)") || names.contains("\(name)_\(suffix)") { suffix += 1 }
            let fresh = "\(name)_\(suffix)"
            seen.insert(fresh)
            result.append(fresh)
            renamed.append((name, fresh))
        }
        return (result, renamed)
    }
}
