import Foundation

/// A spec's calibration and curves in the HTML report (with `--calibration`, `--curves`): the
/// ROC and precision–recall curves and the reliability diagram, one line per slice, and a table
/// of the threshold-free metrics. Withheld slices are left out of the charts and say so in the
/// table. The charts carry `data-metric="auc"` so that, like the AUC chart, they stay in view
/// whichever threshold metric the page shows.
extension HTMLReport {
    func scoreAnalyses(_ specSlices: [SliceResult], specName: String, specID: String) -> String {
        // Overall first, as every chart's point of comparison.
        let slices = Array(result.slices.prefix(1)) + specSlices
        let shown = slices.filter { !report.isWithheld($0) }
        var charts: [(LineChart, String, String)] = []
        if slices.contains(where: { $0.curves != nil }) {
            let curved = shown.compactMap { slice in slice.curves.map { (slice.name, $0) } }
            let roc = curved.map { name, curves in
                LineChart.Series(label: name, points: curves.points.compactMap { point in
                    curves.falsePositiveRate(point).flatMap { x in curves.truePositiveRate(point).map { (x, $0) } }
                })
            }
            let pr = curved.map { name, curves in
                LineChart.Series(label: name, points: curves.points.compactMap { point in
                    curves.truePositiveRate(point).flatMap { x in curves.precision(point).map { (x, $0) } }
                })
            }
            charts.append((LineChart(title: "ROC curve by \(specName)", xLabel: "false positive rate", yLabel: "true positive rate",
                                     series: roc, diagonal: true), "roc", "ROC curves by \(specName); the dashed diagonal is chance"))
            charts.append((LineChart(title: "Precision–recall curve by \(specName)", xLabel: "recall", yLabel: "precision",
                                     series: pr, diagonal: false), "pr", "Precision–recall curves by \(specName)"))
        }
        if slices.contains(where: { $0.calibration != nil }) {
            let reliability = shown.compactMap { slice in
                slice.calibration.map { calibration in
                    LineChart.Series(label: slice.name, points: calibration.bins.compactMap { bin in
                        bin.meanScore.flatMap { x in bin.observedRate.map { (x, $0) } }
                    })
                }
            }
            var chart = LineChart(title: "Reliability diagram by \(specName)", xLabel: "mean score in bin", yLabel: "observed positive rate",
                                  series: reliability, diagonal: true)
            chart.markers = true
            charts.append((chart, "reliability", "Reliability diagram by \(specName), \(result.scoreAnalyses.calibrationBins ?? 0) equal-width bins; the dashed diagonal is perfect calibration"))
        }
        guard !charts.isEmpty else { return "" }
        var out = "<div class=\"charts\">"
        for (chart, kind, caption) in charts {
            out += "<figure class=\"chart\" data-metric=\"auc\">\(chart.svg(id: "c-\(specID)-\(kind)"))<figcaption>\(HTMLText.escape(caption))</figcaption></figure>"
        }
        return out + "</div>" + scoreTable(slices, specName: specName)
    }

    private func scoreTable(_ slices: [SliceResult], specName: String) -> String {
        let calibrated = slices.contains { $0.calibration != nil }, curved = slices.contains { $0.curves != nil }
        let columns = (calibrated ? ["mean score", "mean label", "calibration", "Brier", "log loss", "ECE"] : []) + (curved ? ["average precision"] : [])
        var out = "<table class=\"sortable\"><caption>Threshold-free metrics by \(HTMLText.escape(specName)); select a header to sort</caption><thead><tr>"
        out += "<th scope=\"col\" aria-sort=\"none\">slice</th>" + columns.map { "<th scope=\"col\" class=\"num\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
        for slice in slices {
            out += "<tr><th scope=\"row\" data-value=\"\(HTMLText.escape(slice.name))\">\(HTMLText.escape(slice.name))</th>"
            if report.isWithheld(slice) {
                out += "<td class=\"num\" data-value=\"\" colspan=\"\(columns.count)\">withheld: \(HTMLText.escape(report.withheldReason))</td></tr>"
                continue
            }
            var values: [Double?] = []
            if calibrated { values += Calibration.metricNames.map { slice.calibration?.value(of: $0) } }
            if curved { values.append(slice.curves?.averagePrecision) }
            for value in values {
                out += value.map { "<td class=\"num\" data-value=\"\($0)\">\(String(format: "%.3f", $0))</td>" } ?? "<td class=\"num\" data-value=\"\">—</td>"
            }
            out += "</tr>"
        }
        out += "</tbody></table>"
        if let reason = slices.compactMap({ $0.calibration?.outOfRangeReason }).first {
            out += "<p class=\"note\">Brier, log loss and ECE are undefined: \(HTMLText.escape(reason)).</p>"
        }
        if slices.contains(where: { $0.calibration?.isExact == false || $0.curves?.isExact == false }) {
            out += "<p class=\"note\">Approximate: past --score-budget some scores share a bucket, counted at one of its scores.</p>"
        }
        return out
    }
}
