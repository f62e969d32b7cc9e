#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard error, for notes, warnings, errors and the progress line. Writes ignore every failure:
/// a closed or full standard error (`2>&-`, `2>/dev/full`) must neither crash a run nor change its
/// result, which goes elsewhere. (`FileHandle.standardError.write` traps on a closed descriptor.)
public enum StandardError {
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
