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
    private(set) var profiles: [CombinationProfile] = []

    init(columns: Int, label: Int?) {
        self.columns = columns
        self.label = label
    }

    var needsRowKeys: Bool { false }

    mutating func reserveCombinations(_ count: Int) {
        while profiles.count < count { profiles.append(CombinationProfile(columns: columns)) }
    }

    mutating func beginBlock() {}
    mutating func endBlock() {}

    mutating func count(_ window: DecodedWindow, shared: UnsafeBufferPointer<Int32>) {
        let rows = window.count
        for row in 0..<rows { profiles[Int(window.combos[row])].rows += 1 }
        if let label {
            let flags = window.flags(label)
            for row in 0..<rows where flags[row] { profiles[Int(window.combos[row])].positives += 1 }
        }
        guard columns > 0 else { return }
        window.withRawBytes { block, arena in
            for column in 0..<columns {
                for row in 0..<rows {
                    let value = window.rawValue(column, row: row, block: block, arena: arena)
                    profiles[Int(window.combos[row])].columns[column].add(value)
                }
            }
        }
    }
}
