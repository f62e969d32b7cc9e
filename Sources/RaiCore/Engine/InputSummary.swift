/// Rows skipped for one reason with `--skip-invalid`.
public struct SkippedRows: Equatable, Sendable {
    public var reason: String
    public var count: Int
    public var firstLine: Int
    /// The full message for the first such row.
    public var example: String
}

/// A header name changed to keep column names unique.
public struct RenamedColumn: Equatable, Sendable {
    public var original: String
    public var renamed: String
}

/// Where the numbers came from.
public struct InputSummary: Equatable, Sendable {
    public var path: String
    public var format: InputFormat
    /// Data rows seen, valid or not (blank lines excluded).
    public var rowsRead = 0
    /// Rows that were counted.
    public var rowsUsed = 0
    public var blankLines = 0
    /// Bytes read from the input, header and byte order mark included.
    public var bytes = 0
    /// SHA-256 of those bytes, when asked for.
    public var sha256: String?
    public var skipped: [SkippedRows] = []
    public var renamedColumns: [RenamedColumn] = []
    /// For merged partial results: the summary of each part's input, in the order merged. The
    /// fields above then add up the parts.
    public var parts: [InputSummary] = []
    /// Names this counting of the input: a random identity given when `rai eval --partial` writes
    /// it, kept by every merge, so that merging the same counts twice (a copied partial, or a
    /// merged partial together with one of its parts) is refused instead of counting rows twice.
    /// Not in reports.
    public var countID: String?

    public init(path: String, format: InputFormat) {
        self.path = path
        self.format = format
    }

    public var rowsSkipped: Int { skipped.reduce(0) { $0 + $1.count } }

    /// The summary of several inputs counted together: rows, bytes and skipped rows add up (each
    /// reason keeps the first part's first line and example), and `parts` lists each one.
    static func merged(_ inputs: [InputSummary]) -> InputSummary {
        let all = inputs.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
        guard all.count > 1 else { return all.first ?? InputSummary(path: "-", format: .csv) }
        var merged = InputSummary(path: "\(all.count) parts", format: all[0].format)
        merged.parts = all
        for part in all {
            merged.rowsRead += part.rowsRead
            merged.rowsUsed += part.rowsUsed
            merged.blankLines += part.blankLines
            merged.bytes += part.bytes
            for skip in part.skipped {
                if let index = merged.skipped.firstIndex(where: { $0.reason == skip.reason }) {
                    merged.skipped[index].count += skip.count
                } else {
                    merged.skipped.append(skip)
                }
            }
            for column in part.renamedColumns where !merged.renamedColumns.contains(column) { merged.renamedColumns.append(column) }
        }
        merged.skipped.sort { $0.reason < $1.reason }
        return merged
    }
}
