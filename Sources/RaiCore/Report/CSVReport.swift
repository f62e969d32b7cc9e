/// Tidy long-form CSV: one row per slice, threshold and metric, for spreadsheets and data frames.
/// Columns: spec, slice, threshold, metric, value, lower, upper, reference_difference, q_value.
/// AUC rows have an empty threshold; undefined values are empty cells. With `--calibration` and
/// `--curves`, the calibration metrics and average precision follow AUC, then the reliability
/// bins and curve points (see `scoreRows`). Gates come first, one row
/// each with spec `gate`, the gate as the slice, `passed` or `failed` as the metric and the
/// observed value. Cells are written by `CSVField`: text cells are neutralised against formula
/// injection, numbers are written as they are.
public struct CSVReport {
    let report: FairnessReport

    public init(report: FairnessReport) {
        self.report = report
    }

    public func render() -> String {
        var out = "spec,slice,threshold,metric,value,lower,upper,reference_difference,q_value\n"
        let result = report.result
        for gate in report.gates {
            out += row("gate", gate.gate.text, gate.threshold.map { JSONWriter.format($0) } ?? "",
                       gate.passed ? "passed" : "failed", [number(gate.observed), "", "", "", ""])
        }
        // A spec's slices follow one another, in the order of its analysis' comparisons.
        var position = 0
        for (order, slice) in result.slices.enumerated() {
            position = order > 0 && result.slices[order - 1].features == slice.features ? position + 1 : 0
            let spec = slice.isOverall ? "overall" : slice.features.joined(separator: "&")
            let analysis = report.analysis.specs.first { $0.features == slice.features }
            let withheld = report.isWithheld(slice)
            out += row(spec, slice.name, "", "auc", [number(withheld ? nil : slice.auc.value), "", "", "", ""])
            if !withheld { out += scoreRows(slice, spec: spec) }
            for (index, entry) in slice.thresholds.enumerated() {
                let threshold = entry.point.threshold.map { JSONWriter.format($0) } ?? ""  // empty at --group-thresholds' point
                for (name, value) in [("tp", entry.counts.truePositives), ("fp", entry.counts.falsePositives),
                                      ("tn", entry.counts.trueNegatives), ("fn", entry.counts.falseNegatives)] {
                    out += row(spec, slice.name, threshold, name, [number(value), "", "", "", ""])
                }
                for rate in ConfusionMatrix.Rate.allCases {
                    let interval = withheld ? nil : entry.interval(of: rate, z: report.z)
                    let comparison = withheld ? nil : analysis?.thresholds[index].rates.first { $0.rate == rate }?.comparisons[position]
                    out += row(spec, slice.name, threshold, rate.rawValue, [number(withheld ? nil : entry.counts.value(of: rate)),
                               number(interval?.lower), number(interval?.upper), number(comparison?.difference), number(comparison?.qValue)])
                }
            }
        }
        return out
    }

    func number(_ value: Double?) -> String { value.map { JSONWriter.format($0) } ?? "" }

    /// A CSV row: the spec, slice and metric are text, the threshold and the rest numbers.
    func row(_ spec: String, _ slice: String, _ threshold: String, _ metric: String, _ numbers: [String]) -> String {
        ([CSVField.text(spec), CSVField.text(slice), CSVField.number(threshold), CSVField.text(metric)] + numbers.map(CSVField.number))
            .joined(separator: ",") + "\n"
    }
}
