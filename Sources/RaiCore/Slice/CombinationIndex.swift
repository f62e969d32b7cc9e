/// One worker's view of the combinations of slice values: the value ids of each slice column
/// (`ValueInterner`), the local index of each combination met so far (`CombinationKeyMap`), and
/// the shared index the `CombinationRegistry` gave it.
///
/// A row belongs to one combination (its values in every slice column) and, through it, to one
/// slice of every spec; counting by combination costs one lookup and one update per row however
/// many specs there are, and slices are summed from their combinations at the end
/// (`SliceRollup`). Local indices are dense and in the order this worker met the combinations,
/// so a worker's counters are plain arrays; the shared index lets threads send updates to shared
/// structures (score tables) and lets their counts be added up.
struct CombinationIndex: Sendable {
    /// One interner per slice column (`SlicePlan.columns`).
    private var interners: [ValueInterner]
    private let keyMap = CombinationKeyMap()
    /// The shared index of each local combination.
    private(set) var sharedIndex: [Int32] = []
    let registry: CombinationRegistry

    init(columns: Int, registry: CombinationRegistry) {
        interners = Array(repeating: ValueInterner(), count: columns)
        self.registry = registry
    }

    /// Local combinations met so far.
    var count: Int { sharedIndex.count }

    /// The value id of a slice column's bytes; nil when a new value is not valid UTF-8.
    @inline(__always)
    mutating func intern(column: Int, _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        interners[column].intern(base, start, end)
    }

    /// Runs `body` on the interner of slice column `column`, in place.
    @inline(__always)
    mutating func withInterner<R>(column: Int, _ body: (inout ValueInterner) -> R) -> R {
        interners.withUnsafeMutableBufferPointer { body(&$0[column]) }
    }

    /// Sets the local combination of every row of `window` from its value ids, adding the
    /// combinations met for the first time; false when the registry's limit stops a new one.
    mutating func assign(_ window: DecodedWindow) -> Bool {
        let count = window.count
        let columns = interners.count
        let idColumns = (0..<columns).map { window.ids($0) }
        let keyMap = self.keyMap
        let combos = window.combos
        let ids = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, columns))
        defer { ids.deallocate() }
        return idColumns.withUnsafeBufferPointer { idColumns in
            for row in 0..<count {
                // The key is packed in the same loop that gathers the ids (the packing of
                // `CombinationKeyMap.packedKey`: up to four ids below 0xFFFF), to keep one pass.
                var packed: UInt64 = 0
                var fits = columns <= 4
                for column in 0..<columns {
                    let id = idColumns[column][row]
                    ids[column] = id
                    fits = fits && id < 0xFFFF
                    packed |= UInt64(truncatingIfNeeded: id) &<< UInt64(16 &* column)
                }
                let key = UnsafeBufferPointer(start: ids, count: columns)
                if let known = fits ? keyMap.index(packed: packed) : keyMap.index(of: key) {
                    combos[row] = known
                    continue
                }
                guard let combination = add(Array(key)) else { return false }
                keyMap.insert(Int32(combination), for: key)
                combos[row] = Int32(combination)
            }
            return true
        }
    }

    /// Registers the combination of `ids`; its local index, or nil past the registry's limit.
    private mutating func add(_ ids: [UInt32]) -> Int? {
        let combination = Combination(values: ids.enumerated().map { column, id in
            id == ValueInterner.missingID ? nil : Array(interners[column].bytes(of: id))
        })
        guard let shared = registry.index(of: combination) else { return nil }
        sharedIndex.append(shared)
        return sharedIndex.count - 1
    }
}
