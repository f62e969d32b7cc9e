/// Finds a worker's local combination index from the row's value ids.
///
/// Up to four slice columns whose value ids fit 16 bits pack into one 64-bit key, looked up in an
/// open-addressing table over raw memory (the common case: no allocation, one probe); more
/// columns or larger ids fall back to a dictionary keyed by the id list.
public final class CombinationKeyMap: @unchecked Sendable {  // owned by one worker thread
    @usableFromInline var keys: UnsafeMutablePointer<UInt64>
    @usableFromInline var values: UnsafeMutablePointer<Int32>
    @usableFromInline var mask: Int
    @usableFromInline var count = 0
    @usableFromInline var wide: [[UInt32]: Int32] = [:]
    @usableFromInline static var empty: UInt64 { .max }

    public init() {
        mask = 255
        keys = .allocate(capacity: 256)
        keys.initialize(repeating: Self.empty, count: 256)
        values = .allocate(capacity: 256)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// The packed key of `ids`, or nil when they do not fit 64 bits.
    @inlinable @inline(__always)
    public static func packedKey(_ ids: UnsafeBufferPointer<UInt32>) -> UInt64? {
        guard ids.count <= 4 else { return nil }
        var key: UInt64 = 0
        for position in 0..<ids.count {
            let id = ids[position]
            guard id < 0xFFFF else { return nil }
            key |= UInt64(id) &<< UInt64(16 &* position)
        }
        return key
    }

    @inlinable @inline(__always)
    func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> 32) & mask
    }

    @inlinable @inline(__always)
    public func index(of ids: UnsafeBufferPointer<UInt32>) -> Int32? {
        guard let key = Self.packedKey(ids) else { return wide[Array(ids)] }
        return index(packed: key)
    }

    /// The index of the ids whose packed key (`packedKey`) is `key`.
    @inlinable @inline(__always)
    public func index(packed key: UInt64) -> Int32? {
        var slot = slot(key)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == Self.empty { return nil }
            slot = (slot &+ 1) & mask
        }
    }

    public func insert(_ index: Int32, for ids: UnsafeBufferPointer<UInt32>) {
        guard let key = Self.packedKey(ids) else {
            wide[Array(ids)] = index
            return
        }
        store(key, index)
        count += 1
        if count * 2 > mask { grow() }
    }

    private func store(_ key: UInt64, _ index: Int32) {
        var slot = slot(key)
        while keys[slot] != Self.empty && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = index
    }

    private func grow() {
        let oldKeys = keys, oldValues = values, oldCapacity = mask + 1
        mask = oldCapacity * 2 - 1
        keys = .allocate(capacity: oldCapacity * 2)
        keys.initialize(repeating: Self.empty, count: oldCapacity * 2)
        values = .allocate(capacity: oldCapacity * 2)
        for slot in 0..<oldCapacity where oldKeys[slot] != Self.empty { store(oldKeys[slot], oldValues[slot]) }
        oldKeys.deallocate()
        oldValues.deallocate()
    }
}
