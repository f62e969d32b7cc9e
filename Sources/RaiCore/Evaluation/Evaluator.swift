import Foundation
import Synchronization

/// Runs one evaluation: reads the input in blocks on the calling thread, counts rows on
/// `threads` worker threads (which also take turns applying score batches to the shared score
/// collector), adds up their counts by combination of slice values and builds the slices.
///
/// Memory is bounded by the block buffers (`threads + 2` blocks of `blockSize`, grown only for a
/// row longer than a block), the score batches, the per-combination counts and the score budget;
/// it does not grow with rows.
public enum Evaluator {
    public static func evaluate(_ request: EvaluationRequest, progress: ProgressReporter? = nil) throws(RaiError) -> EvaluationResult {
        let source = try ByteSource(path: request.path)
        let first = BlockBuffer(capacity: request.blockSize)
        var filled = try source.read(into: first.memory)
        if filled == 0 { throw .data(DataError(path: source.displayName, kind: .emptyFile)) }
        var digest: SHA256? = request.computeDigest ? SHA256() : nil
        digest?.update(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
        let rawFirstBlock = filled
        // A UTF-8 byte order mark is not part of the first column's name.
        if filled >= 3 && first.memory[0] == 0xEF && first.memory[1] == 0xBB && first.memory[2] == 0xBF {
            first.memory.baseAddress!.copyMemory(from: first.memory.baseAddress! + 3, byteCount: filled - 3)
            filled -= 3
        }
        let format = request.format
            ?? InputFormat.fromExtension(of: request.path)
            ?? InputFormat.sniff(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
        let plan = SlicePlan(specs: request.slices)
        let projection = Projection(request: request, plan: plan)
        let delimiter = request.delimiter ?? (format == .tsv ? UInt8.tab : UInt8.comma)
        var context = InputContext(source: source, format: format, request: request)
        context.digest = digest
        context.headerBytes = rawFirstBlock - filled  // grows below by the header's length

        if format.isDelimited {
            // The header must fit in the first block; grow it until a whole row is there.
            var header: CSVHeader
            while true {
                let splitter = BlockSplitter(format: format, delimiter: delimiter)
                let complete = splitter.completeRowsLength(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled]))
                let atEnd = filled < first.capacity
                if complete == 0 && !atEnd {
                    first.grow(keeping: filled)
                    let more = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: first.memory[filled...]))
                    context.digest?.update(UnsafeRawBufferPointer(rebasing: first.memory[filled..<(filled + more)]))
                    filled += more
                    continue
                }
                let headerBytes = UnsafeRawBufferPointer(rebasing: first.memory[0..<(complete == 0 ? filled : complete)])
                switch CSVHeader.parse(headerBytes, delimiter: delimiter) {
                case .success(let parsed): header = parsed
                case .failure(let problem): throw .data(DataError(path: source.displayName, line: 1, kind: problem))
                }
                break
            }
            context.renamedColumns = header.renamed
            try checkColumns(projection.names, available: header.names, path: source.displayName)
            first.memory.baseAddress!.copyMemory(from: first.memory.baseAddress! + header.length, byteCount: filled - header.length)
            filled -= header.length
            context.headerBytes += header.length
            context.firstDataLine = 1 + header.lines
            let slotOfColumn = projection.slotOfColumn(header: header.names)
            var columnOfSlot = [Int](repeating: 0, count: projection.names.count)
            for (column, slot) in slotOfColumn.enumerated() where slot >= 0 { columnOfSlot[slot] = column + 1 }
            let scanner = CSVRowScanner(delimiter: delimiter, columnCount: header.names.count, slotOfColumn: slotOfColumn)
            return try run(scanner: scanner, columnOfSlot: columnOfSlot, first: first, filled: filled, plan: plan,
                           projection: projection, context: context, progress: progress)
        } else {
            if let keys = JSONLKeys.firstObjectKeys(UnsafeRawBufferPointer(rebasing: first.memory[0..<filled])) {
                try checkColumns(projection.names, available: keys, path: source.displayName, optional: Set(plan.columns))
            }
            context.firstDataLine = 1
            let scanner = JSONLRowScanner(keys: projection.names)
            return try run(scanner: scanner, columnOfSlot: nil, first: first, filled: filled, plan: plan,
                           projection: projection, context: context, progress: progress)
        }
    }

    /// Fails with the list of available columns when a requested one is absent. In JSONL a slice
    /// key may be absent from the first object (absent means missing), so slice keys are optional
    /// there.
    private static func checkColumns(_ needed: [String], available: [String], path: String, optional: Set<String> = []) throws(RaiError) {
        let missing = needed.filter { !available.contains($0) && !optional.contains($0) }
        guard missing.isEmpty else {
            // Headers often differ from what was typed only by case or stray spaces (" income").
            var suggestions: [String: String] = [:]
            for name in missing {
                let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
                suggestions[name] = available.first { $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
            }
            throw .data(DataError(path: path, line: 1, kind: .missingColumns(missing: missing, available: available, suggestions: suggestions)))
        }
    }

    private static func run<S: RowScanner>(
        scanner: S, columnOfSlot: [Int]?, first: BlockBuffer, filled: Int, plan: SlicePlan,
        projection: Projection, context: InputContext, progress: ProgressReporter?
    ) throws(RaiError) -> EvaluationResult {
        if projection.weightSlot != nil {
            return try runWeighted(Weighted.self, scanner: scanner, columnOfSlot: columnOfSlot, first: first, filled: filled,
                                   plan: plan, projection: projection, context: context, progress: progress)
        }
        return try runWeighted(Unweighted.self, scanner: scanner, columnOfSlot: columnOfSlot, first: first, filled: filled,
                               plan: plan, projection: projection, context: context, progress: progress)
    }

    private static func runWeighted<W: Weighting, S: RowScanner>(
        _: W.Type, scanner: S, columnOfSlot: [Int]?, first: BlockBuffer, filled: Int, plan: SlicePlan,
        projection: Projection, context: InputContext, progress: ProgressReporter?
    ) throws(RaiError) -> EvaluationResult {
        let request = context.request
        let registry = ComboRegistry()
        let collector = ScoreCollector<W>(budget: request.scoreBudget)
        let baselineCollector = request.baselineScoreColumn == nil ? nil : ScoreCollector<W>(budget: request.scoreBudget, readsBaseline: true)
        let collectors = [collector] + (baselineCollector.map { [$0] } ?? [])
        let parsers = request.threads
        let workers = (0..<parsers).map { _ in
            WorkerSlot(BlockProcessor(accumulator: Accumulator<W>(plan: plan, thresholds: request.thresholds, registry: registry,
                                                                    withBaseline: request.baselineScoreColumn != nil,
                                                                    bootstrap: request.bootstrap),
                                      scanner: scanner, projection: projection,
                                      labelRule: LabelRule(positiveLabel: request.positiveLabel),
                                      skipInvalid: request.skipInvalid, columnOfSlot: columnOfSlot,
                                      inWindows: request.countsInWindows))
        }
        let applier = request.computeAUC
            ? ScoreApplier(collectors: collectors, batches: parsers + 2)
            : nil
        let pipeline = BlockPipeline(source: context.source, splitter: BlockSplitter(format: context.format, delimiter: (scanner as? CSVRowScanner)?.delimiter ?? .comma),
                                     threads: parsers, blockSize: request.blockSize, progress: progress)
        pipeline.digest = context.digest
        let reports = try pipeline.run(first: first, filled: filled, dataStart: context.headerBytes) { worker, bytes, index, offset in
            let batch = applier?.emptyBatch()
            let report = workers[worker].processor.process(bytes, index: index, offset: offset, batch: batch)
            if let batch { applier?.submit(batch) }
            return report
        }
        let collected = (applier?.finish() ?? true) && collectors.allSatisfy { $0.finish() }
        // Line numbers: the first line of each block follows from the lines of those before it.
        var firstLine = [Int](repeating: 0, count: reports.count)
        var line = context.firstDataLine
        for report in reports {
            firstLine[report.index] = line
            line += report.lines
        }
        if let failed = reports.first(where: { $0.failure != nil }), let failure = failed.failure {
            throw .data(DataError(path: context.source.displayName, line: firstLine[failed.index] + failure.line,
                                  column: failure.column, columnName: failure.columnName, kind: failure.problem))
        }
        guard collected else { throw .data(DataError(path: context.source.displayName, kind: .countOverflow)) }
        let scoreBins = request.thresholds.count + 1
        var totals = BinTotals(binCount: request.baselineScoreColumn == nil ? scoreBins : scoreBins * scoreBins, isWeighted: W.isWeighted)
        for worker in workers { worker.processor.accumulator.addCounts(to: &totals) }
        let bootstrap = request.bootstrap.map {
            BootstrapCounts(replicates: $0.replicates, seed: $0.seed, bins: scoreBins, weighted: W.isWeighted)
        }
        if let bootstrap {
            for worker in workers { worker.processor.accumulator.addBootstrap(to: bootstrap) }
        }
        var summary = InputSummary(path: request.path == "-" ? "-" : request.path, format: context.format)
        summary.bytes = context.headerBytes + pipeline.bytesRead
        summary.sha256 = pipeline.digest?.finalize()
        summary.renamedColumns = context.renamedColumns.map { RenamedColumn(original: $0.original, renamed: $0.renamed) }
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
            SkippedRows(reason: code, count: tally.count, firstLine: firstLine[tally.block] + tally.first.line,
                        example: DataError(path: context.source.displayName, line: firstLine[tally.block] + tally.first.line,
                                           column: tally.first.column, columnName: tally.first.columnName,
                                           kind: tally.first.problem).description)
        }.sorted { $0.reason < $1.reason }
        summary.rowsUsed = summary.rowsRead - summary.skipped.reduce(0) { $0 + $1.count }
        if summary.rowsRead == 0 {
            throw .data(DataError(path: context.source.displayName, kind: context.format.isDelimited ? .noDataRows : .emptyFile))
        }
        return EvaluationResult(plan: plan, combos: registry.combos, totals: totals, collector: request.computeAUC ? collector : nil,
                                baselineCollector: request.computeAUC ? baselineCollector : nil, bootstrap: bootstrap,
                                input: summary, request: request)
    }
}

