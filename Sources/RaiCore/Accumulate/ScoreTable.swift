/// Per-slice amounts of positives and negatives for each distinct score: what exact AUC needs.
///
/// Scores are stored by their order-preserving 64-bit key (`orderKey`), so sorting keys sorts
/// scores. Memory grows with the number of distinct scores, not rows; to bound it, the owning
/// accumulator may *coarsen* all tables to a `level`: keys that agree once their low `level` bits
/// are dropped share a bucket. Each bucket remembers one original key and whether it ever held two
/// different ones (`isMixed`), so AUC is known to be exact when no bucket is mixed, and otherwise
/// its error is bounded by the mixed buckets' pairs (see `AreaUnderCurve`).
public struct ScoreTable<Amount: FixedWidthInteger & Sendable>: Sendable {
    private static var empty: UInt64 { .max }

    private(set) var keys: [UInt64]
    private(set) var positives: [Amount]
    private(set) var negatives: [Amount]
    private(set) var mixed: [Bool]
    public private(set) var count = 0
    private var shift: Int  // 64 - log2(capacity)
    public private(set) var level: Int

    public init(level: Int = 0, capacity: Int = 16) {
        let size = max(16, 1 << (Int.bitWidth - (capacity - 1).leadingZeroBitCount))
        keys = Array(repeating: Self.empty, count: size)
        positives = Array(repeating: 0, count: size)
        negatives = Array(repeating: 0, count: size)
        mixed = Array(repeating: false, count: size)
        shift = 64 - size.trailingZeroBitCount
        self.level = level
    }

    /// The key whose unsigned order is the numeric order of finite doubles.
    @inline(__always)
    public static func orderKey(_ score: Double) -> UInt64 {
        let bits = score.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The double whose `orderKey` is `key`.
    public static func score(ofKey key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    /// Adds `amount` to the positives or negatives of `key`'s bucket. Returns whether a new bucket
    /// was created, or nil when a cell would overflow.
    @inline(__always)
    public mutating func add(key: UInt64, positive: Bool, amount: Amount) -> Bool? {
        let bucket = key >> UInt64(level)
        var slot = Int(truncatingIfNeeded: (bucket &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        let mask = keys.count - 1
        while true {
            let stored = keys[slot]
            if stored == Self.empty { break }
            if stored >> UInt64(level) == bucket {
                if stored != key && !mixed[slot] { mixed[slot] = true }
                if positive {
                    let (sum, overflow) = positives[slot].addingReportingOverflow(amount)
                    if overflow { return nil }
                    positives[slot] = sum
                } else {
                    let (sum, overflow) = negatives[slot].addingReportingOverflow(amount)
                    if overflow { return nil }
                    negatives[slot] = sum
                }
                return false
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        if positive { positives[slot] = amount } else { negatives[slot] = amount }
        count += 1
        if count * 10 > keys.count * 7 { _ = rehash(capacity: keys.count * 2, level: level) }
        return true
    }

    /// One bucket: a representative original key, its amounts, and whether it merged distinct
    /// scores.
    public struct Bucket: Sendable {
        public var key: UInt64
        public var positives: Amount
        public var negatives: Amount
        public var isMixed: Bool
    }

    /// The buckets in ascending score order.
    public func sortedBuckets() -> [Bucket] {
        var result: [Bucket] = []
        result.reserveCapacity(count)
        for slot in 0..<keys.count where keys[slot] != Self.empty {
            result.append(Bucket(key: keys[slot], positives: positives[slot], negatives: negatives[slot], isMixed: mixed[slot]))
        }
        let level = UInt64(self.level)
        result.sort { ($0.key >> level, $0.key) < ($1.key >> level, $1.key) }
        return result
    }

    /// The bucket ids (keys without their low `level` bits), sorted; used to choose a coarser level.
    public func sortedBucketIDs() -> [UInt64] {
        var ids: [UInt64] = []
        ids.reserveCapacity(count)
        for key in keys where key != Self.empty { ids.append(key >> UInt64(level)) }
        ids.sort()
        return ids
    }

    /// Merges `other` (at the same level) into this table. Returns false on overflow.
    public mutating func merge(_ other: ScoreTable) -> Bool {
        precondition(other.level == level, "score tables must be brought to one level before merging")
        for slot in 0..<other.keys.count where other.keys[slot] != Self.empty {
            guard insert(key: other.keys[slot], positives: other.positives[slot],
                         negatives: other.negatives[slot], isMixed: other.mixed[slot]) else { return false }
        }
        return true
    }

    /// Rebuilds the table at a coarser `level`, merging buckets that now coincide. Returns false
    /// when a merged cell would overflow.
    public mutating func coarsen(to newLevel: Int) -> Bool {
        precondition(newLevel >= level && newLevel < 64)
        return rehash(capacity: keys.count, level: newLevel)
    }

    private mutating func insert(key: UInt64, positives p: Amount, negatives n: Amount, isMixed: Bool) -> Bool {
        let bucket = key >> UInt64(level)
        var slot = Int(truncatingIfNeeded: (bucket &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        let mask = keys.count - 1
        while keys[slot] != Self.empty {
            if keys[slot] >> UInt64(level) == bucket {
                let (sumP, overflowP) = positives[slot].addingReportingOverflow(p)
                let (sumN, overflowN) = negatives[slot].addingReportingOverflow(n)
                if overflowP || overflowN { return false }
                positives[slot] = sumP
                negatives[slot] = sumN
                mixed[slot] = mixed[slot] || isMixed || keys[slot] != key
                keys[slot] = min(keys[slot], key)
                return true
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        positives[slot] = p
        negatives[slot] = n
        mixed[slot] = isMixed
        count += 1
        if count * 10 > keys.count * 7 { _ = rehash(capacity: keys.count * 2, level: level) }
        return true
    }

    /// Moves every bucket into a table of `capacity` slots at `newLevel`. Growing at the same level
    /// never merges buckets, so it cannot overflow; coarsening can, and reports it.
    private mutating func rehash(capacity: Int, level newLevel: Int) -> Bool {
        let old = (keys, positives, negatives, mixed)
        var fresh = ScoreTable(level: newLevel, capacity: capacity)
        var fitted = true
        for slot in 0..<old.0.count where old.0[slot] != Self.empty {
            fitted = fresh.insert(key: old.0[slot], positives: old.1[slot], negatives: old.2[slot], isMixed: old.3[slot]) && fitted
        }
        self = fresh
        return fitted
    }
}
