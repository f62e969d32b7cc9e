import Foundation

/// The keys of the first object of a JSONL input, to check requested columns up front.
enum JSONLKeys {
    static func firstObjectKeys(_ bytes: UnsafeRawBufferPointer) -> [String]? {
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != .lineFeed { lineEnd += 1 }
            let line = bytes[lineStart..<lineEnd]
            if line.contains(where: { $0 != .space && $0 != .tab && $0 != .carriageReturn }) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
                return object.keys.sorted()
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
