extension GateVocabulary {
    /// `rai data`'s words: shares and base rates of slices, missing rates and drift of columns
    /// (`column=` names one; without it every column counts).
    ///
    /// ```
    /// min(share, race) >= 0.05                    every slice of race holds at least 5 % of rows
    /// max(expected_ratio, race) <= 1.5            observed / expected share (with --population)
    /// gap(base_rate, race) <= 0.1                 largest − smallest base rate across race
    /// max(missing_rate, race, column=age) <= 0.2  worst slice of race for the age column
    /// max(linf, column=region) <= 0.1             L∞ drift of region, overall and every slice
    /// max(js, column=age) <= 0.05                 Jensen–Shannon drift of age, likewise
    /// max(share_change, race) <= 0.02             largest |share − share in --against|
    /// ```
    public static let data = GateVocabulary(
        metrics: [Metric("share"), Metric("base_rate", aliases: ["positive_rate", "label_rate"]), Metric("missing_rate"),
                  Metric("expected_ratio", extremaOnly: true), Metric("linf", aliases: ["l_infinity"], extremaOnly: true),
                  Metric("js", aliases: ["jensen_shannon"], extremaOnly: true), Metric("share_change", extremaOnly: true)],
        qualifiers: ["column"])
}

extension Gate {
    /// Refuses, before any row is read, a data gate that could not be evaluated: a threshold, a
    /// spec that is not sliced, a base rate without `--label`, drift without `--against`, an
    /// expected ratio without `--population`, a column that is not profiled.
    public mutating func check(slices: [[String]], label: Bool, against: Bool, populations: [PopulationSpec],
                               columns: [String]?) throws(RaiError) {
        if threshold != nil { throw .usage("gate '\(text)' has a threshold; rai data has none") }
        if !spec.isEmpty {
            guard let counted = slices.first(where: { Set($0) == Set(spec) }) else {
                throw .usage("gate '\(text)' uses slice spec \(spec.joined(separator: "&")), which is not among the --slice flags")
            }
            spec = counted
        } else if kind != .min && kind != .max {
            throw .usage("gate '\(text)' needs a slice spec, e.g. \(metric), race")
        }
        if metric == "base_rate" && !label { throw .usage("gate '\(text)' needs --label") }
        if (metric == "linf" || metric == "js" || metric == "share_change") && !against { throw .usage("gate '\(text)' needs --against FILE") }
        if metric == "expected_ratio" && populations.isEmpty { throw .usage("gate '\(text)' needs --population") }
        if let column = qualifiers["column"] {
            guard metric == "missing_rate" || metric == "linf" || metric == "js" else {
                throw .usage("gate '\(text)': column= applies to missing_rate, linf and js")
            }
            if let columns, !columns.contains(column) {
                throw .usage("gate '\(text)' names column '\(column)', which is not profiled; profiled: \(columns.joined(separator: ", "))")
            }
        }
    }
}

extension DataAnalysis {
    /// Checks a data gate. Over the slices of its spec, or without one over the overall slice and
    /// every slice (shares: every slice, overall aside): min/max bound the smallest/largest
    /// value, gap/ratio the largest − smallest and smallest / largest. Slices under the minimum
    /// size (`min_examples=N`, default `--min-slice-size`) take no part, except for shares, where
    /// small slices are the point.
    func evaluate(_ gate: Gate) -> GateResult {
        var outcome = GateResult(gate: gate, passed: false, observed: nil, threshold: nil, slices: [], reason: nil)
        let minimum = gate.minimumExamples ?? options.minimumSliceSize
        let inScope: (String, [String]) -> Bool = { _, features in gate.spec.isEmpty || features == gate.spec }
        var values: [(slice: String, value: Double)] = []
        var undefined: [String] = []
        var groups: [[(slice: String, value: Double)]] = []
        switch gate.metric {
        case "share":
            values = representation.filter { gate.spec.isEmpty || $0.features == gate.spec }.flatMap(\.slices).map { ($0.slice, $0.share) }
        case "expected_ratio":
            for share in representation.filter({ gate.spec.isEmpty || $0.features == gate.spec }).flatMap(\.slices) where share.expected != nil {
                if let ratio = share.ratio { values.append((share.slice, ratio)) } else { undefined.append(share.slice) }
            }
        case "base_rate":
            let rates = ([overallBaseRate].compactMap { $0 } + labelBalance.flatMap(\.slices)).filter { inScope($0.slice, $0.features) && $0.rows >= minimum }
            values = rates.compactMap { rate in rate.rate.map { (rate.slice, $0) } }
        case "missing_rate":
            for column in missingness where gate.qualifiers["column"] == nil || column.column == gate.qualifiers["column"] {
                let group = ([column.overall] + column.slices).filter { inScope($0.slice, $0.features) && $0.rows >= minimum }
                    .compactMap { rate in rate.rate.map { ("\(rate.slice) (\(column.column))", $0) } }
                groups.append(group)
                values += group
            }
        case "linf", "js":
            let column = gate.qualifiers["column"]
            let measured = drift.filter { (column == nil || $0.column == column) && inScope($0.slice, $0.features) }
            if let column, !measured.isEmpty, measured.allSatisfy({ $0.measure != gate.metric }) {
                outcome.reason = "column \(column) is measured with \(measured[0].measure) (\(gate.metric == "js" ? "it is not numeric" : "it is numeric")); gate on max(\(measured[0].measure), column=\(column))"
                return outcome
            }
            for item in measured where item.measure == gate.metric && item.rows >= minimum && item.againstRows >= minimum {
                if let value = item.value { values.append(("\(item.slice) (\(item.column))", value)) } else { undefined.append("\(item.slice) (\(item.column))") }
            }
        case "share_change":
            values = shareChanges.filter { gate.spec.isEmpty || $0.features == gate.spec }.map { ($0.slice, abs($0.change)) }
        default:
            break
        }
        if !undefined.isEmpty && !gate.skipUndefined {
            outcome.slices = undefined
            outcome.reason = "\(gate.metric) is undefined for \(undefined.count) slice(s); add skip_undefined to ignore them"
            return outcome
        }
        switch gate.kind {
        case .min, .max:
            guard let pick = gate.kind == .min ? values.min(by: { $0.value < $1.value }) : values.max(by: { $0.value < $1.value }) else {
                outcome.reason = "no slice to check (slices under \(minimum) rows take no part)"
                return outcome
            }
            outcome.observed = pick.value
            outcome.slices = [pick.slice]
        case .gap, .ratio, .difference:
            // Per column for missing rates (a gap across columns means nothing); the worst one counts.
            var worst: (value: Double, slices: [String])?
            for group in groups.isEmpty ? [values] : groups where group.count >= 2 {
                let low = group.min(by: { $0.value < $1.value })!, high = group.max(by: { $0.value < $1.value })!
                let value: Double
                if gate.kind == .ratio {
                    guard high.value > 0 else { continue }
                    value = low.value / high.value
                } else {
                    value = high.value - low.value
                }
                let worse = gate.comparison == .atMost || gate.comparison == .below ? value > (worst?.value ?? -.infinity)
                                                                                    : value < (worst?.value ?? .infinity)
                if worse { worst = (value, [low.slice, high.slice]) }
            }
            guard let worst else {
                outcome.reason = "too few slices to compare (slices under \(minimum) rows take no part)"
                return outcome
            }
            outcome.observed = worst.value
            outcome.slices = worst.slices
        case .criterion:
            return outcome
        }
        outcome.passed = gate.comparison.holds(outcome.observed!, gate.bound)
        return outcome
    }
}
