import Foundation
import Synchronization
/// The score tables of every combination of slice values, fed with the `ScoreBatch`es of all
/// workers; the AUC of each slice is assembled from the tables of its combinations.
///
/// One collector serves all threads, so memory holds one set of tables. The total number of
/// buckets is capped by `budget`: when it is exceeded, every table is coarsened to the smallest
/// level at which the total fits in half the budget (`ScoreTable`), which leaves room to grow
/// before the next, costly, coarsening. That level is the smallest that fits the data seen so
/// far, so it never passes the level the whole input needs; `finish()` then coarsens to the
/// smallest level at which the whole input fits half the budget. The final tables are therefore
/// the same whatever order batches arrive in, and exact whenever the whole input fits the budget
/// (no coarsening ever happens then). Collectors also merge, for shards computed elsewhere, with
/// the same final level as one collector fed everything (`merge`).
///
/// Tables are indexed by group: a shared combination of slice values. Each task (the model, a
/// baseline model, a class) has a collector of its own, with its own budget and level.
public final class ScoreCollector<W: Weighting>: @unchecked Sendable {  // mutated only under `ScoreApplier`'s lock, or by one thread after the run
    public let budget: Int
    /// The task whose scores this collector takes from the batches.
    public let task: Int
    public private(set) var level = 0
    public private(set) var tables: [ScoreTable<W.Amount>] = []
    private var buckets = 0

    /// How many rows ahead of the row being applied its table entries are prefetched.
    private static var lookahead: Int { 16 }

    public init(budget: Int, task: Int = 0) {
        self.budget = budget
        self.task = task
    }

    /// A collector read back from a partial result: its level, and each group's buckets.
    public convenience init?(budget: Int, task: Int, level: Int, tables buckets: [[ScoreTable<W.Amount>.Bucket]]) {
        self.init(budget: budget, task: task)
        guard level >= 0 && level < 64 else { return nil }
        self.level = level
        for list in buckets {
            // Sized for its buckets up front: growing by doubling rehashed each table ~log n times.
            let table = ScoreTable<W.Amount>(level: level, capacity: list.count + list.count / 3 + 1)
            for bucket in list { guard table.insert(bucket) else { return nil } }
            append(table)
        }
        self.buckets = tables.reduce(0) { $0 + $1.count }
    }

    /// An independent collector with the same tables.
    public func copy() -> ScoreCollector {
        let copy = ScoreCollector(budget: budget, task: task, level: level, tables: bucketLists)!
        return copy
    }

    /// Each group's buckets, to write a partial result.
    public var bucketLists: [[ScoreTable<W.Amount>.Bucket]] {
        tables.map { table in
            var list: [ScoreTable<W.Amount>.Bucket] = []
            table.forEachSlot { slot, _ in list.append(table.bucket(at: slot)) }
            return list.sorted { $0.key < $1.key }
        }
    }

    /// Multiplies every amount by 2^`bits` (fixed-point weights brought to a finer scale);
    /// false when one would overflow.
    public func shiftAmounts(left bits: Int) -> Bool {
        tables.allSatisfy { $0.shiftAmounts(left: bits) }
    }

    /// The same tables without reference counting, for the hot loop; `tables` keeps them alive.
    private var unmanagedTables: [Unmanaged<ScoreTable<W.Amount>>] = []

    private func ensureTables(_ count: Int) {
        while tables.count < count { append(ScoreTable(level: level)) }
    }

    private func append(_ table: ScoreTable<W.Amount>) {
        tables.append(table)
        unmanagedTables.append(Unmanaged.passUnretained(table))
    }

