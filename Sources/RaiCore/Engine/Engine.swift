import Foundation

/// How the engine reads: threads, block size, and what to do with bad rows.
public struct EngineOptions: Sendable {
    public var threads: Int
    public var blockSize: Int
    /// Skip rows with a bad value, and ragged rows, counting them per reason; otherwise the first
    /// one stops the run.
    public var skipInvalid: Bool
    /// Whether windows of rows are decoded and counted column by column where every row of a
    /// window is well formed and valid (the fast path); off, every row goes through the
    /// row-by-row path. Both give the same results; tests compare them.
    public var countsInWindows = true
    /// The most combinations of slice values accepted (`CombinationRegistry`).
    public var maximumCombinations: Int
    /// The most bytes one row may take; a block grows for a longer row only up to this.
    public var maximumLineLength = EvaluationRequest.defaultMaximumLineLength

    public init(threads: Int, blockSize: Int, skipInvalid: Bool, maximumCombinations: Int) {
        self.threads = threads
        self.blockSize = blockSize
        self.skipInvalid = skipInvalid
        self.maximumCombinations = maximumCombinations
    }
}

/// What a run of the engine produced: each worker's counter with the shared index of each of its
/// local combinations, every combination of slice values by shared index, and what was read.
struct EngineRun<Counter: CombinationCounter> {
    var counters: [(counter: Counter, sharedIndex: [Int32])]
    var combinations: [Combination]
    var input: InputSummary
}

/// Runs a job over an input: the one reader, decoder and combination finder every command uses.
///
/// The calling thread reads the input in blocks (`BlockPipeline`); `threads` workers each scan,
/// decode and find combinations for whole blocks (`BlockWorker`) and count them with their own
/// counter, made by the job. Memory is bounded by the blocks in flight (`threads + 1` blocks of
/// `blockSize`, grown only for a row longer than a block) and by what the counters keep per
/// combination; it does not grow with rows.
enum Engine {
    static func run<Counter: CombinationCounter>(
        _ input: RowSource, path: String, layout: RowLayout, sliceColumns: Int, options: EngineOptions,
        progress: (any ProgressObserver)?, makeCounter: () -> Counter
    ) throws(RaiError) -> EngineRun<Counter> {
        try input.checkColumns(layout)
        if let header = input.header {
            let (scanner, columnOfSlot) = csvScanner(input, header: header, layout: layout)
            return try run(input, path: path, scanner: scanner, decoder: WindowDecoder(layout: layout, columnOfSlot: columnOfSlot),
                           sliceColumns: sliceColumns, options: options, progress: progress, makeCounter: makeCounter)
        }
        let arrayKeys = Set(layout.scoreArrays.map { layout.columns[$0.slot] })
        return try run(input, path: path, scanner: JSONLRowScanner(keys: layout.columns, arrayKeys: arrayKeys), decoder: WindowDecoder(layout: layout, columnOfSlot: nil),
                       sliceColumns: sliceColumns, options: options, progress: progress, makeCounter: makeCounter)
    }

    /// The numbers in slot `slot` of the first rows (at most `rows`, those within the first
    /// `bytes` bytes of data), skipping values that are absent or not numbers: for choices made
    /// from the data before counting it (`WeightScale`). Which rows they are depends only on the
    /// input, never on threads or block sizes.
    static func firstValues(_ input: inout RowSource, layout: RowLayout, slot: Int, rows: Int, bytes: Int) throws(RaiError) -> [Double] {
        try input.readAhead(to: bytes)
        let block = input.firstBytes
        let limit = BlockSplitter(format: input.format, delimiter: input.delimiter).completeRowsLength(block)
        let rowsRead = UnsafeRawBufferPointer(rebasing: block[0..<(input.filled < bytes ? block.count : limit)])
        if let header = input.header {
            return firstValues(rowsRead, scanner: csvScanner(input, header: header, layout: layout).scanner, slots: layout.columns.count,
                               slot: slot, rows: rows)
        }
        let arrayKeys = Set(layout.scoreArrays.map { layout.columns[$0.slot] })
        return firstValues(rowsRead, scanner: JSONLRowScanner(keys: layout.columns, arrayKeys: arrayKeys), slots: layout.columns.count,
                           slot: slot, rows: rows)
    }

    /// The number of elements of the JSON array under `key` in the first JSON Lines row that has
    /// one (a score array's class count when `--classes` does not name them); nil when no row of
    /// the first block has one.
    static func firstArrayLength(_ input: inout RowSource, key: String) throws(RaiError) -> Int? {
        try input.readAhead(to: 1 << 20)
        let block = input.firstBytes
        var scanner = JSONLRowScanner(keys: [key], arrayKeys: [key])
        var fields = [Field](repeating: .missing, count: 1)
        var position = 0, lines = 0
        scanner.startBlock()
        return fields.withUnsafeMutableBufferPointer { fields -> Int? in
            while true {
                switch scanner.scanRow(block, position: &position, lines: &lines, fields: fields) {
                case .end: return nil
                case .blank, .malformed: continue
                case .row:
                    let field = fields[0]
                    guard field.kind == .plain, field.end - field.start >= 2,
                          block[field.start] == UInt8(ascii: "[") else { continue }
                    let inside = block[(field.start + 1)..<(field.end - 1)]
                    if inside.allSatisfy({ $0 == .space || $0 == .tab }) { return 0 }
                    return inside.reduce(1) { $0 + ($1 == .comma ? 1 : 0) }
                }
            }
        }
    }

