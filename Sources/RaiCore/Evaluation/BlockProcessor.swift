/// A problem found in a block, located by line within the block until the block's first line
/// number is known.
struct LocatedProblem: Sendable {
    var problem: DataProblem
    /// 0-based line within the block.
    var line: Int
    var column: Int?
    var columnName: String?
}

/// What a worker learned from one block besides the counts in its accumulator.
struct BlockReport: Sendable {
    var index: Int
    var lines = 0
    var rows = 0
    var blankLines = 0
    /// Rows skipped per reason code, with the first such row.
    var skipped: [String: (count: Int, first: LocatedProblem)] = [:]
    /// The problem that stopped the run, when not skippable or not skipping.
    var failure: LocatedProblem?
}

/// Turns the rows of blocks into counts: scans, decodes label, score, weight and slice values,
/// adds each row to one thread's accumulator and its score update to the block's batch.
struct BlockProcessor<W: Weighting, Scanner: RowScanner>: Sendable {
    var accumulator: Accumulator<W>
    var scanner: Scanner
    let projection: Projection
    let labelRule: LabelRule
    let skipInvalid: Bool
    /// 1-based CSV column number of each slot, for messages; nil for JSONL.
    let columnOfSlot: [Int]?
    private var fields: [Field]
    private var ids: [UInt32]
    private var scratch: [UInt8] = []
    /// Whether windows of rows are decoded and counted column by column (`decodeTable`,
    /// `Accumulator.addRows`) before the row-by-row path is tried.
    private let inWindows: Bool
    /// Cuts plain CSV windows into fields without the row scanner; nil for JSONL.
    private let blockScanner: CSVBlockScanner?
    private let table: FieldTable
    private let decoded: DecodedRows

    /// `inWindows: false` sends every row down the row-by-row path (tests compare the two).
    init(accumulator: Accumulator<W>, scanner: Scanner, projection: Projection, labelRule: LabelRule,
         skipInvalid: Bool, columnOfSlot: [Int]?, inWindows: Bool = true) {
        self.accumulator = accumulator
        self.scanner = scanner
        self.projection = projection
        self.labelRule = labelRule
        self.skipInvalid = skipInvalid
        self.columnOfSlot = columnOfSlot
        fields = Array(repeating: .missing, count: projection.names.count)
        ids = Array(repeating: 0, count: projection.sliceSlots.count)
        table = FieldTable(slots: projection.names.count)
        self.inWindows = inWindows && accumulator.countsWholeBlocks
        if self.inWindows, let csv = scanner as? CSVRowScanner {
            blockScanner = CSVBlockScanner(delimiter: csv.delimiter, columnCount: csv.columnCount, slotOfColumn: csv.slotOfColumn,
                                           rows: table.capacity)
        } else {
            blockScanner = nil
        }
        decoded = DecodedRows(sliceColumns: projection.sliceSlots.count)
    }

    mutating func process(_ bytes: UnsafeRawBufferPointer, index: Int, offset: Int, batch: ScoreBatch<W.Amount>?) -> BlockReport {
        var report = BlockReport(index: index)
        var position = 0
        var lines = 0
        scanner.startBlock()
        while position < bytes.count {
            // A window at a time while every row of it is well formed and valid; a window that
            // is not goes row by row, which reports or skips what is wrong, and then windows again.
            if inWindows {
                let window: (next: Int, lines: Int)?
                if let blockScanner, let next = blockScanner.scan(bytes, from: position, into: table) {
                    window = (next, table.count)
                } else {
                    let table = self.table
                    window = fields.withUnsafeMutableBufferPointer { scanner.scanWindow(bytes, from: position, fields: $0, into: table) }
                }
                if let window, window.next > position, decodeTable(bytes) {
                    accumulator.addRows(decoded, batch: batch)
                    report.rows += decoded.count
                    lines += window.lines
                    position = window.next
                    continue
                }
            }
            guard processRows(bytes, position: &position, lines: &lines, offset: offset, limit: inWindows ? table.capacity : .max,
                              batch: batch, report: &report) else { break }
        }
        report.lines = lines
        return report
    }

