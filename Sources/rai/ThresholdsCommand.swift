import Foundation
import RaiCore

/// `rai thresholds`: choose per-slice thresholds at least cost, under a fairness strategy.
enum ThresholdsCommand {
    /// The eval options that say what to read for a binary model's scores (one table, no thresholds).
    static let readingOptions = EvalCommand.countingOptions.filter {
        ["label", "score", "slice", "weight", "positive-label", "input-format", "delimiter", "skip-invalid", "max-combinations",
         "threads", "block-size", "max-line-length", "score-budget"].contains($0.name)
    }

    static let options: [OptionSpec] = readingOptions + [
        OptionSpec("strategy", value: "name",
                   help: "single, group, demographic-parity, equal-opportunity, equal-accuracy or equalized-odds (randomised) (default: group)."),
        OptionSpec("cost-ratio", value: "r", help: "Cost of a false positive relative to a false negative: cost = FP × r + FN (default: 1)."),
        OptionSpec("tolerance", value: "t", help: "How far the equalised rate may differ between slices (default: 0.01; equalized-odds is exact)."),
        OptionSpec("min-slice-size", value: "n", help: "Slices with fewer rows take their least-cost threshold, unconstrained (default: 30)."),
        OptionSpec("format", value: "text|json|markdown|html", help: "Report format (default: text)."),
        OptionSpec("output", short: "o", value: "file", help: "Write the report to a file instead of standard output."),
        OptionSpec("quiet", short: "q", help: "No progress line and no notes on standard error."),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai thresholds <file> --label <column> --score <column> --slice <column[,column…]> [--strategy <name>] [<options>]"

    static var help: String {
        """
        OVERVIEW: Choose a decision threshold per slice at least cost (FP × cost ratio + FN), searching every distinct score.

        USAGE: \(usage)

        ARGUMENTS:
          <file>                  CSV, TSV or JSONL file of predictions, one row per example; '-' reads standard input.

        OPTIONS:
        \(OptionSpec.helpText(options))
        EXAMPLES:
          rai thresholds preds.csv --label label --score score --slice race --strategy demographic-parity --tolerance 0.02
          rai thresholds preds.csv --label label --score score --slice race --strategy group --cost-ratio 5 --format json -o t.json

        """
    }

    static func run(_ arguments: [String], version: String) throws(RaiError) -> ExitStatus {
        let parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            try OutputTarget.standardOutput.write(help)
            return .success
        }
        let request = try EvalCommand.makeRequest(parsed)
        guard request.slices.count == 1 else { throw .usage("rai thresholds takes exactly one '--slice' (a column, or a cross such as sex,race)") }
        let name = parsed.last("strategy") ?? ThresholdStrategy.group.rawValue
        guard let strategy = ThresholdStrategy(rawValue: name) else {
            throw .usage("unknown strategy '\(name)'; choose one of: \(ThresholdStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let costRatio = try number(parsed, "cost-ratio", default: 1)
        let tolerance = try number(parsed, "tolerance", default: 0.01)
        var minimum = 30
        if let text = parsed.last("min-slice-size") {
            guard let value = Int(text), value >= 0 else { throw .usage("'--min-slice-size' needs a whole number, got '\(text)'") }
            minimum = value
        }
        let format = parsed.last("format") ?? "text"
        guard ThresholdsReport.formats.contains(format) else {
            throw .usage("unknown report format '\(format)'; choose one of: \(ThresholdsReport.formats.joined(separator: ", "))")
        }
        let target = try OutputTarget(path: parsed.last("output"), reading: [request.path])
        let progress = TerminalProgress.forInput(request.path, quiet: parsed.has("quiet"))
        let plan = try ThresholdFinder.find(request, strategy: strategy, costRatio: costRatio, tolerance: tolerance,
                                            minimumSliceSize: minimum, progress: progress)
        try target.write(ThresholdsReport(plan: plan, version: version).render(format: format))
        return plan.infeasibleReason == nil ? .success : .gateFailed
    }

    private static func number(_ parsed: ParsedArguments, _ name: String, default value: Double) throws(RaiError) -> Double {
        guard let text = parsed.last(name) else { return value }
        guard let number = DecimalParser.parse(text), number >= 0 else { throw .usage("'--\(name)' needs a non-negative number, got '\(text)'") }
        return number
    }
}
