import Foundation
import Testing
@testable import RaiCore

/// The fast path (windows of rows scanned by `CSVBlockScanner` or the row scanner, decoded column
/// by column, counted by `Accumulator.addRows`) must give exactly what the row-by-row path gives,
/// on every input, for any block size: the same slices, the same skipped rows, the same error.
@Suite("window path")
struct WindowPathTests {
    func run(path: String, weight: String? = nil, slices: [[String]] = [["g"]],
             skipInvalid: Bool = false, blockSize: Int = EvaluationRequest.defaultBlockSize,
             inWindows: Bool) -> Result<EvaluationResult, RaiError> {
        var request = EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", weightColumn: weight,
                                        slices: slices, thresholds: [0.25, 0.5, 0.75], skipInvalid: skipInvalid,
                                        threads: 2, blockSize: blockSize)
        request.countsInWindows = inWindows
        do throws(RaiError) {
            return .success(try Evaluator.evaluate(request))
        } catch {
            return .failure(error)
        }
    }

    /// Checks both paths agree on `text` for several block sizes; returns the window path's result.
    @discardableResult
    func expectSamePaths(_ text: String, extension ext: String = "csv", weight: String? = nil, slices: [[String]] = [["g"]],
                         skipInvalid: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) -> Result<EvaluationResult, RaiError> {
        let path = temporaryFile(text, extension: ext)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rowByRow = run(path: path, weight: weight, slices: slices, skipInvalid: skipInvalid, inWindows: false)
        var windowed = rowByRow
        for block in [64, 100, 4096, EvaluationRequest.defaultBlockSize] {
            windowed = run(path: path, weight: weight, slices: slices, skipInvalid: skipInvalid, blockSize: block, inWindows: true)
            switch (rowByRow, windowed) {
            case (.success(let a), .success(let b)):
                #expect(a.slices == b.slices, "block \(block)", sourceLocation: sourceLocation)
                #expect(a.input.rowsRead == b.input.rowsRead && a.input.skipped == b.input.skipped, "block \(block)",
                        sourceLocation: sourceLocation)
            case (.failure(let a), .failure(let b)):
                #expect(a.message == b.message, "block \(block)", sourceLocation: sourceLocation)
            default:
                Issue.record("one path failed and the other did not (block \(block))", sourceLocation: sourceLocation)
            }
        }
        return windowed
    }

    /// Rows of `label,score,g,w` with varied values, over several windows.
    func rows(_ count: Int, lineEnding: String = "\n", transform: (Int, String) -> String = { $1 }) -> String {
        var text = "label,score,g,w\(lineEnding)"
        let groups = ["a", "bb", "", "a long group name", "ü", "hispanic", "Self-emp-inc", "fifteen bytes!!"]
        for i in 0..<count {
            let row = "\(i % 3 == 0 ? 1 : 0),0.\(String(format: "%06d", (i * 7919) % 1_000_000)),\(groups[i % groups.count]),\(Double(i % 7) / 4)"
            text += transform(i, row) + lineEnding
        }
        return text
    }

    @Test("plain CSV, with and without weights, over many windows")
    func plain() throws {
        let text = rows(5000)
        let result = try expectSamePaths(text).get()
        #expect(result.input.rowsRead == 5000)
        try expectSamePaths(text, weight: "w").get()
    }

    @Test("CRLF line endings, the last column projected")
    func crlf() throws {
        try expectSamePaths(rows(3000, lineEnding: "\r\n"), slices: [["w"]]).get()
    }

    @Test("quoted and escaped fields, blank lines and a last row without its newline")
    func irregularRows() throws {
        let quoted = rows(3000) { i, row in i % 500 == 7 ? row.replacingOccurrences(of: ",a,", with: ",\"a\",") : row }
        try expectSamePaths(quoted).get()
        // Every text field quoted, as R's write.csv does, some with commas inside, over CRLF lines.
        let allQuoted = rows(3000, lineEnding: "\r\n") { i, row in
            var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[2] = i % 700 == 5 ? "\"\(fields[2]), too\"" : "\"\(fields[2])\""
            return fields.joined(separator: ",")
        }
        let result = try expectSamePaths(allQuoted, slices: [["g"], ["w"]]).get()
        #expect(result.slice("g=a") != nil)
        let escaped = rows(3000) { i, row in i == 2500 ? row.replacingOccurrences(of: ",bb,", with: ",\"b\"\"b\",") : row }
        try expectSamePaths(escaped).get()
        let blank = rows(3000) { i, row in i == 1234 ? "\n" + row : row }
        try expectSamePaths(blank).get()
        var unterminated = rows(3000)
        unterminated.removeLast()
        try expectSamePaths(unterminated).get()
    }

    /// F4: long text fields in windows that go row by row (a blank line, a doubled quote, a quoted
    /// newline, a last row without its line feed) crashed the row scanner.
    @Test("long unquoted fields in windows read row by row")
    func longFieldsRowByRow() throws {
        let long = String(repeating: "free text ", count: 20)
        let withLong = rows(3000) { i, row in i % 97 == 3 ? row.replacingOccurrences(of: ",a,", with: ",\(long),") : row }
        try expectSamePaths(withLong.replacingOccurrences(of: "\n1,", with: "\n\n1,"), slices: [["g"], ["w"]]).get()
        try expectSamePaths(withLong + "1,0.5,\"b\"\"b\",1\n").get()
        var lastRow = rows(10)
        lastRow += "1,0.5,\(long),1"
        let result = try expectSamePaths(lastRow, slices: [["g"], ["w"]]).get()
        #expect(result.input.rowsRead == 11)
        #expect(result.slice("g=\(long)")?.exampleCount == 1)
    }

    @Test("invalid rows stop both paths at the same line, or are skipped the same way")
    func invalidRows() throws {
        let cases = [
            rows(3000) { i, row in i == 2222 ? row.replacingOccurrences(of: "0.", with: "x.") : row },  // bad score
            rows(3000) { i, row in i == 1500 ? "2" + row.dropFirst() : row },  // bad label
            rows(3000) { i, row in i == 2999 ? row + ",extra" : row },  // ragged
            rows(3000) { i, row in i == 100 ? "," + row.dropFirst() : row },  // missing label
        ]
        for text in cases {
            guard case .failure = expectSamePaths(text) else {
                Issue.record("expected an error")
                continue
            }
            let skipped = try expectSamePaths(text, skipInvalid: true).get()
            #expect(skipped.input.rowsSkipped == 1)
        }
        // Invalid UTF-8 in a slice value.
        var bytes = Array(rows(3000).utf8)
        bytes[bytes.count - 3] = 0xFF
        let path = temporaryFile(bytes: bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var request = EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", slices: [["w"]])
        let rowByRow = dataError { request.countsInWindows = false; return try Evaluator.evaluate(request) }
        let windowed = dataError { request.countsInWindows = true; return try Evaluator.evaluate(request) }
        #expect(rowByRow != nil && rowByRow?.description == windowed?.description)
    }

    @Test("JSON Lines: spacing, escapes, nulls, absent keys, empty strings, numbers as slice values")
    func jsonLines() throws {
        var text = ""
        for i in 0..<3000 {
            let group = ["\"a\"", "\"b\\\"q\"", "null", "\"\"", "7", "true"][i % 6]
            let score = "0.\(String(format: "%06d", (i * 7919) % 1_000_000))"
            switch i % 4 {
            case 0: text += "{\"label\":\(i % 3 == 0 ? 1 : 0),\"score\":\(score),\"g\":\(group),\"w\":1.5}\n"
            case 1: text += "{\"label\": \(i % 3 == 0 ? "true" : "false"), \"score\": \(score), \"g\": \(group), \"w\": 3}\n"
            case 2: text += "{\"score\":\(score),\"label\":\"1\",\"w\":0.5,\"g\":\(group),\"nested\":{\"x\":[1,2]}}\n"
            default: text += "{\"label\":0,\"score\":\(score),\"w\":2}\n"
            }
        }
        let result = try expectSamePaths(text, extension: "jsonl").get()
        #expect(result.input.rowsRead == 3000)
        try expectSamePaths(text, extension: "jsonl", weight: "w", slices: [["g"], ["w"]]).get()
    }
}

