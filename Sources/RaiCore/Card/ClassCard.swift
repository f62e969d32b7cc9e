import Foundation

/// The quantitative part of a model card for a multi-class or multi-label report: the whole
/// model per slice (arg-max and top-k accuracy, macro AUC), the overall confusion matrix, and per
/// class (task) one-vs-rest the card's usual table of slices and its gaps across slices, at one
/// operating point: threshold 0.5 (or the middle threshold), or, with hard predictions only, the
/// prediction (top-1).
///
/// It reads the saved JSON report as the rest of the card does: `parameters.classes`, each
/// slice's whole-model fields, and `classes[…]` (each class's slices and analysis, as a binary
/// report's).
struct ClassCard {
    let names: [String]
    let multiClass: Bool
    let hasScores: Bool
    let topK: [Int]
    let parameters: [String: Any]
    let classReports: [[String: Any]]
    /// The operating point the card shows.
    let point: OperatingPoint?

    init(parameters: [String: Any], report: [String: Any], primaryThreshold: Double?) {
        self.parameters = parameters
        names = parameters["names"] as? [String] ?? []
        multiClass = parameters["kind"] as? String != "multi_label"
        hasScores = !(parameters["prediction"] is String)
        topK = parameters["top_k"] as? [Int] ?? []
        classReports = report["classes"] as? [[String: Any]] ?? []
        point = hasScores ? primaryThreshold.map { .threshold($0) } : .topK(1)
    }

    private var kindWord: String { multiClass ? "class" : "task" }

    /// Where the card's numbers are taken, in words.
    private var pointText: String {
        guard let point else { return "no operating point" }
        if point.topK != nil { return "the prediction (top-1)" }
        return "threshold \(point.description)"
    }

    func metricsText(thresholds: [Double]) -> CardText {
        var text: CardText = "Fairness Indicators metrics per \(own: kindWord) and slice, each \(own: kindWord) one-vs-rest (TFMA's class_ids): false positive and false negative rates, true positive rate, positive rate, precision and accuracy "
        if hasScores {
            text = text + "at decision thresholds \(own: thresholds.map { JSONWriter.format($0) }.joined(separator: ", ")) (predicted positive when the class's score > threshold)"
            if multiClass { text = text + ", at top-k (the class among the k highest scores: \(own: topK.map(String.init).joined(separator: ", ")))" }
            text = text + ", and exact AUC."
        } else {
            text = text + "of the given prediction (hard predictions: no thresholds, no AUC)."
        }
        if multiClass {
            text = text + " Whole model per slice: accuracy of the arg-max (ties to the class listed first)\(own: topK.contains { $0 > 1 } ? ", top-k accuracy" : "")\(own: hasScores ? ", macro one-vs-rest AUC" : "") and the confusion matrix."
        } else {
            text = text + " Per slice: macro AUC over the tasks."
        }
        return text + " Intervals are Wilson score intervals; gaps are largest minus smallest value across the slices of a factor."
    }

    func columnsText(label: String?) -> CardText {
        let columns = (parameters["score_columns"] as? [String]) ?? []
        var text: CardText = "\(own: String(names.count)) \(own: multiClass ? "classes" : "tasks") (\(names.joined(separator: ", ")))"
        if multiClass {
            text = text + "; label column \(label ?? "?")"
            if let prediction = parameters["prediction"] as? String {
                text = text + ", prediction column \(prediction)"
            } else if let array = parameters["score_array"] as? String {
                text = text + ", score array \(array)"
            } else {
                text = text + ", score columns \(columns.joined(separator: ", "))"
            }
        } else {
            text = text + "; label columns \(((parameters["label_columns"] as? [String]) ?? []).joined(separator: ", ")), score columns \(columns.joined(separator: ", "))"
        }
        return text
    }

