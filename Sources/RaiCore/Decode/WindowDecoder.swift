/// Decodes the fields of rows into a `DecodedWindow`, role by role (`RowLayout`).
///
/// Two entry points share the rules. `decodeTable` decodes a whole window that a block scanner
/// cut into a `FieldTable`, one tight loop per column, and declines (returns false) at the first
/// value that is missing where required or invalid, leaving the window to the row-by-row path.
/// `decodeRow` decodes one row's fields into one row of the window and says what is wrong with
/// it, so the caller can report or skip it. Both give the same values for every row both accept
/// (tests compare the two paths).
struct WindowDecoder: Sendable {
    let layout: RowLayout
    /// 1-based CSV column number of each slot, for messages; nil for JSONL.
    let columnOfSlot: [Int]?
    private var scratch: [UInt8] = []
    /// One per class role.
    private var classDecoders: [ClassDecoder]

    init(layout: RowLayout, columnOfSlot: [Int]?) {
        self.layout = layout
        self.columnOfSlot = columnOfSlot
        classDecoders = layout.classes.map { ClassDecoder(names: $0.names) }
    }

    // MARK: Whole windows

    /// Decodes every row of `table` into `window`; false at the first value that is missing where
    /// required or invalid.
    mutating func decodeTable(_ bytes: UnsafeRawBufferPointer, _ table: FieldTable, into window: DecodedWindow,
                              combinations: inout CombinationIndex) -> Bool {
        let rows = table.count
        window.count = rows
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        for (index, role) in layout.flags.enumerated() {
            guard Self.decodeFlags(base, table, slot: role.slot, rule: role.rule, into: window.flags(index)) else { return false }
        }
        for (index, role) in layout.numbers.enumerated() {
            let values = window.numbers(index)
            guard Self.decodeNumbers(base, bytes.count, table, slot: role.slot, into: values) else { return false }
            if role.meaning == .weight {
                let scale = layout.weightScale
                for row in 0..<rows where !(values[row] >= 0 && scale.representation(of: values[row]) == .representable) { return false }
            }
        }
        for (index, role) in layout.classes.enumerated() {
            let fields = table.column(role.slot), classes = window.classes(index)
            for row in 0..<rows {
                let start = Int(fields.starts[row]), end = Int(fields.ends[row])
                guard start != end, let decoded = classDecoders[index].decode(base, start, end) else { return false }
                classes[row] = UInt32(decoded)
            }
            if let flagBase = role.flagBase {
                for c in role.names.indices {
                    let flags = window.flags(flagBase + c)
                    for row in 0..<rows { flags[row] = classes[row] == UInt32(c) }
                }
            }
        }
        for role in layout.scoreArrays {
            let fields = table.column(role.slot)
            for row in 0..<rows {
                guard ScoreArray.parse(base, Int(fields.starts[row]), Int(fields.ends[row]), count: role.count,
                                       into: { window.numbers(role.numberBase + $0) }, row: row) else { return false }
            }
        }
        for role in layout.losses {
            let losses = window.numbers(role.number)
            for row in 0..<rows {
                guard let loss = role.loss(window, row: row) else { return false }
                losses[row] = loss
            }
        }
        if let slot = layout.rowKeySlot {
            let keys = table.column(slot)
            for row in 0..<rows {
                window.rowKeys[row] = ValueInterner.hash(base + Int(keys.starts[row]), Int(keys.ends[row]) - Int(keys.starts[row]))
            }
        }
        if !layout.rawSlots.isEmpty {
            window.rawBlock = UnsafePointer(base)
            window.rawArena.removeAll(keepingCapacity: true)
            for (column, slot) in layout.rawSlots.enumerated() {
                let fields = table.column(slot)
                (window.rawStarts + column &* window.capacity).update(from: fields.starts, count: rows)
                (window.rawEnds + column &* window.capacity).update(from: fields.ends, count: rows)
            }
        }
        // Values of at most 7 bytes are looked up by one 8-byte load while 8 bytes remain, and of
        // 8 to 15 bytes by two while 16 remain.
        let lastPackedStart = bytes.count &- 8, lastMediumStart = bytes.count &- 16
        for (column, slot) in layout.sliceSlots.enumerated() {
            let ids = window.ids(column)
            let values = table.column(slot)
            let decodedAll = combinations.withInterner(column: column) { interner in
                for row in 0..<rows {
                    let start = Int(values.starts[row]), end = Int(values.ends[row])
                    let id: UInt32?
                    if start == end {
                        id = ValueInterner.missingID
                    } else if end &- start <= 7 && start <= lastPackedStart {
                        id = interner.intern(packed: ValueInterner.packedKey(base, start, end), base, start, end)
                    } else if end &- start <= 15 && start <= lastMediumStart {
                        id = interner.intern(packedMedium: ValueInterner.packedMediumKey(base, start, end), base, start, end)
                    } else {
                        id = interner.intern(base, start, end)
                    }
                    guard let id else { return false }
                    ids[row] = id
                }
                return true
            }
            guard decodedAll else { return false }
        }
        return true
    }

