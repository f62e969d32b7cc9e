/// A reference population's shares of one slice column's values, for representation:
/// `race=white:0.60,black:0.13,asian:0.06`. Values not listed (and missing values) share the
/// rest, 1 − Σ shares, as one pooled category in the goodness-of-fit test.
public struct PopulationSpec: Sendable, Equatable {
    public var column: String
    public var shares: [(value: String, share: Double)]

    public static func == (a: PopulationSpec, b: PopulationSpec) -> Bool {
        a.column == b.column && a.shares.map(\.value) == b.shares.map(\.value) && a.shares.map(\.share) == b.shares.map(\.share)
    }

    public init(column: String, shares: [(value: String, share: Double)]) {
        self.column = column
        self.shares = shares
    }

    /// Parses `COLUMN=VALUE:SHARE,VALUE:SHARE,…` (a value's last `:` starts its share).
    public static func parse(_ text: String) throws(RaiError) -> PopulationSpec {
        func fail(_ why: String) -> RaiError { .usage("cannot read '--population \(text)': \(why)") }
        guard let equals = text.firstIndex(of: "=") else { throw fail("expected COLUMN=VALUE:SHARE,…, e.g. race=white:0.6,black:0.13") }
        let column = String(text[..<equals])
        guard !column.isEmpty else { throw fail("empty column name") }
        var shares: [(value: String, share: Double)] = []
        for item in text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false) {
            guard let colon = item.lastIndex(of: ":") else { throw fail("'\(item)' has no ':SHARE'") }
            let value = String(item[..<colon])
            guard let share = DecimalParser.parse(item[item.index(after: colon)...]), share >= 0, share <= 1 else {
                throw fail("the share of '\(value)' must be a number from 0 to 1")
            }
            guard !shares.contains(where: { $0.value == value }) else { throw fail("'\(value)' is given twice") }
            shares.append((value, share))
        }
        let total = shares.reduce(0) { $0 + $1.share }
        guard total <= 1 + 1e-9 else { throw fail("the shares add up to \(total), more than 1") }
        return PopulationSpec(column: column, shares: shares)
    }

    /// The share of the values not listed.
    public var rest: Double { max(0, 1 - shares.reduce(0) { $0 + $1.share }) }
}
