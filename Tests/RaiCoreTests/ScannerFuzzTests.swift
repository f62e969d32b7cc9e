import Foundation
import Testing
@testable import RaiCore

/// Differential fuzzing of the input scanners: random CSV, TSV and JSON Lines files, messy in
/// every way real files are (long fields around the 64-byte chunk edges, quotes, doubled quotes,
/// quoted newlines, CR and CRLF, blank lines, a missing final newline, a byte order mark, ragged
/// rows, invalid UTF-8), read by every path rai has (the window fast path and the row-by-row path,
/// blocks of several sizes, one and two threads, a mapped file and a pipe) and compared with what
/// a simple reference reader, written here from the documented rules, makes of the same bytes.
///
/// Seeded: a failure names its seed, and `RAI_FUZZ_SEED=<seed>` replays that one file. Bounded:
/// a fixed number of files, a few seconds in all.
@Suite("scanner differential fuzz")
struct ScannerFuzzTests {
    static let files = 40

    @Test("CSV and TSV: every path agrees with the reference reader")
    func delimited() throws {
        for seed in Self.seeds(base: 0xC5F0) {
            var generator = SeededGenerator(seed: seed)
            let file = DelimitedFile.random(using: &generator)
            let skipInvalid = generator.next() % 2 == 0
            let expected = DelimitedReference.read(file.bytes, delimiter: file.delimiter, skipInvalid: skipInvalid)
            FuzzPaths.expectAll(bytes: file.bytes, extension: file.delimiter == .tab ? "tsv" : "csv", skipInvalid: skipInvalid,
                                expected: expected, seed: seed)
        }
    }

    @Test("JSON Lines: every path agrees with the reference reader")
    func jsonLines() throws {
        for seed in Self.seeds(base: 0x15_0000) {
            var generator = SeededGenerator(seed: seed)
            let bytes = JSONLinesFile.random(using: &generator)
            let skipInvalid = generator.next() % 2 == 0
            let expected = JSONLinesReference.read(bytes, skipInvalid: skipInvalid)
            FuzzPaths.expectAll(bytes: bytes, extension: "jsonl", skipInvalid: skipInvalid, expected: expected, seed: seed)
        }
    }

    static func seeds(base: UInt64) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["RAI_FUZZ_SEED"], let seed = UInt64(text) { return [seed] }
        return (0..<UInt64(files)).map { base &+ $0 }
    }
}

/// SplitMix64: small, fast and seeded, so that every generated file can be made again.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
}

// MARK: What a file should give

/// What reading a file must give: the rows read, the skipped rows per reason, and per slice value
/// of `g` (nil: missing) the rows, positives and confusion counts at 0.5; or the error that stops
/// the run, by reason and line.
enum FuzzExpectation: Equatable, CustomStringConvertible {
    struct Counts: Equatable {
        var rows = 0
        var positives = 0
        var truePositives = 0
        var falsePositives = 0
    }

    case counts(rowsRead: Int, skipped: [String: Int], slices: [String?: Counts])
    case failure(reason: String, line: Int?)

    var description: String {
        switch self {
        case .counts(let rows, let skipped, let slices): return "\(rows) rows, skipped \(skipped), \(slices.count) slices"
        case .failure(let reason, let line): return "\(reason) at line \(line.map(String.init) ?? "-")"
        }
    }

    /// What differs from `other`, briefly: the summaries, or the first slices that differ.
    func difference(from other: FuzzExpectation) -> String {
        guard case .counts(_, _, let mine) = self, case .counts(_, _, let theirs) = other else { return "\(self) ≠ \(other)" }
        let keys = Set(mine.keys).union(theirs.keys).filter { mine[$0] != theirs[$0] }.prefix(3)
        return "\(self) ≠ \(other); " + keys.map { "\(($0 ?? "(missing)").debugDescription): \(String(describing: mine[$0])) ≠ \(String(describing: theirs[$0]))" }.joined(separator: "; ")
    }

