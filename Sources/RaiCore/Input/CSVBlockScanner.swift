import CRaiSupport

/// Cuts windows of plain CSV rows into fields, or declines.
///
/// Most blocks of most files hold nothing but unquoted fields and complete rows. For those, the
/// scanner works in two passes over a window of rows. The first reads 64-byte masks of separators
/// and line feeds (`rai_csv_masks64`) and writes the offset of every separator to a list, eight
/// at a time whatever the mask holds, so its loop runs a nearly constant number of times per chunk
/// and its branches are predicted. The second reads each row's fields off the list at fixed
/// strides (a row of C columns is the next C separators, the last a line feed) and stores the
/// projected ones in the `FieldTable`. Quoted fields are taken when they hold no line feed or
/// doubled quote (as when every text field is quoted, R's `write.csv` default, or when quotes
/// protect delimiters), found with the same masks. Anything else (other quoting, a blank line, a
/// row with the wrong number of fields) makes the scanner decline, and the rows go to
/// `CSVRowScanner`, which knows every rule and reports every problem, as does a last row without
/// its line feed. The two agree on every window this one accepts: fields end at the delimiter or
/// LF, a CR before the LF is not content, and a quoted field's content is inside its quotes.
final class CSVBlockScanner: @unchecked Sendable {  // one per worker thread; its scratch arrays are that worker's alone
    let delimiter: UInt8
    let columnCount: Int
    /// The projected columns and their slots in the `FieldTable`.
    private let projected: [(column: Int, slot: Int)]
    /// The slot of the last column, or -1.
    private let lastColumnSlot: Int
    /// Separator offsets of the current window, after one leading entry (the offset before the
    /// window's first field).
    private let offsetStorage: UnsafeMutablePointer<Int32>
    private let offsetCapacity: Int

    init(delimiter: UInt8, columnCount: Int, slotOfColumn: [Int], rows: Int) {
        self.delimiter = delimiter
        self.columnCount = columnCount
        projected = slotOfColumn.enumerated().filter { $0.element >= 0 }.map { (column: $0.offset, slot: $0.element) }
        lastColumnSlot = slotOfColumn.last ?? -1
        offsetCapacity = rows * columnCount + 64
        // Room for the leading entry and for the eight unconditional writes past the last separator.
        offsetStorage = .allocate(capacity: 1 + offsetCapacity + 8)
    }

    deinit { offsetStorage.deallocate() }

