import Foundation
import RaiCore

/// `rai data`: parse flags into a `DataRequest` and analysis options, profile the file (and the
/// `--against` file), analyse, render, write.
enum DataCommand {
    static let options: [OptionSpec] = [
        OptionSpec("label", value: "column", help: "Column holding the label (0/1, true/false, or see --positive-label): base rates per slice."),
        OptionSpec("positive-label", value: "value", help: "Label value that means positive; every other value is negative."),
        OptionSpec("slice", value: "column[,column…]", repeatable: true,
                   help: "Slice by a column, or by the cross of several (comma-separated). Repeatable. The overall slice is always reported."),
        OptionSpec("columns", value: "column[,column…]", help: "The columns to profile (default: every column)."),
        OptionSpec("against", value: "file", help: "A second file (e.g. training data) to measure drift and skew against: L∞ and Jensen–Shannon per column and slice."),
        OptionSpec("population", value: "column=value:share[,…]", repeatable: true,
                   help: "Reference shares of a slice column's values, e.g. race=white:0.6,black:0.13: observed/expected, tests, under-represented slices."),
        OptionSpec("format", value: "text|json|markdown|html|csv|junit|github", help: "Report format (default: text); github: annotations of the gates."),
        OptionSpec("gate", value: "expression", repeatable: true,
                   help: "A check that fails the run with exit status 1, e.g. 'min(share, race) >= 0.05' or 'max(js, column=age) <= 0.05'. Repeatable."),
        OptionSpec("confidence", value: "level", help: "Confidence level of intervals; 1 − level is the false discovery rate of tests (default: 0.95)."),
        OptionSpec("min-slice-size", value: "n", help: "Slices with fewer rows take no part in base-rate gaps and in missing-rate and drift gates (default: 30)."),
        OptionSpec("input-format", value: "csv|tsv|jsonl", help: "Input format (default: from the file extension, else sniffed)."),
        OptionSpec("delimiter", value: "char", help: "Field delimiter for delimited input (default: ',' for CSV, tab for TSV)."),
        OptionSpec("skip-invalid", help: "Skip rows with a bad label, or a ragged row, and report how many and why."),
        OptionSpec("max-combinations", value: "n", help: "Most combinations of slice values accepted before stopping (default: 100000)."),
        OptionSpec("threads", value: "n", help: "Worker threads (default: all cores; at most 4 per core)."),
        OptionSpec("block-size", value: "bytes", help: "Read block size, e.g. 4M or 65536 (default: 2M)."),
        OptionSpec("max-line-length", value: "bytes", help: "The longest header or row read, e.g. 64M (default: 16M)."),
        OptionSpec("output", short: "o", value: "file", help: "Write the report to a file instead of standard output."),
        OptionSpec("quiet", short: "q", help: "No progress line and no notes on standard error."),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai data <file> [--label <column>] [--slice <column[,column…]>]… [--against <file>] [<options>]"

    static var help: String {
        """
        OVERVIEW: Is the data representative, and did it shift? Representation, label balance, missingness,
        column statistics and drift per slice.

        USAGE: \(usage)

        ARGUMENTS:
          <file>                  CSV, TSV or JSONL file, one row per example; '-' reads standard input.

        OPTIONS:
        \(OptionSpec.helpText(options))
        EXIT STATUS:
          0 success (every gate passed); 1 a gate failed; 64 usage error; 65 invalid input data;
          66 cannot read input; 73 cannot create the output; 74 writing the output failed.

        EXAMPLES:
          rai data Fixtures/predictions.csv --label label --slice sex --slice race --population race=white:0.6,black:0.2
          rai data serving.csv --against training.csv --slice race --gate 'max(js, column=age) <= 0.05' --format json -o data.json

        """
    }

    static func run(_ arguments: [String], version: String) throws(RaiError) -> ExitStatus {
        let parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            try OutputTarget.standardOutput.write(help)
            return .success
        }
        guard let path = parsed.positionals.first else { throw .usage("missing input file (use '-' for standard input)") }
        if parsed.positionals.count > 1 { throw .usage("unexpected argument '\(parsed.positionals[1])'") }
        var request = DataRequest(path: path, labelColumn: parsed.last("label"), slices: try InputOptions.sliceSpecs(parsed))
        request.positiveLabel = parsed.last("positive-label")
        if parsed.has("positive-label") && request.labelColumn == nil { throw .usage("'--positive-label' needs --label") }
        if let list = parsed.last("columns") {
            let columns = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if columns.contains(where: \.isEmpty) { throw .usage("empty column name in '--columns \(list)'") }
            var unique: [String] = []
            for column in columns where !unique.contains(column) { unique.append(column) }
            request.columns = unique
        }
        request.format = try InputOptions.inputFormat(parsed)
        request.delimiter = try InputOptions.delimiter(parsed)
        request.skipInvalid = parsed.has("skip-invalid")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        request.threads = min(try InputOptions.positiveInteger(parsed, "threads") ?? cores, 4 * cores)
        request.blockSize = try EvalCommand.byteSize(parsed.last("block-size"), option: "block-size", maximum: 1 << 31) ?? request.blockSize
        request.maximumLineLength = try EvalCommand.byteSize(parsed.last("max-line-length"), option: "max-line-length", maximum: 1 << 31)
            ?? request.maximumLineLength
        if let limit = try InputOptions.positiveInteger(parsed, "max-combinations") { request.maximumCombinations = limit }

        var analysisOptions = DataAnalysis.Options()
        for text in parsed.all("population") {
            let population = try PopulationSpec.parse(text)
            guard request.slices.contains([population.column]) else {
                throw .usage("'--population \(text)' is for column \(population.column); add --slice \(population.column)")
            }
            guard !analysisOptions.populations.contains(where: { $0.column == population.column }) else {
                throw .usage("'--population' given twice for column \(population.column)")
            }
            analysisOptions.populations.append(population)
        }
        if let text = parsed.last("confidence") {
            guard let value = DecimalParser.parse(text), value > 0, value < 1, 0.5 + value / 2 < 1 else {
                throw .usage("'--confidence' needs a level between 0 and 1, e.g. 0.9, got '\(text)'")
            }
            analysisOptions.confidence = value
        }
        if let text = parsed.last("min-slice-size") {
            guard let value = Int(text), value >= 0 else { throw .usage("'--min-slice-size' needs a whole number, got '\(text)'") }
            analysisOptions.minimumSliceSize = value
        }
        let against = parsed.last("against")
        for text in parsed.all("gate") {
            var gate = try Gate.parse(text, vocabulary: .data)
            try gate.check(slices: request.slices, label: request.labelColumn != nil, against: against != nil,
                           populations: analysisOptions.populations, columns: request.columns)
            analysisOptions.gates.append(gate)
        }
        var format = ReportFormat.text
        if let name = parsed.last("format") {
            guard let chosen = ReportFormat(rawValue: name) else {
                throw .usage("unknown report format '\(name)'; choose one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            format = chosen
        }
        if against == "-" && path == "-" { throw .usage("only one of the file and --against can be standard input") }
        let quiet = parsed.has("quiet")
        let target = try OutputTarget(path: parsed.last("output"), reading: [path] + (against.map { [$0] } ?? []))
        let profile = try DataProfiler.profile(request, progress: TerminalProgress.forInput(path, quiet: quiet))
        var otherProfile: DataProfile?
        if let against {
            var other = request
            other.path = against
            other.columns = profile.columns
            otherProfile = try DataProfiler.profile(other, progress: TerminalProgress.forInput(against, quiet: quiet))
        }
        let analysis = DataAnalysis(profile: profile, against: otherProfile, options: analysisOptions)
        let color = format == .text && target.isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        try target.write(DataReportFormat.render(analysis, format: format, version: version, color: color))
        if !quiet && format != .text {
            for gate in analysis.failedGates {
                Output.note("gate failed: \(gate.gate.text)" + (gate.observed.map { " (observed \($0))" } ?? "") + (gate.reason.map { ": \($0)" } ?? ""))
            }
        }
        return analysis.failedGates.isEmpty ? .success : .gateFailed
    }
}
