/// The layouts rai reads. CSV and TSV share one scanner with a different delimiter.
public enum InputFormat: String, Sendable, CaseIterable {
    case csv
    case tsv
    case jsonl

    public var isDelimited: Bool { self != .jsonl }

    /// The format implied by a file name's extension, if any (`.csv`, `.tsv`, `.tab`, `.jsonl`,
    /// `.ndjson`, `.json`).
    public static func fromExtension(of path: String) -> InputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "jsonl", "ndjson", "json": return .jsonl
        default: return nil
        }
    }

    /// Guesses the format from the first bytes of the input: a `{` first means JSONL; otherwise
    /// the header line's tabs and commas decide between TSV and CSV.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> InputFormat {
        var i = 0
        if prefix.count >= 3 && prefix[0] == 0xEF && prefix[1] == 0xBB && prefix[2] == 0xBF { i = 3 }
        while i < prefix.count, prefix[i] == .space || prefix[i] == .lineFeed || prefix[i] == .carriageReturn || prefix[i] == .tab {
            i += 1
        }
        if i < prefix.count && prefix[i] == UInt8(ascii: "{") { return .jsonl }
        var tabs = 0
        var commas = 0
        while i < prefix.count && prefix[i] != .lineFeed {
            if prefix[i] == .tab { tabs += 1 }
            if prefix[i] == .comma { commas += 1 }
            i += 1
        }
        return tabs > commas ? .tsv : .csv
    }
}