    /// Counts rows whose fields a reference reader found, in file order, each either decoded
    /// (label, score, slice value) or with its problem, and the line it starts on.
    static func tally(_ rows: [(line: Int, spans: Int, row: Result<(label: Bool, score: Double, g: String?), DataProblem>)],
                      skipInvalid: Bool, emptyProblem: DataProblem) -> FuzzExpectation {
        var rowsRead = 0
        var skipped: [String: Int] = [:]
        var slices: [String?: Counts] = [:]
        for (line, spans, row) in rows {
            switch row {
            case .success(let (label, score, g)):
                rowsRead += 1
                for key in [g, "\u{0}overall"] as [String?] {
                    var counts = slices[key] ?? Counts()
                    counts.rows += 1
                    if label { counts.positives += 1 }
                    if score > 0.5 {
                        if label { counts.truePositives += 1 } else { counts.falsePositives += 1 }
                    }
                    slices[key] = counts
                }
            case .failure(let problem):
                guard skipInvalid && problem.isSkippable else { return .failure(reason: problem.reasonCode, line: line) }
                rowsRead += spans
                skipped[problem.reasonCode, default: 0] += spans
            }
        }
        if rowsRead == 0 { return .failure(reason: emptyProblem.reasonCode, line: nil) }
        return .counts(rowsRead: rowsRead, skipped: skipped, slices: slices)
    }

    /// The same view of an evaluation's result.
    init(_ result: EvaluationResult) {
        var slices: [String?: Counts] = [:]
        for slice in result.slices where slice.features == ["g"] || slice.isOverall {
            let at = slice.thresholds.first { $0.threshold == 0.5 }!.counts
            slices[slice.isOverall ? "\u{0}overall" : slice.values[0]] = Counts(
                rows: slice.exampleCount, positives: Int(slice.positives), truePositives: Int(at.truePositives),
                falsePositives: Int(at.falsePositives))
        }
        var skipped: [String: Int] = [:]
        for entry in result.input.skipped { skipped[entry.reason] = entry.count }
        self = .counts(rowsRead: result.input.rowsRead, skipped: skipped, slices: slices)
    }
}

/// Reads a decoded field as rai's documented rules say, for the reference readers.
enum FuzzDecoding {
    static func label(_ text: [UInt8]?) -> Result<Bool, DataProblem> {
        guard let text, !text.isEmpty else { return .failure(.missingLabel) }
        switch String(decoding: text, as: UTF8.self).lowercased() {
        case "1", "1.0", "true": return .success(true)
        case "0", "0.0", "false": return .success(false)
        default: return .failure(.invalidLabel(""))
        }
    }

    /// Scores are written `[-]digits[.digits]` by the generators, or are plainly not numbers.
    static func score(_ text: [UInt8]?) -> Result<Double, DataProblem> {
        guard let text, !text.isEmpty else { return .failure(.missingScore) }
        let digits = text.first == UInt8(ascii: "-") ? text.dropFirst() : text[...]
        let parts = digits.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }),
              let value = Double(String(decoding: text, as: UTF8.self)) else { return .failure(.invalidScore("")) }
        return .success(value)
    }

    /// `g` nil is a missing value; so is an empty CSV cell, but not an empty JSON string.
    static func row(label: Result<Bool, DataProblem>, score: Result<Double, DataProblem>,
                    g: [UInt8]?) -> Result<(label: Bool, score: Double, g: String?), DataProblem> {
        let decodedLabel: Bool, decodedScore: Double
        switch label {
        case .success(let value): decodedLabel = value
        case .failure(let problem): return .failure(problem)
        }
        switch score {
        case .success(let value): decodedScore = value
        case .failure(let problem): return .failure(problem)
        }
        guard let g else { return .success((decodedLabel, decodedScore, nil)) }
        guard let value = String(validating: g, as: UTF8.self) else { return .failure(.invalidUTF8) }
        return .success((decodedLabel, decodedScore, value))
    }
}

// MARK: Running every path

