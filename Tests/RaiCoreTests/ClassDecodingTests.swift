import Testing
@testable import RaiCore

@Suite("Multi-class values")
struct ClassDecodingTests {
    func decode(_ text: String, _ names: [String]) -> Int? {
        var decoder = ClassDecoder(names: names)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { decoder.decode($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, 0, $0.count) }
    }

    @Test("a label is a class name, else a class index unless a class name is a number", arguments: [
        ("dog", ["cat", "dog", "bird"], 1 as Int?),
        ("2", ["cat", "dog", "bird"], 2),
        ("3", ["cat", "dog", "bird"], nil),
        ("-1", ["cat", "dog", "bird"], nil),
        ("Dog", ["cat", "dog", "bird"], nil),
        ("1", ["2", "1", "0"], 1),
        ("0", ["2", "1", "0"], 2),
        ("01", ["a", "b"], 1),
        // Classes named by numbers: a number is a name only, never an index (0 is not class "1").
        ("0", ["1", "2", "3"], nil),
        ("3", ["1", "2", "3"], 2),
        ("2", ["a", "1", "b"], nil),
        // Classes named by their own indices (a score array's default names): both readings agree.
        ("01", ["0", "1"], 1),
        ("", ["a"], nil),
    ])
    func classes(text: String, names: [String], expected: Int?) {
        #expect(decode(text, names) == expected)
    }

    @Test("the same decoder answers repeated values alike")
    func repeated() {
        var decoder = ClassDecoder(names: ["cat", "dog"])
        let values = ["dog", "cat", "x", "dog", "1", "x", "0"].map { Array($0.utf8) }
        let decoded = values.map { value in value.withUnsafeBufferPointer { decoder.decode($0.baseAddress!, 0, $0.count) } }
        #expect(decoded == [1, 0, nil, 1, 1, nil, 0])
    }

    func scores(_ text: String, count: Int) -> [Double]? {
        let columns = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
        defer { columns.deallocate() }
        let bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeBufferPointer {
            ScoreArray.parse($0.baseAddress!, 0, $0.count, count: count, into: { columns + $0 }, row: 0)
        }
        return parsed ? (0..<count).map { columns[$0] } : nil
    }

    @Test("score arrays: exactly the expected count of finite numbers, spaces allowed")
    func arrays() {
        #expect(scores("[0.1,0.7,0.2]", count: 3) == [0.1, 0.7, 0.2])
        #expect(scores("[ 0.1 , 7e-1,\t0.2 ]", count: 3) == [0.1, 0.7, 0.2])
        #expect(scores("[0.1,0.7]", count: 3) == nil)
        #expect(scores("[0.1,0.7,0.2,0]", count: 3) == nil)
        #expect(scores("[0.1,,0.2]", count: 3) == nil)
        #expect(scores("[0.1,\"a\",0.2]", count: 3) == nil)
        #expect(scores("[0.1,1e400,0.2]", count: 3) == nil)
        #expect(scores("[0.1,0.7,0.2", count: 3) == nil)
        #expect(scores("[0.1,0.7,0.2]x", count: 3) == nil)
        #expect(scores("[]", count: 0) == [])
    }
}
