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

    /// Brings the tables to their final level; call once all batches are applied.
    public func finish() -> Bool {
        level > 0 ? coarsen() : true
    }

    /// Coarsens every table to the smallest level at which the bucket total fits half the budget.
    private func coarsen() -> Bool {
        // Buckets i and i+1 of a sorted table merge at extra shift d exactly when their ids agree
        // above bit d, i.e. when their highest differing bit is below d. Counted per table, so
        // that each table can be rebuilt at the size it will need.
        var mergesAt = [[Int]](repeating: [Int](repeating: 0, count: 65), count: tables.count)
        var ids: [UInt64] = []
        for (index, table) in tables.enumerated() {
            table.sortedBucketIDs(into: &ids)
            for i in ids.indices.dropFirst() {
                mergesAt[index][64 - (ids[i - 1] ^ ids[i]).leadingZeroBitCount] += 1
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
        var fitted = true
        buckets = 0
        for (index, table) in tables.enumerated() {
            let remaining = table.count - mergesAt[index][1...extra].reduce(0, +)
            fitted = table.coarsen(to: level, buckets: remaining) && fitted
            buckets += table.count
        }
        return fitted
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

        var area = [Double](repeating: 0, count: sliceCount)
        var positivesSeen = [Int128](repeating: 0, count: sliceCount)
        var negativesBelow = [Int128](repeating: 0, count: sliceCount)
        var mixedPairs = [Double](repeating: 0, count: sliceCount)
        var exact = [Bool](repeating: true, count: sliceCount)
        // Per bucket id: the slices touched and their amounts.
        var stamp = [Int](repeating: -1, count: sliceCount)
        var bucketPositives = [Int128](repeating: 0, count: sliceCount)
        var bucketNegatives = [Int128](repeating: 0, count: sliceCount)
        var bucketKey = [UInt64](repeating: 0, count: sliceCount)
        var bucketMixed = [Bool](repeating: false, count: sliceCount)
        var touched: [Int] = []
        var start = 0
        while start < ids.count {
            var end = start
            while end < ids.count && ids[end] == ids[start] { end += 1 }
            touched.removeAll(keepingCapacity: true)
            for position in start..<end {
                let group = Int(references[position] >> 32)
                let bucket = tables[group].bucket(at: Int(references[position] & 0xFFFF_FFFF))
                for index in groupStart[group]..<groupStart[group + 1] {
                    let s = Int(slicesOfGroup[index])
                    if stamp[s] != start {
                        stamp[s] = start
                        touched.append(s)
                        bucketPositives[s] = 0
                        bucketNegatives[s] = 0
                        bucketKey[s] = bucket.key
                        bucketMixed[s] = false
                    } else if bucketKey[s] != bucket.key {
                        bucketMixed[s] = true
                    }
                    bucketMixed[s] = bucketMixed[s] || bucket.isMixed
                    bucketPositives[s] += Int128(bucket.positives)
                    bucketNegatives[s] += Int128(bucket.negatives)
                }
            }
            for s in touched {
                let p = Self.double(bucketPositives[s]), n = Self.double(bucketNegatives[s])
                area[s] += p * (Self.double(negativesBelow[s]) + n / 2)
                negativesBelow[s] += bucketNegatives[s]
                positivesSeen[s] += bucketPositives[s]
                if bucketMixed[s] {
                    exact[s] = false
                    mixedPairs[s] += p * n
                }
            }
            start = end
        }
        return (0..<sliceCount).map { s in
            let pairs = Self.double(positivesSeen[s]) * Self.double(negativesBelow[s])
            guard pairs > 0 else { return AreaUnderCurve(value: nil, isExact: exact[s], errorBound: 0) }
            return AreaUnderCurve(value: area[s] / pairs, isExact: exact[s], errorBound: mixedPairs[s] / 2 / pairs)
        }
    }
}
