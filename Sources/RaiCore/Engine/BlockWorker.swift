/// A problem found in a block, located by line within the block until the block's first line
/// number is known.
struct LocatedProblem: Sendable {
    var problem: DataProblem
    /// 0-based line within the block.
    var line: Int
    var column: Int?
    var columnName: String?
    /// The last line of a malformed row that spans several, within the block.
    var lastLine: Int?
}

/// What a worker learned from one block besides the counts in its counter.
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

/// Turns the rows of blocks into counts on one thread: scans each row's fields, decodes them
/// (`WindowDecoder`), finds each row's combination of slice values (`CombinationIndex`) and hands
/// whole windows to the job's counter.
///
/// Rows go a window (up to 2,048 rows) at a time: a block scanner or the row scanner cuts the
/// window into a `FieldTable`, the decoder decodes it column by column, and the counter counts it.
/// A window with anything irregular (an escaped quote, a blank line, a ragged row, an invalid
/// value) goes through the row-by-row path instead, which decodes rows one at a time into the
/// same window, reporting or skipping each problem, and then counts them the same way.
struct BlockWorker<Scanner: RowScanner, Counter: CombinationCounter>: Sendable {
    var counter: Counter
    private(set) var combinations: CombinationIndex
    private var scanner: Scanner
    private var decoder: WindowDecoder
    private let skipInvalid: Bool
    private var fields: [Field]
    /// Whether windows are scanned and decoded whole before the row-by-row path is tried.
    private let inWindows: Bool
    /// Cuts plain CSV windows into fields without the row scanner; nil for JSONL.
    private let blockScanner: CSVBlockScanner?
    private let table: FieldTable
    private let window: DecodedWindow
    /// Whether rows are keyed by their byte offset (no row id column).
    private let keysByOffset: Bool

    /// `inWindows: false` sends every row down the row-by-row path (tests compare the two).
    init(counter: Counter, combinations: CombinationIndex, scanner: Scanner, decoder: WindowDecoder, skipInvalid: Bool,
         inWindows: Bool) {
        self.counter = counter
        self.combinations = combinations
        self.scanner = scanner
        self.decoder = decoder
        self.skipInvalid = skipInvalid
        let layout = decoder.layout
        fields = Array(repeating: .missing, count: layout.columns.count)
        table = FieldTable(slots: layout.columns.count)
        window = DecodedWindow(layout: layout, capacity: table.capacity)
        keysByOffset = layout.rowKeySlot == nil
        // A row's offset is known on the row-by-row path only.
        self.inWindows = inWindows && !(counter.needsRowKeys && keysByOffset)
        if self.inWindows, let csv = scanner as? CSVRowScanner {
            blockScanner = CSVBlockScanner(delimiter: csv.delimiter, columnCount: csv.columnCount, slotOfColumn: csv.slotOfColumn,
                                           rows: table.capacity)
        } else {
            blockScanner = nil
        }
    }

    mutating func process(_ bytes: UnsafeRawBufferPointer, index: Int, offset: Int) -> BlockReport {
        var report = BlockReport(index: index)
        var position = 0
        var lines = 0
        scanner.startBlock()
        counter.beginBlock()
        defer { counter.endBlock() }
        while position < bytes.count {
            // A window at a time while every row of it is well formed and valid; a window that
            // is not goes row by row, which reports or skips what is wrong, and then windows again.
            if inWindows {
                let scanned: (next: Int, lines: Int)?
                if let blockScanner, let next = blockScanner.scan(bytes, from: position, into: table) {
                    scanned = (next, table.count)
                } else {
                    let table = self.table
                    scanned = fields.withUnsafeMutableBufferPointer { scanner.scanWindow(bytes, from: position, fields: $0, into: table) }
                }
                if let scanned, scanned.next > position, decoder.decodeTable(bytes, table, into: window, combinations: &combinations) {
                    guard countWindow() else {
                        report.failure = tooManyCombinations(line: lines)
                        break
                    }
                    report.rows += window.count
                    lines += scanned.lines
                    position = scanned.next
                    continue
                }
            }
            guard processRows(bytes, position: &position, lines: &lines, offset: offset, limit: inWindows ? table.capacity : .max,
                              report: &report) else { break }
        }
        report.lines = lines
        return report
    }

    /// Decodes up to `limit` rows from `position` one by one into the window, each problem
    /// reported or skipped, then counts them; false when a problem stops the block.
    private mutating func processRows(_ bytes: UnsafeRawBufferPointer, position: inout Int, lines: inout Int, offset: Int,
                                      limit: Int, report: inout BlockReport) -> Bool {
        var fields = self.fields
        defer { self.fields = fields }
        let window = self.window
        window.count = 0
        let stopped: Bool = fields.withUnsafeMutableBufferPointer { fields in
            var rows = 0
            while rows < limit {
                if window.count == window.capacity {
                    guard countWindow() else {
                        report.failure = tooManyCombinations(line: lines)
                        return true
                    }
                    window.count = 0
                }
                let rowLine = lines
                let rowOffset = offset &+ position
                let outcome = scanner.scanRow(bytes, position: &position, lines: &lines, fields: fields)
                let problem: LocatedProblem
                /// Rows a malformed row stands for: every physical line it took. A stray quote can
                /// make one malformed row of hundreds of lines; skipping it skips all of them.
                var spanned = 1
                switch outcome {
                case .end:
                    return false
                case .blank:
                    report.blankLines += 1
                    continue
                case .row:
                    rows += 1
                    report.rows += 1
                    let row = window.count
                    guard let found = decoder.decodeRow(bytes, UnsafeBufferPointer(fields), scanner: scanner, line: rowLine,
                                                        into: window, row: row, combinations: &combinations) else {
                        if keysByOffset { window.rowKeys[row] = UInt64(truncatingIfNeeded: rowOffset) }
                        window.count = row + 1
                        continue
                    }
                    problem = found
                case .malformed(let kind, let column, _):
                    spanned = lines &- rowLine &+ (bytes[position &- 1] == .lineFeed ? 0 : 1)
                    rows += 1
                    report.rows += spanned
                    problem = LocatedProblem(problem: kind.dataProblem, line: rowLine, column: column, columnName: nil,
                                             lastLine: spanned > 1 ? rowLine &+ spanned &- 1 : nil)
                }
                if skipInvalid && problem.problem.isSkippable {
                    let code = problem.problem.reasonCode
                    if let tally = report.skipped[code] {
                        report.skipped[code] = (tally.count + spanned, tally.first)
                    } else {
                        report.skipped[code] = (spanned, problem)
                    }
                    continue
                }
                report.failure = problem
                return true
            }
            return false
        }
        if stopped { return false }
        guard countWindow() else {
            report.failure = tooManyCombinations(line: lines)
            return false
        }
        return true
    }

    /// Finds the combination of every row of the window and counts it; false when the
    /// combinations' limit stops the run.
    private mutating func countWindow() -> Bool {
        guard window.count > 0 else { return true }
        guard combinations.assign(window) else { return false }
        counter.reserveCombinations(combinations.count)
        combinations.sharedIndex.withUnsafeBufferPointer { counter.count(window, shared: $0) }
        return true
    }

    private func tooManyCombinations(line: Int) -> LocatedProblem {
        LocatedProblem(problem: .tooManyCombinations(limit: combinations.registry.limit), line: line)
    }
}
