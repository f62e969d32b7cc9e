import Foundation

/// The Markdown report's threshold-free section (with `--calibration`, `--curves`): one table of
/// every slice with its calibration metrics and average precision.
extension MarkdownReport {
    func scoreAnalyses() -> String {
        let slices = result.slices
        let calibrated = slices.contains { $0.calibration != nil }, curved = slices.contains { $0.curves != nil }
        guard calibrated || curved else { return "" }
        let titles = (calibrated ? ["mean score", "mean label", "calibration", "Brier", "log loss", "ECE"] : []) + (curved ? ["AUC", "average precision"] : [])
        var out = "### Calibration and curves\n\n"
        if calibrated {
            out += "Scores read as probabilities; ECE over \(result.scoreAnalyses.calibrationBins ?? 0) equal-width bins of [0, 1]. "
        }
        if curved { out += "ROC and precision–recall points are in the JSON, CSV and HTML reports." }
        out += "\n\n| slice | " + titles.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: titles.count) + "\n"
        for slice in slices {
            let withheld = report.isWithheld(slice)
            var values: [Double?] = []
            if calibrated { values += Calibration.metricNames.map { slice.calibration?.value(of: $0) } }
            if curved { values += [slice.auc.value, slice.curves?.averagePrecision] }
            let cells = values.map { value in withheld ? "withheld" : value.map { String(format: "%.3f", $0) } ?? "—" }
            out += "| \(MarkdownText.inline(slice.name))\(withheld ? " †" : "") | " + cells.joined(separator: " | ") + " |\n"
        }
        out += "\n"
        if let reason = slices.compactMap({ $0.calibration?.outOfRangeReason }).first {
            out += "_Brier, log loss and ECE are undefined: \(MarkdownText.inline(reason))._\n\n"
        }
        if slices.contains(where: { $0.calibration?.isExact == false || $0.curves?.isExact == false }) {
            out += "_Approximate: past `--score-budget` some scores share a bucket, counted at one of its scores._\n\n"
        }
        return out
    }
}
