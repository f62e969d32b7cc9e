import Foundation
import RaiTables

extension Array {
    /// `map` with the elements spread over the cores, for independent pieces of work that are
    /// each worth a thread hand-off (the analysis of one slice spec at one threshold runs
    /// thousands of exact tests). The results keep the order of the elements.
    func concurrentMap<T>(_ transform: (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        // Each iteration reads the elements and writes only its own slot; `transform` is called
        // from several threads, which the caller's work must allow (it reads shared values only).
        let shared = UncheckedSendable((elements: self, results: results))
        withoutActuallyEscaping(transform) { transform in
            let work = UncheckedSendable(transform)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                shared.value.results[index] = work.value(shared.value.elements[index])
            }
        }
        return results.map { $0! }
    }
}
