
extension ByteSource {
    /// The whole of a small input: a config, a saved report, card metadata. Read through
    /// `ByteSource`, so a FIFO, `/dev/stdin` or `<(…)` works as a file does, and a failure says
    /// why in the system's words ("is a directory", "Permission denied").
    public static func readAll(_ path: String) throws(RaiError) -> [UInt8] {
        let source = try ByteSource(path: path)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 1)
        defer { chunk.deallocate() }
        var bytes: [UInt8] = []
        while case let n = try source.read(into: chunk), n > 0 {
            bytes += chunk[..<n]
        }
        return bytes
    }
}
