import Foundation

/// `rai thresholds`' report in each format: the strategy, each slice's threshold with its
/// counts, rates and cost, the totals, and the gaps left between slices. Renders only what
/// `ThresholdPlan` holds; every text from the input goes through the format's escaping.
public struct ThresholdsReport {
    let plan: ThresholdPlan
    let version: String

    public init(plan: ThresholdPlan, version: String) {
        self.plan = plan
        self.version = version
    }

    /// The formats `rai thresholds` writes.
    public static let formats = ["text", "json", "markdown", "html"]

    public func render(format: String) -> String {
        switch format {
        case "json": return String(decoding: json(), as: UTF8.self)
        case "markdown": return markdown()
        case "html": return html()
        default: return text()
        }
    }

    private var rows: [ThresholdPlan.Decision] { plan.slices + (plan.total.map { [$0] } ?? []) }
    private var specName: String { plan.spec.joined(separator: " × ") }

    private var summary: String {
        var line = "strategy \(plan.strategy.rawValue), cost = FP × \(JSONWriter.format(plan.costRatio)) + FN"
        if let metric = plan.strategy.parityMetric { line += ", \(metric.rawValue) within \(JSONWriter.format(plan.tolerance))" }
        if plan.strategy == .equalizedOdds { line += ", true and false positive rates equal (randomised; expected counts)" }
        return line + "; predicted positive when score > threshold"
    }

    func json() -> [UInt8] {
        var json = JSONWriter(capacity: 4_096 + 1_024 * plan.slices.count)
        json.beginObject()
        json.field("rai_version", .string(version))
        json.field("strategy", .string(plan.strategy.rawValue))
        json.field("cost_ratio", .number(plan.costRatio))
        json.field("tolerance", .number(plan.tolerance))
        json.field("min_slice_size", .integer(plan.minimumSliceSize))
        json.field("label", .string(plan.labelColumn))
        json.field("score", .string(plan.scoreColumn))
        json.field("weight", .string(plan.weightColumn))
        json.field("prediction_rule", .string("score > threshold"))
        json.inlineArray("spec", plan.spec.map { .string($0) })
        json.field("exact", .bool(plan.isExact))
        json.field("infeasible_reason", .string(plan.infeasibleReason))
        json.beginArray("thresholds")
        for decision in plan.slices {
            json.beginObject()
            json.field("name", .string(decision.name))
            json.beginObject("slice")
            for (feature, value) in zip(decision.features, decision.values) { json.field(feature, .string(value)) }
            json.endObject()
            write(decision, &json)
            json.endObject()
        }
        json.endArray()
        if let total = plan.total {
            json.beginObject("overall")
            write(total, &json)
            json.endObject()
        }
        json.beginObject("gaps")
        for metric in ParityMetric.allCases { json.field(metric.rawValue, .number(plan.gap(metric))) }
        json.endObject()
        json.endObject()
        return json.bytes
    }

    private func write(_ decision: ThresholdPlan.Decision, _ json: inout JSONWriter) {
        json.field("threshold", .number(decision.threshold))
        json.field("example_count", .integer(decision.examples))
        json.field("constrained", .bool(decision.constrained))
        json.field("tp", .number(decision.counts.truePositives))
        json.field("fp", .number(decision.counts.falsePositives))
        json.field("tn", .number(decision.counts.trueNegatives))
        json.field("fn", .number(decision.counts.falseNegatives))
        for metric in ParityMetric.allCases { json.field(metric.rawValue, .number(decision.value(of: metric))) }
        json.field("cost", .number(decision.cost))
        if let mix = decision.mix {
            json.beginObject("randomised")
            json.field("threshold", .number(mix.threshold))
            json.field("lower_threshold", .number(mix.lowerThreshold))
            json.field("lower_probability", .number(mix.lowerProbability))
            json.field("ignore_probability", .number(mix.ignoreProbability))
            json.field("constant_rate", .number(mix.constantRate))
            json.endObject()
        } else {
            json.field("randomised", .null)
        }
    }

    /// How each randomised slice decides, one sentence per slice (not yet escaped).
    private var mixNotes: [String] {
        plan.slices.compactMap { decision in
            decision.mix.map { mix in
                func p(_ value: Double) -> String { String(format: "%.4f", value) }
                return "\(decision.name): score > \(JSONWriter.format(mix.lowerThreshold)) with probability \(p(mix.lowerProbability)), "
                    + "else score > \(JSONWriter.format(mix.threshold)); but with probability \(p(mix.ignoreProbability)) "
                    + "ignore the score and predict positive with probability \(p(mix.constantRate))"
            }
        }
    }

