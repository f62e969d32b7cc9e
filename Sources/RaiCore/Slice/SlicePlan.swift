/// Which columns slice the data, and how: the distinct slice columns, and each slice spec as the
/// positions of its columns in that list. `--slice sex --slice sex,race` gives columns
/// `[sex, race]` and specs `[[0], [0, 1]]`.
public struct SlicePlan: Equatable, Sendable {
    public let columns: [String]
    public let specs: [[Int]]

    public init(specs named: [[String]]) {
        var columns: [String] = []
        var specs: [[Int]] = []
        for spec in named {
            specs.append(spec.map { name in
                if let index = columns.firstIndex(of: name) { return index }
                columns.append(name)
                return columns.count - 1
            })
        }
        self.columns = columns
        self.specs = specs
    }

    /// The spec's feature names in the order given.
    public func names(ofSpec spec: Int) -> [String] { specs[spec].map { columns[$0] } }
}
