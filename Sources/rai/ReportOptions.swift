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
    ]

    /// The options above that only shape a report, which a partial result does not have.
    static let reportOnly = options.map(\.name)

    var format: ReportFormat = .text
    var gates: [Gate] = []
    var references: [ReferenceChoice] = []
    var confidence = 0.95
    var compareWithRest = false
    var minimumSliceSize = 30
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
