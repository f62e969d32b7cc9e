/// Turns the bytes of a multi-class label or prediction into a class index: the index of the
/// class name it equals, or, when it equals none, the number it spells if that is a whole number
/// in `0 ..< classes` (so `2` means the third class). When a class name is itself a whole number
/// (classes `1`, `2`, `3`), numbers are names only: a label `0` there is not silently the first
/// class but a value that is no class. (Classes named `0`, `1`, … in order, a score array's
/// default names, agree with their indices, so `01` is still class `1`.) Values repeat, so each distinct one is decided once: the
/// bytes are interned and the class of each id kept.
struct ClassDecoder: Sendable {
    private let names: [[UInt8]]
    /// Whether a whole number may name a class by its index: only when no class name is one, or
    /// when the names are the indices themselves.
    private let readsIndices: Bool
    private var interner = ValueInterner()
    /// The class of each interned id: its index, or -1 for a value that is not a class.
    private var classOfID: [Int32] = [-1]

    init(names: [String]) {
        self.names = names.map { Array($0.utf8) }
        readsIndices = !self.names.contains(where: Self.isWholeNumber) || names == names.indices.map(String.init)
    }

    private static func isWholeNumber(_ value: [UInt8]) -> Bool {
        !value.isEmpty && value.allSatisfy { $0 &- UInt8(ascii: "0") <= 9 }
    }

    /// The class of the bytes `[start, end)`, or nil when they are not one.
    @inline(__always)
    mutating func decode(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard let id = interner.intern(base, start, end) else { return nil }
        if Int(id) >= classOfID.count { learn(upTo: Int(id)) }
        let index = classOfID[Int(id)]
        return index < 0 ? nil : Int(index)
    }

    private mutating func learn(upTo id: Int) {
        while classOfID.count <= id {
            let value = Array(interner.bytes(of: UInt32(classOfID.count)))
            if let named = names.firstIndex(of: value) {
                classOfID.append(Int32(named))
            } else if readsIndices, Self.isWholeNumber(value), value.count <= 9,
                      let number = Int(String(decoding: value, as: UTF8.self)), number < names.count {
                classOfID.append(Int32(number))
            } else {
                classOfID.append(-1)
            }
        }
    }
}

/// Reads a JSON array of numbers, `[0.1, 0.7, 0.2]`, into one number column per element.
enum ScoreArray {
    /// Parses `[start, end)` (brackets included) into `count` finite numbers, the i-th written to
    /// `columns(i)[row]`; false when it is not an array of exactly `count` finite numbers.
    static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, count: Int,
                      into columns: (Int) -> UnsafeMutablePointer<Double>, row: Int) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == .space || byte == .tab || byte == .carriageReturn || byte == .lineFeed }
        var position = start
        guard position < end, base[position] == UInt8(ascii: "[") else { return false }
        position += 1
        var index = 0
        while true {
            while position < end && isSpace(base[position]) { position += 1 }
            if index == 0 && position < end && base[position] == UInt8(ascii: "]") { return count == 0 && position + 1 == end }
            var valueEnd = position
            while valueEnd < end && base[valueEnd] != .comma && base[valueEnd] != UInt8(ascii: "]") && !isSpace(base[valueEnd]) { valueEnd += 1 }
            guard index < count, let value = DecimalParser.parse(base, position, valueEnd) else { return false }
            columns(index)[row] = value
            index += 1
            position = valueEnd
            while position < end && isSpace(base[position]) { position += 1 }
            guard position < end else { return false }
            if base[position] == .comma {
                position += 1
                continue
            }
            return base[position] == UInt8(ascii: "]") && position + 1 == end && index == count
        }
    }
}
