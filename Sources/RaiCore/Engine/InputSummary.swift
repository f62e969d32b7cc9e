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

    public init(path: String, format: InputFormat) {
        self.path = path
        self.format = format
    }

    public var rowsSkipped: Int { skipped.reduce(0) { $0 + $1.count } }
}
