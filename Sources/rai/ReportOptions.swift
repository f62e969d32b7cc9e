import Foundation
import RaiCore

/// The options that shape a report from counts — format, gates, references, confidence, the
/// comparison, the smallest slice, the output — shared by `rai eval` and `rai merge`, parsed once
/// and checked against what is counted before any row is read.
struct ReportOptions {
    static let options: [OptionSpec] = [
        OptionSpec("format", value: ReportFormat.allCases.map(\.rawValue).joined(separator: "|"),
                   help: "Report format (default: text); github writes workflow commands and the job summary (see README)."),
        OptionSpec("gate", value: "expression", repeatable: true,
                   help: "A check that fails the run with exit status 1, e.g. 'gap(fpr, race, 0.5) <= 0.05'. Repeatable; see README."),
        OptionSpec("reference", value: "column=value[,column=value]", repeatable: true,
                   help: "Reference slice of a spec for differences and ratios, e.g. race=white (default: overall). One per spec."),
        OptionSpec("confidence", value: "level", help: "Confidence level of intervals; 1 − level is the false discovery rate for significance (default: 0.95)."),
        OptionSpec("compare", value: "reference|rest", help: "Test each slice against the reference slice (default; the rest of the data when the reference is overall) or always against the rest."),
        OptionSpec("min-slice-size", value: "n", help: "Slices with fewer examples are flagged and left out of gaps and gates (default: 30)."),
        OptionSpec("calibration", help: "Calibration per slice: mean score and label, calibration, Brier score, log loss, ECE and the reliability curve."),
        OptionSpec("calibration-bins", value: "n", help: "Equal-width bins of [0, 1] for ECE and the reliability curve (default: 10); implies --calibration."),
        OptionSpec("top-n", value: "n", repeatable: true,
                   help: "An operating point where the N highest scores of the file are predicted positive (ties at the cut-off included). Repeatable."),
        OptionSpec("top-percent", value: "p", repeatable: true,
                   help: "An operating point where the P% highest scores of the file are predicted positive. Repeatable."),
        OptionSpec("group-thresholds", value: "file",
                   help: "Also evaluate each slice of a spec at its own threshold, from 'rai thresholds --format json'."),
        OptionSpec("curves", help: "ROC and precision-recall curves per slice, with average precision."),
        OptionSpec("curve-points", value: "n", help: "Most points kept per curve and slice, all exact (default: 200); implies --curves."),
    ]

    /// The options above that only shape a report, which a partial result does not have.
    static let reportOnly = options.map(\.name)

    var format: ReportFormat = .text
    var gates: [Gate] = []
    var references: [ReferenceChoice] = []
    var confidence = 0.95
    var compareWithRest = false
    var minimumSliceSize = 30
    /// Calibration and curves, computed from the score tables when the report shows them or a gate needs them.
    var scoreAnalyses = ScoreAnalyses.none
    /// With `--format github` in GitHub Actions: the job summary file.
    var stepSummary: OutputTarget?

