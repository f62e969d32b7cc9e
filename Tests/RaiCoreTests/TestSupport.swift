import Foundation
@testable import RaiCore

/// Writes `contents` to a fresh temporary file with the given extension and returns its path.
func temporaryFile(_ contents: String, extension ext: String = "csv") -> String {
    temporaryFile(bytes: Array(contents.utf8), extension: ext)
}

func temporaryFile(bytes: [UInt8], extension ext: String = "csv") -> String {
    let path = NSTemporaryDirectory() + "rai-test-\(UUID().uuidString).\(ext)"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

/// The repository's `Fixtures/` folder.
let fixturesDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
    return url.deletingLastPathComponent().appendingPathComponent("Fixtures").path
}()

func evaluate(_ contents: String, extension ext: String = "csv", label: String = "label", score: String = "score",
              weight: String? = nil, positiveLabel: String? = nil, slices: [[String]] = [],
              thresholds: [Double] = [0.5], skipInvalid: Bool = false, threads: Int = 1,
              blockSize: Int = EvaluationRequest.defaultBlockSize, scoreBudget: Int = EvaluationRequest.defaultScoreBudget) throws -> EvaluationResult {
    let path = temporaryFile(contents, extension: ext)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try evaluate(path: path, label: label, score: score, weight: weight, positiveLabel: positiveLabel,
                        slices: slices, thresholds: thresholds, skipInvalid: skipInvalid, threads: threads,
                        blockSize: blockSize, scoreBudget: scoreBudget)
}

func evaluate(path: String, label: String = "label", score: String = "score", weight: String? = nil,
              positiveLabel: String? = nil, slices: [[String]] = [], thresholds: [Double] = [0.5],
              skipInvalid: Bool = false, threads: Int = 1, blockSize: Int = EvaluationRequest.defaultBlockSize,
              scoreBudget: Int = EvaluationRequest.defaultScoreBudget) throws -> EvaluationResult {
    try Evaluator.evaluate(EvaluationRequest(
        path: path, labelColumn: label, scoreColumn: score, weightColumn: weight, positiveLabel: positiveLabel,
        slices: slices, thresholds: thresholds, skipInvalid: skipInvalid, threads: threads, blockSize: blockSize,
        scoreBudget: scoreBudget))
}

/// The data problem an evaluation fails with, or nil when it succeeds or fails otherwise.
func dataError(_ body: () throws -> EvaluationResult) -> DataError? {
    do {
        _ = try body()
        return nil
    } catch let RaiError.data(error) {
        return error
    } catch {
        return nil
    }
}

extension EvaluationResult {
    func slice(_ name: String) -> SliceResult? { slices.first { $0.name == name } }
}

/// Scans all of `text` with `scanner`; each row's projected fields as text (unescaped; nil for
/// missing), or the problem of a malformed row.
func scanAll<S: RowScanner>(_ scanner: S, _ text: String, slots: Int) -> [Result<[String?], DataProblem>] {
    var scanner = scanner
    let bytes = Array(text.utf8)
    var fields = [Field](repeating: .missing, count: slots)
    var out: [Result<[String?], DataProblem>] = []
    bytes.withUnsafeBytes { raw in
        fields.withUnsafeMutableBufferPointer { fields in
            var position = 0
            var lines = 0
            scanner.startBlock()
            while true {
                switch scanner.scanRow(raw, position: &position, lines: &lines, fields: fields) {
                case .end: return
                case .blank: continue
                case .malformed(let problem, _, _): out.append(.failure(problem.dataProblem))
                case .row:
                    out.append(.success(fields.map { field -> String? in
                        if field.kind == .missing { return nil }
                        var unescaped: [UInt8] = []
                        if field.kind == .escaped {
                            _ = scanner.unescape(raw, field, into: &unescaped)
                            return String(decoding: unescaped, as: UTF8.self)
                        }
                        return String(decoding: raw[field.start..<field.end], as: UTF8.self)
                    }))
                }
            }
        }
    }
    return out
}
