import CRaiSupport

/// Per group (a combination of slice values) amounts of positives and negatives for each distinct score: what exact AUC needs.
///
/// Scores are stored by their order-preserving 64-bit key (`orderKey`), so sorting keys sorts
/// scores. Memory grows with the number of distinct scores, not rows; to bound it, the
/// `ScoreCollector` may *coarsen* all tables to a `level`: keys that agree once their low `level` bits
/// are dropped share a bucket. Each bucket remembers one original key and whether it ever held two
/// different ones (`isMixed`), so AUC is known to be exact when no bucket is mixed, and otherwise
/// its error is bounded by the mixed buckets' pairs (see `AreaUnderCurve`).
///
/// The table is an open-addressing hash table with linear probing over one raw allocation of
/// (key, positives, negatives) entries, so an update touches one cache line, which `prefetch`
/// can request ahead of time. It is a class so that the hot loop mutates it in place without
/// copy-on-write checks.
public final class ScoreTable<Amount: FixedWidthInteger & Sendable>: @unchecked Sendable {  // belongs to one ScoreCollector, which serialises access
    @usableFromInline
    struct Entry {
        @usableFromInline var key: UInt64
        @usableFromInline var positives: Amount
        @usableFromInline var negatives: Amount
    }

    @usableFromInline static var empty: UInt64 { .max }
    /// Tables grow past this share of occupied slots.
    private static var maximumLoad: Double { 0.75 }

    @usableFromInline var entries: UnsafeMutablePointer<Entry>
    @usableFromInline var mask: Int
    @usableFromInline var shift: UInt64
    /// One bit per slot, allocated once the table is coarsened (before that no bucket is mixed).
    @usableFromInline var mixed: UnsafeMutablePointer<UInt64>?
    public private(set) var count = 0
    @usableFromInline var growthLimit: Int
    public private(set) var level: Int