@Suite("reading")
struct ReadingTests {
    @Test("a pipe, read into recycled buffers, gives what the mapped file gives", arguments: ["csv", "jsonl"])
    func pipeAndMapping(format: String) throws {
        let path = fixturesDirectory + "/predictions." + format
        let fifo = NSTemporaryDirectory() + "rai-fifo-\(UUID().uuidString)"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: fifo) }
        let writer = FIFOWriter(path: fifo, contents: try Data(contentsOf: URL(fileURLWithPath: path)))
        let slices = [["sex"], ["race"], ["sex", "race"]]
        var request = EvaluationRequest(path: fifo, format: format == "csv" ? .csv : .jsonl, labelColumn: "label",
                                        scoreColumn: "score", weightColumn: "weight", slices: slices, threads: 2, blockSize: 1000)
        let piped = Result { try Evaluator.evaluate(request) }
        // Before `piped` is checked: had evaluation failed before opening the FIFO, this reports
        // the writer's time-out instead of hanging.
        #expect(writer.wait() == nil)
        let pipedResult = try piped.get()
        request.path = path
        let mapped = try Evaluator.evaluate(request)
        #expect(pipedResult.slices == mapped.slices)
        #expect(pipedResult.input.rowsRead == 1000 && pipedResult.input.bytes == mapped.input.bytes)
    }
}

