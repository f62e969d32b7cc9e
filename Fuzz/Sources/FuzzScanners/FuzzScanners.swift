@testable import RaiCore

/// libFuzzer's entry point: reads the input with rai's scanners and traps when two of them
/// disagree or one breaks a promise (a trap is what libFuzzer reports as a crash, with the input
/// saved to replay). The first byte picks the format and its settings; the rest is the data.
///
/// - CSV/TSV: the row scanner reads every row; wherever the window scanner (`CSVBlockScanner`)
///   accepts a window, its fields must be the row scanner's, byte for byte, and it must end where
///   the row scanner's rows end; `BlockSplitter` must cut where a byte-by-byte reading of the
///   quoting rule cuts, at the end of a row.
/// - JSON Lines: rows read against a learned template (`JSONLTemplate`) must give what the
///   general path gives on each row alone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScanners(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let control = data[0]
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    if control & 0x80 != 0 {
        checkJSONLines(body)
    } else {
        checkDelimited(body, control: control)
    }
    return 0
}

/// One row as the row scanner read it.
private struct ScannedRow {
    var start: Int
    var end: Int
    /// The projected fields' bytes (unescaped), nil for missing; nil for a blank or malformed row.
    var fields: [[UInt8]?]?
}

private func bytes(_ body: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> [UInt8] {
    Array(body[start..<end])
}

private func checkDelimited(_ body: UnsafeRawBufferPointer, control: UInt8) {
    let delimiter = [UInt8.comma, .tab, UInt8(ascii: ";"), .comma][Int(control & 3)]
    let columns = 1 + Int((control >> 2) & 7)
    var slotOfColumn: [Int] = []
    var slots = 0
    for column in 0..<columns {
        if column % 2 == 0 || control & 0x20 != 0 {
            slotOfColumn.append(slots)
            slots += 1
        } else {
            slotOfColumn.append(-1)
        }
    }
    guard body.count > 0 else { return }
    var scanner = CSVRowScanner(delimiter: delimiter, columnCount: columns, slotOfColumn: slotOfColumn)
    let rows = scanAll(&scanner, body, slots: slots)

    // The window scanner, from every row start, as the block worker calls it.
    let table = FieldTable(slots: slots, capacity: 16)
    let windows = CSVBlockScanner(delimiter: delimiter, columnCount: columns, slotOfColumn: slotOfColumn, rows: table.capacity)
    var index = 0
    while index < rows.count {
        let start = rows[index].start
        guard let next = windows.scan(body, from: start, into: table) else {
            index += 1
            continue
        }
        precondition(table.count > 0 && index + table.count <= rows.count, "a window of rows the row scanner does not have")
        for row in 0..<table.count {
            let expected = rows[index + row]
            guard let fields = expected.fields else { preconditionFailure("the window scanner took a row the row scanner rejects") }
            for slot in 0..<slots {
                let windowField = bytes(body, table.start(slot: slot, row: row), table.end(slot: slot, row: row))
                precondition(windowField == (fields[slot] ?? []), "window and row scanners disagree on a field")
            }
        }
        precondition(rows[index + table.count - 1].end == next, "the window ends elsewhere than its last row")
        index += table.count
    }

    // The block splitter.
    let cut = BlockSplitter(format: .csv, delimiter: delimiter).completeRowsLength(body)
    precondition(cut == referenceCut(body, delimiter: delimiter), "the block splitter cuts elsewhere than the quoting rule")
    precondition(cut == 0 || rows.contains { $0.end == cut }, "the block splitter cuts inside a row")
}

private func scanAll<Scanner: RowScanner>(_ scanner: inout Scanner, _ body: UnsafeRawBufferPointer, slots: Int) -> [ScannedRow] {
    var rows: [ScannedRow] = []
    var fields = [Field](repeating: .missing, count: slots)
    var unescaped: [UInt8] = []
    var position = 0
    var lines = 0
    scanner.startBlock()
    fields.withUnsafeMutableBufferPointer { fields in
        while true {
            let start = position
            let outcome = scanner.scanRow(body, position: &position, lines: &lines, fields: fields)
            if case .end = outcome { break }
            precondition(position > start && position <= body.count, "a row that does not move forward")
            var row = ScannedRow(start: start, end: position, fields: nil)
            if case .row = outcome {
                row.fields = fields.map { field -> [UInt8]? in
                    switch field.kind {
                    case .missing: return nil
                    case .plain, .quoted: return bytes(body, field.start, field.end)
                    case .escaped:
                        guard scanner.unescape(body, field, into: &unescaped) else { return nil }
                        return unescaped
                    }
                }
            }
            rows.append(row)
        }
    }
    return rows
}

/// Where the last complete row ends by the quoting rule read byte by byte: a quote opens a field
/// only at its start, `""` inside is a quote, a closing quote at the very end may still be doubled.
private func referenceCut(_ b: UnsafeRawBufferPointer, delimiter: UInt8) -> Int {
    var atFieldStart = true, inQuotes = false, last = 0, i = 0
    while i < b.count {
        let c = b[i]
        if inQuotes {
            if c == .quote {
                if i + 1 >= b.count { return last }
                if b[i + 1] == .quote {
                    i += 2
                    continue
                }
                inQuotes = false
            }
        } else if atFieldStart && c == .quote {
            inQuotes = true
            atFieldStart = false
        } else if c == delimiter {
            atFieldStart = true
        } else if c == .lineFeed {
            atFieldStart = true
            last = i + 1
        } else {
            atFieldStart = false
        }
        i += 1
    }
    return last
}

private func checkJSONLines(_ body: UnsafeRawBufferPointer) {
    let keys = ["label", "score", "g"]
    guard body.count > 0 else { return }
    var scanner = JSONLRowScanner(keys: keys)
    let table = FieldTable(slots: keys.count, capacity: 16)
    var fields = [Field](repeating: .missing, count: keys.count)
    var position = 0
    scanner.startBlock()
    while position < body.count {
        let start = position
        let window = fields.withUnsafeMutableBufferPointer { scanner.scanWindow(body, from: start, fields: $0, into: table) }
        guard let window, window.next > start else {
            // Declined: one row by the general path, as the block worker does.
            var lines = 0
            let outcome = fields.withUnsafeMutableBufferPointer { scanner.scanRow(body, position: &position, lines: &lines, fields: $0) }
            if case .end = outcome { break }
            precondition(position > start, "a row that does not move forward")
            continue
        }
        // Each row of the window, read alone by a scanner that has learned nothing.
        var rowStart = start
        for row in 0..<table.count {
            var alone = JSONLRowScanner(keys: keys)
            var lines = 0
            var rowEnd = rowStart
            var outcome = ScanOutcome.blank
            while case .blank = outcome {
                rowStart = rowEnd
                outcome = fields.withUnsafeMutableBufferPointer { alone.scanRow(body, position: &rowEnd, lines: &lines, fields: $0) }
            }
            guard case .row = outcome else { preconditionFailure("the template took a row the general path rejects") }
            for slot in keys.indices {
                let field = fields[slot]
                precondition(field.kind != .escaped, "the template took an escaped string")
                let general = field.kind == .missing ? [] : bytes(body, field.start, field.end)
                precondition(general == bytes(body, table.start(slot: slot, row: row), table.end(slot: slot, row: row)),
                             "template and general path disagree on a value")
            }
            rowStart = rowEnd
        }
        precondition(rowStart == window.next, "the window ends elsewhere than its last row")
        position = window.next
    }
}