    public init(level: Int = 0, capacity: Int = 16) {
        let size = max(16, 1 << (Int.bitWidth - (capacity - 1).leadingZeroBitCount))
        entries = .allocate(capacity: size)
        entries.initialize(repeating: Entry(key: Self.empty, positives: 0, negatives: 0), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        growthLimit = Int(Double(size) * Self.maximumLoad)
        self.level = level
        if level > 0 { allocateMixed(size) }
    }

    deinit {
        entries.deallocate()
        mixed?.deallocate()
    }

    public var capacity: Int { mask + 1 }

    /// The key whose unsigned order is the numeric order of finite doubles. −0 and +0 are equal
    /// scores (no threshold tells them apart), so they share a key and tie in AUC, as in
    /// scikit-learn: adding +0 turns −0 into +0 and leaves every other double as it is.
    @inlinable @inline(__always)
    public static func orderKey(_ score: Double) -> UInt64 {
        let bits = (score + 0).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The score whose key is `key`: the inverse of `orderKey`.
    @inlinable @inline(__always)
    public static func score(ofKey key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
    }

    @inline(__always)
    func slot(ofBucket bucket: UInt64) -> Int {
        Int(truncatingIfNeeded: (bucket &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Starts loading the entry `key` will most likely land in.
    @inline(__always)
    public func prefetch(key: UInt64) {
        rai_prefetch_for_write(entries + slot(ofBucket: key >> UInt64(level)))
    }

    /// Adds `amount` to the positives or negatives of `key`'s bucket. Returns whether a new bucket
    /// was created, or nil when a cell would overflow.
    @inline(__always)
    public func add(key: UInt64, positive: Bool, amount: Amount) -> Bool? {
        let level = UInt64(self.level)
        let bucket = key >> level
        var slot = slot(ofBucket: bucket)
        while true {
            let entry = entries + slot
            let stored = entry.pointee.key
            if stored == key || (level != 0 && stored != Self.empty && stored >> level == bucket) {
                if stored != key { markMixed(slot) }
                if positive {
                    let (sum, overflow) = entry.pointee.positives.addingReportingOverflow(amount)
                    if overflow { return nil }
                    entry.pointee.positives = sum
                } else {
                    let (sum, overflow) = entry.pointee.negatives.addingReportingOverflow(amount)
                    if overflow { return nil }
                    entry.pointee.negatives = sum
                }
                return false
            }
            if stored == Self.empty {
                entry.pointee = Entry(key: key, positives: positive ? amount : 0, negatives: positive ? 0 : amount)
                count += 1
                if count > growthLimit { _ = rehash(capacity: capacity * 2, level: self.level) }
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func markMixed(_ slot: Int) {
        mixed![slot >> 6] |= 1 << UInt64(slot & 63)
    }

    @inline(__always)
    private func isMixed(_ slot: Int) -> Bool {
        guard let mixed else { return false }
        return mixed[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    private func allocateMixed(_ size: Int) {
        let words = (size + 63) / 64
        mixed = .allocate(capacity: words)
        mixed!.initialize(repeating: 0, count: words)
    }

    /// One bucket: a representative original key, its amounts, and whether it merged distinct
    /// scores.
    public struct Bucket: Sendable {
        public var key: UInt64
        public var positives: Amount
        public var negatives: Amount
        public var isMixed: Bool

        public init(key: UInt64, positives: Amount, negatives: Amount, isMixed: Bool) {
            self.key = key
            self.positives = positives
            self.negatives = negatives
            self.isMixed = isMixed
        }
    }

    /// Calls `body` with the slot and key of every bucket, in table order.
    @inline(__always)
    public func forEachSlot(_ body: (_ slot: Int, _ key: UInt64) -> Void) {
        for slot in 0..<capacity where entries[slot].key != Self.empty { body(slot, entries[slot].key) }
    }

    /// The bucket in `slot` (one `forEachSlot` gave).
    @inline(__always)
    public func bucket(at slot: Int) -> Bucket {
        let entry = entries[slot]
        return Bucket(key: entry.key, positives: entry.positives, negatives: entry.negatives, isMixed: isMixed(slot))
    }

    /// Adds a bucket read back from a partial result (at this table's level); false on overflow.
    public func insert(_ bucket: Bucket) -> Bool {
        insert(Entry(key: bucket.key, positives: bucket.positives, negatives: bucket.negatives), isMixed: bucket.isMixed)
    }

    /// Multiplies every amount by 2^`bits`; false when one would overflow.
    public func shiftAmounts(left bits: Int) -> Bool {
        for slot in 0..<capacity where entries[slot].key != Self.empty {
            guard let positives = Self.shifted(entries[slot].positives, bits),
                  let negatives = Self.shifted(entries[slot].negatives, bits) else { return false }
            entries[slot].positives = positives
            entries[slot].negatives = negatives
        }
        return true
    }

    private static func shifted(_ amount: Amount, _ bits: Int) -> Amount? {
        guard amount == 0 || (bits < Amount.bitWidth && amount.leadingZeroBitCount > bits) else { return nil }
        return amount << Amount(bits)
    }

    /// Replaces `ids` by the bucket ids (keys without their low `level` bits), sorted; used to
    /// choose a coarser level.
    public func sortedBucketIDs(into ids: inout [UInt64]) {
        ids.removeAll(keepingCapacity: true)
        ids.reserveCapacity(count)
        for slot in 0..<capacity where entries[slot].key != Self.empty { ids.append(entries[slot].key >> UInt64(level)) }
        RadixSort.sort(&ids)
    }

    /// Merges `other` (at this level or a finer one) into this table. Returns false on overflow.
    public func merge(_ other: ScoreTable) -> Bool {
        precondition(other.level <= level, "a score table merges only into one at least as coarse")
        for slot in 0..<other.capacity where other.entries[slot].key != Self.empty {
            let entry = other.entries[slot]
            guard insert(entry, isMixed: other.isMixed(slot)) else { return false }
        }
        return true
    }

    /// Rebuilds the table at a coarser `level`, merging buckets that now coincide. Returns false
    /// when a merged cell would overflow.
    /// `buckets`, when known, is how many buckets remain at `newLevel`, so that the table is
    /// rebuilt once at its final size.
    public func coarsen(to newLevel: Int, buckets: Int? = nil) -> Bool {
        precondition(newLevel >= level && newLevel < 64)
        guard let buckets else { return rehash(capacity: capacity, level: newLevel) }
        var size = 16
        while Double(buckets) > Double(size) * Self.maximumLoad { size *= 2 }
        return rehash(capacity: size, level: newLevel)
    }

    private func insert(_ incoming: Entry, isMixed incomingMixed: Bool) -> Bool {
        let bucket = incoming.key >> UInt64(level)
        var slot = slot(ofBucket: bucket)
        while true {
            let entry = entries + slot
            let stored = entry.pointee.key
            if stored == Self.empty { break }
            if stored >> UInt64(level) == bucket {
                let (sumP, overflowP) = entry.pointee.positives.addingReportingOverflow(incoming.positives)
                let (sumN, overflowN) = entry.pointee.negatives.addingReportingOverflow(incoming.negatives)
                if overflowP || overflowN { return false }
                entry.pointee.positives = sumP
                entry.pointee.negatives = sumN
                if incomingMixed || stored != incoming.key { markMixed(slot) }
                entry.pointee.key = min(stored, incoming.key)
                return true
            }
            slot = (slot + 1) & mask
        }
        entries[slot] = incoming
        if incomingMixed { markMixed(slot) }
        count += 1
        if count > growthLimit { _ = rehash(capacity: capacity * 2, level: level) }
        return true
    }

    /// Moves every bucket into `capacity` slots at `newLevel` (then shrinks to fit if coarsening
    /// emptied most of it). Growing at the same level never merges buckets, so it cannot overflow;
    /// coarsening can, and reports it.
    private func rehash(capacity newCapacity: Int, level newLevel: Int) -> Bool {
        let oldEntries = entries
        let oldMixed = mixed
        let oldCapacity = capacity
        let size = max(16, newCapacity)
        entries = .allocate(capacity: size)
        entries.initialize(repeating: Entry(key: Self.empty, positives: 0, negatives: 0), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        growthLimit = Int(Double(size) * Self.maximumLoad)
        level = newLevel
        mixed = nil
        if newLevel > 0 { allocateMixed(size) }
        count = 0
        var fitted = true
        for slot in 0..<oldCapacity where oldEntries[slot].key != Self.empty {
            let wasMixed = oldMixed.map { $0[slot >> 6] & (1 << UInt64(slot & 63)) != 0 } ?? false
            fitted = insert(oldEntries[slot], isMixed: wasMixed) && fitted
        }
        oldEntries.deallocate()
        oldMixed?.deallocate()
        if count * 4 < growthLimit && size > 16 {
            return rehash(capacity: size / 2, level: level) && fitted
        }
        return fitted
    }
}