    /// Decodes slot `slot` of every row as a flag; false at the first missing or invalid one.
    private static func decodeFlags(_ base: UnsafePointer<UInt8>, _ table: FieldTable, slot: Int, rule: LabelRule,
                                    into flags: UnsafeMutablePointer<Bool>) -> Bool {
        let fields = table.column(slot)
        let zeroOrOne = rule.positiveValue == nil
        for row in 0..<table.count {
            let start = Int(fields.starts[row]), end = Int(fields.ends[row])
            // `0` or `1` without a branch on which (labels are as unpredictable as coin flips).
            let byte = base[start]
            if end &- start == 1 && zeroOrOne && byte | 1 == UInt8(ascii: "1") {
                flags[row] = byte == UInt8(ascii: "1")
                continue
            }
            guard start != end, let flag = rule.decode(base, start, end) else { return false }
            flags[row] = flag
        }
        return true
    }

    /// Parses slot `slot` of every row as a number; false at the first missing or invalid one.
    private static func decodeNumbers(_ base: UnsafePointer<UInt8>, _ count: Int, _ table: FieldTable, slot: Int,
                                      into values: UnsafeMutablePointer<Double>) -> Bool {
        // `parseUnitFraction` reads 8 bytes after the point.
        let lastUnitFractionStart = count &- 10
        let fields = table.column(slot)
        for row in 0..<table.count {
            let start = Int(fields.starts[row]), end = Int(fields.ends[row])
            if start <= lastUnitFractionStart, let value = DecimalParser.parseUnitFraction(base, start, end) {
                values[row] = value
                continue
            }
            guard start != end, let value = DecimalParser.parse(base, start, end) else { return false }
            values[row] = value
        }
        return true
    }

    // MARK: One row

