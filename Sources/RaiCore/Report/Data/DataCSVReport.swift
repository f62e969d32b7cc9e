/// `rai data --format csv`: tidy long form, one row per section, slice, column and metric:
/// `section, spec, slice, column, metric, value, lower, upper, q_value`. Gates come first
/// (section `gate`). Cells are written by `CSVField` (text neutralised against formula injection).
public struct DataCSVReport {
    let analysis: DataAnalysis

    public init(analysis: DataAnalysis) {
        self.analysis = analysis
    }

    public func render() -> String {
        var out = "section,spec,slice,column,metric,value,lower,upper,q_value\n"
        func row(_ section: String, _ spec: [String], _ slice: String, _ column: String, _ metric: String, _ value: Double?,
                 _ interval: ConfidenceInterval? = nil, _ q: Double? = nil) {
            let cells = [section, spec.isEmpty ? "overall" : spec.joined(separator: "&"), slice, column, metric].map(CSVField.text)
                + [value, interval?.lower, interval?.upper, q].map { CSVField.number($0.map { JSONWriter.format($0) } ?? "") }
            out += cells.joined(separator: ",") + "\n"
        }
        for gate in analysis.gates {
            row("gate", [], gate.gate.text, "", gate.passed ? "passed" : "failed", gate.observed)
        }
        for slice in analysis.profile.slices {
            row("rows", slice.features, slice.name, "", "rows", Double(slice.rows))
            for column in slice.columns {
                row("column", slice.features, slice.name, column.name, "present", Double(column.present))
                row("column", slice.features, slice.name, column.name, "missing", Double(column.missing))
                row("column", slice.features, slice.name, column.name, "distinct", column.distinct)
                if let numeric = column.numeric {
                    row("column", slice.features, slice.name, column.name, "min", numeric.minimum)
                    row("column", slice.features, slice.name, column.name, "max", numeric.maximum)
                    row("column", slice.features, slice.name, column.name, "mean", numeric.mean)
                    row("column", slice.features, slice.name, column.name, "std", numeric.standardDeviation)
                    row("column", slice.features, slice.name, column.name, "zeros", Double(numeric.zeros))
                }
            }
        }
        for table in analysis.representation {
            for share in table.slices {
                row("representation", table.features, share.slice, "", "share", share.share, share.interval, nil)
                if let expected = share.expected {
                    row("representation", table.features, share.slice, "", "expected_share", expected)
                    row("representation", table.features, share.slice, "", "expected_ratio", share.ratio, nil, share.qValue)
                }
            }
        }
        if let overall = analysis.overallBaseRate {
            row("label_balance", [], "overall", analysis.profile.labelColumn ?? "", "base_rate", overall.rate, overall.interval)
        }
        for balance in analysis.labelBalance {
            for rate in balance.slices {
                row("label_balance", balance.features, rate.slice, analysis.profile.labelColumn ?? "", "base_rate", rate.rate, rate.interval, rate.qValue)
            }
        }
        for column in analysis.missingness {
            row("missingness", [], "overall", column.column, "missing_rate", column.overall.rate, column.overall.interval)
            for rate in column.slices {
                row("missingness", rate.features, rate.slice, column.column, "missing_rate", rate.rate, rate.interval, rate.qValue)
            }
        }
        for item in analysis.drift {
            row("drift", item.features, item.slice, item.column, item.measure, item.value)
        }
        for change in analysis.shareChanges {
            row("share_change", change.features, change.slice, "", "share_change", change.change)
        }
        return out
    }
}
