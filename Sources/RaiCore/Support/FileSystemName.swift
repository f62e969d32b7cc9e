#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// File names as the file system holds them: bytes, not always UTF-8. A command-line argument
/// that is not valid UTF-8 (a Latin-1 file name, say) cannot be a Swift `String` without loss, so
/// the executable turns it into text with each invalid byte written `\xff` (which is also how
/// messages and reports show it) and registers the original bytes here. Whatever opens, creates
/// or looks up a file by name asks `bytes(_:)` for the name to give the system.
public enum FileSystemName {
    private static let registered = Mutex<[String: [CChar]]>([:])

    /// The text for a command-line argument, registering its bytes when they are not UTF-8.
    public static func argument(_ cString: UnsafePointer<CChar>) -> String {
        if let text = String(validatingCString: cString) { return text }
        var text = ""
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self), count: strlen(cString))
        var start = 0
        while start < bytes.count {
            var end = start + 1
            while end < bytes.count && end - start < 4 && bytes[end] & 0xC0 == 0x80 { end += 1 }
            // The longest valid sequence at `start`, else its first byte escaped.
            if let valid = (start + 1...end).reversed().lazy.compactMap({ String(validating: bytes[start..<$0], as: UTF8.self) }).first {
                text += valid
                start += valid.utf8.count
            } else {
                let hex = String(bytes[start], radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
                start += 1
            }
        }
        let original = Array(UnsafeBufferPointer(start: cString, count: bytes.count + 1))
        registered.withLock { $0[text] = original }
        return text
    }

    /// The NUL-terminated name to give the system for `name`.
    public static func bytes(_ name: String) -> [CChar] {
        registered.withLock { $0[name] } ?? Array(name.utf8CString)
    }
}
