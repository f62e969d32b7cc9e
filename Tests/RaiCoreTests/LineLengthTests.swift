import Foundation
import Testing
@testable import RaiCore

/// F16: a header or row that never ends (`/dev/zero`, a quote left open on a pipe) grew a buffer
/// until memory ran out. Rows and the header are now limited to `maximumLineLength` bytes, line
/// ending included, on a mapped file and on a pipe alike.
@Suite("line length limit")
struct LineLengthTests {
    func request(_ path: String, limit: Int, blockSize: Int = EvaluationRequest.defaultBlockSize) -> EvaluationRequest {
        var request = EvaluationRequest(path: path, format: .csv, labelColumn: "label", scoreColumn: "score", slices: [["g"]],
                                        threads: 2, blockSize: blockSize)
        request.maximumLineLength = limit
        return request
    }

    /// The error of evaluating `text` with `limit`, from a mapped file and through a pipe.
    func errors(_ text: String, limit: Int) -> [DataError?] {
        let path = temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let mapped = dataError { try Evaluator.evaluate(request(path, limit: limit)) }
        let piped = dataError { try FuzzPaths.throughPipe(Array(text.utf8), request(path, limit: limit), format: "csv") }
        return [mapped, piped]
    }

    @Test("a row up to the limit is read; one byte more stops the run, naming where the row starts")
    func dataRows() throws {
        let header = "label,score,g\n"
        let prefix = header + String(repeating: "1,0.5,a\n", count: 100)
        let exact = "0,0.5," + String(repeating: "x", count: 256 - 7) + "\n"  // 256 bytes with its LF
        for error in errors(prefix + exact + "1,0.5,a\n", limit: 256) { #expect(error == nil) }
        let over = "0,0.5," + String(repeating: "x", count: 256 - 6) + "\n"
        for error in errors(prefix + over + "1,0.5,a\n", limit: 256) {
            #expect(error?.kind == .lineTooLong(limit: 256, offset: prefix.utf8.count))
            #expect(error?.description.hasSuffix("the row starting at byte \(prefix.utf8.count) is longer than 256 bytes, the line length limit (a quote left open makes the rest of the input one row); raise the limit with --max-line-length") == true)
        }
    }

    @Test("a limit below 64 bytes, the smallest block, counts as 64")
    func smallestLimit() {
        let prefix = "label,score,g\n1,0.5,a\n"
        for error in errors(prefix + "0,0.5," + String(repeating: "x", count: 100) + "\n", limit: 10) {
            #expect(error?.kind == .lineTooLong(limit: 64, offset: prefix.utf8.count))
        }
    }

    @Test("a header longer than the limit stops the run at line 1")
    func header() {
        let text = (0..<100).map { "column\($0)" }.joined(separator: ",") + ",label,score,g\n"
            + String(repeating: "x,", count: 100) + "1,0.5,a\n"
        for error in errors(text, limit: 256) {
            #expect(error?.kind == .lineTooLong(limit: 256, offset: nil))
            #expect(error?.line == 1)
        }
        for error in errors(text, limit: 4096) { #expect(error == nil) }
    }

    @Test("a quote left open on a pipe stops the run at the limit instead of buffering the input")
    func unterminatedQuote() {
        let text = "label,score,g\n1,0.5,\"" + String(repeating: "abcdefghijklmnop\n", count: 200_000)
        for error in errors(text, limit: 64 << 10) {
            #expect(error?.kind == .lineTooLong(limit: 64 << 10, offset: 14))
        }
    }

    @Test("the missing-column message lists at most 30 names, each shortened")
    func longHeaderMessage() {
        let names = (0..<10_000).map { "c\($0)" } + [String(repeating: "n", count: 1000)]
        let problem = DataProblem.missingColumns(missing: ["label"], available: names.reversed())
        #expect(problem.description.count < 600)
        #expect(problem.description.hasPrefix("no column 'label'; the columns are: \(String(repeating: "n", count: 40))…, c9999"))
        #expect(problem.description.hasSuffix(", … (10001 columns in all)"))
    }
}