    /// Decodes the fields of one row into row `row` of `window`; returns the problem if the row is
    /// invalid (the window's row is then left as it was).
    @inline(__always)
    mutating func decodeRow<Scanner: RowScanner>(_ bytes: UnsafeRawBufferPointer, _ fields: UnsafeBufferPointer<Field>,
                                                 scanner: Scanner, line: Int, into window: DecodedWindow, row: Int,
                                                 combinations: inout CombinationIndex) -> LocatedProblem? {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        func located(_ problem: DataProblem, slot: Int) -> LocatedProblem {
            LocatedProblem(problem: problem, line: line, column: columnOfSlot?[slot], columnName: layout.columns[slot])
        }
        for (index, role) in layout.flags.enumerated() {
            let field = fields[role.slot]
            let flag: Bool?
            switch field.kind {
            case .missing: return located(role.meaning.missingProblem, slot: role.slot)
            case .escaped:
                guard scanner.unescape(bytes, field, into: &scratch) else {
                    return located(role.meaning.invalidProblem(text(bytes, field)), slot: role.slot)
                }
                flag = scratch.withUnsafeBufferPointer { role.rule.decode($0.baseAddress!, 0, $0.count) }
            case .plain, .quoted:
                flag = role.rule.decode(base, field.start, field.end)
            }
            guard let flag else { return located(role.meaning.invalidProblem(text(bytes, field)), slot: role.slot) }
            window.flags(index)[row] = flag
        }
        for (index, role) in layout.numbers.enumerated() {
            let field = fields[role.slot]
            if field.kind == .missing { return located(role.meaning.missingProblem, slot: role.slot) }
            guard field.kind != .escaped, let value = DecimalParser.parse(base, field.start, field.end) else {
                return located(role.meaning.invalidProblem(text(bytes, field)), slot: role.slot)
            }
            if role.meaning == .weight {
                if value < 0 { return located(.negativeWeight(text(bytes, field)), slot: role.slot) }
                switch layout.weightScale.representation(of: value) {
                case .representable: break
                case .tooSmall:
                    return located(.weightTooSmall(text(bytes, field), reference: layout.weightScale.reference), slot: role.slot)
                case .tooLarge:
                    return located(.weightTooLarge(text(bytes, field), reference: layout.weightScale.reference), slot: role.slot)
                }
            }
            window.numbers(index)[row] = value
        }
        for (index, role) in layout.classes.enumerated() {
            let field = fields[role.slot]
            let decoded: Int?
            switch field.kind {
            case .missing: return located(role.meaning.missingProblem, slot: role.slot)
            case .escaped:
                guard scanner.unescape(bytes, field, into: &scratch) else {
                    return located(.unknownClass(text(bytes, field), classes: role.names), slot: role.slot)
                }
                decoded = scratch.withUnsafeBufferPointer { classDecoders[index].decode($0.baseAddress!, 0, $0.count) }
            case .plain, .quoted:
                decoded = classDecoders[index].decode(base, field.start, field.end)
            }
            guard let decoded else {
                return located(role.meaning == .prediction ? .invalidPrediction(text(bytes, field))
                                                           : .unknownClass(text(bytes, field), classes: role.names), slot: role.slot)
            }
            window.classes(index)[row] = UInt32(decoded)
            if let flagBase = role.flagBase {
                for c in role.names.indices { window.flags(flagBase + c)[row] = decoded == c }
            }
        }
        for role in layout.scoreArrays {
            let field = fields[role.slot]
            if field.kind == .missing { return located(.missingScore, slot: role.slot) }
            guard field.kind == .plain, ScoreArray.parse(base, field.start, field.end, count: role.count,
                                                         into: { window.numbers(role.numberBase + $0) }, row: row) else {
                return located(.invalidScoreArray(text(bytes, field), expected: role.count), slot: role.slot)
            }
        }
        for role in layout.losses {
            guard let loss = role.loss(window, row: row) else {
                return located(.scoreNotProbability(text(bytes, fields[role.scoreSlot])), slot: role.scoreSlot)
            }
            window.numbers(role.number)[row] = loss
        }
        if let slot = layout.rowKeySlot {
            let field = fields[slot]
            if field.kind == .escaped {
                guard scanner.unescape(bytes, field, into: &scratch) else { return located(.invalidJSON("bad escape in a string"), slot: slot) }
                window.rowKeys[row] = scratch.withUnsafeBufferPointer { ValueInterner.hash($0.baseAddress ?? base, $0.count) }
            } else {
                window.rowKeys[row] = ValueInterner.hash(base + field.start, field.end - field.start)
            }
        }
        if !layout.rawSlots.isEmpty {
            if row == 0 { window.rawArena.removeAll(keepingCapacity: true) }
            window.rawBlock = UnsafePointer(base)
            for (column, slot) in layout.rawSlots.enumerated() {
                let field = fields[slot]
                let cell = column &* window.capacity &+ row
                switch field.kind {
                case .missing:
                    window.rawStarts[cell] = 0
                    window.rawEnds[cell] = 0
                case .plain, .quoted:
                    window.rawStarts[cell] = Int32(truncatingIfNeeded: field.start)
                    window.rawEnds[cell] = Int32(truncatingIfNeeded: field.end)
                case .escaped:
                    guard scanner.unescape(bytes, field, into: &scratch) else { return located(.invalidJSON("bad escape in a string"), slot: slot) }
                    window.rawStarts[cell] = ~Int32(truncatingIfNeeded: window.rawArena.count)
                    window.rawArena.append(contentsOf: scratch)
                    window.rawEnds[cell] = ~Int32(truncatingIfNeeded: window.rawArena.count)
                }
            }
        }
        for (column, slot) in layout.sliceSlots.enumerated() {
            let field = fields[slot]
            let id: UInt32?
            switch field.kind {
            case .missing: id = ValueInterner.missingID
            case .plain, .quoted: id = combinations.intern(column: column, base, field.start, field.end)
            case .escaped:
                guard scanner.unescape(bytes, field, into: &scratch) else { return located(.invalidJSON("bad escape in a string"), slot: slot) }
                id = scratch.withUnsafeBufferPointer { combinations.intern(column: column, $0.baseAddress ?? base, 0, $0.count) }
            }
            guard let id else { return located(.invalidUTF8, slot: slot) }
            window.ids(column)[row] = id
        }
        return nil
    }

    private func text(_ bytes: UnsafeRawBufferPointer, _ field: Field) -> String {
        String(decoding: bytes[field.start..<field.end], as: UTF8.self)
    }
}
