import Foundation

/// GitHub-flavoured Markdown for a pull-request comment: the verdict and failed gates first, then
/// per slice spec a compact table at each threshold with Wilson intervals, the largest thresholds
/// folded away in `<details>`. Readable on its own, without the JSON. Text from the input goes
/// through `MarkdownText`: as plain text in tables and headings, as code spans where it is quoted.
public struct MarkdownReport {
    let report: FairnessReport
    var result: EvaluationResult { report.result }

    public init(report: FairnessReport) {
        self.report = report
    }

    public func render() -> String {
        var out = "## rai fairness report\n\n"
        switch report.verdict {
        case .pass: out += "**✅ PASS** — all \(report.gates.count) gates passed.\n\n"
        case .fail: out += "**❌ FAIL** — \(report.failedGates.count) of \(report.gates.count) gates failed.\n\n"
        case .noGates: out += "No gates were set (add `--gate` to fail the build on a fairness gap).\n\n"
        }
        if !report.gates.isEmpty {
            out += "| | gate | observed | threshold | slices |\n|---|---|---|---|---|\n"
            for gate in report.gatesFailedFirst {
                let observed = gate.observed.map { format($0) } ?? "—"
                var threshold = gate.topRows.map { MarkdownText.inline($0.description) } ?? gate.threshold.map { JSONWriter.format($0) }
                    ?? gate.topK.map { "top_k=\($0)" } ?? "all"
                if let name = gate.className { threshold += ", class \(MarkdownText.code(name, inTable: true))" }
                var slices = gate.slices.map { MarkdownText.code($0, inTable: true) }.joined(separator: " vs ")
                if let reason = gate.reason { slices += (slices.isEmpty ? "" : " — ") + MarkdownText.inline(reason) }
                out += "| \(gate.passed ? "✅" : "❌") | \(MarkdownText.code(gate.gate.text, inTable: true)) | \(observed) | \(threshold) | \(slices) |\n"
            }
            out += "\n"
        }
        let input = result.input
        out += "Input \(MarkdownText.code(input.path, inTable: false)) (\(input.format.rawValue)): \(input.rowsUsed) rows used"
        if input.rowsSkipped > 0 { out += ", \(input.rowsSkipped) skipped (" + input.skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ") + ")" }
        if let classes = result.classes {
            out += ". " + (classes.kind == .multiClass ? "Multi-class" : "Multi-label") + ", classes "
                + classes.names.map { MarkdownText.code($0, inTable: false) }.joined(separator: ", ")
        }
        out += ". Label \(MarkdownText.code(result.labelColumn, inTable: false)), score \(MarkdownText.code(result.scoreColumn, inTable: false))"
        if let weight = result.weightColumn { out += ", weighted by \(MarkdownText.code(weight, inTable: false))" }
        let confidence = JSONWriter.format(report.analysis.confidence * 100)
        out += "; predicted positive when score > threshold. Intervals: \(confidence)% Wilson.\n\n"

        let primary = report.primaryThresholdIndex
        if let baselineColumn = result.baselineScoreColumn {
            let threshold = JSONWriter.format(result.thresholds[primary])
            out += "### Versus the baseline model \(MarkdownText.code(baselineColumn, inTable: false)) at threshold \(threshold)\n\n"
            let overall = result.slices[0]
            if let flips = overall.baseline?.flips[primary] {
                out += "Decisions that change: \(percent(flips.flipRate)) of examples (\(percent(flips.negativeToPositiveRate)) negative → positive, "
                out += "\(percent(flips.positiveToNegativeRate)) positive → negative). "
            }
            if let now = overall.auc.value, let before = overall.baseline?.auc.value {
                out += "Overall AUC \(format(before)) → \(format(now)) (\(signed(now - before))).\n\n"
            } else {
                out += "\n\n"
            }
            out += "| spec | " + FairnessReport.headlineRates.map { "\(TextReport.shortName($0)) gap: baseline → candidate" }.joined(separator: " | ") + " |\n"
            out += "|---|" + String(repeating: "---|", count: FairnessReport.headlineRates.count) + "\n"
            for (spec, gaps) in report.gapChanges(at: primary) {
                out += "| \(MarkdownText.inline(spec)) | " + gaps.map { gap in
                    guard let now = gap.now, let before = gap.before else { return "—" }
                    return "\(format(before)) → \(format(now)) (\(signed(now - before)))"
                }.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        if let classes = result.classes {
            out += wholeModel(classes)
            for one in report.classes {
                out += "### Class \(MarkdownText.code(one.name, inTable: false))" + (classes.kind == .multiClass ? " (one-vs-rest)" : "") + "\n\n"
                out += MarkdownReport(report: one.report(in: report)).pointSections(heading: "####")
            }
        } else {
            out += pointSections(heading: "###")
        }
        out += scoreAnalyses()
        let (slices, rows) = report.withheldSummary
        if slices > 0 {
            out += "_\(slices) slice(s) with fewer than \(report.analysis.minimumSliceSize) examples (\(rows) rows) are marked †: "
            out += "their rates are withheld and they take no part in gaps, tests or gates (`--min-slice-size`)._\n"
        }
        return out
    }

    /// Every operating point's tables: the gated (or 0.5) threshold first and open; the others
    /// folded after it.
    func pointSections(heading: String) -> String {
        var out = ""
        let points = result.operatingPoints
        guard !points.isEmpty else { return out }
        let primary = report.primaryThresholdIndex
        let order = [primary] + points.indices.filter { $0 != primary }
        for index in order {
            let point = points[index]
            let title: String
            switch point {
            case .threshold: title = "Threshold \(point)"
            case .topK: title = "\(point)"
            case .topRows, .perSlice: title = MarkdownText.inline(point.heading)
            }
            let body = tables(at: index)
            if index == primary {
                out += "\(heading) \(title)\n\n" + body
            } else {
                out += "<details><summary>\(title)</summary>\n\n" + body + "</details>\n\n"
            }
        }
        return out
    }

    /// A multi-class or multi-label run's whole-model table: per slice, accuracy and top-k
    /// accuracy (multi-class), macro AUC, and the macro average of FPR and FNR at top_k=1 or the
    /// first threshold; and the overall confusion matrix.
    private func wholeModel(_ classes: ClassesResult) -> String {
        var out = "### Whole model\n\n| slice | examples |"
        if classes.kind == .multiClass { out += " accuracy |" + classes.topK.filter { $0 > 1 }.map { " top-\($0) accuracy |" }.joined() }
        if classes.hasScores { out += " macro AUC |" }
        let columns = 2 + (classes.kind == .multiClass ? classes.topK.count : 0) + (classes.hasScores ? 1 : 0)
        out += "\n|---|" + String(repeating: "---:|", count: columns - 1) + "\n"
        for slice in result.slices {
            let withheld = report.isWithheld(slice)
            func cell(_ value: Double?) -> String { withheld ? " withheld |" : " \(value.map { format($0) } ?? "—") |" }
            out += "| \(MarkdownText.inline(slice.name))\(withheld ? " †" : "") | \(slice.exampleCount) |"
            if classes.kind == .multiClass {
                out += cell(slice.classes?.accuracy)
                for (index, k) in classes.topK.enumerated() where k > 1 { out += cell(slice.classes?.topKAccuracy(index)) }
            }
            if classes.hasScores { out += cell(slice.classes?.macroAUC) }
            out += "\n"
        }
        out += "\n"
        if let confusion = result.slices.first?.classes?.confusion {
            out += "Confusion matrix, overall (rows: true class; columns: predicted class" + (classes.hasScores ? ", the arg-max" : "") + "):\n\n"
            out += "| true \\ predicted |" + classes.names.map { " \(MarkdownText.inline($0)) |" }.joined() + "\n"
            out += "|---|" + String(repeating: "---:|", count: classes.names.count) + "\n"
            for (row, name) in zip(confusion, classes.names) {
                out += "| \(MarkdownText.inline(name)) |" + row.map { " \(JSONWriter.format($0)) |" }.joined() + "\n"
            }
            out += "\n"
        }
        return out
    }

    private func tables(at index: Int) -> String {
        let rates: [ConfusionMatrix.Rate] = [.falsePositiveRate, .falseNegativeRate, .positiveRate, .precision]
        var out = ""
        let groups: [[String]] = [[]] + result.sliceSpecs
        for features in groups {
            let slices = result.slices.filter { $0.features == features }
            guard !slices.isEmpty else { continue }
            if !features.isEmpty, let spec = report.analysis.specs.first(where: { $0.features == features }) {
                let step = spec.thresholds[index]
                let gaps = step.rates.filter { rates.contains($0.rate) }.map {
                    "\(TextReport.shortName($0.rate)) gap \($0.largestGap.map { format($0) } ?? "—")"
                }
                out += "**\(MarkdownText.inline(spec.name))** — " + gaps.joined(separator: ", ") + "\n\n"
                out += significance(step)
            }
            out += "| slice | examples | AUC | " + rates.map { TextReport.shortName($0) }.joined(separator: " | ") + " |\n"
            out += "|---|---:|---:|" + String(repeating: "---|", count: rates.count) + "\n"
            for slice in slices {
                let entry = slice.thresholds[index]
                let withheld = report.isWithheld(slice)
                let mark = withheld ? " †" : ""
                var row = "| \(MarkdownText.inline(slice.name))\(mark) | \(slice.exampleCount) | \(withheld ? "withheld" : slice.auc.value.map { format($0) } ?? "—") |"
                for rate in rates {
                    if withheld {
                        row += " withheld |"
                        continue
                    }
                    guard let value = entry.counts.value(of: rate) else {
                        row += " — |"
                        continue
                    }
                    row += " \(format(value))"
                    if let interval = entry.interval(of: rate, z: report.z) {
                        row += " <sub>[\(format(interval.lower)), \(format(interval.upper))]</sub>"
                    }
                    row += " |"
                }
                out += row + "\n"
            }
            out += "\n"
        }
        return out
    }

    /// The slices whose difference survives the Benjamini–Hochberg correction, by headline rate.
    private func significance(_ step: FairnessAnalysis.ThresholdAnalysis) -> String {
        let rates: [ConfusionMatrix.Rate] = [.falsePositiveRate, .falseNegativeRate, .positiveRate, .precision]
        var found: [(size: Double, text: String)] = []
        for analysis in step.rates where rates.contains(analysis.rate) {
            for comparison in analysis.comparisons where comparison.isSignificant && !comparison.isSmall {
                let difference = comparison.testedDifference ?? 0
                found.append((abs(difference), "\(MarkdownText.code(comparison.slice, inTable: false)) \(TextReport.shortName(analysis.rate)) \(signed(difference)) vs \(MarkdownText.inline(comparison.testedAgainst ?? "rest")) (q = \(pretty(comparison.qValue)))"))
            }
        }
        let alpha = JSONWriter.format(report.analysis.alpha)
        if found.isEmpty { return "No difference is significant after Benjamini–Hochberg correction (q ≤ \(alpha)).\n\n" }
        // The largest differences first; a long tail is summarised (the JSON has them all).
        let shown = found.sorted { $0.size > $1.size }.prefix(6).map(\.text)
        let more = found.count > shown.count ? " and \(found.count - shown.count) more" : ""
        return "Significant after Benjamini–Hochberg correction (q ≤ \(alpha)), largest first: " + shown.joined(separator: "; ") + more + ".\n\n"
    }

    private func signed(_ value: Double) -> String { (value > 0 ? "+" : "") + format(value) }

    private func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    private func pretty(_ q: Double?) -> String {
        guard let q else { return "—" }
        return q < 0.001 ? "<0.001" : String(format: "%.3f", q)
    }

    private func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