    /// Counts up to `limit` rows from `position` one by one, each problem reported or skipped;
    /// false when a problem stops the block.
    private mutating func processRows(_ bytes: UnsafeRawBufferPointer, position: inout Int, lines: inout Int, offset: Int,
                                      limit: Int, batch: ScoreBatch<W.Amount>?, report: inout BlockReport) -> Bool {
        var fields = self.fields
        defer { self.fields = fields }
        return fields.withUnsafeMutableBufferPointer { fields in
            var rows = 0
            while rows < limit {
                let rowLine = lines
                let rowOffset = offset &+ position
                let outcome = scanner.scanRow(bytes, position: &position, lines: &lines, fields: fields)
                let problem: LocatedProblem
                switch outcome {
                case .end:
                    return true
                case .blank:
                    report.blankLines += 1
                    continue
                case .row:
                    rows += 1
                    report.rows += 1
                    guard let found = decodeAndCount(bytes, UnsafeBufferPointer(fields), line: rowLine, rowOffset: rowOffset,
                                                     batch: batch) else { continue }
                    problem = found
                case .malformed(let kind, let column, _):
                    rows += 1
                    report.rows += 1
                    problem = LocatedProblem(problem: kind.dataProblem, line: rowLine, column: column, columnName: nil)
                }
                if skipInvalid && problem.problem.isSkippable {
                    let code = problem.problem.reasonCode
                    if let tally = report.skipped[code] {
                        report.skipped[code] = (tally.count + 1, tally.first)
                    } else {
                        report.skipped[code] = (1, problem)
                    }
                    continue
                }
                report.failure = problem
                return false
            }
            return true
        }
    }

    /// Decodes one row and counts it; returns the problem if the row is invalid.
    @inline(__always)
    private mutating func decodeAndCount(_ bytes: UnsafeRawBufferPointer, _ fields: UnsafeBufferPointer<Field>, line: Int,
                                         rowOffset: Int, batch: ScoreBatch<W.Amount>?) -> LocatedProblem? {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        func located(_ problem: DataProblem, slot: Int) -> LocatedProblem {
            LocatedProblem(problem: problem, line: line, column: columnOfSlot?[slot], columnName: projection.names[slot])
        }
        // Label.
        let labelField = fields[projection.labelSlot]
        let positive: Bool?
        switch labelField.kind {
        case .missing: return located(.missingLabel, slot: projection.labelSlot)
        case .escaped:
            guard scanner.unescape(bytes, labelField, into: &scratch) else { return located(.invalidLabel(text(bytes, labelField)), slot: projection.labelSlot) }
            positive = scratch.withUnsafeBufferPointer { labelRule.decode($0.baseAddress!, 0, $0.count) }
        case .plain, .quoted:
            positive = labelRule.decode(base, labelField.start, labelField.end)
        }
        guard let positive else { return located(.invalidLabel(text(bytes, labelField)), slot: projection.labelSlot) }
        // Score.
        let scoreField = fields[projection.scoreSlot]
        if scoreField.kind == .missing { return located(.missingScore, slot: projection.scoreSlot) }
        guard scoreField.kind != .escaped, let score = DecimalParser.parse(base, scoreField.start, scoreField.end) else {
            return located(.invalidScore(text(bytes, scoreField)), slot: projection.scoreSlot)
        }
        var baselineScore: Double?
        if let baselineSlot = projection.baselineSlot {
            let field = fields[baselineSlot]
            if field.kind == .missing { return located(.missingScore, slot: baselineSlot) }
            guard field.kind != .escaped, let value = DecimalParser.parse(base, field.start, field.end) else {
                return located(.invalidScore(text(bytes, field)), slot: baselineSlot)
            }
            baselineScore = value
        }
        // Weight.
        var weight = 1.0
        if let weightSlot = projection.weightSlot {
            let weightField = fields[weightSlot]
            if weightField.kind == .missing { return located(.missingWeight, slot: weightSlot) }
            guard weightField.kind != .escaped, let value = DecimalParser.parse(base, weightField.start, weightField.end),
                  value <= FixedPoint.maximumWeight else {
                return located(.invalidWeight(text(bytes, weightField)), slot: weightSlot)
            }
            if value < 0 { return located(.negativeWeight(text(bytes, weightField)), slot: weightSlot) }
            weight = value
        }
        // Slice values.
        for column in 0..<projection.sliceSlots.count {
            let slot = projection.sliceSlots[column]
            let field = fields[slot]
            let id: UInt32?
            switch field.kind {
            case .missing: id = ValueInterner.missingID
            case .plain, .quoted: id = accumulator.intern(column: column, base, field.start, field.end)
            case .escaped:
                guard scanner.unescape(bytes, field, into: &scratch) else { return located(.invalidJSON("bad escape in a string"), slot: slot) }
                id = scratch.withUnsafeBufferPointer { accumulator.intern(column: column, $0.baseAddress ?? base, 0, $0.count) }
            }
            guard let id else { return located(.invalidUTF8, slot: slot) }
            ids[column] = id
        }
        ids.withUnsafeBufferPointer { accumulator.add(ids: $0, positive: positive, score: score, baselineScore: baselineScore, weight: weight,
                                                          rowOffset: rowOffset, batch: batch) }
        return nil
    }

