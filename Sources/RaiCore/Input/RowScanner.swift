/// A scanner that walks the rows of a block and fills the projected fields of each.
protocol RowScanner: Sendable {
    /// Scans the row at `position`, filling `fields` (one per projected slot; slots absent from
    /// the row are set to `.missing`), and advances `position` and `lines`.
    /// Called before the first row of each block.
    mutating func startBlock()

    mutating func scanRow(
        _ bytes: UnsafeRawBufferPointer, position: inout Int, lines: inout Int,
        fields: UnsafeMutableBufferPointer<Field>
    ) -> ScanOutcome

    /// Writes the unescaped bytes of an `.escaped` field to `output`; false if the escape is invalid.
    func unescape(_ bytes: UnsafeRawBufferPointer, _ field: Field, into output: inout [UInt8]) -> Bool

    /// Fills `table` with the rows from `start` on, up to its capacity, and returns the offset
    /// after them and the lines they took; nil at the first row that is blank, malformed or has
    /// an escaped field (or an empty quoted one, which is not missing), so that the window goes
    /// row by row. `fields` is scratch space, one per slot.
    mutating func scanWindow(_ bytes: UnsafeRawBufferPointer, from start: Int, fields: UnsafeMutableBufferPointer<Field>,
                             into table: FieldTable) -> (next: Int, lines: Int)?
}

extension RowScanner {
    mutating func scanWindow(_ bytes: UnsafeRawBufferPointer, from start: Int, fields: UnsafeMutableBufferPointer<Field>,
                                    into table: FieldTable) -> (next: Int, lines: Int)? {
        var position = start
        var lines = 0
        table.count = 0
        guard bytes.count < Int(Int32.max) else { return nil }
        while table.count < table.capacity && position < bytes.count {
            guard case .row = scanRow(bytes, position: &position, lines: &lines, fields: fields),
                  table.store(fields, row: table.count) else { return nil }
            table.count &+= 1
        }
        return (position, lines)
    }
}

extension CSVRowScanner: RowScanner {
    /// Replaces each `""` inside a quoted field by `"`.
    public func unescape(_ bytes: UnsafeRawBufferPointer, _ field: Field, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var i = field.start
        while i < field.end {
            output.append(bytes[i])
            i += bytes[i] == .quote ? 2 : 1
        }
        return true
    }
}
