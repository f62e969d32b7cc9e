import Foundation

/// A model card in the structure of Mitchell et al. (2019) and Google's Model Card Toolkit:
/// model details, intended use, factors, metrics, evaluation data, quantitative analyses,
/// ethical considerations, caveats and recommendations.
///
/// The quantitative analyses come from a saved `rai eval --format json` report; everything else
/// from an optional metadata JSON file whose keys mirror the sections (see the README). Missing
/// information is not invented: each gap is a visible placeholder naming the key to add.
public struct ModelCard {
    public let blocks: [Block]
    public let title: String
    /// What the card had to ignore or distrust: unknown or mistyped metadata keys, and a report
    /// that does not add up (`CardMetadata`, `ReportConsistency`); at most `maximumWarnings`.
    public let warnings: [String]
    public static let maximumWarnings = 20

    /// Builds the card; throws a data error when `evaluation` is not a rai JSON report.
    /// With `privacy` (a `rai privacy --format json` report), the card gets a privacy section.
    public init(evaluation: Data, evaluationPath: String, metadata: Data?, metadataPath: String?,
                privacy: Data? = nil, privacyPath: String? = nil) throws(RaiError) {
        guard let report = try? JSONSerialization.jsonObject(with: evaluation) as? [String: Any],
              report["schema_version"] as? Int == 1, let slices = report["slices"] as? [[String: Any]] else {
            throw .data(DataError(path: evaluationPath, kind: .invalidJSON("not a rai eval JSON report (schema_version 1); make one with rai eval --format json")))
        }
        var meta: [String: Any] = [:]
        if let metadata {
            guard let object = try? JSONSerialization.jsonObject(with: metadata) as? [String: Any] else {
                throw .data(DataError(path: metadataPath ?? "metadata", kind: .invalidJSON("the metadata file must hold one JSON object")))
            }
            meta = object
        }
        let details = meta["model_details"] as? [String: Any] ?? [:]
        let name = details["name"] as? String
        title = "Model card" + (name.map { ": \($0)" } ?? "")
        var blocks: [Block] = [.heading(level: 1, text: name.map { "Model card: \($0)" } ?? "Model card")]

        func text(_ section: [String: Any], _ key: String) -> String? {
            CardMetadata.strings(section[key])?.joined(separator: "; ")
        }
        func field(_ section: [String: Any], _ sectionKey: String, _ key: String, _ label: String) -> Block {
            if let value = text(section, key) { return .paragraph("\(own: label): \(value)") }
            return .placeholder("\(own: label): not provided (add \(own: sectionKey).\(own: key) to the metadata file)")
        }
        func items(_ key: String, _ label: String) -> [Block] {
            if let value = meta[key] as? String, !value.isEmpty { return [.paragraph(.value(value))] }
            if let values = CardMetadata.strings(meta[key]) { return [.list(values.map(CardText.value))] }
            return [.placeholder("\(own: label) not provided (add \(own: key) to the metadata file)")]
        }

        blocks.append(.heading(level: 2, text: "Model details"))
        for (key, label) in [("name", "Name"), ("version", "Version"), ("owners", "Owners"), ("date", "Date"),
                             ("description", "Description"), ("license", "License"), ("references", "References")] {
            blocks.append(field(details, "model_details", key, label))
        }

        let use = meta["intended_use"] as? [String: Any] ?? [:]
        blocks.append(.heading(level: 2, text: "Intended use"))
        for (key, label) in [("primary_uses", "Primary uses"), ("primary_users", "Primary users"), ("out_of_scope", "Out-of-scope uses")] {
            blocks.append(field(use, "intended_use", key, label))
        }

        let parameters = report["parameters"] as? [String: Any] ?? [:]
        let specs = (parameters["slices"] as? [[String]]) ?? []
        let factors = meta["factors"] as? [String: Any] ?? [:]
        blocks.append(.heading(level: 2, text: "Factors"))
        blocks.append(field(factors, "factors", "relevant", "Relevant factors"))
        blocks.append(.paragraph(specs.isEmpty ? "Evaluation factors (slices): none." : "Evaluation factors (slices): \(specs.map { $0.joined(separator: " × ") }.joined(separator: ", "))."))

        let thresholds = (parameters["thresholds"] as? [Double]) ?? []
        let primary = thresholds.contains(0.5) ? 0.5 : thresholds.isEmpty ? nil : thresholds[thresholds.count / 2]
        let classes = (parameters["classes"] as? [String: Any]).map { ClassCard(parameters: $0, report: report, primaryThreshold: primary) }
        let point = classes?.point ?? primary.map { .threshold($0) }
        blocks.append(.heading(level: 2, text: "Metrics"))
        if let classes {
            blocks.append(.paragraph(classes.metricsText(thresholds: thresholds)))
        } else {
            blocks.append(.paragraph("Fairness Indicators metrics per slice: false positive and false negative rates, true positive rate, positive rate, precision and accuracy at decision thresholds \(own: thresholds.map { JSONWriter.format($0) }.joined(separator: ", ")) (predicted positive when score > threshold), and exact AUC. Intervals are Wilson score intervals; gaps are largest minus smallest value across the slices of a factor."))
        }
        let metrics = meta["metrics"] as? [String: Any] ?? [:]
        blocks.append(field(metrics, "metrics", "decision_thresholds", "Decision threshold in production"))

        let input = report["input"] as? [String: Any] ?? [:]
        let evaluationData = meta["evaluation_data"] as? [String: Any] ?? [:]
        blocks.append(.heading(level: 2, text: "Evaluation data"))
        let weighting: CardText = (parameters["weight"] as? String).map { ", weighted by \($0)" } ?? ""
        let columns: CardText = classes?.columnsText(label: parameters["label"] as? String)
            ?? "Label column \(parameters["label"] as? String ?? "?"), score column \(parameters["score"] as? String ?? "?")"
        blocks.append(.paragraph("File \(input["path"] as? String ?? "?") (\(input["format"] as? String ?? "?")): \(own: String(input["rows_used"] as? Int ?? 0)) rows evaluated, \(own: String(input["rows_skipped"] as? Int ?? 0)) skipped. " + columns + weighting + "."))
        blocks.append(field(evaluationData, "evaluation_data", "dataset", "Dataset"))
        blocks.append(field(evaluationData, "evaluation_data", "motivation", "Motivation"))
        blocks.append(field(evaluationData, "evaluation_data", "preprocessing", "Preprocessing"))

        blocks.append(.heading(level: 2, text: "Quantitative analyses"))
        blocks.append(.paragraph("From rai \(report["rai_version"] as? String ?? "?"). Verdict: \(report["verdict"] as? String ?? "no gates")."))
        if let gates = report["gates"] as? [[String: Any]], !gates.isEmpty {
            blocks.append(.table(headers: ["gate", "result", "observed", "threshold"], rows: gates.map { gate in
                [.value(gate["gate"] as? String ?? ""), (gate["passed"] as? Bool ?? false) ? "pass" : "FAIL",
                 .own(Self.number(gate["observed"])), .own(Self.number(gate["threshold"]))]
            }))
        }
        if let classes {
            blocks.append(contentsOf: classes.blocks(slices: slices))
        } else if let primary {
            blocks.append(.paragraph("Per slice at threshold \(own: JSONWriter.format(primary)):"))
            let rows: [[CardText]] = slices.map { slice in
                let entry = (slice["thresholds"] as? [[String: Any]])?.first { ($0["threshold"] as? Double) == primary } ?? [:]
                return [.value(slice["name"] as? String ?? ""), .own(String(slice["example_count"] as? Int ?? 0)), .own(Self.number(slice["auc"])),
                        .own(Self.number(entry["false_positive_rate"])), .own(Self.number(entry["false_negative_rate"])),
                        .own(Self.number(entry["positive_rate"])), .own(Self.number(entry["precision"]))]
            }
            blocks.append(.table(headers: ["slice", "examples", "AUC", "FPR", "FNR", "positive rate", "precision"], rows: rows))
            let analysis = report["analysis"] as? [String: Any] ?? [:]
            var gaps: [[CardText]] = []
            for spec in analysis["specs"] as? [[String: Any]] ?? [] {
                guard let step = (spec["thresholds"] as? [[String: Any]])?.first(where: { ($0["threshold"] as? Double) == primary }),
                      let criteria = step["criteria"] as? [String: Any] else { continue }
                gaps.append([.value(((spec["spec"] as? [String]) ?? []).joined(separator: " × ")),
                             .own(Self.number(criteria["demographic_parity_difference"])), .own(Self.number(criteria["demographic_parity_ratio"])),
                             .own(Self.number(criteria["equalized_odds_difference"])), .own(Self.number(criteria["predictive_parity_difference"]))])
            }
            if !gaps.isEmpty {
                blocks.append(.paragraph("Gaps across slices at threshold \(own: JSONWriter.format(primary)) (slices under \(own: String(analysis["min_slice_size"] as? Int ?? 0)) examples left out):"))
                blocks.append(.table(headers: ["factor", "demographic parity difference", "demographic parity ratio",
                                               "equalized odds difference", "predictive parity difference"], rows: gaps))
            }
        }

        if let privacy { blocks.append(contentsOf: try PrivacySection.blocks(privacy, path: privacyPath ?? "privacy report")) }

        blocks.append(.heading(level: 2, text: "Ethical considerations"))
        blocks.append(contentsOf: items("ethical_considerations", "Ethical considerations"))
        blocks.append(.heading(level: 2, text: "Caveats and recommendations"))
        var caveats = items("caveats_and_recommendations", "Caveats and recommendations")
        if report["auc_exact"] as? Bool == false {
            caveats.append(.paragraph("Some slices had more distinct scores than rai's score budget; their AUC is approximate within the auc_error_bound given in the evaluation report."))
        }
        blocks.append(contentsOf: caveats)
        self.blocks = blocks

        let problems = CardMetadata.problems(in: meta).map { "\(metadataPath ?? "metadata"): \($0)" }
            + ReportConsistency.problems(in: report, slices: slices, primary: point).map { "\(evaluationPath): \($0)" }
        warnings = problems.count <= Self.maximumWarnings ? problems
            : problems.prefix(Self.maximumWarnings - 1) + ["… and \(problems.count - Self.maximumWarnings + 1) more problems"]
    }

    public func markdown() -> String { DocumentRenderer.markdown(blocks) }
    public func html() -> String { DocumentRenderer.html(blocks, title: title) }

    static func number(_ value: Any?) -> String {
        guard let value = value as? Double else { return "—" }
        return String(format: "%.3f", value)
    }
}
