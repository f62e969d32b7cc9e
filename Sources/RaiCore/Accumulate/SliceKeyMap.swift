/// Finds a worker's local slice index from a spec and the row's value ids.
///
/// Specs of up to three columns whose value ids fit 16 bits pack spec and ids into one 64-bit
/// key in an open-addressing table over raw memory (the common case, no allocation per lookup);
/// anything wider falls back to a dictionary keyed by the id list.
final class SliceKeyMap: @unchecked Sendable {
    private var keys: UnsafeMutablePointer<UInt64>
    private var values: UnsafeMutablePointer<Int32>
    private var mask: Int
    private var count = 0
    private var wide: [[UInt32]: Int32] = [:]
    private static var empty: UInt64 { .max }

    init() {
        mask = 255
        keys = .allocate(capacity: 256)
        keys.initialize(repeating: Self.empty, count: 256)
        values = .allocate(capacity: 256)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// The packed key of `spec` over `columns` of `ids`, or nil when it does not fit 64 bits.
    @inline(__always)
    static func packedKey(spec: Int, columns: UnsafeBufferPointer<Int>, ids: UnsafeBufferPointer<UInt32>) -> UInt64? {
        guard columns.count <= 3, spec < 0xFFFF else { return nil }
        var key = UInt64(spec) << 48
        for (position, column) in columns.enumerated() {
            let id = ids[column]
            guard id < 0xFFFF else { return nil }
            key |= UInt64(id) << UInt64(16 * position)
        }
        return key
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    func index(spec: Int, columns: UnsafeBufferPointer<Int>, ids: UnsafeBufferPointer<UInt32>) -> Int32? {
        guard let key = Self.packedKey(spec: spec, columns: columns, ids: ids) else {
            return wide[[UInt32(spec)] + columns.map { ids[$0] }]
        }
        var slot = slot(key)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == Self.empty { return nil }
            slot = (slot + 1) & mask
        }
    }

    func insert(_ index: Int32, spec: Int, columns: UnsafeBufferPointer<Int>, ids: UnsafeBufferPointer<UInt32>) {
        guard let key = Self.packedKey(spec: spec, columns: columns, ids: ids) else {
            wide[[UInt32(spec)] + columns.map { ids[$0] }] = index
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
