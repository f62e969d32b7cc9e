/// The score tables of every slice, fed with the `ScoreBatch`es of all workers.
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
    public private(set) var level = 0
    public private(set) var tables: [ScoreTable<W.Amount>] = []
    private var buckets = 0

    /// How many rows ahead of the row being applied its table entries are prefetched.
    private static var lookahead: Int { 8 }

    public init(budget: Int) {
        self.budget = budget
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
        let perRow = batch.slicesPerRow
        let rows = batch.count
        guard rows > 0 else { return true }
        ensureTables(Int(batch.largestSlice) + 1)
        let keys = batch.keys, slices = batch.slices, positives = batch.positives, amounts = batch.amounts
        return unmanagedTables.withUnsafeBufferPointer { tables in
            for row in 0..<min(Self.lookahead, rows) {
                for k in 0..<perRow {
                    tables[Int(slices[row * perRow + k])]._withUnsafeGuaranteedRef { $0.prefetch(key: keys[row]) }
                }
            }
            for row in 0..<rows {
                let ahead = row + Self.lookahead
                if ahead < rows {
                    for k in 0..<perRow {
                        tables[Int(slices[ahead * perRow + k])]._withUnsafeGuaranteedRef { $0.prefetch(key: keys[ahead]) }
                    }
                }
                for k in 0..<perRow {
                    guard let created = tables[Int(slices[row * perRow + k])]._withUnsafeGuaranteedRef({
                        $0.add(key: keys[row], positive: positives[row], amount: amounts[row])
                    }) else { return false }
                    if created { buckets &+= 1 }
                }
                if buckets > budget && !coarsen() { return false }
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
        // above bit d, i.e. when their highest differing bit is below d.
        var mergesAt = [Int](repeating: 0, count: 65)
        var ids: [UInt64] = []
        for table in tables {
            table.sortedBucketIDs(into: &ids)
            for i in ids.indices.dropFirst() {
                mergesAt[64 - (ids[i - 1] ^ ids[i]).leadingZeroBitCount] += 1
            }
        }
        var total = buckets
        var extra = 0
        while total > budget / 2 && level + extra < 63 {
            extra += 1
            total -= mergesAt[extra]
        }
        return setLevel(level + extra)
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

    /// The AUC of the slice with shared index `slice`.
    public func areaUnderCurve(slice: Int) -> AreaUnderCurve {
        guard slice < tables.count else { return AreaUnderCurve(sortedBuckets: []) }
        return AreaUnderCurve(sortedBuckets: tables[slice].sortedBuckets().map {
            (positives: W.value($0.positives), negatives: W.value($0.negatives), isMixed: $0.isMixed)
        })
    }
}
