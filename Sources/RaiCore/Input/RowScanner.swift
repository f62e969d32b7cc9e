/// A scanner that walks the rows of a block and fills the projected fields of each.
public protocol RowScanner: Sendable {
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
