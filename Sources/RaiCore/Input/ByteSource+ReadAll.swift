
extension ByteSource {
    /// The whole of a small input: a config, a saved report, card metadata. Read through
    /// `ByteSource`, so a FIFO, `/dev/stdin` or `<(…)` works as a file does, and a failure says
    /// why in the system's words ("is a directory", "Permission denied"). More than `limit` bytes
    /// (`/dev/zero`, a wrong file) is an error naming `kind`, so memory stays bounded.
    public static func readAll(_ path: String, limit: Int = .max, kind: String = "this input") throws(RaiError) -> [UInt8] {
        let source = try ByteSource(path: path)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 1)
        defer { chunk.deallocate() }
        let tooLarge = RaiError.cannotRead(path: source.displayName, reason: "more than \(limit >> 20) MiB, too large for \(kind)")
        var bytes: [UInt8] = []
        if let size = source.regularFileSize {
            guard size <= limit else { throw tooLarge }
            bytes.reserveCapacity(size)
        }
        while case let n = try source.read(into: chunk), n > 0 {
            guard bytes.count + n <= limit else { throw tooLarge }
            // Grown here rather than by the array's doubling, which could ask for twice the limit.
            if bytes.count + n > bytes.capacity { bytes.reserveCapacity(min(limit, max(2 * bytes.capacity, bytes.count + n))) }
            bytes += chunk[..<n]
        }
        return bytes
    }
}
