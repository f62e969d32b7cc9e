import CRaiSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A readable stream of bytes: a file or standard input, read with `read(2)` in large blocks, or,
/// for a regular file, mapped into memory (`map()`), which spares the copy from the kernel's
/// cache. Reads retry on `EINTR`.
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
        let name = FileSystemName.bytes(path)
        repeat { fd = open(name, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
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

    /// The whole file mapped read-only, or nil for standard input (which may not start at the
    /// file's beginning even when it is a file), pipes, empty files and where mapping fails (the
    /// caller then reads). Pages stay resident only until `MappedFile.release` drops them.
    ///
    /// If someone truncates the file while it is mapped, reading the pages past its new end
    /// faults (SIGBUS); while the mapping lives, that fault ends the run with the `cannotRead`
    /// message and its exit status (66) instead of a crash.
    public func map() -> MappedFile? {
        guard ownsDescriptor, let size = regularFileSize, size > 0,
              let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        let error = RaiError.cannotRead(path: displayName, reason: "the file was truncated while being read")
        rai_guard_mapping(address, size, "Error: \(error.message)\n")
        return MappedFile(bytes: UnsafeRawBufferPointer(start: address, count: size))
    }

    /// The offset the next `read` starts at.
    public var readPosition: Int { Int(lseek(descriptor, 0, SEEK_CUR)) }

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

/// A file mapped into memory by `ByteSource.map()`, unmapped when released.
public final class MappedFile: @unchecked Sendable {  // its bytes are read-only; `release` only advises the kernel (madvise) about pages no worker reads any more
    public let bytes: UnsafeRawBufferPointer
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    private static let largestFolio = 2 << 20

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    deinit {
        rai_unguard_mapping(bytes.baseAddress!)
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count)
    }

    /// Drops the pages of `range` from this process's memory once they have been read, so that
    /// resident memory stays bounded by the blocks in flight, not the file. The kernel maps file
    /// pages in groups (fault-around, and whole large folios of up to 2 MiB), so reading the start
    /// of `range` may have mapped pages before it, already dropped with the previous block: those
    /// 2 MiB are dropped again. Neighbouring blocks may still be being read; the mapping is
    /// read-only and private, so a reader of a dropped page just maps it again from the cache.
    public func release(_ range: UnsafeRawBufferPointer) {
        guard let start = range.baseAddress, range.count > 0, let mappingStart = bytes.baseAddress else { return }
        let lowest = Int(bitPattern: mappingStart)
        let first = max(lowest, Int(bitPattern: start) - Self.largestFolio) / Self.pageSize * Self.pageSize
        let last = min(Int(bitPattern: start) + range.count + Self.pageSize - 1,
                       lowest + bytes.count + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        if last > first { madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, MADV_DONTNEED) }
    }
}
