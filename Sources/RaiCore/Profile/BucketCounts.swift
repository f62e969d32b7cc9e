/// Counts per bucket key, in an open-addressing table: the quantile sketch's histogram, updated
/// once per value, where a `Dictionary` would hash with a random seed and cost several times
/// more.
struct BucketCounts: Sendable, Equatable {
    private static let empty = Int(Int32.min)
    /// Key and count side by side (`2 * slot`, `2 * slot + 1`), so that a lookup touches one
    /// cache line.
    private var cells: [Int] = []
    private(set) var count = 0

    @inline(__always)
    mutating func add(_ key: Int32, _ times: Int) {
        if cells.isEmpty { cells = Self.emptyCells(64) }
        let wanted = Int(key)
        let mask = cells.count / 2 - 1
        var slot = Int(truncatingIfNeeded: UInt32(bitPattern: key) &* 0x9E37_79B1) & mask
        while true {
            let found = cells[2 &* slot]
            if found == wanted {
                cells[2 &* slot &+ 1] &+= times
                return
            }
            if found == Self.empty { break }
            slot = (slot &+ 1) & mask
        }
        cells[2 &* slot] = wanted
        cells[2 &* slot &+ 1] = times
        count += 1
        if count * 2 > cells.count / 2 { grow() }
    }

    private static func emptyCells(_ slots: Int) -> [Int] {
        var cells = [Int](repeating: 0, count: 2 * slots)
        for slot in 0..<slots { cells[2 * slot] = empty }
        return cells
    }

    private mutating func grow() {
        let old = entries
        cells = Self.emptyCells(cells.count)
        count = 0
        for (key, times) in old { add(key, times) }
    }

    /// Every (key, count), in no particular order.
    var entries: [(key: Int32, count: Int)] {
        stride(from: 0, to: cells.count, by: 2).filter { cells[$0] != Self.empty }.map { (Int32(cells[$0]), cells[$0 + 1]) }
    }

    static func == (a: BucketCounts, b: BucketCounts) -> Bool {
        a.entries.sorted { $0.key < $1.key }.elementsEqual(b.entries.sorted { $0.key < $1.key }) { $0 == $1 }
    }
}
