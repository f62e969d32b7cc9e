import Foundation
import Testing
@testable import RaiCore
@testable import RaiTables

@Suite("Partial results")
struct PartialTests {
    let fixture = fixturesDirectory + "/predictions.csv"

    func request(_ path: String, weight: String? = nil, baseline: String? = nil, budget: Int = EvaluationRequest.defaultScoreBudget) -> EvaluationRequest {
        EvaluationRequest(path: path, labelColumn: "label", scoreColumn: "score", weightColumn: weight, baselineScoreColumn: baseline,
                          slices: [["sex"], ["race"], ["sex", "race"]], thresholds: [0.3, 0.5, 0.7], scoreBudget: budget)
    }

    /// The fixture's rows cut into `parts` files, each with the header.
    func shards(_ parts: Int) throws -> [String] {
        let lines = try String(contentsOfFile: fixture, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0], rows = lines[1...].filter { !$0.isEmpty }
        let size = (rows.count + parts - 1) / parts
        return stride(from: 0, to: rows.count, by: size).map { start in
            temporaryFile(([header] + rows[(rows.startIndex + start)..<min(rows.endIndex, rows.startIndex + start + size)]).joined(separator: "\n") + "\n")
        }
    }

    func partial(_ request: EvaluationRequest) throws -> EvalPartial {
        let bytes = PartialFile.encode(try Evaluator.count(request), raiVersion: "test")
        return try PartialFile.decode(bytes, path: request.path).partial
    }

    @Test("a partial written and read back gives the same report as counting the file")
    func roundTrip() throws {
        for options in [(nil, nil), ("weight", nil), (nil, "score"), ("weight", "score")] as [(String?, String?)] {
            let whole = request(fixture, weight: options.0, baseline: options.1)
            #expect(EvaluationResult(try partial(whole)) == (try Evaluator.evaluate(whole)))
        }
    }

    @Test("merging the partials of any split, in any order and grouping, gives the slices of the whole file",
          arguments: [EvaluationRequest.defaultScoreBudget, 300])
    func mergeEqualsWhole(budget: Int) throws {
        let paths = try shards(4)
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
        for options in [(nil, nil), ("weight", nil), ("weight", "score")] as [(String?, String?)] {
            let whole = try Evaluator.evaluate(request(fixture, weight: options.0, baseline: options.1, budget: budget))
            let parts = try paths.map { try partial(request($0, weight: options.0, baseline: options.1, budget: budget)) }
            var forward = parts[0]
            for part in parts.dropFirst() { try forward.merge(part) }
            var pairs = parts[3]
            try pairs.merge(parts[2])
            var front = parts[1]
            try front.merge(parts[0])
            try pairs.merge(front)
            for merged in [forward, pairs] {
                let result = EvaluationResult(merged)
                #expect(result.slices.count == whole.slices.count)
                for (a, b) in zip(result.slices, whole.slices) where a != b {
                    Issue.record("\(a.name) differs: AUC \(a.auc) vs \(b.auc); counts equal: \(a.thresholds == b.thresholds); baseline equal: \(a.baseline == b.baseline)")
                }
                #expect(result.input.rowsRead == whole.input.rowsRead && result.input.parts.count == 4)
            }
        }
    }

    @Test("with --row-id, bootstrap replicates do not depend on the split, the path or the threads")
    func bootstrapByRowID() throws {
        let paths = try shards(3)
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
        func withBootstrap(_ path: String, windows: Bool = true, threads: Int = 1) -> EvaluationRequest {
            var request = request(path, weight: "weight")
            request.bootstrap = (replicates: 20, seed: 3)
            request.rowIdColumn = "example_id"
            request.countsInWindows = windows
            request.threads = threads
            return request
        }
        let whole = try Evaluator.evaluate(withBootstrap(fixture))
        #expect(whole.slices[0].bootstrap?.auc.count == 20)
        #expect(try Evaluator.evaluate(withBootstrap(fixture, windows: false, threads: 2)).slices == whole.slices)
        var merged = try partial(withBootstrap(paths[2]))
        for path in paths.dropLast() { try merged.merge(try partial(withBootstrap(path))) }
        #expect(EvaluationResult(merged).slices == whole.slices)
        // Without a row id the replicates are keyed by byte offsets, which a split changes.
        var byOffset = withBootstrap(fixture)
        byOffset.rowIdColumn = nil
        #expect(try Evaluator.evaluate(byOffset).slices.map(\.bootstrap) != whole.slices.map(\.bootstrap))
    }

