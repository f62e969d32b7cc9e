/// The projected fields of every row of a block, column by column: for each slot and row, the
/// offsets of the field's bytes in the block. A field with `start == end` is missing.
///
/// A block scanner fills it for a window of rows so that decoding then runs one tight loop per
/// column instead of one branchy call per row. Raw memory of a fixed number of rows, small
/// enough to stay in the core's cache between scanning and decoding, reused window after window.
final class FieldTable: @unchecked Sendable {  // owned by one worker thread, which fills and reads it
    let slots: Int
    let capacity: Int
    /// Rows filled.
    var count = 0
    /// `starts[slot * capacity + row]`; the same layout for `ends`.
    let starts: UnsafeMutablePointer<Int32>
    let ends: UnsafeMutablePointer<Int32>

    init(slots: Int, capacity: Int = 2048) {
        self.slots = slots
        self.capacity = capacity
        starts = .allocate(capacity: max(1, slots) * capacity)
        ends = .allocate(capacity: max(1, slots) * capacity)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
    }

    /// Stores `field` for `slot` of `row`; false for a field the table cannot hold (an escaped
    /// one, or an empty one that is not missing).
    @inline(__always)
    func store(_ field: Field, slot: Int, row: Int) -> Bool {
        assert(slot >= 0 && slot < max(1, slots) && row >= 0 && row < capacity, "a cell outside the table")
        let cell = slot &* capacity &+ row
        switch field.kind {
        case .missing:
            starts[cell] = 0
            ends[cell] = 0
        case .plain, .quoted:
            guard field.end > field.start else { return false }
            starts[cell] = Int32(truncatingIfNeeded: field.start)
            ends[cell] = Int32(truncatingIfNeeded: field.end)
        case .escaped:
            return false
        }
        return true
    }

    /// Stores one row's fields, one per slot.
    @inline(__always)
    func store(_ fields: UnsafeMutableBufferPointer<Field>, row: Int) -> Bool {
        for slot in 0..<fields.count where !store(fields[slot], slot: slot, row: row) { return false }
        return true
    }

    /// The starts and ends of `slot`, one per row: for loops over one column, which then keep
    /// both pointers in registers.
    @inline(__always)
    func column(_ slot: Int) -> (starts: UnsafeMutablePointer<Int32>, ends: UnsafeMutablePointer<Int32>) {
        (starts + slot &* capacity, ends + slot &* capacity)
    }

    @inline(__always)
    func start(slot: Int, row: Int) -> Int { Int(starts[slot &* capacity &+ row]) }

    @inline(__always)
    func end(slot: Int, row: Int) -> Int { Int(ends[slot &* capacity &+ row]) }
}
