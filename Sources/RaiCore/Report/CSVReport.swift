/// Tidy long-form CSV: one row per slice, threshold and metric, for spreadsheets and data frames.
/// Columns: spec, slice, threshold, metric, value, lower, upper, reference_difference, q_value.
/// AUC rows have an empty threshold; undefined values are empty cells. With `--calibration` and
/// `--curves`, the calibration metrics and average precision follow AUC, then the reliability
/// bins and curve points (see `scoreRows`). Gates come first, one row
/// each with spec `gate`, the gate as the slice, `passed` or `failed` as the metric and the
/// observed value. Cells are written by `CSVField`: text cells are neutralised against formula
/// injection, numbers are written as they are.
///
/// A multi-class or multi-label run adds two columns, `class` first and `top_k` after
/// `threshold`: each class's one-vs-rest rows carry its name (and `top_k` at top-k operating
/// points); whole-model rows have an empty class and the metrics `accuracy`, `top_k_accuracy`,
/// `macro_auc`, `macro_RATE`, `micro_RATE` and `predicted=NAME` (the confusion matrix: the
/// class column is the true class).
public struct CSVReport {
    let report: FairnessReport

    public init(report: FairnessReport) {
        self.report = report
    }

    public func render() -> String {
        let result = report.result
        guard let classes = result.classes else {
            var out = "spec,slice,threshold,metric,value,lower,upper,reference_difference,q_value\n"
            for gate in report.gates {
                out += row(nil, "gate", gate.gate.text, gate.threshold.map { JSONWriter.format($0) } ?? "", nil,
                           gate.passed ? "passed" : "failed", [number(gate.observed), "", "", "", ""])
            }
            out += sliceRows(className: nil)
            return out
        }
        var out = "class,spec,slice,threshold,top_k,metric,value,lower,upper,reference_difference,q_value\n"
        for gate in report.gates {
            out += row(gate.className ?? "", "gate", gate.gate.text, gate.threshold.map { JSONWriter.format($0) } ?? "", gate.topK,
                       gate.passed ? "passed" : "failed", [number(gate.observed), "", "", "", ""])
        }
        for slice in result.slices {
            guard let metrics = slice.classes else { continue }
            let spec = slice.isOverall ? "overall" : slice.features.joined(separator: "&")
            let withheld = report.isWithheld(slice)
            func value(_ metric: String, threshold: Double? = nil, topK: Int? = nil, _ x: Double?, className: String = "") {
                out += row(className, spec, slice.name, threshold.map { JSONWriter.format($0) } ?? "", topK, metric,
                           [number(withheld ? nil : x), "", "", "", ""])
            }
            if classes.kind == .multiClass {
                value("accuracy", metrics.accuracy)
                for (index, k) in classes.topK.enumerated() { value("top_k_accuracy", topK: k, metrics.topKAccuracy(index)) }
            }
            if classes.hasScores { value("macro_auc", metrics.macroAUC) }
            for (index, point) in classes.operatingPoints.enumerated() {
                for rate in ConfusionMatrix.Rate.allCases {
                    value("macro_" + rate.rawValue, threshold: point.threshold, topK: point.topK, metrics.macro(rate, at: index))
                    value("micro_" + rate.rawValue, threshold: point.threshold, topK: point.topK, metrics.micro(rate, at: index))
                }
            }
            if let confusion = metrics.confusion {
                for (actual, row) in confusion.enumerated() {
                    for (predicted, amount) in row.enumerated() {
                        out += self.row(classes.names[actual], spec, slice.name, "", nil, "predicted=" + classes.names[predicted],
                                        [number(amount), "", "", "", ""])
                    }
                }
            }
        }
        for one in report.classes {
            out += CSVReport(report: one.report(in: report)).sliceRows(className: one.name)
        }
        return out
    }

    /// Every slice's AUC and, at every operating point, its counts and rates; with `className`,
    /// the rows of that class (a multi-class or multi-label run's columns).
    func sliceRows(className: String?) -> String {
        var out = ""
        let result = report.result
        // A spec's slices follow one another, in the order of its analysis' comparisons.
        var position = 0
        for (order, slice) in result.slices.enumerated() {
            position = order > 0 && result.slices[order - 1].features == slice.features ? position + 1 : 0
            let spec = slice.isOverall ? "overall" : slice.features.joined(separator: "&")
            let analysis = report.analysis.specs.first { $0.features == slice.features }
            let withheld = report.isWithheld(slice)
            if result.aucComputed || className == nil {
                out += row(className, spec, slice.name, "", nil, "auc", [number(withheld ? nil : slice.auc.value), "", "", "", ""])
            }
            if !withheld { out += scoreRows(slice, spec: spec, className: className) }
            for (index, entry) in slice.thresholds.enumerated() {
                let threshold = entry.point.threshold.map { JSONWriter.format($0) } ?? ""
                let topK = entry.point.topK
                for (name, value) in [("tp", entry.counts.truePositives), ("fp", entry.counts.falsePositives),
                                      ("tn", entry.counts.trueNegatives), ("fn", entry.counts.falseNegatives)] {
                    out += row(className, spec, slice.name, threshold, topK, name, [number(value), "", "", "", ""])
                }
                for rate in ConfusionMatrix.Rate.allCases {
                    let interval = withheld ? nil : entry.interval(of: rate, z: report.z)
                    let comparison = withheld ? nil : analysis?.thresholds[index].rates.first { $0.rate == rate }?.comparisons[position]
                    out += row(className, spec, slice.name, threshold, topK, rate.rawValue, [number(withheld ? nil : entry.counts.value(of: rate)),
                               number(interval?.lower), number(interval?.upper), number(comparison?.difference), number(comparison?.qValue)])
                }
            }
        }
        return out
    }

    func number(_ value: Double?) -> String { value.map { JSONWriter.format($0) } ?? "" }

    /// A CSV row: the spec, slice and metric are text, the threshold and the rest numbers; with
    /// a class (multi-class and multi-label runs), the class first and top-k after the threshold.
    func row(_ className: String?, _ spec: String, _ slice: String, _ threshold: String, _ topK: Int?, _ metric: String,
                     _ numbers: [String]) -> String {
        var cells = [CSVField.text(spec), CSVField.text(slice), CSVField.number(threshold)]
        if let className {
            cells.insert(CSVField.text(className), at: 0)
            cells.append(CSVField.number(topK.map(String.init) ?? ""))
        }
        return (cells + [CSVField.text(metric)] + numbers.map(CSVField.number)).joined(separator: ",") + "\n"
    }
}