enum FuzzPaths {
    /// Reads `bytes` through every path and checks each against `expected`.
    static func expectAll(bytes: [UInt8], extension ext: String, skipInvalid: Bool, expected: FuzzExpectation, seed: UInt64,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        let path = temporaryFile(bytes: bytes, extension: ext)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let paths: [(name: String, windows: Bool, block: Int, threads: Int, pipe: Bool)] = [
            ("row by row", false, EvaluationRequest.defaultBlockSize, 1, false),
            ("windows, 64-byte blocks, 2 threads", true, 64, 2, false),
            ("windows, 100-byte blocks", true, 100, 1, false),
            ("windows, 4 KiB blocks, 2 threads", true, 4096, 2, false),
            ("windows, 2 MiB blocks", true, EvaluationRequest.defaultBlockSize, 1, false),
            ("windows, pipe, 100-byte blocks, 2 threads", true, 100, 2, true),
            ("row by row, pipe", false, 4096, 1, true),
        ]
        for run in paths {
            var request = EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", slices: [["g"]],
                                            thresholds: [0.5], skipInvalid: skipInvalid, threads: run.threads, blockSize: run.block,
                                            computeAUC: false)
            request.countsInWindows = run.windows
            let found: FuzzExpectation
            do throws(RaiError) {
                found = run.pipe ? FuzzExpectation(try throughPipe(bytes, request, format: ext))
                                 : FuzzExpectation(try Evaluator.evaluate(request))
            } catch {
                guard case .data(let dataError) = error else {
                    Issue.record("seed \(seed), \(run.name): \(error.message)", sourceLocation: sourceLocation)
                    continue
                }
                found = .failure(reason: dataError.kind.reasonCode, line: dataError.kind.concernsWholeFile ? nil : dataError.line)
            }
            if found != expected {
                Issue.record("seed \(seed), \(run.name): found \(found.difference(from: expected))", sourceLocation: sourceLocation)
                return
            }
        }
    }

    /// Evaluates `bytes` written into a FIFO: the input is read, not mapped.
    static func throughPipe(_ bytes: [UInt8], _ request: EvaluationRequest, format: String) throws(RaiError) -> EvaluationResult {
        let fifo = NSTemporaryDirectory() + "rai-fuzz-\(UUID().uuidString)"
        mkfifo(fifo, 0o600)
        defer { unlink(fifo) }
        // rai may stop reading at an error: the writer then gets EPIPE, not the signal.
        signal(SIGPIPE, SIG_IGN)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
                if n <= 0 && errno != EINTR { break }
                if n > 0 { written += n }
            }
            close(fd)
        }
        writer.start()
        var request = request
        request.path = fifo
        request.format = InputFormat(rawValue: format)
        defer {
            // If rai stopped reading early the writer may still wait for a reader; give it one.
            let fd = open(fifo, O_RDONLY | O_NONBLOCK)
            if fd >= 0 {
                var sink = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = read(fd, &sink, sink.count)
                    if n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) { break }
                    if n < 0 {
                        if writer.isFinished { break }
                        usleep(1000)
                    }
                }
                close(fd)
            }
        }
        return try Evaluator.evaluate(request)
    }
}

// MARK: CSV and TSV

/// A random delimited file with columns `label`, `score`, `g` and unused ones, in random order.
struct DelimitedFile {
    var bytes: [UInt8]
    var delimiter: UInt8

