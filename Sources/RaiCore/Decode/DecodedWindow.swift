/// The decoded values of a window of rows, column by column: each flag role's booleans, each
/// number role's doubles, each slice column's value ids, and the combination of slice values
/// each row belongs to. The window path fills a whole column at a time from a `FieldTable`; the
/// row-by-row path fills one row at a time; counters read whole columns.
///
/// Raw memory of a fixed number of rows, allocated once per worker and reused window after
/// window: its pointers never change, so reading them in hot loops costs nothing.
final class DecodedWindow: @unchecked Sendable {  // owned by one worker thread at a time
    let capacity: Int
    /// Rows filled.
    var count = 0
    /// `flagStorage[column * capacity + row]`; the same layout for numbers and ids.
    private let flagStorage: UnsafeMutablePointer<Bool>
    private let numberStorage: UnsafeMutablePointer<Double>
    private let idStorage: UnsafeMutablePointer<UInt32>
    private let classStorage: UnsafeMutablePointer<UInt32>
    /// Each row's local combination of slice values (`CombinationIndex`).
    let combos: UnsafeMutablePointer<Int32>
    /// Each row's key, for counters keyed by row (the bootstrap): the hash of its row id
    /// (`RowLayout.rowKeySlot`), else its byte offset in the input's data.
    let rowKeys: UnsafeMutablePointer<UInt64>

    init(layout: RowLayout, capacity: Int) {
        self.capacity = capacity
        flagStorage = .allocate(capacity: max(1, layout.flagColumnCount) * capacity)
        numberStorage = .allocate(capacity: max(1, layout.numberColumnCount) * capacity)
        idStorage = .allocate(capacity: max(1, layout.sliceSlots.count) * capacity)
        classStorage = .allocate(capacity: max(1, layout.classes.count) * capacity)
        combos = .allocate(capacity: capacity)
        rowKeys = .allocate(capacity: capacity)
    }

    deinit {
        flagStorage.deallocate()
        numberStorage.deallocate()
        idStorage.deallocate()
        classStorage.deallocate()
        combos.deallocate()
        rowKeys.deallocate()
    }

    /// The values of flag role `column`, one per row.
    @inline(__always)
    func flags(_ column: Int) -> UnsafeMutablePointer<Bool> { flagStorage + column &* capacity }

    /// The values of number role `column`, one per row.
    @inline(__always)
    func numbers(_ column: Int) -> UnsafeMutablePointer<Double> { numberStorage + column &* capacity }

    /// The class indices of class role `column`, one per row.
    @inline(__always)
    func classes(_ column: Int) -> UnsafeMutablePointer<UInt32> { classStorage + column &* capacity }

    /// The value ids of slice column `column`, one per row.
    @inline(__always)
    func ids(_ column: Int) -> UnsafeMutablePointer<UInt32> { idStorage + column &* capacity }
}
