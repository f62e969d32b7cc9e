/// Gives each distinct slice value of one column a small integer id, keyed by its raw bytes.
///
/// Id 0 is reserved for "missing". Lookups hash the bytes in place, so a repeated value costs a
/// hash and one comparison and never allocates; only a value seen for the first time is copied
/// into the arena (and checked for valid UTF-8 once, since it will be printed).
public struct ValueInterner: Sendable {
    public static let missingID: UInt32 = 0

    private var arena: [UInt8] = []
    /// For id k ≥ 1, the value's bytes are `arena[starts[k - 1] ..< starts[k]]`.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = [0]
    /// Open addressing: 0 means empty, otherwise an id.
    private var table: [UInt32] = Array(repeating: 0, count: 64)
    private var mask: Int = 63
    /// Values of at most 7 bytes (most category labels) are also found by their bytes packed in
    /// one integer, which skips hashing byte by byte and comparing: key → id, 0 for empty.
    private var shortKeys: [UInt64] = Array(repeating: 0, count: 64)
    private var shortIDs: [UInt32] = Array(repeating: 0, count: 64)
    private var shortCount = 0
    /// Values of 8 to 15 bytes (`hispanic`, `Self-emp-inc`), likewise by two words: the first 8
    /// bytes, and the rest with the length in the top byte; key pairs at `2 * slot`.
    private var mediumKeys: [UInt64] = Array(repeating: 0, count: 128)
    private var mediumIDs: [UInt32] = Array(repeating: 0, count: 64)
    private var mediumCount = 0

    public init() {}

    /// The number of ids handed out, "missing" included.
    public var count: Int { starts.count }

    /// The bytes of the value with `id` (empty for missing).
    public func bytes(of id: UInt32) -> ArraySlice<UInt8> {
        if id == 0 { return [] }
        return arena[starts[Int(id) - 1] ..< starts[Int(id)]]
    }

    /// The value of `id` as text, or nil for missing.
    public func string(of id: UInt32) -> String? {
        if id == 0 { return nil }
        return String(decoding: bytes(of: id), as: UTF8.self)
    }

    /// The id of the bytes `[start, end)`, adding them if new. Returns nil when a new value is
    /// not valid UTF-8.
    @inline(__always)
    public mutating func intern(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        let length = end - start
        guard length <= 7 && length > 0 else { return internLong(base, start, end) }
        var packed = UInt64(length) << 56
        for k in 0..<length { packed |= UInt64(base[start + k]) << UInt64(8 * k) }
        return intern(packed: packed, base, start, end)
    }

    /// The packed key of the 1…7 bytes at `[start, end)` (the same `intern` computes), read with
    /// one 8-byte load; the caller guarantees that 8 bytes from `start` are readable.
    @inline(__always)
    static func packedKey(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let length = end &- start
        let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
        return word & ((1 &<< UInt64(8 &* length)) &- 1) | UInt64(length) &<< 56
    }

