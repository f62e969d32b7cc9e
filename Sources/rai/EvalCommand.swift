import Foundation
import RaiCore

/// `rai eval`: parse flags into an `EvaluationRequest`, evaluate, render, write.
enum EvalCommand {
    static let options: [OptionSpec] = [
        OptionSpec("label", value: "column", help: "Column holding the true label (0/1, true/false, or see --positive-label)."),
        OptionSpec("score", value: "column", help: "Column holding the model score; predicted positive when score > threshold."),
        OptionSpec("slice", value: "column[,column…]", repeatable: true,
                   help: "Slice by a column, or by the cross of several (comma-separated). Repeatable. The overall slice is always reported."),
        OptionSpec("thresholds", value: "list", help: "Comma-separated decision thresholds (default: 0.1,0.2,…,0.9)."),
        OptionSpec("weight", value: "column", help: "Column of non-negative example weights; all counts and rates become weighted."),
        OptionSpec("baseline-score", value: "column",
                   help: "A second model's score column: reports each metric's change, flip rates, and allows change(…) gates."),
        OptionSpec("positive-label", value: "value", help: "Label value that means positive; every other value is negative."),
        OptionSpec("input-format", value: "csv|tsv|jsonl", help: "Input format (default: from the file extension, else sniffed)."),
        OptionSpec("delimiter", value: "char", help: "Field delimiter for delimited input (default: ',' for CSV, tab for TSV)."),
        OptionSpec("format", value: "text|json|markdown|html|csv|junit", help: "Report format (default: text)."),
        OptionSpec("gate", value: "expression", repeatable: true,
                   help: "A check that fails the run with exit status 1, e.g. 'gap(fpr, race, 0.5) <= 0.05'. Repeatable; see README."),
        OptionSpec("reference", value: "column=value[,column=value]", repeatable: true,
                   help: "Reference slice of a spec for differences and ratios, e.g. race=white (default: overall). One per spec."),
        OptionSpec("confidence", value: "level", help: "Confidence level of intervals; 1 − level is the false discovery rate for significance (default: 0.95)."),
        OptionSpec("compare", value: "reference|rest", help: "Test each slice against the reference slice (default; the rest of the data when the reference is overall) or always against the rest."),
        OptionSpec("bootstrap", value: "n", help: "Poisson bootstrap with N replicates: percentile intervals for every rate, AUC and gap."),
        OptionSpec("seed", value: "s", help: "Seed of the bootstrap (default: 0); the same seed gives the same intervals on any thread count."),
        OptionSpec("min-slice-size", value: "n", help: "Slices with fewer examples are flagged and left out of gaps and gates (default: 30)."),
        OptionSpec("output", short: "o", value: "file", help: "Write the report to a file instead of standard output."),
        OptionSpec("skip-invalid", help: "Skip rows with a bad label, score or weight, or a ragged row, and report how many and why."),
        OptionSpec("threads", value: "n", help: "Worker threads (default: all cores)."),
        OptionSpec("block-size", value: "bytes", help: "Read block size, e.g. 4M or 65536 (default: 2M)."),
        OptionSpec("max-line-length", value: "bytes",
                   help: "The longest header or row read, line ending included, e.g. 64M (default: 16M); a longer one stops the run."),
        OptionSpec("score-budget", value: "n",
                   help: "Score buckets kept for exact AUC before they are coarsened (default: 262144)."),
        OptionSpec("no-auc", help: "Skip AUC: threshold metrics only, faster and in less memory."),
        OptionSpec("config", value: "file", help: "Read options from a JSON file (default: rai.json in the current directory, when present); flags win."),
        OptionSpec("quiet", short: "q", help: "No progress line and no notes on standard error."),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai eval <file> --label <column> --score <column> [--slice <column[,column…]>]… [<options>]"

    static var help: String {
        var text = """
        OVERVIEW: Compute Fairness Indicators metrics per slice and threshold for a prediction file.

        USAGE: \(usage)

        ARGUMENTS:
          <file>                  CSV, TSV or JSONL file of predictions, one row per example; '-' reads standard input.

        OPTIONS:

        """
        for option in options {
            var flag = "--\(option.name)"
            if let short = option.short { flag = "-\(short), " + flag }
            if let value = option.valueName { flag += " <\(value)>" }
            text += "  " + flag + "\n" + "        " + option.help + "\n"
        }
        text += """

        EXIT STATUS:
          0 success (every gate passed); 1 a gate failed; 64 usage error; 65 invalid input data;
          66 cannot read input; 73 cannot write output.

        EXAMPLE:
          rai eval preds.csv --label label --score score --slice sex --slice race --slice sex,race --thresholds 0.5

        """
        return text
    }

    static func run(_ arguments: [String], version: String) throws(RaiError) -> ExitStatus {
        var parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            Output.write(help)
            return .success
        }
        let configPath = parsed.last("config") ?? (FileManager.default.fileExists(atPath: ConfigFile.defaultName) ? ConfigFile.defaultName : nil)
        if let configPath {
            parsed = ConfigFile.merge(try ConfigFile.load(configPath, options: options), under: parsed)
        }
        var request = try makeRequest(parsed)
        var gates: [Gate] = []
        for text in parsed.all("gate") { gates.append(try Gate.parse(text)) }
        for gate in gates {
            if !gate.spec.isEmpty && !request.slices.contains(gate.spec) {
                throw .usage("gate '\(gate.text)' uses slice spec \(gate.spec.joined(separator: "&")), which is not among the --slice flags")
            }
            if let threshold = gate.threshold, !request.thresholds.contains(threshold) {
                throw .usage("gate '\(gate.text)' uses threshold \(threshold), which is not among --thresholds")
            }
            if (gate.isChange || gate.isFlipMetric) && request.baselineScoreColumn == nil {
                throw .usage("gate '\(gate.text)' compares with a baseline model; add --baseline-score COLUMN")
            }
            if gate.metric == "auc" && !request.computeAUC {
                throw .usage("gate '\(gate.text)' needs AUC, which --no-auc turns off")
            }
        }
        _ = try references(parsed)
        _ = try confidence(parsed)
        _ = try compareWithRest(parsed)
        let format = try parsed.last("format").map { (name: String) throws(RaiError) -> ReportFormat in
            guard let format = ReportFormat(rawValue: name) else {
                throw .usage("unknown report format '\(name)'; choose one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return format
        } ?? .text
        request.computeDigest = format == .html
        let quiet = parsed.has("quiet")
        let source = request.path == "-" ? nil : FileManager.default.regularFileSize(request.path)
        let progress = !quiet && isatty(2) != 0 ? ProgressReporter(totalBytes: source) : nil
        let result = try Evaluator.evaluate(request, progress: progress)
        if !quiet {
            for column in result.input.renamedColumns {
                Output.note("warning: duplicate column name '\(column.original)' renamed to '\(column.renamed)'")
            }
            // A positive label that never matches (">50K" against ">50K.") makes every row a
            // negative without any error; say so.
            if let overall = result.slices.first, overall.exampleCount > 0 {
                if request.weightColumn != nil && overall.weightedExampleCount == 0 {
                    // Not "no positive label": there are positive labels, with no weight.
                    Output.note("warning: every weight is zero: every count is zero and every rate and AUC undefined")
                } else if overall.positives == 0 {
                    let hint = request.positiveLabel.map { "no label equals '\($0)'; check its exact spelling" } ?? "no row has a positive label"
                    Output.note("warning: \(hint): every row counts as negative, so TPR, FNR, precision and AUC are undefined")
                } else if overall.negatives == 0 {
                    Output.note("warning: every row has a positive label: FPR, TNR and AUC are undefined")
                }
            }
            if result.input.rowsSkipped > 0 {
                let reasons = result.input.skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
                Output.note("note: skipped \(result.input.rowsSkipped) of \(result.input.rowsRead) rows (\(reasons))")
            }
        }
        let output = parsed.last("output")
        let color = format == .text && output == nil && isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let report = Report(result: result, references: try references(parsed), confidence: try confidence(parsed),
                            minimumSliceSize: try nonNegativeInteger(parsed, "min-slice-size") ?? 30,
                            compareWithRest: try compareWithRest(parsed), gates: gates, version: version)
        let rendered = format.renderBytes(report, color: color)
        if let output {
            try Output.write(bytes: rendered, toFile: output)
        } else {
            Output.write(bytes: rendered)
        }
        if !quiet && format != .text {
            for gate in report.failedGates {
                Output.note("gate failed: \(gate.gate.text)" + (gate.observed.map { " (observed \($0))" } ?? "") + (gate.reason.map { ": \($0)" } ?? ""))
            }
        }
        return report.failedGates.isEmpty ? .success : .gateFailed
    }

    /// `--reference race=white` and `--reference sex=female,race=black`, keyed by the spec's
    /// columns joined with commas. An empty value means the missing slice.
    static func references(_ parsed: ParsedArguments) throws(RaiError) -> [String: [String?]] {
        var references: [String: [String?]] = [:]
        for text in parsed.all("reference") {
            var columns: [String] = []
            var values: [String?] = []
            for pair in text.split(separator: ",") {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw .usage("'--reference \(text)' needs column=value pairs, e.g. race=white")
                }
                columns.append(String(pair[..<equals]))
                let value = String(pair[pair.index(after: equals)...])
                values.append(value.isEmpty ? nil : value)
            }
            references[columns.joined(separator: ",")] = values
        }
        return references
    }

    static func compareWithRest(_ parsed: ParsedArguments) throws(RaiError) -> Bool {
        switch parsed.last("compare") {
        case nil, "reference": return false
        case "rest": return true
        case let other?: throw .usage("'--compare' takes reference or rest, got '\(other)'")
        }
    }

    static func confidence(_ parsed: ParsedArguments) throws(RaiError) -> Double {
        guard let text = parsed.last("confidence") else { return 0.95 }
        guard let value = DecimalParser.parse(text), value > 0, value < 1 else {
            throw .usage("'--confidence' needs a level between 0 and 1, e.g. 0.9, got '\(text)'")
        }
        return value
    }

    private static func nonNegativeInteger(_ parsed: ParsedArguments, _ name: String) throws(RaiError) -> Int? {
        guard let text = parsed.last(name) else { return nil }
        guard let value = Int(text), value >= 0 else { throw .usage("'--\(name)' needs a whole number, got '\(text)'") }
        return value
    }

    static func makeRequest(_ parsed: ParsedArguments) throws(RaiError) -> EvaluationRequest {
        guard let path = parsed.positionals.first else { throw .usage("missing input file (use '-' for standard input)") }
        if parsed.positionals.count > 1 { throw .usage("unexpected argument '\(parsed.positionals[1])'") }
        guard let label = parsed.last("label") else { throw .usage("missing '--label <column>'") }
        guard let score = parsed.last("score") else { throw .usage("missing '--score <column>'") }
        var inputFormat: InputFormat?
        if let name = parsed.last("input-format") {
            guard let format = InputFormat(rawValue: name.lowercased()) else {
                throw .usage("unknown input format '\(name)'; choose one of: csv, tsv, jsonl")
            }
            inputFormat = format
        }
        var delimiter: UInt8?
        if let text = parsed.last("delimiter") {
            let resolved = text == "\\t" || text.lowercased() == "tab" ? "\t" : text
            guard resolved.utf8.count == 1, let byte = resolved.utf8.first, byte != .init(ascii: "\""),
                  byte != .init(ascii: "\n"), byte != .init(ascii: "\r") else {
                throw .usage("'--delimiter' must be a single ASCII character other than a quote or newline, got '\(text)'")
            }
            delimiter = byte
        }
        var slices: [[String]] = []
        for spec in parsed.all("slice") {
            let columns = spec.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            if columns.contains(where: \.isEmpty) { throw .usage("empty column name in '--slice \(spec)'") }
            if Set(columns).count != columns.count { throw .usage("a column repeats in '--slice \(spec)'") }
            if !slices.contains(columns) { slices.append(columns) }
        }
        var thresholds = EvaluationRequest.defaultThresholds
        if let list = parsed.last("thresholds") {
            thresholds = []
            for item in list.split(separator: ",", omittingEmptySubsequences: false) {
                let text = item.trimmingCharacters(in: .whitespaces)
                guard let value = DecimalParser.parse(text) else {
                    throw .usage("threshold '\(text)' in '--thresholds \(list)' is not a number")
                }
                thresholds.append(value)
            }
        }
        let threads = try positiveInteger(parsed, "threads") ?? ProcessInfo.processInfo.activeProcessorCount
        let blockSize = try byteSize(parsed.last("block-size"), flag: "block-size") ?? EvaluationRequest.defaultBlockSize
        let maximumLineLength = try byteSize(parsed.last("max-line-length"), flag: "max-line-length")
            ?? EvaluationRequest.defaultMaximumLineLength
        let budget = try positiveInteger(parsed, "score-budget") ?? EvaluationRequest.defaultScoreBudget
        var bootstrap: (replicates: Int, seed: UInt64)?
        if let replicates = try positiveInteger(parsed, "bootstrap") {
            guard replicates <= 10_000 else { throw .usage("'--bootstrap' takes at most 10000 replicates") }
            let seedText = parsed.last("seed") ?? "0"
            guard let seed = UInt64(seedText) else { throw .usage("'--seed' needs a non-negative whole number, got '\(seedText)'") }
            bootstrap = (replicates, seed)
        } else if parsed.has("seed") {
            throw .usage("'--seed' only applies with --bootstrap N")
        }
        var request = EvaluationRequest(
            path: path, format: inputFormat, delimiter: delimiter, labelColumn: label, scoreColumn: score,
            weightColumn: parsed.last("weight"), baselineScoreColumn: parsed.last("baseline-score"), positiveLabel: parsed.last("positive-label"), slices: slices,
            thresholds: thresholds, skipInvalid: parsed.has("skip-invalid"), threads: threads,
            blockSize: blockSize, scoreBudget: budget, computeAUC: !parsed.has("no-auc"))
        request.bootstrap = bootstrap
        request.maximumLineLength = maximumLineLength
        return request
    }

    private static func positiveInteger(_ parsed: ParsedArguments, _ name: String) throws(RaiError) -> Int? {
        guard let text = parsed.last(name) else { return nil }
        guard let value = Int(text), value > 0 else { throw .usage("'--\(name)' needs a positive integer, got '\(text)'") }
        return value
    }

    /// Parses `65536`, `64K`, `4M`, `1G`.
    static func byteSize(_ text: String?, flag: String) throws(RaiError) -> Int? {
        guard let text else { return nil }
        var digits = text.uppercased()
        var unit = 1
        if let last = digits.last, let scale = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30][String(last)] {
            unit = scale
            digits.removeLast()
        }
        guard let value = Int(digits), value > 0, value <= (1 << 31) / unit else {
            throw .usage("'--\(flag)' needs a size such as 65536, 64K or 4M, got '\(text)'")
        }
        return value * unit
    }
}

extension FileManager {
    /// The size of the regular file at `path` (through symbolic links), or nil.
    func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }
}