    static func random(using g: inout SeededGenerator) -> DelimitedFile {
        let delimiter: UInt8 = g.chance(25) ? .tab : .comma
        var names = ["label", "score", "g"] + ["note", "x", "url"].prefix(Int.random(in: 0...3, using: &g))
        names.shuffle(using: &g)
        let crlf = Int.random(in: 0..<3, using: &g)  // 0: LF, 1: CRLF, 2: mixed
        func lineEnd(_ g: inout SeededGenerator) -> [UInt8] {
            (crlf == 1 || (crlf == 2 && g.chance(50))) ? [.carriageReturn, .lineFeed] : [.lineFeed]
        }
        var bytes: [UInt8] = g.chance(15) ? [0xEF, 0xBB, 0xBF] : []
        if g.chance(10) { bytes += lineEnd(&g) }  // a blank line before the header
        bytes += names.map { name in g.chance(20) ? Array("\"\(name)\"".utf8) : Array(name.utf8) }
            .joined(separator: [delimiter])
        bytes += lineEnd(&g)
        // Mostly short files; some long enough for several windows of 2,048 rows.
        let rowCount = g.chance(5) ? Int.random(in: 2000...2600, using: &g) : Int.random(in: 0...120, using: &g)
        let damage = g.chance(60) ? 0 : Int.random(in: 1...40, using: &g)  // about one row in `damage` is irregular
        for _ in 0..<rowCount {
            if damage > 0 && Int.random(in: 0..<damage, using: &g) == 0 && g.chance(30) {
                bytes += g.chance(50) ? [.lineFeed] : [.carriageReturn, .lineFeed]  // a blank line
            }
            var cells = names.map { name -> [UInt8] in
                switch name {
                case "label": return label(&g, damaged: damage > 0)
                case "score": return score(&g, damaged: damage > 0)
                default: return text(&g, invalidUTF8: name != "g" || damage > 0)
                }
            }
            var row: [UInt8] = []
            if damage > 0 && Int.random(in: 0..<damage, using: &g) == 0 {
                switch Int.random(in: 0..<5, using: &g) {
                case 0: cells.removeLast()  // ragged: short
                case 1: cells.append(Array("extra".utf8))  // ragged: long
                case 2: cells[Int.random(in: 0..<cells.count, using: &g)] = Array("\"closed\"then text".utf8)
                case 3: cells[Int.random(in: 0..<cells.count, using: &g)] = Array("\"stray quote".utf8)  // swallows rows
                default: cells[Int.random(in: 0..<cells.count, using: &g)] = Array("5\" screen".utf8)  // literal quote
                }
            }
            for (k, cell) in cells.enumerated() {
                if k > 0 { row.append(delimiter) }
                row += encode(cell, delimiter: delimiter, using: &g)
            }
            bytes += row + lineEnd(&g)
        }
        if rowCount > 0 && g.chance(30) {  // no final line ending
            bytes.removeLast()
            if bytes.last == .carriageReturn { bytes.removeLast() }
        }
        return DelimitedFile(bytes: bytes, delimiter: delimiter)
    }

    /// A cell as written: quoted when its text needs it (or at random), quotes doubled. Cells that
    /// are already written raw (the damaged ones, starting with a quote or holding one) stay so.
    static func encode(_ text: [UInt8], delimiter: UInt8, using g: inout SeededGenerator) -> [UInt8] {
        if text.first == .quote || text.contains(.quote) && !text.contains(delimiter) && !text.contains(.lineFeed)
            && !text.contains(.carriageReturn) && g.chance(30) {
            return text
        }
        let needsQuotes = text.contains(delimiter) || text.contains(.lineFeed) || text.contains(.carriageReturn)
            || text.contains(.quote)
        guard needsQuotes || g.chance(15) else { return text }
        var out: [UInt8] = [.quote]
        for byte in text {
            out.append(byte)
            if byte == .quote { out.append(.quote) }
        }
        out.append(.quote)
        return out
    }

    static func label(_ g: inout SeededGenerator, damaged: Bool) -> [UInt8] {
        let spellings = damaged && g.chance(5) ? ["", "x", "2", "yes"] : g.chance(90) ? ["0", "1"] : ["true", "FALSE", "1.0", "0.0"]
        return Array(spellings.randomElement(using: &g)!.utf8)
    }

    static func score(_ g: inout SeededGenerator, damaged: Bool) -> [UInt8] {
        if damaged && g.chance(5) { return Array(["", "abc", "1.2.3", "0x1"].randomElement(using: &g)!.utf8) }
        switch Int.random(in: 0..<10, using: &g) {
        case 0: return Array(String(Int.random(in: -2...3, using: &g)).utf8)
        case 1: return Array("-0.\(Int.random(in: 0...99, using: &g))".utf8)
        default:
            let digits = Int.random(in: 1...10, using: &g)
            return Array(("0." + (0..<digits).map { _ in String(Int.random(in: 0...9, using: &g)) }.joined()).utf8)
        }
    }