    /// The id of the 1…7 bytes at `[start, end)`, whose packed key is `packed`.
    @inline(__always)
    mutating func intern(packed: UInt64, _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        let shortMask = shortKeys.count - 1
        var slot = Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 40) & shortMask
        while true {
            let stored = shortKeys[slot]
            if stored == packed { return shortIDs[slot] }
            if stored == 0 { break }
            slot = (slot + 1) & shortMask
        }
        guard let id = internLong(base, start, end) else { return nil }
        shortKeys[slot] = packed
        shortIDs[slot] = id
        shortCount += 1
        if shortCount * 2 > shortKeys.count { growShort() }
        return id
    }

    /// The two-word key of the 8…15 bytes at `[start, end)`, read with two 8-byte loads; the
    /// caller guarantees that 16 bytes from `start` are readable.
    @inline(__always)
    static func packedMediumKey(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (UInt64, UInt64) {
        let rest = end &- start &- 8
        let raw = UnsafeRawPointer(base + start)
        let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        return (low, high & ((1 &<< UInt64(8 &* rest)) &- 1) | UInt64(rest &+ 8) &<< 56)
    }

    /// The id of the 8…15 bytes at `[start, end)`, whose key is `packed` (`packedMediumKey`).
    @inline(__always)
    mutating func intern(packedMedium packed: (UInt64, UInt64), _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        let mediumMask = mediumIDs.count - 1
        var slot = Self.mediumSlot(packed, mediumMask)
        while true {
            let storedHigh = mediumKeys[2 &* slot &+ 1]
            if storedHigh == packed.1 && mediumKeys[2 &* slot] == packed.0 { return mediumIDs[slot] }
            if storedHigh == 0 { break }
            slot = (slot + 1) & mediumMask
        }
        guard let id = internLong(base, start, end) else { return nil }
        mediumKeys[2 * slot] = packed.0
        mediumKeys[2 * slot + 1] = packed.1
        mediumIDs[slot] = id
        mediumCount += 1
        if mediumCount * 2 > mediumIDs.count { growMedium() }
        return id
    }

    @inline(__always)
    private static func mediumSlot(_ packed: (UInt64, UInt64), _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((packed.0 ^ packed.1 &* 0xBF58_476D_1CE4_E5B9) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    private mutating func growMedium() {
        let oldKeys = mediumKeys
        let oldIDs = mediumIDs
        mediumKeys = Array(repeating: 0, count: oldKeys.count * 2)
        mediumIDs = Array(repeating: 0, count: oldIDs.count * 2)
        let mediumMask = mediumIDs.count - 1
        for old in oldIDs.indices where oldKeys[2 * old + 1] != 0 {
            let packed = (oldKeys[2 * old], oldKeys[2 * old + 1])
            var slot = Self.mediumSlot(packed, mediumMask)
            while mediumKeys[2 * slot + 1] != 0 { slot = (slot + 1) & mediumMask }
            mediumKeys[2 * slot] = packed.0
            mediumKeys[2 * slot + 1] = packed.1
            mediumIDs[slot] = oldIDs[old]
        }
    }

    private mutating func growShort() {
        let oldKeys = shortKeys
        let oldIDs = shortIDs
        shortKeys = Array(repeating: 0, count: oldKeys.count * 2)
        shortIDs = Array(repeating: 0, count: oldKeys.count * 2)
        let shortMask = shortKeys.count - 1
        for (key, id) in zip(oldKeys, oldIDs) where key != 0 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & shortMask
            while shortKeys[slot] != 0 { slot = (slot + 1) & shortMask }
            shortKeys[slot] = key
            shortIDs[slot] = id
        }
    }

    private mutating func internLong(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        let hash = Self.hash(base + start, end - start)
        var slot = Int(truncatingIfNeeded: hash) & mask
        let length = end - start
        while true {
            let id = table[slot]
            if id == 0 { break }
            if hashes[Int(id)] == hash && matches(Int(id), base + start, length) { return id }
            slot = (slot + 1) & mask
        }
        guard Self.isValidUTF8(base + start, length) else { return nil }
        let id = UInt32(starts.count)
        arena.append(contentsOf: UnsafeBufferPointer(start: base + start, count: length))
        starts.append(arena.count)
        hashes.append(hash)
        table[slot] = id
        if starts.count * 2 > table.count { grow() }
        return id
    }

    /// Interns a value given as an array (used when merging and for unescaped values).
    public mutating func intern<C: Collection<UInt8>>(_ value: C) -> UInt32? {
        let bytes = Array(value)
        return bytes.withUnsafeBufferPointer { intern($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, 0, $0.count) }
    }

    private func matches(_ id: Int, _ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let from = starts[id - 1]
        guard starts[id] - from == length else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for k in 0..<length where stored[from + k] != p[k] { return false }
            return true
        }
    }

    private mutating func grow() {
        let capacity = table.count * 2
        table = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 1..<starts.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt32(id)
        }
    }

    /// FNV-1a, finished with a multiply-shift so the low bits used for the slot are well mixed.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in 0..<length {
            h = (h ^ UInt64(p[k])) &* 0x0000_0100_0000_01b3
        }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        return h ^ (h >> 32)
    }

    static func isValidUTF8(_ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var ascii = true
        for k in 0..<length where p[k] >= 0x80 { ascii = false; break }
        if ascii { return true }
        var iterator = UnsafeBufferPointer(start: p, count: length).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
