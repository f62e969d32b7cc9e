/// Counts per bucket key: the quantile sketch's histogram, updated once per value. Keys near the
/// first one seen are counted in a dense window (an index, no hashing: most columns span a few
/// thousand buckets), others in an open-addressing table, where a `Dictionary` would hash with a
/// random seed and cost several times more.
struct BucketCounts: Sendable, Equatable {
    /// The widest dense window, in buckets (32 KiB of counts).
    private static let windowLimit = 4096
    private var windowStart = 0
    private var window: [Int] = []

    private static let empty = Int(Int32.min)
    /// Key and count side by side (`2 * slot`, `2 * slot + 1`), so that a lookup touches one
    /// cache line.
    private var cells: [Int] = []
    private var tableCount = 0

    @inline(__always)
    mutating func add(_ key: Int32, _ times: Int) {
        let index = Int(key) &- windowStart
        if index >= 0 && index < window.count {
            window[index] &+= times
            return
        }
        addOutsideWindow(key, times)
    }

    /// Widens the window to take `key` when it stays within the limit; else counts it in the table.
    private mutating func addOutsideWindow(_ key: Int32, _ times: Int) {
        let wanted = Int(key)
        if window.isEmpty {
            windowStart = wanted - 64
            window = [Int](repeating: 0, count: 128)
        } else {
            let low = min(windowStart, wanted - 16), high = max(windowStart + window.count, wanted + 17)
            if high - low <= Self.windowLimit {
                // Grow by at least half, so that a spreading column is copied a few times only.
                let grown = min(Self.windowLimit, max(high - low, window.count * 3 / 2))
                let start = wanted < windowStart ? high - grown : low
                var widened = [Int](repeating: 0, count: grown)
                for (k, count) in window.enumerated() where count != 0 { widened[windowStart + k - start] = count }
                windowStart = start
                window = widened
                // Keys counted in the table that the window now covers move into it.
                if tableCount > 0 {
                    let old = tableEntries
                    cells = Self.emptyCells(cells.count / 2)
                    tableCount = 0
                    for (key, times) in old { add(key, times) }
                }
            }
        }
        let index = wanted - windowStart
        if index >= 0 && index < window.count {
            window[index] += times
        } else {
            addToTable(key, times)
        }
    }

    private mutating func addToTable(_ key: Int32, _ times: Int) {
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
        tableCount += 1
        if tableCount * 2 > cells.count / 2 { grow() }
    }

    private static func emptyCells(_ slots: Int) -> [Int] {
        var cells = [Int](repeating: 0, count: 2 * slots)
        for slot in 0..<slots { cells[2 * slot] = empty }
        return cells
    }

    private mutating func grow() {
        let old = tableEntries
        cells = Self.emptyCells(cells.count)
        tableCount = 0
        for (key, times) in old { addToTable(key, times) }
    }

    private var tableEntries: [(key: Int32, count: Int)] {
        stride(from: 0, to: cells.count, by: 2).filter { cells[$0] != Self.empty }.map { (Int32(cells[$0]), cells[$0 + 1]) }
    }

    /// Every (key, count), each key once, in no particular order.
    var entries: [(key: Int32, count: Int)] {
        window.indices.filter { window[$0] != 0 }.map { (Int32(windowStart + $0), window[$0]) } + tableEntries
    }

    static func == (a: BucketCounts, b: BucketCounts) -> Bool {
        a.entries.sorted { $0.key < $1.key }.elementsEqual(b.entries.sorted { $0.key < $1.key }) { $0 == $1 }
    }
}
