#if canImport(Glibc)
import Glibc
#endif

/// Finds where the last complete row of a block ends, so that blocks handed to different threads
/// never split a row.
///
/// A block is assumed to start at a row boundary. For JSONL and for CSV blocks without a `"` the
/// answer is just past the last newline, found with `memrchr`. A CSV block with quotes is walked
/// with the same quoting rule as `CSVRowScanner` (quotes open a field only at its start), so a
/// newline inside a quoted field is never taken for a row end.
public struct BlockSplitter: Sendable {
    public let format: InputFormat
    public let delimiter: UInt8

    public init(format: InputFormat, delimiter: UInt8) {
        self.format = format
        self.delimiter = delimiter
    }

    /// The length of the prefix of `bytes` made of complete rows; 0 when no row is complete.
    public func completeRowsLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        if format.isDelimited && memchr(base, Int32(UInt8.quote), bytes.count) != nil {
            let b = base.assumingMemoryBound(to: UInt8.self)
            return simpleQuotedRowsLength(b, count: bytes.count) ?? quotedRowsLength(b, count: bytes.count)
        }
        // The last row ends close to the end of the block: a backward byte walk is short.
        var i = bytes.count - 1
        while i >= 0 && bytes[i] != .lineFeed { i -= 1 }
        return i + 1
    }

    /// The same, 64 bytes at a time, when every quote opens a field (right after a separator) or
    /// closes one: then a line feed ends a row exactly when an even number of quotes precede it
    /// (a doubled quote inside a field counts twice), which the prefix XOR of the quote bits
    /// tells. nil when a quote sits inside an unquoted field, which only the byte walk reads right.
    private func simpleQuotedRowsLength(_ b: UnsafePointer<UInt8>, count n: Int) -> Int? {
        var lastBoundary = 0
        var inside: UInt64 = 0
        var separatorBefore: UInt64 = 1  // the block starts a row
        var chunk = 0
        while chunk < n {
            let masks = CSVChunkMasks.load(b, chunk: chunk, end: n, delimiter: delimiter)
            let within = CSVChunkMasks.insideQuotes(masks.quotes, continuing: inside)
            // An opening quote not at a field start (inside an unquoted field) is a literal.
            let opening = masks.quotes & within & ~(masks.quotes &<< 1)
            if opening & ~(masks.separators &<< 1 | separatorBefore) != 0 { return nil }
            let rowEnds = masks.lineFeeds & ~within
            if rowEnds != 0 { lastBoundary = chunk + 64 - rowEnds.leadingZeroBitCount }
            inside = CSVChunkMasks.endsInside(within)
            separatorBefore = masks.separators &>> 63
            chunk += 64
        }
        return lastBoundary
    }

    private func quotedRowsLength(_ b: UnsafePointer<UInt8>, count n: Int) -> Int {
        var atFieldStart = true
        var lastBoundary = 0
        var i = 0
        while i < n {
            let c = b[i]
            if atFieldStart && c == .quote {
                i += 1
                while true {
                    while i < n && b[i] != .quote { i += 1 }
                    // The closing quote, or a doubled one, may only be decided by bytes not read yet.
                    if i + 1 >= n { return lastBoundary }
                    if b[i + 1] == .quote {
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                atFieldStart = false
                continue
            }
            if c == delimiter {
                atFieldStart = true
            } else if c == .lineFeed {
                atFieldStart = true
                lastBoundary = i + 1
            } else {
                atFieldStart = false
            }
            i += 1
        }
        return lastBoundary
    }
}
