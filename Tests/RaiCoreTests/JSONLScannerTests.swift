import Testing
@testable import RaiCore

@Suite("JSONL scanning")
struct JSONLScannerTests {
    func scan(_ text: String, keys: [String]) -> [Result<[String?], DataProblem>] {
        scanAll(JSONLRowScanner(keys: keys), text, slots: keys.count)
    }

    @Test("strings, numbers, literals, null and absent keys")
    func values() throws {
        let result = scan("{\"a\": \"x\", \"b\": 1.5e-3, \"c\": true}\n\n{\"b\": null, \"z\": {\"deep\": [1, {\"k\": \"}\"}]}}\n", keys: ["a", "b", "c"])
        #expect(result.count == 2)
        #expect(try result[0].get() == ["x", "1.5e-3", "true"])
        #expect(try result[1].get() == [nil, nil, nil])
    }

    @Test("escapes are decoded, surrogate pairs included")
    func escapes() throws {
        let result = scan(#"{"a": "caf\u00e9 \"q\" \ud83d\ude00\n"}"# + "\n", keys: ["a"])
        #expect(try result[0].get() == ["café \"q\" 😀\n"])
    }

    @Test("the last of a repeated key wins")
    func repeatedKey() throws {
        #expect(try scan("{\"a\": 1, \"a\": 2}\n", keys: ["a"])[0].get() == ["2"])
    }

    @Test("malformed lines, each with what is wrong", arguments: [
        ("[1, 2]\n", "invalid JSON: a line must hold one JSON object"),
        ("{\"a\": }\n", "invalid JSON: a value is not a string, number, true, false or null"),
        ("{\"a\": 1\n", "invalid JSON: expected ',' or '}'"),
        ("{\"a\": \"x}\n", "invalid JSON: unterminated string"),
        ("{\"a\": tru}\n", "invalid JSON: a value is not a string, number, true, false or null"),
        ("{\"a\": 1} x\n", "invalid JSON: text after the object"),
        ("{\"a\": [1]}\n", "nested JSON objects and arrays are not supported as values"),
    ])
    func malformed(text: String, problem: String) {
        guard case .failure(let found) = scan(text, keys: ["a"]).first else {
            Issue.record("expected a malformed row for \(text)")
            return
        }
        #expect(found.description == problem)
    }

    /// F34: a raw tab inside a string was reported as an unterminated string.
    @Test("a raw control character in a string is named as such")
    func controlCharacter() {
        func problem(_ text: String) -> DataProblem? {
            guard case .failure(let problem) = scan(text, keys: ["a"]).first else { return nil }
            return problem
        }
        for text in ["{\"a\": \"x\ty\"}\n", "{\"k\u{1}\": 1, \"a\": 2}\n"] {
            #expect(problem(text) == .invalidJSON("control character in a string (a tab or other control character must be escaped, e.g. \\t)"))
        }
        #expect(problem("{\"a\": \"x\n") == .invalidJSON("unterminated string"))
    }

    /// F33: a number too large for a double was 'invalid JSON'; it is a value that is not a
    /// finite number, reported (and skipped) as an invalid score.
    @Test("a JSON number beyond a double's range is an invalid score, not invalid JSON")
    func hugeNumber() throws {
        let huge = "1" + String(repeating: "0", count: 400)
        for score in ["1e400", huge, "-1E+400"] {
            let text = "{\"label\": 1, \"score\": 0.5}\n{\"label\": 0, \"score\": \(score)}\n"
            let error = dataError { try evaluate(text, extension: "jsonl") }
            #expect(error?.kind == .invalidScore(score))
            #expect(error?.line == 2)
            #expect(try evaluate(text, extension: "jsonl", skipInvalid: true).input.skipped.map(\.reason) == ["invalid_score"])
        }
        #expect(dataError { try evaluate("{\"label\": 1, \"score\": 1e}\n", extension: "jsonl") }?.kind.reasonCode == "invalid_json")
    }

    @Test("a row read against the last row's layout gives what a fresh scanner gives")
    func template() {
        let values = ["\"x\"", "\"\"", "null", "1.5", "-2e3", "true", "false", "\"a\\\"b\"", "\"tab\\t\"", "7x", "\"ü\"",
                      "[1]", "{\"k\": 1}", "\"long value that spans more than eight bytes\"", "tru", "1.2.3"]
        // Runs of one layout, so that each row after a run's first is tried against the template.
        var lines: [String] = []
        for layout in 0..<4 {
            for a in values {
                for b in values {
                    switch layout {
                    case 0: lines.append("{\"a\":\(a),\"skip\":\(b),\"b\":\(b)}")
                    case 1: lines.append("{\"a\": \(a), \"skip\": \(b), \"b\": \(b)}")
                    case 2: lines.append("{\"b\":\(b),\"a\":\(a)}")
                    default: lines.append("{\"a\":\(a), \"b\":\(b) }")
                    }
                }
            }
        }
        let keys = ["a", "b"]
        let together = scan(lines.joined(separator: "\n") + "\n", keys: keys)
        let alone = lines.flatMap { scan($0 + "\n", keys: keys) }
        #expect(together.count == alone.count)
        for (index, (a, b)) in zip(together, alone).enumerated() {
            switch (a, b) {
            case (.success(let x), .success(let y)): #expect(x == y, "line \(index + 1): \(lines[index])")
            case (.failure(let x), .failure(let y)): #expect(x == y, "line \(index + 1): \(lines[index])")
            default: Issue.record("line \(index + 1) differs: \(lines[index])")
            }
        }
    }
}