    /// `inputs` are the files the command reads, which the job summary may not be.
    init(_ parsed: ParsedArguments, counting parameters: EvalParameters, reading inputs: [String] = []) throws(RaiError) {
        if let name = parsed.last("format") {
            guard let format = ReportFormat(rawValue: name) else {
                throw .usage("unknown report format '\(name)'; choose one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.format = format
        }
        if format == .github { stepSummary = try GitHubOutput.stepSummary(reading: inputs) }
        for text in parsed.all("gate") {
            var gate = try Gate.parse(text)
            try gate.check(against: parameters)
            gates.append(gate)
        }
        for text in parsed.all("reference") {
            let choice = try ReferenceChoice.parse(text)
            _ = try choice.spec(in: parameters.slices)
            references.append(choice)
        }
        if let text = parsed.last("confidence") {
            guard let value = DecimalParser.parse(text), value > 0, value < 1 else {
                throw .usage("'--confidence' needs a level between 0 and 1, e.g. 0.9, got '\(text)'")
            }
            // Intervals take the normal quantile at 0.5 + level / 2, which must stay below 1 in
            // floating point: 0.9999999999999999 rounds it to 1.
            guard 0.5 + value / 2 < 1 else {
                throw .usage("'--confidence' \(text) is too close to 1 to compute intervals; the highest level is 0.9999999999999998")
            }
            confidence = value
        }
        switch parsed.last("compare") {
        case nil, "reference": compareWithRest = false
        case "rest": compareWithRest = true
        case let other?: throw .usage("'--compare' takes reference or rest, got '\(other)'")
        }
        if let text = parsed.last("min-slice-size") {
            guard let value = Int(text), value >= 0 else { throw .usage("'--min-slice-size' needs a whole number, got '\(text)'") }
            minimumSliceSize = value
        }
        try parseScoreAnalyses(parsed, counting: parameters)
    }

    /// `--calibration[-bins]` and `--curves`/`--curve-points`, also turned on by a gate that needs them.
    private mutating func parseScoreAnalyses(_ parsed: ParsedArguments, counting parameters: EvalParameters) throws(RaiError) {
        func count(_ name: String, minimum: Int, maximum: Int) throws(RaiError) -> Int? {
            guard let text = parsed.last(name) else { return nil }
            guard let value = Int(text), value >= minimum, value <= maximum else {
                throw .usage("'--\(name)' needs a whole number from \(minimum) to \(maximum), got '\(text)'")
            }
            return value
        }
        let bins = try count("calibration-bins", minimum: 1, maximum: 1_000)
        let points = try count("curve-points", minimum: 2, maximum: 100_000)
        if bins != nil || parsed.has("calibration") || gates.contains(where: \.needsCalibration) {
            scoreAnalyses.calibrationBins = bins ?? ScoreAnalyses.defaultCalibrationBins
        }
        if points != nil || parsed.has("curves") || gates.contains(where: \.needsCurves) {
            scoreAnalyses.curvePoints = points ?? ScoreAnalyses.defaultCurvePoints
        }
        var rules: [TopRows] = []
        for text in parsed.all("top-n") {
            guard let n = Int(text), n > 0 else { throw .usage("'--top-n' needs a positive whole number, got '\(text)'") }
            rules.append(.count(n))
        }
        for text in parsed.all("top-percent") {
            guard let p = DecimalParser.parse(text), p > 0, p <= 100 else {
                throw .usage("'--top-percent' needs a number above 0 and at most 100, got '\(text)'")
            }
            rules.append(.percent(p))
        }
        // A gate at a top-rows point that no flag asked for adds it.
        for rule in rules + gates.compactMap(\.topRows) where !scoreAnalyses.topRows.contains(rule) { scoreAnalyses.topRows.append(rule) }
        if let path = parsed.last("group-thresholds") {
            let bytes = try ByteSource.readAll(path, limit: 16 << 20, kind: "a thresholds file")
            scoreAnalyses.groupThresholds = try GroupThresholds.parse(bytes, path: path, counted: parameters.slices)
        }
        if !scoreAnalyses.topRows.isEmpty || scoreAnalyses.groupThresholds != nil {
            // Top-rows points count rows, which the tables of a weighted run do not hold.
            let conflict = parameters.weightColumn != nil && !scoreAnalyses.topRows.isEmpty ? "--weight"
                : parameters.baselineScoreColumn != nil ? "--baseline-score"
                : parameters.bootstrap != nil ? "--bootstrap" : nil
            if let conflict {
                throw .usage("--top-n, --top-percent and --group-thresholds count from the score tables; they do not combine with \(conflict) yet")
            }
        }
        if scoreAnalyses != .none && parameters.classes != nil {
            throw .usage("calibration, curves, top-n points and group thresholds are for binary models; this run has classes")
        }
        if scoreAnalyses != .none && parameters.scoreBudget == nil {
            throw .usage("calibration, curves and top-n points are computed from the score tables, which --no-auc turns off")
        }
    }

    /// Prints the data warnings, renders the report of `result` to `target` and returns the run's
    /// status: 1 when a gate failed.
    func finish(_ result: EvaluationResult, to target: OutputTarget, quiet: Bool, version: String) throws(RaiError) -> ExitStatus {
        if !quiet {
            for line in result.dataWarnings { Output.note(line) }
        }
        let color = format == .text && target.isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        // The reference's values are known only now: one that matches no slice, or a withheld one, is refused.
        let resolved = try ReferenceChoice.resolve(references, in: result, minimumSliceSize: minimumSliceSize)
        if let missing = result.missingGroupThresholds.first {
            throw .usage("--group-thresholds gives no threshold for \(missing)\(result.missingGroupThresholds.count > 1 ? " (and \(result.missingGroupThresholds.count - 1) more)" : "")")
        }
        // Classes named by a glob are known only now.
        if let classes = result.classes {
            for gate in gates { if let name = gate.className { try gate.checkClass(name, among: classes.names) } }
        }
        let report = FairnessReport(result: result, references: resolved, confidence: confidence, minimumSliceSize: minimumSliceSize,
                            compareWithRest: compareWithRest, gates: gates, version: version)
        if format == .github {
            try GitHubOutput.write(GitHubReport(report: report), to: target, summary: stepSummary)
        } else {
            try target.write(format.renderBytes(report, color: color))
        }
        if !quiet && format != .text {
            for gate in report.failedGates {
                Output.note("gate failed: \(gate.gate.text)" + (gate.observed.map { " (observed \($0))" } ?? "") + (gate.reason.map { ": \($0)" } ?? ""))
            }
        }
        return report.failedGates.isEmpty ? .success : .gateFailed
    }
}