    /// A text value: short and repeated, or of a length around a multiple of 64, with delimiters,
    /// quotes, newlines and carriage returns inside at times; rarely an invalid UTF-8 byte.
    static func text(_ g: inout SeededGenerator, invalidUTF8: Bool) -> [UInt8] {
        if g.chance(55) { return Array(["a", "b", "", "ü", "NA", "white", "Self-emp-inc"].randomElement(using: &g)!.utf8) }
        let lengths = [1, 7, 8, 15, 16, 31, 62, 63, 64, 65, 66, 100, 126, 127, 128, 129, 130, 191, 192, 193, 300]
        let length = lengths.randomElement(using: &g)! + Int.random(in: -1...1, using: &g)
        let alphabet = Array("abcdefghij klmnopqrstuvwxyz0123456789".utf8)
        var text = (0..<max(1, length)).map { _ in alphabet.randomElement(using: &g)! }
        let specials: [UInt8] = [.comma, .tab, .quote, .lineFeed, .carriageReturn]
        for _ in 0..<(g.chance(40) ? Int.random(in: 1...3, using: &g) : 0) {
            text[Int.random(in: 0..<text.count, using: &g)] = specials.randomElement(using: &g)!
        }
        if invalidUTF8 && g.chance(3) { text[Int.random(in: 0..<text.count, using: &g)] = 0xFF }
        // Leading and trailing carriage returns are line-ending territory: keep them inside.
        if text.first == .carriageReturn { text[0] = UInt8(ascii: "r") }
        if text.last == .carriageReturn { text[text.count - 1] = UInt8(ascii: "r") }
        return text
    }
}

/// Reads delimited bytes byte by byte by the rules in the README: a header row; rows end at LF (a
/// CR before it is not content); a field that starts with `"` is quoted, may hold delimiters,
/// newlines and `""`, and must be followed by a delimiter or the end of the row, else the row is
/// malformed (and the rest of that field is skipped); a `"` elsewhere is literal; an empty line is
/// no row; an unterminated quote ends the file; a row needs as many fields as the header.
enum DelimitedReference {
    static func read(_ input: [UInt8], delimiter: UInt8, skipInvalid: Bool) -> FuzzExpectation {
        var bytes = input
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.isEmpty { return .failure(reason: DataProblem.emptyFile.reasonCode, line: nil) }
        var position = 0
        var line = 1
        while position < bytes.count && (bytes[position] == .lineFeed
                || bytes[position] == .carriageReturn && position + 1 < bytes.count && bytes[position + 1] == .lineFeed) {
            position += bytes[position] == .lineFeed ? 1 : 2
            line += 1
        }
        if position == bytes.count { return .failure(reason: DataProblem.noHeader.reasonCode, line: nil) }
        guard case .fields(let header) = nextRow(bytes, &position, &line, delimiter: delimiter) else {
            return .failure(reason: "header", line: 1)
        }
        let names = header.map { String(decoding: $0, as: UTF8.self) }
        let labelColumn = names.firstIndex(of: "label")!, scoreColumn = names.firstIndex(of: "score")!
        let gColumn = names.firstIndex(of: "g")!
        var rows: [(line: Int, spans: Int, row: Result<(label: Bool, score: Double, g: String?), DataProblem>)] = []
        while position < bytes.count {
            let start = line
            let row = nextRow(bytes, &position, &line, delimiter: delimiter)
            let spans = line - start + (bytes[position - 1] == .lineFeed ? 0 : 1)
            switch row {
            case .blank: continue
            case .problem(let problem): rows.append((start, spans, .failure(problem)))
            case .fields(let fields):
                guard fields.count == names.count else {
                    rows.append((start, spans, .failure(.raggedRow(expected: names.count, found: fields.count))))
                    continue
                }
                rows.append((start, 1, FuzzDecoding.row(label: FuzzDecoding.label(fields[labelColumn]), score: FuzzDecoding.score(fields[scoreColumn]),
                                                    g: fields[gColumn].isEmpty ? nil : fields[gColumn])))
            }
        }
        return FuzzExpectation.tally(rows, skipInvalid: skipInvalid, emptyProblem: .noDataRows)
    }

    enum Row {
        case fields([[UInt8]])
        case blank
        case problem(DataProblem)
    }