    private func isSmall(_ decision: ThresholdPlan.Decision) -> Bool {
        !decision.features.isEmpty && decision.examples < plan.minimumSliceSize
    }

    private static let columns = ["threshold", "pos.rate", "TPR", "FPR", "accuracy", "cost"]

    private func cells(_ decision: ThresholdPlan.Decision) -> [String] {
        [decision.mix != nil ? "randomised" : decision.threshold.map { JSONWriter.format($0) } ?? "per slice"]
            + ParityMetric.allCases.map { metric in decision.value(of: metric).map { String(format: "%.4f", $0) } ?? "—" }
            + [String(format: "%.2f", decision.cost)]
    }

    func text() -> String {
        var out = "rai thresholds \(TerminalText.visible(plan.input.path)) by \(TerminalText.visible(specName)): \(summary)\n"
        if let reason = plan.infeasibleReason { return out + "no thresholds: \(TerminalText.visible(reason))\n" }
        let names = rows.map { TerminalText.visible($0.name) + (isSmall($0) ? " *" : "") }
        let width = max(5, names.map { $0.count + 2 }.max() ?? 0)
        func pad(_ text: String, _ size: Int, left: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, size - text.count))
            return left ? text + padding : padding + text
        }
        out += "\n" + pad("slice", width, left: true) + Self.columns.map { "  " + pad($0, 10) }.joined() + "\n"
        for (decision, name) in zip(rows, names) {
            out += pad(name, width, left: true) + cells(decision).map { "  " + pad($0, 10) }.joined() + "\n"
        }
        out += "\ngaps between slices: " + ParityMetric.allCases.map { metric in
            "\(metric.rawValue) \(plan.gap(metric).map { String(format: "%.4f", $0) } ?? "—")"
        }.joined(separator: ", ") + "\n"
        for note in mixNotes { out += TerminalText.visible(note) + "\n" }
        if plan.slices.contains(where: isSmall) {
            out += "* fewer than \(plan.minimumSliceSize) rows: least-cost threshold, outside the constraint and the gaps\n"
        }
        if !plan.isExact { out += "approximate: past --score-budget some scores share a bucket\n" }
        return out
    }

    func markdown() -> String {
        var out = "## Thresholds by \(MarkdownText.inline(specName))\n\n\(MarkdownText.inline(summary)).\n\n"
        if let reason = plan.infeasibleReason { return out + "No thresholds: \(MarkdownText.inline(reason)).\n" }
        out += "| slice | " + Self.columns.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: Self.columns.count) + "\n"
        for decision in rows { out += "| \(MarkdownText.inline(decision.name)) | " + cells(decision).joined(separator: " | ") + " |\n" }
        out += "\nGaps between slices: " + ParityMetric.allCases.map { metric in
            "\(metric.rawValue) \(plan.gap(metric).map { String(format: "%.4f", $0) } ?? "—")"
        }.joined(separator: ", ") + ".\n"
        if !mixNotes.isEmpty { out += "\n" + mixNotes.map { "- \(MarkdownText.inline($0))\n" }.joined() }
        return out
    }

    func html() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rai thresholds — \(HTMLText.escape(plan.input.path))</title>\n"
        out += "<style>\(HTMLReport.style)</style>\n</head>\n<body>\n<main>\n<h1>Thresholds by \(HTMLText.escape(specName))</h1>"
        out += "<p class=\"subtitle\">\(HTMLText.escape(plan.input.path)) · \(HTMLText.escape(summary))</p>"
        if let reason = plan.infeasibleReason {
            out += "<p>No thresholds: \(HTMLText.escape(reason)).</p>"
        } else {
            out += "<table><thead><tr><th scope=\"col\">slice</th>" + Self.columns.map { "<th scope=\"col\" class=\"num\">\($0)</th>" }.joined() + "</tr></thead><tbody>"
            for decision in rows {
                out += "<tr><th scope=\"row\">\(HTMLText.escape(decision.name))</th>" + cells(decision).map { "<td class=\"num\">\($0)</td>" }.joined() + "</tr>"
            }
            out += "</tbody></table><p class=\"note\">Gaps between slices: " + ParityMetric.allCases.map { metric in
                "\(metric.rawValue) \(plan.gap(metric).map { String(format: "%.4f", $0) } ?? "—")"
            }.joined(separator: ", ") + ".</p>"
            if !mixNotes.isEmpty { out += "<ul>" + mixNotes.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>" }
        }
        return out + "<p class=\"note\">rai \(HTMLText.escape(version))</p>\n</main>\n</body>\n</html>\n"
    }
}