    /// Fills `table` with the fields of the rows from `start` (a row start) on, until the table is
    /// full or the block ends; returns the offset just past the last row taken, or nil when those
    /// rows need the row-by-row scanner.
    func scan(_ bytes: UnsafeRawBufferPointer, from start: Int, into table: FieldTable) -> Int? {
        let end = bytes.count
        table.count = 0
        // One column: the row scanner tells blank lines from empty values.
        guard end < Int(Int32.max), columnCount > 1, start < end else { return nil }
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let columns = columnCount
        offsetStorage[0] = Int32(truncatingIfNeeded: start &- 1)
        let offsets = offsetStorage + 1
        // Pass 1: the offsets of separators, whole chunks while the list has room for one more.
        let limit = min(offsetCapacity, table.capacity &* columns) &- 64
        var found = 0
        var lineFeeds = 0
        var chunk = start
        // Quoted fields are taken when simple: opened right after a separator (or at the start),
        // closed right before one, with no line feed or doubled quote inside (delimiters inside
        // are content). `inside` is all ones while a quoted field runs on from the previous chunk.
        var sawQuotes = false
        var inside: UInt64 = 0
        var separatorBefore: UInt64 = 1  // the window starts a row
        var closingBefore: UInt64 = 0  // a closing quote ended the previous chunk
        while chunk < end && found <= limit {
            let masks = CSVChunkMasks.load(base, chunk: chunk, end: end, delimiter: delimiter)
            var separators = masks.separators
            if masks.quotes | inside != 0 {
                guard let state = Self.simpleQuotes(masks, inside: inside, separatorBefore: separatorBefore,
                                                    closingBefore: closingBefore) else { return nil }
                inside = state.inside
                closingBefore = state.closingAtEnd
                separators = state.separators
                sawQuotes = true
            } else if closingBefore != 0 && separators & 1 == 0 {
                return nil
            } else {
                closingBefore = 0
            }
            separatorBefore = separators &>> 63
            let count = separators.nonzeroBitCount
            let chunkOffset = Int32(truncatingIfNeeded: chunk)
            var written = 0
            while written < count {
                // Eight writes whatever the mask holds: the storage has room for them past the list.
                assert(found &+ written &+ 8 <= offsetCapacity &+ 8, "separator list overrun")
                for k in 0..<8 {
                    offsets[found &+ written &+ k] = chunkOffset &+ Int32(truncatingIfNeeded: separators.trailingZeroBitCount)
                    separators &= separators &- 1
                }
                written &+= 8
            }
            found &+= count
            lineFeeds &+= masks.lineFeeds.nonzeroBitCount
            chunk &+= 64
        }
        // Every line feed found ends a row; the fields after the last one belong to the next window.
        let rows = lineFeeds
        guard rows > 0, found >= rows &* columns else { return nil }
        assert(rows <= table.capacity && found <= offsetCapacity, "more rows or separators than the window holds")
        // Pass 2: row r's fields end at offsets[r * columns ..< (r + 1) * columns], the last at a
        // line feed. With as many line feeds as rows, each row then has exactly `columns` fields.
        for row in 0..<rows where base[Int(offsets[row &* columns &+ columns &- 1])] != .lineFeed { return nil }
        let starts = table.starts, ends = table.ends, capacity = table.capacity
        for (column, slot) in projected {
            let columnStarts = starts + slot &* capacity, columnEnds = ends + slot &* capacity
            var index = column
            for row in 0..<rows {
                columnStarts[row] = offsets[index &- 1] &+ 1
                columnEnds[row] = offsets[index]
                index &+= columns
            }
        }
        table.count = rows
        // A CR before the LF ends the line, not the last field.
        if lastColumnSlot >= 0 {
            let lastStarts = starts + lastColumnSlot * capacity, lastEnds = ends + lastColumnSlot * capacity
            for row in 0..<rows where lastEnds[row] > lastStarts[row] && base[Int(lastEnds[row]) &- 1] == .carriageReturn {
                lastEnds[row] &-= 1
            }
        }
        // The content of a quoted field is inside its quotes (a quoted field before a CR LF ends
        // in the CR, which the row scanner takes care of).
        if sawQuotes {
            for (_, slot) in projected {
                let columnStarts = starts + slot &* capacity, columnEnds = ends + slot &* capacity
                for row in 0..<rows where columnEnds[row] > columnStarts[row] && base[Int(columnStarts[row])] == .quote {
                    guard columnEnds[row] &- columnStarts[row] >= 2 && base[Int(columnEnds[row]) &- 1] == .quote else { return nil }
                    columnStarts[row] &+= 1
                    columnEnds[row] &-= 1
                }
            }
        }
        return Int(offsets[rows &* columns &- 1]) &+ 1
    }

    /// Checks that every quote of a chunk opens or closes a simple quoted field (see `scan`):
    /// returns the chunk's separators outside quotes, whether it ends inside a quoted field (all
    /// ones, or zero) and whether its last byte is a closing quote, whose separator the next chunk
    /// must start with; nil otherwise.
    @inline(__always)
    private static func simpleQuotes(_ masks: rai_csv_masks, inside: UInt64, separatorBefore: UInt64,
                                     closingBefore: UInt64) -> (separators: UInt64, inside: UInt64, closingAtEnd: UInt64)? {
        let within = CSVChunkMasks.insideQuotes(masks.quotes, continuing: inside)
        let separators = masks.separators & ~within  // a delimiter inside quotes is content
        let opening = masks.quotes & within, closing = masks.quotes & ~within
        guard masks.lineFeeds & within == 0,  // no line feed inside quotes
              opening & ~(separators &<< 1 | separatorBefore) == 0,  // opened at a field start
              closing & ~(separators &>> 1 | 1 &<< 63) == 0,  // closed at a field end
              closingBefore == 0 || separators & 1 != 0 else { return nil }
        return (separators, CSVChunkMasks.endsInside(within), closing &>> 63)
    }
}
