/// The analysis of `rai data`: representation, label balance, missingness by slice and drift,
/// computed from one file's profile (and the other file's, with `--against`), with gates. Reports
/// render it and compute nothing.
public struct DataAnalysis: Sendable {
    public struct Options: Sendable {
        public var confidence = 0.95
        /// Slices with fewer rows take no part in base-rate gaps, missingness and drift gates.
        public var minimumSliceSize = 30
        public var populations: [PopulationSpec] = []
        public var gates: [Gate] = []
        public init() {}
    }

    /// One slice of a spec in the representation table.
    public struct Share: Sendable {
        public var slice: String
        public var values: [String?]
        public var rows: Int
        /// rows / all rows.
        public var share: Double
        public var interval: ConfidenceInterval?
        /// With `--population`: the reference share, observed / expected, and the exact binomial
        /// test of the count against it with its Benjamini–Hochberg q-value.
        public var expected: Double?
        public var ratio: Double?
        public var pValue: Double?
        public var qValue: Double?
        /// Observed share below expected, significantly (q ≤ 1 − confidence).
        public var underRepresented = false
    }

    public struct Representation: Sendable {
        public var features: [String]
        public var slices: [Share]
        /// With `--population` for this spec: Pearson's chi-square over the listed values and
        /// the pooled rest.
        public var goodnessOfFit: (statistic: Double, degrees: Int, p: Double)?
    }

    /// A slice's base rate (or missing rate) against the rest of the data.
    public struct Rate: Sendable {
        public var slice: String
        public var features: [String]
        public var rows: Int
        public var count: Int
        /// count / rows; nil without rows.
        public var rate: Double?
        public var interval: ConfidenceInterval?
        /// The rate over the rows outside the slice.
        public var restRate: Double?
        /// Fisher's exact test against the rest, and its Benjamini–Hochberg q-value.
        public var pValue: Double?
        public var qValue: Double?
        /// Rows under the minimum slice size.
        public var isSmall: Bool
        public var isSignificant: Bool { (qValue ?? 1) <= alpha }
        var alpha: Double
    }

    public struct LabelBalance: Sendable {
        public var features: [String]
        public var slices: [Rate]
        /// Largest − smallest and smallest / largest base rate over the slices that are not small.
        public var gap: Double?
        public var ratio: Double?
        public var lowest: String?
        public var highest: String?
    }

    public struct Missingness: Sendable {
        public var column: String
        public var overall: Rate
        /// Per spec, its slices.
        public var slices: [Rate]
        /// The slices where the column is missing significantly more often than elsewhere.
        public var higher: [String] { slices.filter { $0.isSignificant && ($0.rate ?? 0) > ($0.restRate ?? 0) }.map(\.slice) }
    }

    public struct Drift: Sendable {
        public var column: String
        /// `linf` (categorical, boolean) or `js` (numeric); nil when the column's kinds differ
        /// between the files in a way neither measures (a column empty on one side).
        public var measure: String
        public var slice: String
        public var features: [String]
        public var value: Double?
        public var rows: Int
        public var againstRows: Int
    }

    public struct ShareChange: Sendable {
        public var slice: String
        public var features: [String]
        public var share: Double
        public var againstShare: Double
        /// share − against share.
        public var change: Double { share - againstShare }
    }

    public var profile: DataProfile
    public var against: DataProfile?
    public var options: Options
    public var representation: [Representation] = []
    public var labelBalance: [LabelBalance] = []
    public var overallBaseRate: Rate?
    public var missingness: [Missingness] = []
    public var drift: [Drift] = []
    public var shareChanges: [ShareChange] = []
    public var gates: [GateResult] = []

    public var failedGates: [GateResult] { gates.filter { !$0.passed } }
    var alpha: Double { 1 - options.confidence }

