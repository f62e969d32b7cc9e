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
/// (no coarsening ever happens then). Collectors also merge, for shards computed elsewhere.
public final class ScoreCollector<W: Weighting>: @unchecked Sendable {
    public let budget: Int
    /// Whether this collector takes the baseline model's scores from the batches.
    public let readsBaseline: Bool
    public private(set) var level = 0
    public private(set) var tables: [ScoreTable<W.Amount>] = []
    private var buckets = 0

    /// How many rows ahead of the row being applied its table entries are prefetched.
    private static var lookahead: Int { 16 }

    public init(budget: Int, readsBaseline: Bool = false) {
        self.budget = budget
        self.readsBaseline = readsBaseline
    }

    /// The same tables without reference counting, for the hot loop; `tables` keeps them alive.
    private var unmanagedTables: [Unmanaged<ScoreTable<W.Amount>>] = []

    private func ensureTables(_ count: Int) {
        while tables.count < count {
            tables.append(ScoreTable(level: level))
            unmanagedTables.append(Unmanaged.passUnretained(tables[tables.count - 1]))
        }
    }

    /// Applies every row of `batch`. Returns false when a cell would overflow.
    public func apply(_ batch: ScoreBatch<W.Amount>) -> Bool {
        let rows = batch.count
        guard rows > 0 else { return true }
        ensureTables(Int(batch.largestGroup) + 1)
        let keys = readsBaseline ? batch.baselineKeys : batch.keys, groups = batch.groups, positives = batch.positives, amounts = batch.amounts
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

    private func setLevel(_ newLevel: Int) -> Bool {
        guard newLevel > level else { return true }
        level = newLevel
        var fitted = true
        buckets = 0
        for table in tables {
            fitted = table.coarsen(to: newLevel) && fitted
            buckets += table.count
        }
        return fitted
    }

    /// Adds everything `other` collected, slice by slice (`other`'s tables indexed the same way).
    public func merge(_ other: ScoreCollector) -> Bool {
        guard setLevel(max(level, other.level)) else { return false }
        ensureTables(other.tables.count)
        for (index, table) in other.tables.enumerated() {
            if table.level < level { guard table.coarsen(to: level) else { return false } }
            buckets -= tables[index].count
            guard tables[index].merge(table) else { return false }
            buckets += tables[index].count
        }
        return buckets <= budget && level == 0 ? true : coarsen()
    }

    /// An amount sum in the units of the metrics. Counts (unweighted) fit 64 bits and convert
    /// directly; the generic 128-bit conversion is kept for fixed-point weights.
    @inline(__always)
    private static func double(_ amount: Int128) -> Double {
        if !W.isWeighted { return Double(Int64(truncatingIfNeeded: amount)) }
        return W.value(amount)
    }

    /// The AUC of each slice, given the combinations each slice is made of.
    ///
    /// All buckets of all tables are sorted once by bucket id (one score value, or one coarse
    /// bucket) and swept in ascending order; each bucket adds its amounts to every slice its
    /// combination belongs to. Within one bucket id the amounts of different combinations are the
    /// same score (or, coarsened, the same bucket), so they are ties for the slice. Sums are kept
    /// as integers, so the result does not depend on the tables' internal order.
    public func areasUnderCurve(sliceMembers: [[Int]]) -> [AreaUnderCurve] {
        let sliceCount = sliceMembers.count
        // The slices of each group, flattened: slicesOfGroup[groupStart[g] ..< groupStart[g + 1]].
        var lists = [[Int32]](repeating: [], count: tables.count)
        for (slice, members) in sliceMembers.enumerated() {
            for group in members where group < tables.count { lists[group].append(Int32(slice)) }
        }
        let groupStart = lists.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let slicesOfGroup = lists.flatMap { $0 }
        // Sort references to the buckets (table << 32 | slot) by bucket id; the amounts stay in
        // the tables, so this costs 16 bytes per bucket and its scratch space.
        var ids: [UInt64] = []
        var references: [UInt64] = []
        let total = tables.reduce(0) { $0 + $1.count }
        ids.reserveCapacity(total)
        references.reserveCapacity(total)
        let shift = UInt64(level)
        for (group, table) in tables.enumerated() {
            table.forEachSlot { slot, key in
                ids.append(key >> shift)
                references.append(UInt64(group) << 32 | UInt64(slot))
            }
        }
        RadixSort.sort(&ids, carrying: &references)
        // The buckets in id order, gathered once from the tables for both halves of the sweep.
        let count = ids.count
        var buckets: [ScoreTable<W.Amount>.Bucket] = []
        buckets.reserveCapacity(count)
        for reference in references {
            buckets.append(tables[Int(reference >> 32)].bucket(at: Int(reference & 0xFFFF_FFFF)))
        }
        let groups = references.map { Int32(truncatingIfNeeded: $0 >> 32) }
        // Slices are independent: two threads each sweep every bucket for half of them, in the
        // same order as one would, so the sums are the same however the work is split.
        let parts = sliceCount >= 8 ? 2 : 1
        var results = [AreaUnderCurve](repeating: AreaUnderCurve(value: nil, isExact: true, errorBound: 0), count: sliceCount)
        let tableCount = tables.count
        results.withUnsafeMutableBufferPointer { results in
            ids.withUnsafeBufferPointer { ids in
                buckets.withUnsafeBufferPointer { buckets in
                    groups.withUnsafeBufferPointer { groups in
                        let shared = SweepShared(ids: ids, buckets: buckets, groups: groups, results: results)
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let mine = (0..<tableCount).map { group in
                                slicesOfGroup[groupStart[group]..<groupStart[group + 1]].filter { Int($0) % parts == part }
                            }
                            Self.sweep(shared, slicesOfGroup: mine, sliceCount: sliceCount)
                        }
                    }
                }
            }
        }
        return results
    }