    func blocks(slices: [[String: Any]]) -> [Block] {
        var blocks: [Block] = []
        let extraK = topK.filter { $0 > 1 }
        var headers: [CardText] = ["slice", "examples"]
        if multiClass { headers += ["accuracy (arg-max)"] + extraK.map { "top-\(own: String($0)) accuracy" } }
        if hasScores { headers.append("macro AUC") }
        blocks.append(.paragraph("Whole model per slice:"))
        blocks.append(.table(headers: headers, rows: slices.map { slice in
            var row: [CardText] = [.value(slice["name"] as? String ?? ""), .own(String(slice["example_count"] as? Int ?? 0))]
            if multiClass {
                let accuracies = slice["top_k_accuracy"] as? [String: Any] ?? [:]
                row += [.own(ModelCard.number(slice["accuracy"]))] + extraK.map { .own(ModelCard.number(accuracies[String($0)])) }
            }
            if hasScores { row.append(.own(ModelCard.number(slice["macro_auc"]))) }
            return row
        }))
        if multiClass, let matrix = slices.first?["confusion_matrix"] as? [[Any]] {
            blocks.append(.paragraph("Confusion matrix, overall (rows: true class; columns: predicted class\(own: hasScores ? ", the arg-max" : "")):"))
            blocks.append(.table(headers: ["true \\ predicted"] + names.map(CardText.value), rows: zip(names, matrix).map { name, row in
                [.value(name)] + row.map { .own(Self.amount($0)) }
            }))
        }
        guard let point else { return blocks }
        for one in classReports {
            let name = one["class"] as? String ?? ""
            blocks.append(.heading(level: 3, text: "\(own: multiClass ? "Class" : "Task") \(name) (one-vs-rest)"))
            blocks.append(.paragraph("Per slice at \(own: pointText):"))
            let rows: [[CardText]] = (one["slices"] as? [[String: Any]] ?? []).map { slice in
                let entry = ReportConsistency.entry(of: slice, at: point) ?? [:]
                return [.value(slice["name"] as? String ?? ""), .own(String(slice["example_count"] as? Int ?? 0)), .own(ModelCard.number(slice["auc"])),
                        .own(ModelCard.number(entry["false_positive_rate"])), .own(ModelCard.number(entry["false_negative_rate"])),
                        .own(ModelCard.number(entry["positive_rate"])), .own(ModelCard.number(entry["precision"]))]
            }
            blocks.append(.table(headers: ["slice", "examples", "AUC", "FPR", "FNR", "positive rate", "precision"], rows: rows))
            let analysis = one["analysis"] as? [String: Any] ?? [:]
            var gaps: [[CardText]] = []
            for spec in analysis["specs"] as? [[String: Any]] ?? [] {
                guard let step = (spec["thresholds"] as? [[String: Any]])?.first(where: { ReportConsistency.matches($0, point) }),
                      let criteria = step["criteria"] as? [String: Any] else { continue }
                gaps.append([.value(((spec["spec"] as? [String]) ?? []).joined(separator: " × ")),
                             .own(ModelCard.number(criteria["demographic_parity_difference"])), .own(ModelCard.number(criteria["demographic_parity_ratio"])),
                             .own(ModelCard.number(criteria["equalized_odds_difference"])), .own(ModelCard.number(criteria["predictive_parity_difference"]))])
            }
            if !gaps.isEmpty {
                blocks.append(.paragraph("Gaps across slices for \(own: kindWord) \(name) at \(own: pointText) (slices under \(own: String(analysis["min_slice_size"] as? Int ?? 0)) examples left out):"))
                blocks.append(.table(headers: ["factor", "demographic parity difference", "demographic parity ratio",
                                               "equalized odds difference", "predictive parity difference"], rows: gaps))
            }
        }
        return blocks
    }

    /// A confusion-matrix cell: whole counts as integers, weighted amounts with two decimals.
    private static func amount(_ value: Any) -> String {
        guard let value = value as? Double else { return "—" }
        return ConfusionHeatMap.amount(value)
    }
}