    /// Decodes every row of `table` into `decoded`, column by column; false at the first value
    /// that is missing where required or invalid, leaving the block to the row-by-row path, which
    /// reports or skips it.
    private mutating func decodeTable(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let rows = table.count
        decoded.reserve(table.capacity)
        decoded.count = rows
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let table = self.table, decoded = self.decoded, labelRule = self.labelRule
        let labels = table.column(projection.labelSlot), positives = decoded.positives
        let zeroOrOne = labelRule.positiveValue == nil
        for row in 0..<rows {
            let start = Int(labels.starts[row]), end = Int(labels.ends[row])
            // `0` or `1` without a branch on which (labels are as unpredictable as coin flips).
            let byte = base[start]
            if end &- start == 1 && zeroOrOne && byte | 1 == UInt8(ascii: "1") {
                positives[row] = byte == UInt8(ascii: "1")
                continue
            }
            guard start != end, let positive = labelRule.decode(base, start, end) else { return false }
            positives[row] = positive
        }
        guard Self.decodeNumbers(base, bytes.count, table, slot: projection.scoreSlot, into: decoded.scores) else { return false }
        if let weightSlot = projection.weightSlot {
            guard Self.decodeNumbers(base, bytes.count, table, slot: weightSlot, into: decoded.weights) else { return false }
            for row in 0..<rows {
                let weight = decoded.weights[row]
                guard weight >= 0 && weight <= FixedPoint.maximumWeight else { return false }
            }
        }
        // Values of at most 7 bytes are looked up by one 8-byte load while 8 bytes remain, and of
        // 8 to 15 bytes by two while 16 remain.
        let lastPackedStart = bytes.count &- 8, lastMediumStart = bytes.count &- 16
        for column in 0..<projection.sliceSlots.count {
            let slot = projection.sliceSlots[column]
            let ids = decoded.ids(column: column)
            let values = table.column(slot)
            let decodedAll = accumulator.withInterner(column: column) { interner in
                for row in 0..<rows {
                    let start = Int(values.starts[row]), end = Int(values.ends[row])
                    let id: UInt32?
                    if start == end {
                        id = ValueInterner.missingID
                    } else if end &- start <= 7 && start <= lastPackedStart {
                        id = interner.intern(packed: ValueInterner.packedKey(base, start, end), base, start, end)
                    } else if end &- start <= 15 && start <= lastMediumStart {
                        id = interner.intern(packedMedium: ValueInterner.packedMediumKey(base, start, end), base, start, end)
                    } else {
                        id = interner.intern(base, start, end)
                    }
                    guard let id else { return false }
                    ids[row] = id
                }
                return true
            }
            guard decodedAll else { return false }
        }
        return true
    }

    /// Parses slot `slot` of every row as a number; false at the first missing or invalid one.
    private static func decodeNumbers(_ base: UnsafePointer<UInt8>, _ count: Int, _ table: FieldTable, slot: Int,
                                      into values: UnsafeMutablePointer<Double>) -> Bool {
        // `parseUnitFraction` reads 8 bytes after the point.
        let lastUnitFractionStart = count &- 10
        let fields = table.column(slot)
        for row in 0..<table.count {
            let start = Int(fields.starts[row]), end = Int(fields.ends[row])
            if start <= lastUnitFractionStart, let value = DecimalParser.parseUnitFraction(base, start, end) {
                values[row] = value
                continue
            }
            guard start != end, let value = DecimalParser.parse(base, start, end) else { return false }
            values[row] = value
        }
        return true
    }

    private func text(_ bytes: UnsafeRawBufferPointer, _ field: Field) -> String {
        String(decoding: bytes[field.start..<field.end], as: UTF8.self)
    }
}
