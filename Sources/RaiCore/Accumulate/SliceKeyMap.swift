/// Finds the slice a row belongs to within one slice spec, from the row's value ids.
///
/// A spec over one column indexes an array by value id; a cross of two columns packs both ids in
/// one 64-bit key; wider crosses hash the id list.
struct SliceKeyMap: Sendable {
    private enum Storage: Sendable {
        case single([Int32])
        case pair([UInt64: Int32])
        case many([[UInt32]: Int32])
    }

    private var storage: Storage

    init(columnCount: Int) {
        switch columnCount {
        case 1: storage = .single([])
        case 2: storage = .pair([:])
        default: storage = .many([:])
        }
    }

    /// The slice index for `ids`, or nil when this combination has not been seen.
    @inline(__always)
    func index(of ids: UnsafeBufferPointer<UInt32>, columns: [Int]) -> Int32? {
        switch storage {
        case .single(let table):
            let id = Int(ids[columns[0]])
            return id < table.count && table[id] >= 0 ? table[id] : nil
        case .pair(let table):
            return table[UInt64(ids[columns[0]]) << 32 | UInt64(ids[columns[1]])]
        case .many(let table):
            return table[columns.map { ids[$0] }]
        }
    }

    mutating func insert(_ index: Int32, for ids: UnsafeBufferPointer<UInt32>, columns: [Int]) {
        switch storage {
        case .single(var table):
            storage = .single([])
            let id = Int(ids[columns[0]])
            if id >= table.count { table.append(contentsOf: repeatElement(-1, count: id + 1 - table.count)) }
            table[id] = index
            storage = .single(table)
        case .pair(var table):
            storage = .single([])
            table[UInt64(ids[columns[0]]) << 32 | UInt64(ids[columns[1]])] = index
            storage = .pair(table)
        case .many(var table):
            storage = .single([])
            table[columns.map { ids[$0] }] = index
            storage = .many(table)
        }
    }
}