/// What the evaluator knows about the input before rows are counted.
struct InputContext {
    let source: ByteSource
    let format: InputFormat
    let request: EvaluationRequest
    var firstDataLine = 1
    var renamedColumns: [(original: String, renamed: String)] = []
    var digest: SHA256?
    /// Bytes of the first read that precede the first data row (byte order mark, header).
    var headerBytes = 0
}

/// Hands score batches from the workers to the collector. The collector is one shared set of
/// tables behind a lock: a worker that finishes a block queues its batch and, if no other
/// worker is applying batches, applies every queued one itself. Parsing and applying thus share
/// all threads. Batches come from a fixed pool, which bounds their memory; a worker that finds
/// the pool empty applies queued batches (waiting for the lock) until one is free.
final class ScoreApplier<W: Weighting>: @unchecked Sendable {
    private let collectors: [ScoreCollector<W>]
    private let collecting = NSLock()
    private let queues = Mutex<(free: [ScoreBatch<W.Amount>], full: [ScoreBatch<W.Amount>])>(([], []))
    /// Written only while holding `collecting`.
    private var succeeded = true

    init(collectors: [ScoreCollector<W>], batches: Int) {
        self.collectors = collectors
        let pool = (0..<batches).map { _ in ScoreBatch<W.Amount>() }
        queues.withLock { $0.free = pool }
    }

