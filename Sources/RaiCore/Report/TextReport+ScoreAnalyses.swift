/// The terminal report's calibration and curve tables (with `--calibration`, `--curves`): one
/// line per slice of the threshold-free metrics; the bins and points are in JSON and CSV.
extension TextReport {
    func scoreAnalyses(names: [String], nameWidth: Int) -> String {
        let slices = result.slices
        var out = ""
        if slices.contains(where: { $0.calibration != nil }) {
            let bins = result.scoreAnalyses.calibrationBins ?? 0
            out += "\n" + bold("calibration") + " (scores read as probabilities; ECE over \(bins) equal-width bins)\n"
            out += table(names: names, nameWidth: nameWidth, titles: ["mean score", "mean label", "calibration", "Brier", "log loss", "ECE"]) {
                slice in Calibration.metricNames.map { name in rate(slice.calibration?.value(of: name)) }
            }
            if let reason = slices.compactMap({ $0.calibration?.outOfRangeReason }).first {
                out += "  Brier, log loss and ECE undefined: \(shown(reason))\n"
            }
        }
        if slices.contains(where: { $0.curves != nil }) {
            out += "\n" + bold("curves") + " (ROC and precision–recall points in --format json, csv or html)\n"
            out += table(names: names, nameWidth: nameWidth, titles: ["AUC", "avg.precision", "scores", "points"]) { slice in
                [rate(slice.auc.value), rate(slice.curves?.averagePrecision),
                 slice.curves.map { String($0.distinctScores) } ?? "—", slice.curves.map { String($0.points.count) } ?? "—"]
            }
        }
        if slices.contains(where: { $0.calibration?.isExact == false || $0.curves?.isExact == false }) {
            out += "  approximate: past --score-budget some scores share a bucket, counted at one of its scores\n"
        }
        return out
    }

    /// A table of every slice, withheld ones shown with `·`.
    private func table(names: [String], nameWidth: Int, titles: [String], values: (SliceResult) -> [String]) -> String {
        var out = dim(pad("slice", nameWidth, left: true) + titles.map { "  " + pad($0, max(9, $0.count)) }.joined()) + "\n"
        var previousSpec: [String]? = nil
        for (slice, name) in zip(result.slices, names) {
            if let previousSpec, previousSpec != slice.features { out += "\n" }
            previousSpec = slice.features
            let small = report.isWithheld(slice)
            let cells = small ? titles.map { _ in "·" } : values(slice)
            let line = pad(name + (small ? " *" : ""), nameWidth, left: true) + zip(titles, cells).map { "  " + pad($1, max(9, $0.count)) }.joined()
            out += (small ? dim(line) : line) + "\n"
        }
        return out
    }
}
