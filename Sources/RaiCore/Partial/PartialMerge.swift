/// `rai merge`: reads partial results one file at a time and merges each into the running total,
/// so memory holds the total and one file, however many parts there are.
public enum PartialMerge {
    /// The merge of the partials at `paths`, in that order. A file that is not a readable partial,
    /// or that counted something else than the ones before it, is an error naming it.
    public static func merge(paths: [String]) throws(RaiError) -> EvalPartial {
        guard let first = paths.first else { throw .usage("no partial results to merge") }
        return try merge(try read(first), with: paths.dropFirst())
    }

    /// `total` with the partials at `paths` merged into it, in that order.
    public static func merge(_ total: EvalPartial, with paths: some Sequence<String>) throws(RaiError) -> EvalPartial {
        var total = total
        for path in paths {
            let next = try read(path)
            do throws(EvalPartial.MergeError) {
                try total.merge(next)
            } catch {
                switch error {
                case .differentParameters(let difference):
                    throw .data(DataError(path: path, kind: .cannotMerge(difference)))
                case .overflow:
                    throw .data(DataError(path: path, kind: .countOverflow))
                }
            }
        }
        return total
    }

    /// The partial result in the file at `path` (`-`: standard input).
    public static func read(_ path: String) throws(RaiError) -> EvalPartial {
        let source = try ByteSource(path: path)
        var bytes: [UInt8] = []
        if let size = source.regularFileSize { bytes.reserveCapacity(size) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while case let count = try source.read(into: chunk), count > 0 {
            bytes += chunk.prefix(count)
        }
        return try PartialFile.decode(bytes, path: source.displayName).partial
    }
}
