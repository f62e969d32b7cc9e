import Foundation
import Synchronization

/// `rai merge`: reads partial results one file at a time and merges each into a running total, so
/// memory holds a total and a file per core, however many parts there are. The files are cut into
/// one run of consecutive files per core, each merged on its own, then the runs in order: partials
/// merge exactly in any grouping, so the result is the same as merging one file after another.
public enum PartialMerge {
    /// The merge of the partials at `paths`, in that order. A file that is not a readable partial,
    /// or that counted something else than the ones before it, is an error naming it.
    public static func merge(paths: [String]) throws(RaiError) -> EvalPartial {
        guard let first = paths.first else { throw .usage("no partial results to merge") }
        return try merge(try read(first), with: paths.dropFirst())
    }

    /// `total` with the partials at `paths` merged into it, in that order, on up to `threads` cores.
    public static func merge(_ total: EvalPartial, with paths: some Collection<String>,
                             threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(RaiError) -> EvalPartial {
        let paths = Array(paths)
        let runs = max(1, min(threads, paths.count / 2))
        guard runs > 1 else { return try mergeInOrder(total, with: paths[...]) }
        // Run 0 continues `total`; every other run starts from its first file.
        let size = (paths.count + runs - 1) / runs
        let slices = stride(from: 0, to: paths.count, by: size).map { paths[$0..<min(paths.count, $0 + size)] }
        let results = Mutex<[Result<EvalPartial, RaiError>?]>(Array(repeating: nil, count: slices.count))
        DispatchQueue.concurrentPerform(iterations: slices.count) { run in
            let slice = slices[run]
            let result = Result { () throws(RaiError) -> EvalPartial in
                run == 0 ? try mergeInOrder(total, with: slice) : try mergeInOrder(try read(slice.first!), with: slice.dropFirst())
            }
            results.withLock { $0[run] = result }
        }
        let merged = results.withLock { $0 }
        var combined = try merged[0]!.get()
        for (run, result) in merged.enumerated().dropFirst() {
            try merge(try result!.get(), into: &combined, from: slices[run].first!)
        }
        return combined
    }

    private static func mergeInOrder(_ total: EvalPartial, with paths: ArraySlice<String>) throws(RaiError) -> EvalPartial {
        var total = total
        for path in paths { try merge(try read(path), into: &total, from: path) }
        return total
    }

    /// Merges `partial`, read from `path` (for messages), into `total`.
    private static func merge(_ partial: EvalPartial, into total: inout EvalPartial, from path: String) throws(RaiError) {
        do throws(EvalPartial.MergeError) {
            try total.merge(partial)
        } catch {
            switch error {
            case .differentParameters(let difference):
                throw .data(DataError(path: path, kind: .cannotMerge(difference)))
            case .overflow:
                throw .data(DataError(path: path, kind: .countOverflow))
            case .countedTwice(let input):
                throw .data(DataError(path: path, kind: .countedTwice(input)))
            }
        }
    }

    /// The partial result in the file at `path` (`-`: standard input).
    public static func read(_ path: String) throws(RaiError) -> EvalPartial {
        // A partial's size is bounded by its combinations; more than half the memory this process
        // may use is not one (a wrong file, `/dev/zero`) and could not be merged anyway.
        let bytes = try ByteSource.readAll(path, limit: ProcessMemory.available / 2, kind: "a partial result")
        return try PartialFile.decode(bytes, path: path == "-" ? "<stdin>" : path).partial
    }
}
