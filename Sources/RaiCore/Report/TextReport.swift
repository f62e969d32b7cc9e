import Foundation

/// The terminal report: a summary of the input and the gates, then for each threshold one table
/// of every slice with its counts and key rates (withheld for slices under the minimum size),
/// the largest gaps per spec and the differences that survive the correction. Every text from the
/// input (file name, column names, slice values, gates from a config file) goes through
/// `TerminalText`, so it can neither control the terminal nor forge a line of the report.
public struct TextReport {
    let report: FairnessReport
    let color: Bool
    var result: EvaluationResult { report.result }

    public init(report: FairnessReport, color: Bool) {
        self.report = report
        self.color = color
    }

    private struct Column {
        let title: String
        let value: (SliceResult, ThresholdResult) -> String
    }

    public func render() -> String {
        var out = ""
        let input = result.input
        out += bold("rai eval") + " \(shown(input.path)) (\(input.format.rawValue)): "
        out += "\(grouped(input.rowsRead)) rows read, \(grouped(input.rowsUsed)) used, \(grouped(input.rowsSkipped)) skipped\n"
        for skip in input.skipped {
            out += "  skipped \(grouped(skip.count)) × \(skip.reason), first: \(shown(skip.example))\n"
        }
        var parameters = "label '\(shown(result.labelColumn))'"
        if let positive = result.positiveLabel { parameters += " (positive = '\(shown(positive))')" }
        parameters += ", score '\(shown(result.scoreColumn))'"
        if let weight = result.weightColumn { parameters += ", weighted by '\(shown(weight))'" }
        if let classes = result.classes {
            out += classParameters(classes) + "\n"
        } else {
            out += parameters + "; predicted positive when score > threshold\n"
        }
        if !report.gates.isEmpty {
            let failed = report.failedGates.count
            out += "\n" + bold(failed == 0 ? "PASS" : "FAIL") + ": \(report.gates.count - failed) of \(report.gates.count) gates passed\n"
            for gate in report.gates {
                out += "  " + (gate.passed ? "pass " : red("FAIL ")) + shown(gate.gate.text)
                if let observed = gate.observed { out += "  observed " + rate(observed) }
                if let rule = gate.topRows { out += " at \(rule)" } else if let threshold = gate.threshold { out += " at \(JSONWriter.format(threshold))" }
                if let k = gate.topK { out += " at top_k=\(k)" }
                if let name = gate.className { out += " for class '\(shown(name))'" }
                if !gate.slices.isEmpty { out += " (\(gate.slices.map(shown).joined(separator: " vs ")))" }
                if let reason = gate.reason { out += " — " + shown(reason) }
                out += "\n"
            }
        }
        if !result.aucExact {
            out += "note: some slices have more distinct scores than the score budget; their AUC is approximate (see auc_error_bound in --format json)\n"
        }

        var anySmall = false
        if let classes = result.classes {
            out += wholeModel(classes, anySmall: &anySmall)
            for one in report.classes {
                out += "\n" + bold("class '\(shown(one.name))'") + (classes.kind == .multiClass ? " (one-vs-rest)" : "") + "\n"
                out += TextReport(report: one.report(in: report), color: color).body(anySmall: &anySmall)
            }
        } else {
            out += body(anySmall: &anySmall)
        }
        out += "\n"
        if anySmall {
            let (slices, rows) = report.withheldSummary
            out += "* \(slices) slice(s) with fewer than \(report.analysis.minimumSliceSize) examples (\(rows) rows): rates withheld (·), left out of gaps and gates\n"
        }
        out += "— undefined (zero denominator)\n"
        return out
    }

    /// The input form and classes of a multi-class or multi-label run, on one line.
    private func classParameters(_ classes: ClassesResult) -> String {
        var line: String
        switch classes.kind {
        case .multiLabel:
            line = "multi-label: " + zip(classes.labelColumns, classes.scoreColumns).map { "label '\(shown($0))' score '\(shown($1))'" }.joined(separator: ", ")
            if let positive = result.positiveLabel { line += " (positive = '\(shown(positive))')" }
        case .multiClass:
            line = "multi-class: label '\(shown(result.labelColumn))', "
            if let prediction = classes.predictionColumn {
                line += "prediction '\(shown(prediction))'"
            } else if let array = classes.scoreArrayColumn {
                line += "score array '\(shown(array))'"
            } else {
                line += "class scores " + classes.scoreColumns.map { "'\(shown($0))'" }.joined(separator: ", ")
            }
            line += "; classes " + classes.names.map { "'\(shown($0))'" }.joined(separator: ", ")
        }
        if let weight = result.weightColumn { line += ", weighted by '\(shown(weight))'" }
        if classes.hasScores { line += "; predicted positive when score > threshold" }
        if classes.kind == .multiClass {
            line += classes.hasScores ? ", or (top_k=k) when among the k highest scores, ties to the class listed first" : "; a class is predicted when it is the prediction (top_k=1)"
        }
        return line
    }