@Suite("input changing underneath")
struct TruncatedInputTests {
    /// F10: a mapped file truncated while it is read faulted with SIGBUS (exit 135). Reading the
    /// pages past the new end now ends the run with status 66 and a message.
    @Test("reading a mapped file truncated meanwhile exits 66, not SIGBUS")
    func truncatedWhileMapped() async {
        await #expect(processExitsWith: .exitCode(66), observing: [\.standardErrorContent]) {
            let path = temporaryFile(String(repeating: "1,0.5,abc\n", count: 100_000))
            let source = try ByteSource(path: path)
            let mapped = try #require(source.map())
            truncate(path, 10)
            var sum = 0
            for offset in stride(from: 0, to: mapped.bytes.count, by: 4096) { sum &+= Int(mapped.bytes[offset]) }
            print(sum)
        }.map { result in
            #expect(String(decoding: result.standardErrorContent, as: UTF8.self).contains(
                "cannot read \(NSTemporaryDirectory())"))
        }
    }
}

@Suite("CSV block scanner")
struct CSVBlockScannerTests {
    func scan(_ text: String, columns: Int, slots: [Int], from start: Int = 0) -> (next: Int?, fields: [[String]]) {
        let table = FieldTable(slots: slots.filter { $0 >= 0 }.count)
        let scanner = CSVBlockScanner(delimiter: .comma, columnCount: columns, slotOfColumn: slots, rows: table.capacity)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            let next = scanner.scan(raw, from: start, into: table)
            let fields = (0..<table.count).map { row in
                (0..<table.slots).map { slot in
                    String(decoding: raw[table.start(slot: slot, row: row)..<table.end(slot: slot, row: row)], as: UTF8.self)
                }
            }
            return (next, fields)
        }
    }

    @Test("cuts rows into the projected fields, in slot order")
    func fields() {
        let text = "1,0.5,x,skip\n0,0.25,,skip\r\n"
        let (next, fields) = scan(text, columns: 4, slots: [1, 0, -1, 2])
        #expect(next == text.utf8.count)
        #expect(fields == [["0.5", "1", "skip"], ["0.25", "0", "skip"]])
        #expect(scan(text, columns: 4, slots: [0, 1, 2, -1], from: 13).fields == [["0", "0.25", ""]])
    }

    @Test("takes simple quoted fields, their content inside the quotes")
    func quoted() {
        var text = ""
        for i in 0..<40 { text += "\"\(i)\",\"\",\"a, b\",x\n" }
        let (next, fields) = scan(text, columns: 4, slots: [0, 1, 2, 3])
        #expect(next == text.utf8.count)
        #expect(fields.count == 40)
        #expect(fields[39] == ["39", "", "a, b", "x"])
    }

    @Test("declines what only the row scanner handles", arguments: [
        "a,b\n\na,b\n", "a,b,c\n", "a\n", "c,d",
        "a,\"b\"\"c\"\n", "a,b\"c\"\n", "a,\"b\"c\n", "a,\"b\nc\"\n", "a,\"b\"\r\n",
    ])
    func declines(_ text: String) {
        #expect(scan(text, columns: 2, slots: [0, 1]).next == nil)
    }

    @Test("leaves a last row without its line feed to the row scanner")
    func unterminatedLastRow() {
        let (next, fields) = scan("a,b\nc,d", columns: 2, slots: [0, 1])
        #expect(next == 4)
        #expect(fields == [["a", "b"]])
    }

    @Test("stops when the table is full, after a whole row")
    func fullTable() throws {
        var text = ""
        for i in 0..<5000 { text += "\(i),y\n" }
        let (next, fields) = scan(text, columns: 2, slots: [0, -1])
        let taken = try #require(next)
        #expect(fields.count > 1900 && fields.count <= FieldTable(slots: 1).capacity)
        #expect(Array(text.utf8)[taken - 1] == .lineFeed)
        #expect(fields.last == ["\(fields.count - 1)"])
    }
}
