#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A readable stream of bytes: a file or standard input, read with `read(2)` in large blocks.
///
/// Files are not mapped into memory: a mapping of a 10 GB file would show as resident memory and
/// defeat the bounded-memory promise. Reads retry on `EINTR`.
public final class ByteSource {
    /// The name used in messages: the path, or `<stdin>`.
    public let displayName: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading; `-` means standard input.
    public init(path: String) throws(RaiError) {
        if path == "-" {
            displayName = "<stdin>"
            descriptor = 0
            ownsDescriptor = false
            return
        }
        displayName = path
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotRead(path: path, reason: "is a directory")
        }
        descriptor = fd
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// The file's size when it is a regular file, for progress reports; nil for pipes.
    public var regularFileSize: Int? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Fills `buffer` as far as possible; returns the number of bytes read, 0 only at end of input.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(RaiError) -> Int {
        var total = 0
        while total < buffer.count {
            let n = Glibc.read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            if n > 0 {
                total += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw .cannotRead(path: displayName, reason: String(cString: strerror(errno)))
            }
        }
        return total
    }
}