    /// Per slice, the whole model: accuracy, top-k accuracy, macro AUC and the confusion matrix
    /// (multi-class), and the macro and micro averages of FPR and FNR at each operating point.
    private func wholeModel(_ classes: ClassesResult, anySmall: inout Bool) -> String {
        var out = "\n" + bold("whole model per slice") + "\n"
        let names = result.slices.map { shown($0.name) }
        let nameWidth = max(5, names.map { $0.count + 2 }.max() ?? 0)
        var header = pad("slice", nameWidth, left: true) + "  " + pad("examples", 9)
        if classes.kind == .multiClass {
            header += "  " + pad("accuracy", 9)
            for k in classes.topK where k > 1 { header += "  " + pad("top-\(k) acc", 10) }
        }
        if classes.hasScores { header += "  " + pad("macro AUC", 9) }
        out += dim(header) + "\n"
        for (slice, name) in zip(result.slices, names) {
            let small = report.isWithheld(slice)
            anySmall = anySmall || small
            let metrics = slice.classes
            var line = pad(name + (small ? " *" : ""), nameWidth, left: true) + "  " + pad(grouped(slice.exampleCount), 9)
            if classes.kind == .multiClass {
                line += "  " + pad(small ? "·" : rate(metrics?.accuracy), 9)
                for (index, k) in classes.topK.enumerated() where k > 1 { line += "  " + pad(small ? "·" : rate(metrics?.topKAccuracy(index)), 10) }
            }
            if classes.hasScores { line += "  " + pad(small ? "·" : rate(metrics?.macroAUC), 9) }
            out += (small ? dim(line) : line) + "\n"
        }
        out += "\n" + bold("macro / micro averages over classes") + "\n"
        for (index, point) in classes.operatingPoints.enumerated() {
            out += "  at " + pad(point.description, 8, left: true)
            if let overall = result.slices.first?.classes {
                for rate in [ConfusionMatrix.Rate.falsePositiveRate, .falseNegativeRate, .precision] {
                    out += "  \(Self.shortName(rate)) \(self.rate(overall.macro(rate, at: index))) / \(self.rate(overall.micro(rate, at: index)))"
                }
            }
            out += "  (overall)\n"
        }
        if classes.kind == .multiClass {
            let width = max(8, classes.names.map { shown($0).count + 2 }.max() ?? 0)
            out += "\n" + bold("confusion matrices") + " (rows: true class; columns: predicted class" + (classes.hasScores ? ", the arg-max)" : ")") + "\n"
            for slice in result.slices {
                guard let confusion = slice.classes?.confusion else { continue }
                out += "  " + shown(slice.name) + "\n"
                out += dim("    " + pad("", width, left: true) + classes.names.map { "  " + pad(shown($0), width) }.joined()) + "\n"
                for (row, name) in zip(confusion, classes.names) {
                    out += "    " + pad(shown(name), width, left: true) + row.map { "  " + pad(number($0), width) }.joined() + "\n"
                }
            }
        }
        return out
    }

    /// The slice tables of every operating point, the gaps and the significant differences.
    func body(anySmall: inout Bool) -> String {
        var out = ""
        let columns: [Column] = [
            Column(title: "examples") { s, _ in grouped(s.exampleCount) },
            Column(title: "positives") { s, _ in number(s.positives) },
            Column(title: "AUC") { s, _ in rate(s.auc.value) },
            Column(title: "FPR") { _, t in rate(t.counts.falsePositiveRate) },
            Column(title: "FNR") { _, t in rate(t.counts.falseNegativeRate) },
            Column(title: "TPR") { _, t in rate(t.counts.truePositiveRate) },
            Column(title: "TNR") { _, t in rate(t.counts.trueNegativeRate) },
            Column(title: "pos.rate") { _, t in rate(t.counts.positiveRate) },
            Column(title: "precision") { _, t in rate(t.counts.precision) },
            Column(title: "accuracy") { _, t in rate(t.counts.accuracy) },
        ]
        let names = result.slices.map { shown($0.name) }
        let nameWidth = max(5, names.map { $0.count + 2 }.max() ?? 0)
        for (index, point) in result.operatingPoints.enumerated() {
            out += "\n" + bold(point.heading) + "\n"
            var header = pad("slice", nameWidth, left: true)
            for column in columns { header += "  " + pad(column.title, max(9, column.title.count)) }
            out += dim(header) + "\n"
            var previousSpec: [String]? = nil
            for (slice, name) in zip(result.slices, names) {
                if let previousSpec, previousSpec != slice.features { out += "\n" }
                previousSpec = slice.features
                let small = report.isWithheld(slice)
                anySmall = anySmall || small
                var line = pad(name + (small ? " *" : ""), nameWidth, left: true)
                for (position, column) in columns.enumerated() {
                    // Counts stay visible for a withheld slice; its rates do not.
                    let text = small && position >= 2 ? "·" : column.value(slice, slice.thresholds[index])
                    line += "  " + pad(text, max(9, column.title.count))
                }
                out += (small ? dim(line) : line) + "\n"
            }
        }
        out += scoreAnalyses(names: names, nameWidth: nameWidth)
        out += gapSummary()
        if let baselineColumn = result.baselineScoreColumn {
            out += "\n" + bold("versus the baseline model '\(shown(baselineColumn))'") + " (largest gaps, baseline → candidate; flips of decisions)\n"
            for (index, threshold) in result.thresholds.enumerated() {
                var line = "  at " + pad(JSONWriter.format(threshold), 5, left: true)
                if let flips = result.slices[0].baseline?.flips[index] { line += "  flips " + rate(flips.flipRate) }
                out += line + "\n"
                for (spec, gaps) in report.gapChanges(at: index) {
                    out += "    " + pad(shown(spec), 18, left: true) + gaps.map { gap in
                        "  \(Self.shortName(gap.rate)) \(rate(gap.before)) → \(rate(gap.now))"
                    }.joined() + "\n"
                }
            }
        }
        return out
    }