    private static func firstValues<Scanner: RowScanner>(_ block: UnsafeRawBufferPointer, scanner: Scanner, slots: Int, slot: Int,
                                                         rows: Int) -> [Double] {
        var scanner = scanner
        var fields = [Field](repeating: .missing, count: slots)
        var values: [Double] = []
        var position = 0, lines = 0, seen = 0
        scanner.startBlock()
        fields.withUnsafeMutableBufferPointer { fields in
            while seen < rows {
                switch scanner.scanRow(block, position: &position, lines: &lines, fields: fields) {
                case .end: return
                case .blank: continue
                case .malformed: seen += 1
                case .row:
                    seen += 1
                    let field = fields[slot]
                    if field.kind == .plain || field.kind == .quoted,
                       let value = DecimalParser.parse(block.baseAddress!.assumingMemoryBound(to: UInt8.self), field.start, field.end) {
                        values.append(value)
                    }
                }
            }
        }
        return values
    }

    private static func csvScanner(_ input: RowSource, header: CSVHeader, layout: RowLayout) -> (scanner: CSVRowScanner, columnOfSlot: [Int]) {
        let slotOfColumn = layout.slotOfColumn(header: header.names)
        var columnOfSlot = [Int](repeating: 0, count: layout.columns.count)
        for (column, slot) in slotOfColumn.enumerated() where slot >= 0 { columnOfSlot[slot] = column + 1 }
        return (CSVRowScanner(delimiter: input.delimiter, columnCount: header.names.count, slotOfColumn: slotOfColumn), columnOfSlot)
    }

    private static func run<Scanner: RowScanner, Counter: CombinationCounter>(
        _ input: RowSource, path: String, scanner: Scanner, decoder: WindowDecoder, sliceColumns: Int, options: EngineOptions,
        progress: (any ProgressObserver)?, makeCounter: () -> Counter
    ) throws(RaiError) -> EngineRun<Counter> {
        let registry = CombinationRegistry(limit: options.maximumCombinations)
        let workers = (0..<options.threads).map { _ in
            WorkerSlot(BlockWorker(counter: makeCounter(), combinations: CombinationIndex(columns: sliceColumns, registry: registry),
                                   scanner: scanner, decoder: decoder, skipInvalid: options.skipInvalid,
                                   inWindows: options.countsInWindows))
        }
        let pipeline = BlockPipeline(source: input.source, splitter: BlockSplitter(format: input.format, delimiter: input.delimiter),
                                     threads: options.threads, blockSize: options.blockSize,
                                     maximumLineLength: options.maximumLineLength, progress: progress)
        pipeline.digest = input.digest
        let reports = try pipeline.run(first: input.first, filled: input.filled, dataStart: input.dataStart) { worker, bytes, index, offset in
            workers[worker].worker.process(bytes, index: index, offset: offset)
        }
        let name = input.source.displayName
        // Line numbers: the first line of each block follows from the lines of those before it.
        var firstLine = [Int](repeating: 0, count: reports.count)
        var line = input.firstDataLine
        for report in reports {
            firstLine[report.index] = line
            line += report.lines
        }
        func error(_ problem: LocatedProblem, block: Int) -> DataError {
            var error = DataError(path: name, line: problem.problem.concernsWholeFile ? nil : firstLine[block] + problem.line,
                                  column: problem.column, columnName: problem.columnName, kind: problem.problem)
            error.lastLine = problem.lastLine.map { firstLine[block] + $0 }
            return error
        }
        if let failed = reports.first(where: { $0.failure != nil }), let failure = failed.failure {
            throw .data(error(failure, block: failed.index))
        }
        var summary = InputSummary(path: path == "-" ? "-" : path, format: input.format)
        summary.bytes = input.dataStart + pipeline.bytesRead
        summary.sha256 = pipeline.digest?.finalize()
        summary.renamedColumns = input.renamedColumns
        var skipped: [String: (count: Int, first: LocatedProblem, block: Int)] = [:]
        for report in reports {
            summary.rowsRead += report.rows
            summary.blankLines += report.blankLines
            for (code, tally) in report.skipped {
                if let known = skipped[code] {
                    skipped[code] = (known.count + tally.count, known.first, known.block)
                } else {
                    skipped[code] = (tally.count, tally.first, report.index)
                }
            }
        }
        summary.skipped = skipped.map { code, tally in
            let example = error(tally.first, block: tally.block)
            return SkippedRows(reason: code, count: tally.count, firstLine: example.line ?? 0, example: example.description)
        }.sorted { $0.reason < $1.reason }
        summary.rowsUsed = summary.rowsRead - summary.skipped.reduce(0) { $0 + $1.count }
        if summary.rowsRead == 0 {
            throw .data(DataError(path: name, kind: input.format.isDelimited ? .noDataRows : .emptyFile))
        }
        return EngineRun(counters: workers.map { ($0.worker.counter, $0.worker.combinations.sharedIndex) },
                         combinations: registry.combinations, input: summary)
    }
}

/// Gives each worker thread exclusive use of its worker without locking.
final class WorkerSlot<Scanner: RowScanner, Counter: CombinationCounter>: @unchecked Sendable {  // slot i is used only by worker thread i, then read after the threads finish
    var worker: BlockWorker<Scanner, Counter>
    init(_ worker: BlockWorker<Scanner, Counter>) { self.worker = worker }
}