    /// What the threads of a sweep read (and the results they write, each its own slices).
    private struct SweepShared: @unchecked Sendable {
        let ids: UnsafeBufferPointer<UInt64>
        let buckets: UnsafeBufferPointer<ScoreTable<W.Amount>.Bucket>
        let groups: UnsafeBufferPointer<Int32>
        let results: UnsafeMutableBufferPointer<AreaUnderCurve>
    }

    /// Sweeps the buckets, sorted by id, for the slices listed in `slicesOfGroup` (per group),
    /// writing each one's AUC to `results`.
    private static func sweep(_ shared: SweepShared, slicesOfGroup: [[Int32]], sliceCount: Int) {
        let ids = shared.ids, buckets = shared.buckets, groups = shared.groups, results = shared.results
        let states = UnsafeMutablePointer<AreaSweepState>.allocate(capacity: sliceCount)
        states.initialize(repeating: AreaSweepState(), count: sliceCount)
        defer { states.deallocate() }
        var touched: [Int] = []
        var start = 0
        while start < ids.count {
            var end = start
            while end < ids.count && ids[end] == ids[start] { end &+= 1 }
            touched.removeAll(keepingCapacity: true)
            for position in start..<end {
                let bucket = buckets[position]
                for slice in slicesOfGroup[Int(groups[position])] {
                    let state = states + Int(slice)
                    if state.pointee.stamp != start {
                        state.pointee.stamp = start
                        state.pointee.used = true
                        touched.append(Int(slice))
                        state.pointee.bucketPositives = 0
                        state.pointee.bucketNegatives = 0
                        state.pointee.bucketKey = bucket.key
                        state.pointee.bucketMixed = false
                    } else if state.pointee.bucketKey != bucket.key {
                        state.pointee.bucketMixed = true
                    }
                    state.pointee.bucketMixed = state.pointee.bucketMixed || bucket.isMixed
                    state.pointee.bucketPositives &+= Int128(bucket.positives)
                    state.pointee.bucketNegatives &+= Int128(bucket.negatives)
                }
            }
            for slice in touched {
                let state = states + slice
                let p = double(state.pointee.bucketPositives), n = double(state.pointee.bucketNegatives)
                state.pointee.area += p * (double(state.pointee.negativesBelow) + n / 2)
                state.pointee.negativesBelow &+= state.pointee.bucketNegatives
                state.pointee.positivesSeen &+= state.pointee.bucketPositives
                if state.pointee.bucketMixed {
                    state.pointee.exact = false
                    state.pointee.mixedPairs += p * n
                }
            }
            start = end
        }
        for slice in 0..<sliceCount where states[slice].used {
            let state = states[slice]
            let pairs = double(state.positivesSeen) * double(state.negativesBelow)
            results[slice] = pairs > 0
                ? AreaUnderCurve(value: state.area / pairs, isExact: state.exact, errorBound: state.mixedPairs / 2 / pairs)
                : AreaUnderCurve(value: nil, isExact: state.exact, errorBound: 0)
        }
    }
}

/// Per slice, during the AUC sweep: totals so far, and the amounts of the current bucket id.
private struct AreaSweepState {
    var area = 0.0
    var positivesSeen: Int128 = 0
    var negativesBelow: Int128 = 0
    var mixedPairs = 0.0
    var exact = true
    var stamp = -1
    var bucketPositives: Int128 = 0
    var bucketNegatives: Int128 = 0
    var bucketKey: UInt64 = 0
    var bucketMixed = false
    var used = false
}