    /// The row at `position`, moving past its line ending and counting its line feeds.
    static func nextRow(_ b: [UInt8], _ position: inout Int, _ line: inout Int, delimiter: UInt8) -> Row {
        var i = position
        defer { position = i }
        if b[i] == .lineFeed || (b[i] == .carriageReturn && i + 1 < b.count && b[i + 1] == .lineFeed) {
            i += b[i] == .lineFeed ? 1 : 2
            line += 1
            return .blank
        }
        var fields: [[UInt8]] = []
        var problem: DataProblem?
        while true {
            var field: [UInt8] = []
            if i < b.count && b[i] == .quote {
                i += 1
                while true {
                    guard i < b.count else { return .problem(.unterminatedQuote) }
                    if b[i] == .quote {
                        if i + 1 < b.count && b[i + 1] == .quote {
                            field.append(.quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if b[i] == .lineFeed { line += 1 }
                    field.append(b[i])
                    i += 1
                }
                let atRowEnd = i == b.count || b[i] == delimiter || b[i] == .lineFeed
                    || (b[i] == .carriageReturn && (i + 1 == b.count || b[i + 1] == .lineFeed))
                if !atRowEnd {
                    problem = problem ?? .textAfterClosingQuote
                    while i < b.count && b[i] != delimiter && b[i] != .lineFeed { i += 1 }
                }
            } else {
                while i < b.count && b[i] != delimiter && b[i] != .lineFeed {
                    field.append(b[i])
                    i += 1
                }
                if field.last == .carriageReturn { field.removeLast() }
            }
            if i < b.count && b[i] == .carriageReturn { i += 1 }  // CR LF after a quoted field
            fields.append(field)
            if i >= b.count { break }
            if b[i] == delimiter {
                i += 1
                if i == b.count { fields.append([]) }
                else { continue }
                break
            }
            i += 1  // the line feed
            line += 1
            break
        }
        if let problem { return .problem(problem) }
        return .fields(fields)
    }
}

// MARK: JSON Lines

enum JSONLinesFile {
    static func random(using g: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        let crlf = g.chance(30)
        let rowCount = g.chance(5) ? Int.random(in: 2000...2600, using: &g) : Int.random(in: 0...120, using: &g)
        let damage = g.chance(60) ? 0 : Int.random(in: 1...40, using: &g)
        func space(_ g: inout SeededGenerator) -> String { g.chance(80) ? "" : [" ", "  ", "\t", " \t "].randomElement(using: &g)! }
        // Writers keep one layout; some files mix a few.
        let layouts = (0..<Int.random(in: 1...3, using: &g)).map { _ in
            (["label", "score", "g", "note", "meta"].shuffled(using: &g), space(&g), space(&g))
        }
        for _ in 0..<rowCount {
            if damage > 0 && Int.random(in: 0..<damage, using: &g) == 0 && g.chance(30) {
                bytes += Array((crlf ? "\r\n" : "\n").utf8)
            }
            let (keys, afterColon, afterComma) = layouts.randomElement(using: &g)!
            var members: [[UInt8]] = []
            // At most one thing wrong with a line (the label, the score, `g` or the line itself),
            // so that what is wrong with it is clear.
            let broken = damage > 0 && Int.random(in: 0..<damage, using: &g) == 0 ? Int.random(in: 0..<4, using: &g) : -1
            for key in keys {
                let value: [UInt8]
                switch key {
                case "label": value = Array((broken == 0 ? ["null", "\"x\"", "2"] : ["0", "1", "true", "false", "\"1\"", "0.0"])
                    .randomElement(using: &g)!.utf8)
                case "score":
                    value = broken == 1 ? Array(["null", "\"abc\"", "true"].randomElement(using: &g)!.utf8)
                                        : DelimitedFile.score(&g, damaged: false)
                case "g":
                    if g.chance(10) { continue }  // absent: missing
                    value = gValue(&g, broken: broken == 2)
                case "note": value = string(DelimitedFile.text(&g, invalidUTF8: false))
                default: value = Array(["{\"a\": [1, {\"b\": \"}]\"}]}", "[]", "null", "12.5", "\"x\""].randomElement(using: &g)!.utf8)
                }
                let name = key == "score" && g.chance(3) ? "sc\\u006fre" : key
                members.append(Array("\"\(name)\":\(afterColon)".utf8) + value)
            }
            var line = Array("{\(space(&g))".utf8) + members.joined(separator: Array(",\(afterComma)".utf8)) + Array("\(space(&g))}".utf8)
            if broken == 3 {
                line = [Array("[1, 2]".utf8), Array("{\"label\": 1, \"score\": 0.5".utf8), line + Array(" x".utf8),
                        Array("\"label\"".utf8)].randomElement(using: &g)!
            }
            bytes += line + Array((crlf ? "\r\n" : "\n").utf8)
        }
        if rowCount > 0 && g.chance(30) {
            bytes.removeLast()
            if bytes.last == .carriageReturn { bytes.removeLast() }
        }
        return bytes
    }

    private static func gValue(_ g: inout SeededGenerator, broken: Bool) -> [UInt8] {
        if broken {
            if g.chance(25) { return [.quote, 0x61, 0xFF, .quote] }  // invalid UTF-8 in a used value
            return Array(["{\"nested\": 1}", "\"tab\there\"", "\"bad \\q escape\""].randomElement(using: &g)!.utf8)
        }
        switch Int.random(in: 0..<8, using: &g) {
        case 0: return Array("null".utf8)
        case 1: return Array(String(Int.random(in: 0...30, using: &g)).utf8)
        case 2: return Array("\"esc \\\"q\\\" \\u00e9 \\ud83d\\ude00 \\n\"".utf8)
        default: return string(DelimitedFile.text(&g, invalidUTF8: false))
        }
    }

    /// `text` as a JSON string, escaped where JSON requires.
    static func string(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [.quote]
        for byte in text {
            switch byte {
            case .quote: out += Array("\\\"".utf8)
            case .backslash: out += Array("\\\\".utf8)
            case .lineFeed: out += Array("\\n".utf8)
            case .carriageReturn: out += Array("\\r".utf8)
            case .tab: out += Array("\\t".utf8)
            default: out.append(byte)
            }
        }
        out.append(.quote)
        return out
    }
}

/// Reads JSON Lines with Foundation's JSON parser, one line at a time: blank lines are no rows;
/// a line must hold one object; `label`, `score` and `g` are read by their JSON type (a missing
/// key or `null` is a missing value; strings are read as CSV text is; numbers as they are
/// written); a nested value for `g` is an error; invalid UTF-8 in `g` is an error that stops the
/// run.
enum JSONLinesReference {
    static func read(_ bytes: [UInt8], skipInvalid: Bool) -> FuzzExpectation {
        var rows: [(line: Int, spans: Int, row: Result<(label: Bool, score: Double, g: String?), DataProblem>)] = []
        for (index, lineBytes) in bytes.split(separator: .lineFeed, omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            if lineBytes.allSatisfy({ $0 == .space || $0 == .tab || $0 == .carriageReturn }) { continue }
            if String(validating: lineBytes, as: UTF8.self) == nil {
                rows.append((line, 1, .failure(.invalidUTF8)))
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(lineBytes)) as? [String: Any] else {
                rows.append((line, 1, .failure(.invalidJSON(""))))
                continue
            }
            if object["g"] is [String: Any] || object["g"] is [Any] {
                rows.append((line, 1, .failure(.nestedJSONValue)))
                continue
            }
            rows.append((line, 1, FuzzDecoding.row(label: label(object["label"]), score: score(object["score"]), g: text(object["g"]))))
        }
        return FuzzExpectation.tally(rows, skipInvalid: skipInvalid, emptyProblem: .emptyFile)
    }

    private static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    private static func label(_ value: Any?) -> Result<Bool, DataProblem> {
        guard let number = value as? NSNumber else { return FuzzDecoding.label(text(value)) }
        if isBoolean(number) { return .success(number.boolValue) }
        switch number.doubleValue {
        case 1: return .success(true)
        case 0: return .success(false)
        default: return .failure(.invalidLabel(""))
        }
    }

    private static func score(_ value: Any?) -> Result<Double, DataProblem> {
        guard let number = value as? NSNumber else { return FuzzDecoding.score(text(value)) }
        return isBoolean(number) ? .failure(.invalidScore("")) : .success(number.doubleValue)
    }

    /// A JSON value as the text rai reads: a string's content, a number or literal as written.
    private static func text(_ value: Any?) -> [UInt8]? {
        switch value {
        case nil, is NSNull: return nil
        case let string as String: return Array(string.utf8)
        case let number as NSNumber:
            if isBoolean(number) { return Array((number.boolValue ? "true" : "false").utf8) }
            return Array(number.stringValue.utf8)
        default: return Array("?".utf8)
        }
    }
}