    public init(profile: DataProfile, against: DataProfile? = nil, options: Options) {
        self.profile = profile
        self.against = against
        self.options = options
        let z = ConfidenceInterval.zScore(confidence: options.confidence)
        let total = profile.overall.rows
        representation = profile.sliceSpecs.map { spec in representationTable(spec: spec, total: total, z: z) }
        let representationTests = representation.flatMap { $0.slices.compactMap(\.pValue) }
        var qs = Significance.benjaminiHochberg(representationTests)[...]
        for r in representation.indices {
            for s in representation[r].slices.indices where representation[r].slices[s].pValue != nil {
                let q = qs.removeFirst()
                representation[r].slices[s].qValue = q
                representation[r].slices[s].underRepresented = q <= alpha && (representation[r].slices[s].ratio ?? 1) < 1
            }
        }
        if profile.labelColumn != nil {
            let positives = profile.overall.positives ?? 0
            overallBaseRate = rate(slice: profile.overall, count: positives, total: total, totalCount: positives, z: z)
            labelBalance = profile.sliceSpecs.map { spec in
                let slices = profile.slices.filter { $0.features == spec }.map {
                    rate(slice: $0, count: $0.positives ?? 0, total: total, totalCount: positives, z: z)
                }
                return LabelBalance(features: spec, slices: slices)
            }
            Self.correct(&labelBalance, alpha: alpha)
            for b in labelBalance.indices {
                let counted = labelBalance[b].slices.filter { !$0.isSmall && $0.rate != nil }
                if let low = counted.min(by: { $0.rate! < $1.rate! }), let high = counted.max(by: { $0.rate! < $1.rate! }), counted.count >= 2 {
                    labelBalance[b].gap = high.rate! - low.rate!
                    labelBalance[b].ratio = high.rate! == 0 ? nil : low.rate! / high.rate!
                    labelBalance[b].lowest = low.slice
                    labelBalance[b].highest = high.slice
                }
            }
        }
        missingness = profile.columns.indices.map { column in
            let missing = profile.overall.columns[column].missing
            let overall = rate(slice: profile.overall, count: missing, total: total, totalCount: missing, z: z, test: false)
            // A slice by the column itself is missing all or nothing of it: no test.
            let slices = profile.slices.dropFirst().map {
                rate(slice: $0, count: $0.columns[column].missing, total: total, totalCount: missing, z: z,
                     test: missing > 0 && !$0.features.contains(profile.columns[column]))
            }
            return Missingness(column: profile.columns[column], overall: overall, slices: slices)
        }
        var missingTests = Significance.benjaminiHochberg(missingness.flatMap { $0.slices.compactMap(\.pValue) })[...]
        for m in missingness.indices {
            for s in missingness[m].slices.indices where missingness[m].slices[s].pValue != nil {
                missingness[m].slices[s].qValue = missingTests.removeFirst()
            }
        }
        if let against { compareDrift(against) }
        gates = options.gates.map { evaluate($0) }
    }

    private func representationTable(spec: [String], total: Int, z: Double) -> Representation {
        var slices = profile.slices.filter { $0.features == spec }.map { slice in
            Share(slice: slice.name, values: slice.values, rows: slice.rows, share: Double(slice.rows) / Double(total),
                  interval: ConfidenceInterval.wilson(proportion: Double(slice.rows) / Double(total), trials: Double(total), z: z))
        }
        guard spec.count == 1, let population = options.populations.first(where: { $0.column == spec[0] }) else {
            return Representation(features: spec, slices: slices)
        }
        // Listed values that no row has are slices of 0 rows: the most under-represented of all.
        for (value, _) in population.shares where !slices.contains(where: { $0.values == [value] }) {
            slices.append(Share(slice: "\(spec[0])=\(value)", values: [value], rows: 0, share: 0,
                                interval: ConfidenceInterval.wilson(proportion: 0, trials: Double(total), z: z)))
        }
        var observedListed = 0
        for s in slices.indices {
            guard let value = slices[s].values[0], let expected = population.shares.first(where: { $0.value == value })?.share else { continue }
            slices[s].expected = expected
            slices[s].ratio = expected == 0 ? nil : slices[s].share / expected
            slices[s].pValue = BinomialTest(trials: total, proportion: expected).pValue(slices[s].rows)
            observedListed += slices[s].rows
        }
        var observed: [Double] = population.shares.map { share in Double(slices.first { $0.values == [share.value] }!.rows) }
        var expected = population.shares.map { $0.share * Double(total) }
        observed.append(Double(total - observedListed))
        expected.append(population.rest * Double(total))
        return Representation(features: spec, slices: slices, goodnessOfFit: ChiSquareTest.goodnessOfFit(observed: observed, expected: expected))
    }

