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
    /// Where each raw column's value lies (`RowLayout.rawSlots`), `rawStarts[column * capacity +
    /// row]`: a value that is not escaped is read in place in the block (`rawBlock`), an escaped
    /// one was unescaped into `rawArena` and is marked by negative offsets, ~start and ~end. A
    /// missing value is empty.
    let rawStarts: UnsafeMutablePointer<Int32>
    let rawEnds: UnsafeMutablePointer<Int32>
    /// The bytes of the block the window was decoded from; valid while the window is counted.
    var rawBlock: UnsafePointer<UInt8>?
    /// The unescaped raw values of the window's rows, cleared with each new window.
    var rawArena: [UInt8] = []
    /// Each row's key, for counters keyed by row (the bootstrap): the hash of its row id
    /// (`RowLayout.rowKeySlot`), else its byte offset in the input's data.
    let rowKeys: UnsafeMutablePointer<UInt64>

    init(layout: RowLayout, capacity: Int) {
        self.capacity = capacity
        flagStorage = .allocate(capacity: max(1, layout.flagColumnCount) * capacity)
        numberStorage = .allocate(capacity: max(1, layout.numberColumnCount) * capacity)
        idStorage = .allocate(capacity: max(1, layout.sliceSlots.count) * capacity)
        classStorage = .allocate(capacity: max(1, layout.classes.count) * capacity)
        rawStarts = .allocate(capacity: max(1, layout.rawSlots.count) * capacity)
        rawEnds = .allocate(capacity: max(1, layout.rawSlots.count) * capacity)
        combos = .allocate(capacity: capacity)
        rowKeys = .allocate(capacity: capacity)
    }

    deinit {
        flagStorage.deallocate()
        numberStorage.deallocate()
        idStorage.deallocate()
        classStorage.deallocate()
        rawStarts.deallocate()
        rawEnds.deallocate()
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

    /// Calls `body` with the block's bytes and the arena of unescaped values, by which raw values
    /// are read (`rawValue`).
    @inline(__always)
    func withRawBytes<R>(_ body: (_ block: UnsafePointer<UInt8>, _ arena: UnsafePointer<UInt8>) -> R) -> R {
        rawArena.withUnsafeBufferPointer { arena in
            // An empty arena has no address; no value points into it then.
            body(rawBlock!, arena.baseAddress ?? rawBlock!)
        }
    }

    /// The bytes of raw column `column` in row `row`, given the pointers of `withRawBytes`.
    @inline(__always)
    func rawValue(_ column: Int, row: Int, block: UnsafePointer<UInt8>, arena: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let cell = column &* capacity &+ row
        let start = rawStarts[cell], end = rawEnds[cell]
        if start >= 0 { return UnsafeBufferPointer(start: block + Int(start), count: Int(end &- start)) }
        return UnsafeBufferPointer(start: arena + Int(~start), count: Int(~end &- ~start))
    }

    /// The value ids of slice column `column`, one per row.
    @inline(__always)
    func ids(_ column: Int) -> UnsafeMutablePointer<UInt32> { idStorage + column &* capacity }
}