    @Test("partials that counted different things are not merged, and the error names the difference")
    func incompatible() throws {
        var first = try partial(request(fixture))
        var other = request(fixture)
        other.thresholds = [0.5]
        #expect(throws: EvalPartial.MergeError.differentParameters("thresholds 0.3,0.5,0.7 and 0.5")) { try first.merge(try partial(other)) }
        #expect(throws: EvalPartial.MergeError.differentParameters("weight column none and 'weight'")) {
            try first.merge(try partial(request(fixture, weight: "weight")))
        }
    }

    @Test("a damaged, truncated, foreign or newer file is refused with the reason")
    func damaged() throws {
        let bytes = PartialFile.encode(try Evaluator.count(request(fixture)), raiVersion: "test")
        func reason(_ bytes: [UInt8]) -> String? {
            do {
                _ = try PartialFile.decode(bytes, path: "p.rai")
                return nil
            } catch {
                guard case .data(let data) = error, case .invalidPartial(let reason) = data.kind else { return "other" }
                return reason
            }
        }
        #expect(reason(Array(bytes.dropLast(100)))?.contains("checksum") == true)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(reason(flipped)?.contains("checksum") == true)
        #expect(reason(Array("label,score\n1,0.5\n".utf8))?.hasPrefix("not a rai partial result") == true)
        var newer = bytes
        newer[PartialFile.magic.count] = UInt8(PartialFile.version + 1)
        #expect(reason(newer)?.contains("newer rai") == true)
        #expect(reason(bytes) == nil)
    }

    @Test("counts merged twice are refused: a partial with itself, or a merged partial with one of its parts")
    func countedTwice() throws {
        var first = try Evaluator.count(request(fixture)), second = first
        first.identifyCounts()
        second.identifyCounts()
        #expect(first.inputs[0].countID != second.inputs[0].countID)
        let decoded = try PartialFile.decode(PartialFile.encode(first, raiVersion: "test"), path: "p.rai").partial
        #expect(decoded.inputs.map(\.countID) == first.inputs.map(\.countID))
        var both = first
        try both.merge(second)
        #expect(throws: EvalPartial.MergeError.countedTwice(first.inputs[0].path)) { try both.merge(decoded) }
        var again = second
        #expect(throws: EvalPartial.MergeError.countedTwice(second.inputs[0].path)) { try again.merge(second) }
    }

    @Test("a partial with more thresholds than rai eval takes is refused, so a merged report stays as bounded as one run's")
    func tooManyThresholds() throws {
        var partial = try Evaluator.count(request(fixture))
        partial.parameters.thresholds = (0...EvaluationRequest.maximumThresholds).map { Double($0) / 1000 }
        #expect {
            try PartialFile.decode(PartialFile.encode(partial, raiVersion: "test"), path: "p.rai")
        } throws: { error in
            guard case .data(let data) = error as? RaiError, case .invalidPartial(let reason) = data.kind else { return false }
            return reason.contains("more than 1000 thresholds")
        }
    }

    @Test("SHA-256 gives the NIST test vectors")
    func sha256() {
        func digest(_ text: String) -> String {
            var hash = SHA256()
            hash.update(Array(text.utf8))
            return hash.finalize()
        }
        #expect(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var million = SHA256()
        for _ in 0..<1000 { million.update(Array(repeating: UInt8(ascii: "a"), count: 1000)) }
        #expect(million.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("numbers of every width round-trip; truncated and oversized numbers are refused")
    func numbers() throws {
        let unsigned: [UInt128] = [0, 1, 127, 128, 16_383, 16_384, 1 << 56, (1 << 63) - 1, 1 << 63, UInt128(UInt64.max), 1 << 64, .max]
        let signed: [Int128] = [0, -1, 1, -64, 64, Int128(Int64.min), Int128(Int64.max), .min, .max]
        var writer = PartialWriter()
        for value in unsigned { writer.unsigned(value) }
        for value in signed { writer.signed(value) }
        var reader = PartialReader(writer.bytes)
        for value in unsigned { #expect(try reader.unsigned() == value) }
        for value in signed { #expect(try reader.signed() == value) }
        #expect(reader.isAtEnd)

        var cut = PartialReader(Array(writer.bytes.prefix(5)))
        for _ in 0..<4 { _ = try cut.unsigned() }
        #expect(throws: PartialError.truncated) { try cut.unsigned() }
        var tooLarge = PartialReader([UInt8](repeating: 0xFF, count: 18) + [0x7F, 0])
        #expect(throws: PartialError.malformed("a number is too large")) { try tooLarge.unsigned() }
    }
}

extension PartialTests {
    @Test("a partial result is read up to a limit: an endless input or a huge file is refused, not read until memory runs out")
    func readLimit() throws {
        #expect(throws: RaiError.cannotRead(path: "/dev/zero", reason: "more than 1 MiB, too large for a partial result")) {
            try ByteSource.readAll("/dev/zero", limit: 1 << 20, kind: "a partial result")
        }
        let file = temporaryFile(String(repeating: "x", count: 3 << 20))
        #expect(throws: RaiError.cannotRead(path: file, reason: "more than 2 MiB, too large for a partial result")) {
            try ByteSource.readAll(file, limit: 2 << 20, kind: "a partial result")
        }
        #expect(try ByteSource.readAll(file, limit: 3 << 20).count == 3 << 20)
    }
}