    /// A slice's rate of `count` over its rows, against the rest (`totalCount` over `total`).
    private func rate(slice: DataProfile.Slice, count: Int, total: Int, totalCount: Int, z: Double, test: Bool = true) -> Rate {
        let rows = slice.rows
        let value = rows == 0 ? nil : Double(count) / Double(rows)
        let restRows = total - rows, restCount = totalCount - count
        var result = Rate(slice: slice.name, features: slice.features, rows: rows, count: count, rate: value,
                          interval: value.flatMap { ConfidenceInterval.wilson(proportion: $0, trials: Double(rows), z: z) },
                          restRate: restRows == 0 ? nil : Double(restCount) / Double(restRows), pValue: nil, qValue: nil,
                          isSmall: rows < options.minimumSliceSize, alpha: alpha)
        if test && !slice.features.isEmpty && rows > 0 && restRows > 0 {
            result.pValue = FisherExactTest(count, rows - count, restCount, restRows - restCount).pValue(count)
        }
        return result
    }

    private static func correct(_ balances: inout [LabelBalance], alpha: Double) {
        var qs = Significance.benjaminiHochberg(balances.flatMap { $0.slices.compactMap(\.pValue) })[...]
        for b in balances.indices {
            for s in balances[b].slices.indices where balances[b].slices[s].pValue != nil { balances[b].slices[s].qValue = qs.removeFirst() }
        }
    }

    private mutating func compareDrift(_ against: DataProfile) {
        let total = profile.overall.rows, againstTotal = against.overall.rows
        for slice in profile.slices {
            guard let other = against.slice(named: slice.name) else { continue }
            for (column, statistics) in slice.columns.enumerated() {
                guard let otherColumn = against.columns.firstIndex(of: profile.columns[column]) else { continue }
                let otherStatistics = other.columns[otherColumn]
                let numeric = statistics.kind == .numeric && otherStatistics.kind == .numeric
                    || statistics.kind == .numeric && otherStatistics.kind == .empty || statistics.kind == .empty && otherStatistics.kind == .numeric
                let value: Double?
                if numeric {
                    value = DriftMeasures.jensenShannon(statistics.bins ?? [:], otherStatistics.bins ?? [:])
                } else if let a = statistics.distribution, let b = otherStatistics.distribution {
                    value = DriftMeasures.lInfinity(a, b)
                } else {
                    value = nil
                }
                drift.append(Drift(column: statistics.name, measure: numeric ? "js" : "linf", slice: slice.name, features: slice.features,
                                   value: value, rows: slice.rows, againstRows: other.rows))
            }
        }
        for slice in profile.slices.dropFirst() {
            let againstRows = against.slice(named: slice.name)?.rows ?? 0
            shareChanges.append(ShareChange(slice: slice.name, features: slice.features, share: Double(slice.rows) / Double(total),
                                            againstShare: Double(againstRows) / Double(againstTotal)))
        }
        for slice in against.slices.dropFirst() where profile.slice(named: slice.name) == nil {
            shareChanges.append(ShareChange(slice: slice.name, features: slice.features, share: 0,
                                            againstShare: Double(slice.rows) / Double(againstTotal)))
        }
    }
}
