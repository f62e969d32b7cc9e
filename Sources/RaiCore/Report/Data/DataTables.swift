import Foundation

/// `rai data`'s report as titled tables of formatted cells, shared by the text, Markdown and
/// HTML renderers (each escapes the cells its own way). It formats what the analysis computed and
/// computes nothing.
struct DataTables {
    struct Table {
        var title: String
        var notes: [String] = []
        var headers: [String]
        var rows: [[String]]
    }

    var heading: [String] = []
    var gates: [(passed: Bool, line: String)] = []
    var tables: [Table] = []

    init(_ analysis: DataAnalysis) {
        let profile = analysis.profile
        heading.append(Self.describe(profile.input))
        if let against = analysis.against { heading.append("against " + Self.describe(against.input)) }
        for gate in analysis.gates {
            var line = (gate.passed ? "PASS " : "FAIL ") + gate.gate.text
            if let observed = gate.observed { line += " (observed \(Self.number(observed)))" }
            if !gate.slices.isEmpty { line += " — " + gate.slices.joined(separator: ", ") }
            if let reason = gate.reason { line += ": " + reason }
            gates.append((gate.passed, line))
        }
        tables.append(Table(
            title: "Columns", notes: ["quantiles are exact up to \(ValueTally.capacity) distinct values, else within 0.78 % (marked ~); distinct counts past that are HyperLogLog estimates (standard error 3.3 %, marked ~)"],
            headers: ["column", "type", "present", "missing", "distinct", "top values", "min", "mean", "std", "median", "max"],
            rows: profile.overall.columns.map { column in
                let numeric = column.numeric
                let approximate = numeric?.quantilesAreExact == false ? "~" : ""
                return [column.name, column.kind.rawValue, Self.grouped(column.present), Self.rate(column.missingRate),
                        (column.distinctIsExact ? "" : "~") + Self.grouped(Int(column.distinct)),
                        column.topValues.map { $0.prefix(3).map { "\($0.value) (\(Self.grouped($0.count)))" }.joined(separator: ", ") } ?? "(too many to count)",
                        numeric.map { Self.number($0.minimum) } ?? "", numeric.map { Self.number($0.mean) } ?? "",
                        numeric?.standardDeviation.map(Self.number) ?? "", numeric.map { approximate + Self.number($0.quantiles[2]) } ?? "",
                        numeric.map { Self.number($0.maximum) } ?? ""]
            }))
        for table in analysis.representation {
            let withPopulation = table.slices.contains { $0.expected != nil }
            var notes: [String] = []
            if let fit = table.goodnessOfFit {
                notes.append("chi-square goodness of fit: \(Self.number(fit.statistic)) on \(fit.degrees) df, p = \(Self.number(fit.p))")
            }
            let under = table.slices.filter(\.underRepresented).map(\.slice)
            if !under.isEmpty { notes.append("under-represented: " + under.joined(separator: ", ")) }
            tables.append(Table(
                title: "Representation: " + table.features.joined(separator: " × "), notes: notes,
                headers: ["slice", "rows", "share", "interval"] + (withPopulation ? ["expected", "observed/expected", "q-value", ""] : []),
                rows: table.slices.map { share in
                    [share.slice, Self.grouped(share.rows), Self.rate(share.share), Self.interval(share.interval)]
                        + (withPopulation ? [Self.rate(share.expected), share.ratio.map(Self.number) ?? "—", share.qValue.map(Self.number) ?? "—",
                                             share.underRepresented ? "under-represented" : ""] : [])
                }))
        }
        if let overall = analysis.overallBaseRate {
            for balance in analysis.labelBalance {
                var notes = ["overall base rate \(Self.rate(overall.rate)) of \(Self.grouped(overall.rows)) rows"]
                if let gap = balance.gap {
                    notes.append("gap \(Self.number(gap)) (\(balance.lowest ?? "") to \(balance.highest ?? "")), ratio \(balance.ratio.map(Self.number) ?? "—")")
                }
                tables.append(Table(
                    title: "Label balance (\(profile.labelColumn ?? "")): " + balance.features.joined(separator: " × "), notes: notes,
                    headers: ["slice", "rows", "positives", "base rate", "interval", "rest", "q-value", ""],
                    rows: balance.slices.map { rate in
                        [rate.slice, Self.grouped(rate.rows), Self.grouped(rate.count), Self.rate(rate.rate), Self.interval(rate.interval),
                         Self.rate(rate.restRate), rate.qValue.map(Self.number) ?? "—",
                         rate.isSmall ? "small" : rate.isSignificant ? "differs" : ""]
                    }))
            }
        }
        tables.append(Table(
            title: "Missingness", notes: ["slices where a column is missing significantly more often than in the rest of the data (Fisher, Benjamini–Hochberg)"],
            headers: ["column", "missing", "rate", "significantly higher in"],
            rows: analysis.missingness.map { column in
                [column.column, Self.grouped(column.overall.count), Self.rate(column.overall.rate),
                 column.higher.map { slice in
                     let rate = column.slices.first { $0.slice == slice }?.rate
                     return "\(slice) (\(Self.rate(rate)))"
                 }.joined(separator: ", ")]
            }))
        if analysis.against != nil {
            tables.append(Table(
                title: "Drift", notes: ["L∞ for categorical and boolean columns, Jensen–Shannon divergence (bits) for numeric ones; slices of both files"],
                headers: ["column", "measure", "overall", "largest", "in"],
                rows: profile.columns.compactMap { column in
                    let items = analysis.drift.filter { $0.column == column }
                    guard let first = items.first else { return nil }
                    let largest = items.filter { $0.value != nil }.max { $0.value! < $1.value! }
                    return [column, first.measure, items.first { $0.features.isEmpty }?.value.map(Self.number) ?? "—",
                            largest?.value.map(Self.number) ?? "—", largest?.slice ?? ""]
                }))
            tables.append(Table(
                title: "Share changes", headers: ["slice", "share", "against", "change"],
                rows: analysis.shareChanges.map { [$0.slice, Self.rate($0.share), Self.rate($0.againstShare), Self.signed($0.change)] }))
        }
    }

    static func describe(_ input: InputSummary) -> String {
        var text = "\(input.path) (\(input.format.rawValue)): \(grouped(input.rowsRead)) rows read, \(grouped(input.rowsUsed)) used, \(grouped(input.rowsSkipped)) skipped"
        for skip in input.skipped { text += "; skipped \(grouped(skip.count)) × \(skip.reason), first: \(skip.example)" }
        return text
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        if abs(value) >= 1e-4 && abs(value) < 1e6 { return String(format: "%.4g", value) }
        return String(format: "%.3e", value)
    }

    static func rate(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "—" }
    static func signed(_ value: Double) -> String { String(format: "%+.4f", value) }

    static func interval(_ interval: ConfidenceInterval?) -> String {
        interval.map { String(format: "[%.4f, %.4f]", $0.lower, $0.upper) } ?? "—"
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}
