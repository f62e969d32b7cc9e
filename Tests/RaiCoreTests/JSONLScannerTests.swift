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

    @Test("malformed lines", arguments: [
        "[1, 2]\n", "{\"a\": }\n", "{\"a\": 1\n", "{\"a\": \"x}\n", "{\"a\": tru}\n", "{\"a\": 1} x\n", "{\"a\": [1]}\n",
    ])
    func malformed(text: String) {
        guard case .failure = scan(text, keys: ["a"]).first else {
            Issue.record("expected a malformed row for \(text)")
            return
        }
    }
}
