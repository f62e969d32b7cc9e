import Foundation

/// An input opened for reading rows: the byte source, its format, the header (CSV/TSV) or the
/// keys of the first object (JSON Lines), and the first block read, positioned at the first data
/// row. Every command opens its input through here, so they all accept the same files and give
/// the same errors.
public struct RowSource {
    public let source: ByteSource
    public let format: InputFormat
    /// The field delimiter (CSV/TSV).
    public let delimiter: UInt8
    /// The header's column names, made unique; nil for JSON Lines.
    public let header: CSVHeader?
    /// The keys of the first object (JSON Lines), to check requested keys up front.
    let firstObjectKeys: [String]?
    /// The first block: `first.memory[0..<filled]` are data rows (header and byte order mark
    /// removed), which start at byte `dataStart` of the input.
    let first: BlockBuffer
    private(set) var filled: Int
    let dataStart: Int
    /// The physical line of the first data row.
    let firstDataLine: Int
    /// SHA-256 of the bytes read so far, when asked for; the pipeline continues it.
    var digest: SHA256?

    /// Opens `path` (`-` for standard input) and reads up to the first data row; a header line
    /// longer than `maximumLineLength` bytes is an error.
    public static func open(path: String, format requested: InputFormat?, delimiter requestedDelimiter: UInt8?,
                            blockSize: Int, maximumLineLength: Int = EvaluationRequest.defaultMaximumLineLength,
                            computeDigest: Bool) throws(RaiError) -> RowSource {
        let source = try ByteSource(path: path)
        let first = BlockBuffer(capacity: blockSize)
        var filled = try source.read(into: first.memory)
        if filled == 0 { throw .data(DataError(path: source.displayName, kind: .emptyFile)) }
        var digest: SHA256? = computeDigest ? SHA256() : nil
        digest?.update(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
        let rawFirstBlock = filled
        // A UTF-8 byte order mark is not part of the first column's name.
        if filled >= 3 && first.memory[0] == 0xEF && first.memory[1] == 0xBB && first.memory[2] == 0xBF {
            first.memory.baseAddress!.copyMemory(from: first.memory.baseAddress! + 3, byteCount: filled - 3)
            filled -= 3
        }
        let format = requested
            ?? InputFormat.fromExtension(of: path)
            ?? InputFormat.sniff(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
        let delimiter = requestedDelimiter ?? (format == .tsv ? UInt8.tab : UInt8.comma)
        var headerBytes = rawFirstBlock - filled
        guard format.isDelimited else {
            let keys = JSONLKeys.firstObjectKeys(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
            return RowSource(source: source, format: format, delimiter: delimiter, header: nil, firstObjectKeys: keys,
                             first: first, filled: filled, dataStart: headerBytes, firstDataLine: 1, digest: digest)
        }
        // Blank lines before the header are skipped, as blank lines are everywhere else; a file of
        // nothing else has no header.
        var blankLines = 0
        while true {
            let b = first.memory
            var skipped = 0
            while skipped < filled {
                if b[skipped] == .lineFeed {
                    skipped += 1
                } else if b[skipped] == .carriageReturn && skipped + 1 < filled && b[skipped + 1] == .lineFeed {
                    skipped += 2
                } else {
                    break
                }
                blankLines += 1
            }
            if skipped > 0 {
                b.baseAddress!.copyMemory(from: b.baseAddress! + skipped, byteCount: filled - skipped)
                filled -= skipped
                headerBytes += skipped
            }
            if filled > 0 { break }
            filled = try source.read(into: first.memory)
            digest?.update(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
            if filled == 0 { throw .data(DataError(path: source.displayName, kind: .noHeader)) }
        }
        let headerLine = 1 + blankLines
        // The header must fit in the first block; grow it until a whole row is there.
        var header: CSVHeader
        while true {
            let splitter = BlockSplitter(format: format, delimiter: delimiter)
            let complete = splitter.completeRowsLength(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
            // Reads stop at the line length limit, so a short read is the end of the input.
            let atEnd = filled < min(first.capacity, maximumLineLength)
            if complete == 0 && !atEnd {
                guard filled < maximumLineLength else {
                    throw .data(DataError(path: source.displayName, line: headerLine,
                                          kind: .lineTooLong(limit: maximumLineLength, offset: nil)))
                }
                first.grow(keeping: filled)
                let more = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: first.memory[filled..<min(first.capacity, maximumLineLength)]))
                digest?.update(UnsafeRawBufferPointer(rebasing: first.memory[filled..<(filled + more)]))
                filled += more
                continue
            }
            let headerRow = UnsafeRawBufferPointer(rebasing: first.memory[0..<(complete == 0 ? filled : complete)])
            switch CSVHeader.parse(headerRow, delimiter: delimiter) {
            case .success(let parsed): header = parsed
            case .failure(let problem): throw .data(DataError(path: source.displayName, line: headerLine, kind: problem))
            }
            break
        }
        first.memory.baseAddress!.copyMemory(from: first.memory.baseAddress! + header.length, byteCount: filled - header.length)
        filled -= header.length
        headerBytes += header.length
        return RowSource(source: source, format: format, delimiter: delimiter, header: header, firstObjectKeys: nil,
                         first: first, filled: filled, dataStart: headerBytes, firstDataLine: headerLine + header.lines,
                         digest: digest)
    }

    /// Reads on until the first block holds `count` bytes of data rows, or the input ends; the
    /// pipeline then starts from the larger first block (and a mapped file from its mapping).
    mutating func readAhead(to count: Int) throws(RaiError) {
        while filled < count {
            if filled == first.capacity { first.grow(keeping: filled) }
            let more = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: first.memory[filled..<min(first.capacity, count)]))
            if more == 0 { return }
            digest?.update(UnsafeRawBufferPointer(rebasing: first.memory[filled..<(filled + more)]))
            filled += more
        }
    }

    /// The data rows read so far.
    var firstBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]) }

    /// Header names changed to keep column names unique.
    public var renamedColumns: [RenamedColumn] {
        header?.renamed.map { RenamedColumn(original: $0.original, renamed: $0.renamed) } ?? []
    }

    /// Fails with the list of available columns when a column of `layout` is absent. In JSON Lines
    /// a key that is only a slice column may be absent from the first object (absent means
    /// missing), so it is not required there.
    public func checkColumns(_ layout: RowLayout) throws(RaiError) {
        let available: [String]
        var optional: Set<String> = []
        if let header {
            available = header.names
        } else if let keys = firstObjectKeys {
            available = keys
            optional = layout.sliceOnlyColumns
        } else {
            return
        }
        let missing = layout.columns.filter { !available.contains($0) && !optional.contains($0) }
        guard missing.isEmpty else {
            // Headers often differ from what was typed only by case or stray spaces (" income").
            var suggestions: [String: String] = [:]
            for name in missing {
                let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
                suggestions[name] = available.first { $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
            }
            throw .data(DataError(path: source.displayName, line: header.map { firstDataLine - $0.lines } ?? 1,
                                  kind: .missingColumns(missing: missing, available: available, suggestions: suggestions)))
        }
    }
}