    /// Per spec and threshold, the largest gaps of the headline rates between slices with at
    /// least the minimum slice size.
    private func gapSummary() -> String {
        let headline: [ConfusionMatrix.Rate] = [.falsePositiveRate, .falseNegativeRate, .positiveRate, .precision]
        var out = "\n" + bold("gaps between slices") + " (largest − smallest; slices with ≥ \(report.analysis.minimumSliceSize) examples)\n"
        for spec in report.analysis.specs {
            for step in spec.thresholds {
                var line = "  " + pad(shown(spec.name), 18, left: true) + " at " + pad(step.point.description, 5, left: true)
                for entry in step.rates where headline.contains(entry.rate) {
                    line += "  " + Self.shortName(entry.rate) + " " + rate(entry.largestGap)
                    if let interval = entry.gapBootstrapInterval { line += " [" + rate(interval.lower) + ", " + rate(interval.upper) + "]" }
                }
                out += line + "\n"
            }
        }
        if report.result.bootstrapReplicates != nil {
            out += "  [bootstrap percentile interval of the gap, \(report.result.bootstrapReplicates!) replicates]\n"
        }
        out += significance(headline)
        return out
    }

    /// The differences from the comparison group that survive the Benjamini–Hochberg correction,
    /// with their Wilson interval of the difference (Newcombe) and q-value.
    private func significance(_ headline: [ConfusionMatrix.Rate]) -> String {
        let analysis = report.analysis
        var lines: [String] = []
        for spec in analysis.specs {
            for step in spec.thresholds {
                for entry in step.rates where headline.contains(entry.rate) {
                    for comparison in entry.comparisons where comparison.isSignificant {
                        var line = "  \(pad(shown(comparison.slice), 26, left: true)) at \(pad(step.point.description, 5, left: true))"
                        line += "  \(pad(Self.shortName(entry.rate), 9, left: true)) \(rate(comparison.value))"
                        if let difference = comparison.testedDifference {
                            line += "  Δ vs \(shown(comparison.testedAgainst ?? "rest")) " + (difference >= 0 ? "+" : "") + rate(difference)
                        }
                        if let interval = comparison.testedDifferenceInterval {
                            line += " [" + rate(interval.lower) + ", " + rate(interval.upper) + "]"
                        }
                        line += "  q " + (comparison.qValue.map { $0 < 0.0001 ? "<0.0001" : rate($0) } ?? "—")
                        lines.append(line)
                    }
                }
            }
        }
        let header = "\n" + bold("significant differences") + " (vs the reference slice, or the rest of the data; Benjamini–Hochberg over \(analysis.testCount) tests, q ≤ \(JSONWriter.format(analysis.alpha)); Δ with \(JSONWriter.format(analysis.confidence * 100))% Newcombe interval)\n"
        return header + (lines.isEmpty ? "  none\n" : lines.joined(separator: "\n") + "\n")
    }

    static func shortName(_ rate: ConfusionMatrix.Rate) -> String {
        switch rate {
        case .falsePositiveRate: return "FPR"
        case .falseNegativeRate: return "FNR"
        case .truePositiveRate: return "TPR"
        case .trueNegativeRate: return "TNR"
        case .positiveRate: return "pos.rate"
        case .negativeRate: return "neg.rate"
        case .precision: return "precision"
        case .recall: return "recall"
        case .falseDiscoveryRate: return "FDR"
        case .falseOmissionRate: return "FOR"
        case .accuracy: return "accuracy"
        }
    }

    func rate(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.4f", value)
    }

    private func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? grouped(Int(value)) : String(format: "%.2f", value)
    }

    private func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out += "," }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + padding : padding + text
    }

    func shown(_ text: String) -> String { TerminalText.visible(text) }

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    private func red(_ text: String) -> String { color ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
}
