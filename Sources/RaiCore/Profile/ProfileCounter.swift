/// The state `rai data` keeps per combination of slice values: its rows, its positive labels
/// (with `--label`), and a `ColumnProfile` per profiled column.
struct CombinationProfile: Sendable, Equatable {
    var rows = 0
    var positives = 0
    var columns: [ColumnProfile]

    init(columns: Int) {
        self.columns = [ColumnProfile](repeating: ColumnProfile(), count: columns)
    }

    mutating func merge(_ other: CombinationProfile) {
        rows += other.rows
        positives += other.positives
        for k in columns.indices { columns[k].merge(other.columns[k]) }
    }
}

/// Counts rows per combination of slice values for `rai data`: rows, positive labels, and every
/// raw column's profile (`RowLayout.rawSlots`).
struct ProfileCounter: CombinationCounter {
    let columns: Int
    /// The flag column of the label, if any.
    let label: Int?
    private(set) var rows: [Int] = []
    private(set) var positives: [Int] = []
    /// `columnProfiles[combination * columns + column]`.
    private(set) var columnProfiles: [ColumnProfile] = []
    /// The window's rows grouped by combination (a counting sort), reused window after window.
    private var order: [Int32] = []
    private var starts: [Int] = []

    init(columns: Int, label: Int?) {
        self.columns = columns
        self.label = label
    }

    var needsRowKeys: Bool { false }

    mutating func reserveCombinations(_ count: Int) {
        guard rows.count < count else { return }
        let more = count - rows.count
        rows += [Int](repeating: 0, count: more)
        positives += [Int](repeating: 0, count: more)
        columnProfiles += [ColumnProfile](repeating: ColumnProfile(), count: more * columns)
    }

    mutating func beginBlock() {}
    mutating func endBlock() {}

    /// The profile of local combination `local`.
    func profile(_ local: Int) -> CombinationProfile {
        var profile = CombinationProfile(columns: 0)
        profile.rows = rows[local]
        profile.positives = positives[local]
        profile.columns = Array(columnProfiles[local * columns ..< (local + 1) * columns])
        return profile
    }

    mutating func count(_ window: DecodedWindow, shared: UnsafeBufferPointer<Int32>) {
        let count = window.count
        let combos = window.combos
        rows.withUnsafeMutableBufferPointer { rows in
            for row in 0..<count { rows[Int(combos[row])] += 1 }
        }
        if let label {
            let flags = window.flags(label)
            positives.withUnsafeMutableBufferPointer { positives in
                for row in 0..<count where flags[row] { positives[Int(combos[row])] += 1 }
            }
        }
        guard columns > 0 else { return }
        // Rows of one combination one after the other: its tallies and sketches then stay in
        // the cache while they are updated, instead of being fetched again for nearly every row.
        if order.count < count { order = [Int32](repeating: 0, count: count) }
        if starts.count < rows.count + 1 { starts = [Int](repeating: 0, count: rows.count + 1) }
        starts.withUnsafeMutableBufferPointer { starts in
            for k in starts.indices { starts[k] = 0 }
            for row in 0..<count { starts[Int(combos[row]) &+ 1] &+= 1 }
            for k in 1..<starts.count { starts[k] &+= starts[k - 1] }
            order.withUnsafeMutableBufferPointer { order in
                for row in 0..<count {
                    let combo = Int(combos[row])
                    order[starts[combo]] = Int32(truncatingIfNeeded: row)
                    starts[combo] &+= 1
                }
            }
        }
        let columns = self.columns
        order.withUnsafeBufferPointer { order in
            columnProfiles.withUnsafeMutableBufferPointer { profiles in
                window.withRawBytes { block, arena in
                    for column in 0..<columns {
                        for k in 0..<count {
                            let row = Int(order[k])
                            let value = window.rawValue(column, row: row, block: block, arena: arena)
                            profiles[Int(combos[row]) &* columns &+ column].add(value)
                        }
                    }
                }
            }
        }
    }
}