    func emptyBatch() -> ScoreBatch<W.Amount> {
        while true {
            if let batch = queues.withLock({ $0.free.popLast() }) {
                batch.removeAll()
                return batch
            }
            collecting.lock()
            drain()
            collecting.unlock()
        }
    }

    func submit(_ batch: ScoreBatch<W.Amount>) {
        queues.withLock { $0.full.append(batch) }
        if collecting.try() {
            drain()
            collecting.unlock()
        }
    }

    /// Applies queued batches until none is left; the caller holds `collecting`.
    private func drain() {
        while let batch = queues.withLock({ $0.full.isEmpty ? nil : $0.full.removeFirst() }) {
            if succeeded { succeeded = collectors.allSatisfy { $0.apply(batch) } }
            queues.withLock { $0.free.append(batch) }
        }
    }

    /// Applies whatever is still queued; false if a count overflowed.
    func finish() -> Bool {
        collecting.lock()
        defer { collecting.unlock() }
        drain()
        return succeeded
    }
}

/// Gives each worker thread exclusive use of its processor without locking.
final class WorkerSlot<W: Weighting, S: RowScanner>: @unchecked Sendable {
    var processor: BlockProcessor<W, S>
    init(_ processor: BlockProcessor<W, S>) { self.processor = processor }
}
