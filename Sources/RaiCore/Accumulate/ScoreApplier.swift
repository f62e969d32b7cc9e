import Foundation
import Synchronization

/// Hands score batches from the workers to the collectors (one per task). The collectors are one
/// shared set of tables behind a lock: a worker that finishes a block queues its batch and, if no
/// other worker is applying batches, applies every queued one itself. Parsing and applying thus
/// share all threads. Batches come from a fixed pool, which bounds their memory; a worker that
/// finds the pool empty applies queued batches (waiting for the lock) until one is free.
final class ScoreApplier<W: Weighting>: @unchecked Sendable {  // collectors touched only under `collecting`; queues under their mutex
    private let collectors: [ScoreCollector<W>]
    private let collecting = NSLock()
    private let queues = Mutex<(free: [ScoreBatch<W.Amount>], full: [ScoreBatch<W.Amount>])>(([], []))
    /// Written only while holding `collecting`.
    private var succeeded = true

    init(collectors: [ScoreCollector<W>], batches: Int) {
        self.collectors = collectors
        let pool = (0..<batches).map { _ in ScoreBatch<W.Amount>(tasks: collectors.count) }
        queues.withLock { $0.free = pool }
    }

    func emptyBatch() -> ScoreBatch<W.Amount> {
        while true {
            if let batch = queues.withLock({ $0.free.popLast() }) {
                batch.removeAll()
                return batch
            }
            collecting.lock()
            drain()
            collecting.unlock()
        }
    }

    func submit(_ batch: ScoreBatch<W.Amount>) {
        queues.withLock { $0.full.append(batch) }
        if collecting.try() {
            drain()
            collecting.unlock()
        }
    }

    /// Applies queued batches until none is left; the caller holds `collecting`.
    private func drain() {
        while let batch = queues.withLock({ $0.full.isEmpty ? nil : $0.full.removeFirst() }) {
            if succeeded { succeeded = collectors.allSatisfy { $0.apply(batch) } }
            queues.withLock { $0.free.append(batch) }
        }
    }

    /// Applies whatever is still queued; false if a count overflowed.
    func finish() -> Bool {
        collecting.lock()
        defer { collecting.unlock() }
        drain()
        return succeeded
    }
}
