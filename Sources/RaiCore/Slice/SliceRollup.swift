/// Which combinations of slice values each slice is made of: the overall slice of all of them,
/// and a slice of a spec of those that agree on the spec's columns. Every command sums its
/// per-combination state over these members to get per-slice state.
///
/// Slices come in report order: overall first, then each spec in the order given, its slices
/// sorted by value (`SliceOrder`).
public struct SliceRollup: Sendable {
    public struct Slice: Sendable {
        /// The spec's index in `SlicePlan.specs`, or nil for the overall slice.
        public let spec: Int?
        /// One value per column of the spec; nil where missing.
        public let values: [[UInt8]?]
        /// The combinations (by index in the list given) the slice is made of.
        public let members: [Int]
    }

    public let slices: [Slice]

    public init(plan: SlicePlan, combinations: [Combination]) {
        var slices = [Slice(spec: nil, values: [], members: Array(combinations.indices))]
        for (spec, columns) in plan.specs.enumerated() {
            var sliceOfValues: [[[UInt8]?]: Int] = [:]
            var values: [[[UInt8]?]] = []
            var members: [[Int]] = []
            for (index, combination) in combinations.enumerated() {
                let key = columns.map { combination.values[$0] }
                if let slice = sliceOfValues[key] {
                    members[slice].append(index)
                } else {
                    sliceOfValues[key] = values.count
                    values.append(key)
                    members.append([index])
                }
            }
            let order = SliceOrder(values)
            for slice in values.indices.sorted(by: order.precedes) {
                slices.append(Slice(spec: spec, values: values[slice], members: members[slice]))
            }
        }
        self.slices = slices
    }

    /// The members of every slice, in order.
    public var members: [[Int]] { slices.map(\.members) }
}

/// The order of the slices of a spec, value by value: numbers first, numerically; then text in
/// natural order (runs of digits compared as numbers, so `MST-2` comes before `MST-10`); missing
/// values last. It is a total order on distinct values (numbers that are equal, such as `1` and
/// `1.0`, fall back to the natural order), so slices come out in the same order however the
/// values were met.
struct SliceOrder {
    private struct Key {
        var bytes: [UInt8]?
        var number: Double?
    }

    private let keys: [[Key]]

    init(_ values: [[[UInt8]?]]) {
        keys = values.map { row in
            row.map { value in
                Key(bytes: value, number: value.flatMap { bytes in
                    bytes.withUnsafeBufferPointer { $0.isEmpty ? nil : DecimalParser.parse($0.baseAddress!, 0, $0.count) }
                })
            }
        }
    }

    func precedes(_ a: Int, _ b: Int) -> Bool {
        for (x, y) in zip(keys[a], keys[b]) where x.bytes != y.bytes {
            guard let xBytes = x.bytes else { return false }
            guard let yBytes = y.bytes else { return true }
            switch (x.number, y.number) {
            case let (u?, v?) where u != v: return u < v
            case (_?, nil): return true
            case (nil, _?): return false
            default: return Self.naturallyPrecedes(xBytes, yBytes)
            }
        }
        return false
    }

    /// Text order with runs of ASCII digits compared by value (then by length, so `01` and `1`
    /// stay distinct); everything else byte by byte.
    static func naturallyPrecedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") <= 9 }
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if isDigit(a[i]) && isDigit(b[j]) {
                var iEnd = i, jEnd = j
                while iEnd < a.count && isDigit(a[iEnd]) { iEnd += 1 }
                while jEnd < b.count && isDigit(b[jEnd]) { jEnd += 1 }
                var iStart = i, jStart = j
                while iStart < iEnd - 1 && a[iStart] == UInt8(ascii: "0") { iStart += 1 }
                while jStart < jEnd - 1 && b[jStart] == UInt8(ascii: "0") { jStart += 1 }
                let x = a[iStart..<iEnd], y = b[jStart..<jEnd]
                if x.count != y.count { return x.count < y.count }
                if x != y { return x.lexicographicallyPrecedes(y) }
                if iEnd - i != jEnd - j { return iEnd - i < jEnd - j }
                i = iEnd
                j = jEnd
                continue
            }
            if a[i] != b[j] { return a[i] < b[j] }
            i += 1
            j += 1
        }
        return a.count - i < b.count - j
    }
}
