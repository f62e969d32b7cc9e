import Foundation

/// What walks a slice's scores in ascending order during a `ScoreCollector.sweep`: the AUC sum,
/// and anything else computed from the sorted scores of each slice (curves, threshold searches,
/// attack curves).
public protocol ScoreSweepVisitor: Sendable {
    /// The bucket of the next higher score of the slice (one distinct score, or one coarse
    /// bucket): its score, its amounts of positives and negatives, and whether it merged distinct
    /// scores. The score of a bucket that merged distinct scores (`isMixed`, only past the score
    /// budget) is one of them, so what depends on the score itself (calibration, curve
    /// thresholds) is then approximate, within the bucket's range of scores.
    mutating func visit(score: Double, positives: Int128, negatives: Int128, isMixed: Bool)
}

extension ScoreCollector {
    /// Walks every slice's scores in ascending order, given the groups each slice is made of;
    /// returns each slice's visitor, made by `makeVisitor` (given the slice's index) and fed
    /// every bucket of the slice.
    ///
    /// All buckets of all tables are sorted once by bucket id (one score value, or one coarse
    /// bucket) and swept in ascending order; each bucket adds its amounts to every slice its group
    /// belongs to. Within one bucket id the amounts of different groups are the same score (or,
    /// coarsened, the same bucket), so they are ties for the slice. Amounts are summed as integers,
    /// so what the visitors see does not depend on the tables' internal order.
    public func sweep<Visitor: ScoreSweepVisitor>(sliceMembers: [[Int]], makeVisitor: (Int) -> Visitor) -> [Visitor] {
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
        // The buckets in id order, gathered once from the tables for both halves of the sweep,
        // their amounts widened here so that the sweep itself is the same for any amount type.
        var buckets: [SweepBucket] = []
        buckets.reserveCapacity(ids.count)
        for reference in references {
            let bucket = tables[Int(reference >> 32)].bucket(at: Int(reference & 0xFFFF_FFFF))
            buckets.append(SweepBucket(key: bucket.key, positives: Int128(truncatingIfNeeded: bucket.positives),
                                       negatives: Int128(truncatingIfNeeded: bucket.negatives), isMixed: bucket.isMixed))
        }
        let groups = references.map { Int32(truncatingIfNeeded: $0 >> 32) }
        // Slices are independent: two threads each sweep every bucket for half of them, in the
        // same order as one would, so the sums are the same however the work is split.
        let parts = sliceCount >= 8 ? 2 : 1
        var slots = (0..<sliceCount).map { SweepSlot(visitor: makeVisitor($0)) }
        let tableCount = tables.count
        slots.withUnsafeMutableBufferPointer { slots in
            ids.withUnsafeBufferPointer { ids in
                buckets.withUnsafeBufferPointer { buckets in
                    groups.withUnsafeBufferPointer { groups in
                        // Each thread writes only the slots of its own slices.
                        let shared = UncheckedSendable((ids, buckets, groups, slots))
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let mine = (0..<tableCount).map { group in
                                slicesOfGroup[groupStart[group]..<groupStart[group + 1]].filter { Int($0) % parts == part }
                            }
                            let (ids, buckets, groups, slots) = shared.value
                            Self.sweep(ids: ids, buckets: buckets, groups: groups, slicesOfGroup: mine, slots: slots)
                        }
                    }
                }
            }
        }
        return slots.map(\.visitor)
    }

    /// Sweeps the buckets, sorted by id, for the slices listed in `slicesOfGroup` (per group).
    /// Inlined so that it is specialised for the visitor and the amounts, as its caller is.
    @inline(__always)
    private static func sweep<Visitor: ScoreSweepVisitor>(
        ids: UnsafeBufferPointer<UInt64>, buckets: UnsafeBufferPointer<SweepBucket>,
        groups: UnsafeBufferPointer<Int32>, slicesOfGroup: [[Int32]], slots: UnsafeMutableBufferPointer<SweepSlot<Visitor>>
    ) {
        var touched: [Int] = []
        var start = 0
        while start < ids.count {
            var end = start
            while end < ids.count && ids[end] == ids[start] { end &+= 1 }
            touched.removeAll(keepingCapacity: true)
            for position in start..<end {
                let bucket = buckets[position]
                for slice in slicesOfGroup[Int(groups[position])] {
                    let slot = slots.baseAddress! + Int(slice)
                    if slot.pointee.stamp != start {
                        slot.pointee.stamp = start
                        touched.append(Int(slice))
                        slot.pointee.positives = 0
                        slot.pointee.negatives = 0
                        slot.pointee.key = bucket.key
                        slot.pointee.mixed = false
                    } else if slot.pointee.key != bucket.key {
                        slot.pointee.mixed = true
                    }
                    slot.pointee.mixed = slot.pointee.mixed || bucket.isMixed
                    slot.pointee.positives &+= bucket.positives
                    slot.pointee.negatives &+= bucket.negatives
                }
            }
            for slice in touched {
                let slot = slots.baseAddress! + slice
                slot.pointee.visitor.visit(score: ScoreTable<UInt32>.score(ofKey: slot.pointee.key), positives: slot.pointee.positives,
                                           negatives: slot.pointee.negatives, isMixed: slot.pointee.mixed)
            }
            start = end
        }
    }
}

/// A bucket of a score table, as the sweep reads it.
private struct SweepBucket {
    var key: UInt64
    var positives: Int128
    var negatives: Int128
    var isMixed: Bool
}

/// Per slice, during a sweep: its visitor, and the amounts of the bucket id being gathered.
private struct SweepSlot<Visitor> {
    var visitor: Visitor
    /// The bucket id (its first position) whose amounts are being gathered.
    var stamp = -1
    var positives: Int128 = 0
    var negatives: Int128 = 0
    /// The first key seen in the bucket id, and whether the bucket holds distinct scores.
    var key: UInt64 = 0
    var mixed = false

    init(visitor: Visitor) {
        self.visitor = visitor
    }
}