    /// Applies every row of `batch`. Returns false when a cell would overflow.
    public func apply(_ batch: ScoreBatch<W.Amount>) -> Bool {
        let rows = batch.count
        guard rows > 0 else { return true }
        ensureTables(Int(batch.largestGroup) + 1)
        let keys = batch.keys(task), groups = batch.groups, positives = batch.positives(task), amounts = batch.amounts
        return unmanagedTables.withUnsafeBufferPointer { tables in
            for row in 0..<min(Self.lookahead, rows) {
                tables[Int(groups[row])]._withUnsafeGuaranteedRef { $0.prefetch(key: keys[row]) }
            }
            for row in 0..<rows {
                let ahead = row &+ Self.lookahead
                if ahead < rows {
                    tables[Int(groups[ahead])]._withUnsafeGuaranteedRef { $0.prefetch(key: keys[ahead]) }
                }
                guard let created = tables[Int(groups[row])]._withUnsafeGuaranteedRef({
                    $0.add(key: keys[row], positive: positives[row], amount: W.isWeighted ? amounts[row] : 1)
                }) else { return false }
                if created {
                    buckets &+= 1
                    if buckets > budget && !coarsen() { return false }
                }
            }
            return true
        }
    }

    /// Brings the tables to their final level; call once all batches are applied. When they
    /// already fit half the budget, the current level is the final one: it is the smallest that
    /// fit the data seen when it was chosen, and the final level is never below it.
    public func finish() -> Bool {
        level > 0 && buckets > budget / 2 ? coarsen() : true
    }

    /// Coarsens every table to the smallest level at which the bucket total fits half the budget.
    private func coarsen() -> Bool {
        // Buckets i and i+1 of a sorted table merge at extra shift d exactly when their ids agree
        // above bit d, i.e. when their highest differing bit is below d. Counted per table, so
        // that each table can be rebuilt at the size it will need. Tables are independent, so
        // two threads share the work (each table is touched by one of them only).
        let tables = self.tables
        var mergesAt = [[Int]](repeating: [Int](repeating: 0, count: 65), count: tables.count)
        let parts = tables.count >= 8 ? 2 : 1
        mergesAt.withUnsafeMutableBufferPointer { mergesAt in
            let shared = UncheckedSendable(mergesAt)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var ids: [UInt64] = []
                for index in stride(from: part, to: tables.count, by: parts) {
                    tables[index].sortedBucketIDs(into: &ids)
                    for i in ids.indices.dropFirst() {
                        shared.value[index][64 - (ids[i - 1] ^ ids[i]).leadingZeroBitCount] += 1
                    }
                }
            }
        }
        var total = buckets
        var extra = 0
        while total > budget / 2 && level + extra < 63 {
            extra += 1
            total -= mergesAt.reduce(0) { $0 + $1[extra] }
        }
        guard extra > 0 else { return true }
        level += extra
        let newLevel = level
        let remaining = tables.indices.map { tables[$0].count - mergesAt[$0][1...extra].reduce(0, +) }
        let fitted = Atomic<Bool>(true)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for index in stride(from: part, to: tables.count, by: parts) {
                if !tables[index].coarsen(to: newLevel, buckets: remaining[index]) { fitted.store(false, ordering: .relaxed) }
            }
        }
        buckets = tables.reduce(0) { $0 + $1.count }
        return fitted.load(ordering: .relaxed)
    }

    /// Adds everything `other` collected, its group g going to group `groups[g]` here (the same
    /// index when nil). The level becomes the larger of the two, then, if the buckets no longer fit,
    /// the smallest level at which they fit half the budget: the level one collector fed every row
    /// of both would end at (each collector's level is the smallest that fits its own rows).
    /// Returns false when a cell would overflow.
    public func merge(_ other: ScoreCollector, groups: [Int]? = nil) -> Bool {
        if other.level > level {
            level = other.level
            var fitted = true
            for table in tables { fitted = table.coarsen(to: level) && fitted }
            guard fitted else { return false }
        }
        for (index, table) in other.tables.enumerated() {
            let target = groups?[index] ?? index
            ensureTables(target + 1)
            guard tables[target].merge(table) else { return false }
        }
        buckets = tables.reduce(0) { $0 + $1.count }
        if level == 0 && buckets <= budget { return true }
        return buckets > budget / 2 ? coarsen() : true
    }
}
