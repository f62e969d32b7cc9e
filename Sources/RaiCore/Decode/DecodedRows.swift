/// The decoded values of every row of a block, column by column: label, score, weight and the
/// value id of each slice column. Filled from a `FieldTable` one column at a time, then counted
/// row by row by `Accumulator.addRows`. Raw memory, reused from block to block.
final class DecodedRows: @unchecked Sendable {
    let sliceColumns: Int
    private(set) var capacity = 0
    var count = 0
    private(set) var positives: UnsafeMutablePointer<Bool>
    private(set) var scores: UnsafeMutablePointer<Double>
    /// Unused without a weight column.
    private(set) var weights: UnsafeMutablePointer<Double>
    /// `ids[column * capacity + row]`.
    private(set) var ids: UnsafeMutablePointer<UInt32>
    /// Each row's combination of slice values, as the accumulator numbers them.
    private(set) var combos: UnsafeMutablePointer<Int32>

    init(sliceColumns: Int) {
        self.sliceColumns = sliceColumns
        positives = .allocate(capacity: 0)
        scores = .allocate(capacity: 0)
        weights = .allocate(capacity: 0)
        ids = .allocate(capacity: 0)
        combos = .allocate(capacity: 0)
    }

    deinit { release() }

    private func release() {
        positives.deallocate()
        scores.deallocate()
        weights.deallocate()
        ids.deallocate()
        combos.deallocate()
    }

    /// Makes room for `rows` rows; the previous contents are dropped.
    func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        release()
        capacity = rows
        positives = .allocate(capacity: rows)
        scores = .allocate(capacity: rows)
        weights = .allocate(capacity: rows)
        ids = .allocate(capacity: max(1, sliceColumns) * rows)
        combos = .allocate(capacity: rows)
    }

    /// The value ids of slice column `column`, one per row.
    @inline(__always)
    func ids(column: Int) -> UnsafeMutablePointer<UInt32> { ids + column &* capacity }
}
