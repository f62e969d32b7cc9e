/// Exact counts of the distinct values of a column, keyed by their bytes, up to `capacity`
/// distinct values. Adding a value past the capacity is refused (the caller then summarises the
/// column with sketches instead); whether a set of rows fits depends only on its number of
/// distinct values, so it does not depend on how rows were split among threads or files.
struct ValueTally: Sendable, Equatable {
    /// The most distinct values counted exactly.
    static let capacity = 1_000

    private(set) var arena: [UInt8] = []
    /// Entry k's bytes are `arena[starts[k] ..< starts[k + 1]]`.
    private(set) var starts: [Int] = [0]
    private(set) var hashes: [UInt64] = []
    private(set) var counts: [Int] = []
    /// Open addressing on hashes: entry index + 1, 0 for empty.
    private var table = [Int32](repeating: 0, count: 64)

    var distinct: Int { counts.count }

    func bytes(_ entry: Int) -> ArraySlice<UInt8> { arena[starts[entry] ..< starts[entry + 1]] }

    /// Counts `times` more of the value `bytes` whose hash is `hash`; false when it is new and
    /// the tally is full.
    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, times: Int = 1) -> Bool {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(table[slot]) - 1
            if entry < 0 { break }
            if hashes[entry] == hash && equals(entry, bytes) {
                counts[entry] += times
                return true
            }
            slot = (slot + 1) & mask
        }
        guard counts.count < Self.capacity else { return false }
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        hashes.append(hash)
        counts.append(times)
        table[slot] = Int32(counts.count)
        if counts.count * 2 > table.count { rehash() }
        return true
    }

    private func equals(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[entry], end = starts[entry + 1]
        guard end - start == bytes.count else { return false }
        for k in 0..<bytes.count where arena[start + k] != bytes[k] { return false }
        return true
    }

    private mutating func rehash() {
        table = [Int32](repeating: 0, count: table.count * 2)
        let mask = table.count - 1
        for entry in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(entry + 1)
        }
    }

    /// Adds the counts of `other`; false when the union has more than `capacity` values.
    mutating func merge(_ other: ValueTally) -> Bool {
        for entry in other.counts.indices {
            let fits = other.arena[other.starts[entry] ..< other.starts[entry + 1]].withUnsafeBufferPointer {
                add($0, hash: other.hashes[entry], times: other.counts[entry])
            }
            if !fits { return false }
        }
        return true
    }
}
