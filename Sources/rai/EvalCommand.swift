import Foundation
import RaiCore

/// `rai eval`: parse flags into an `EvaluationRequest`, evaluate, render, write.
enum EvalCommand {
    /// The options that say what to count: shared with nothing, since only eval reads rows.
    static let countingOptions: [OptionSpec] = [
        OptionSpec("label", value: "column", help: "Column holding the true label (0/1, true/false, or see --positive-label)."),
        OptionSpec("score", value: "column", help: "Column holding the model score; predicted positive when score > threshold."),
        OptionSpec("class-scores", value: "glob|class=column,…",
                   help: "Multi-class: one score column per class, as a glob ('p_*': the '*' part names the class) or a list cat=p_cat,dog=p_dog; --label holds the true class."),
        OptionSpec("class-score-array", value: "key",
                   help: "Multi-class, JSON Lines: a key holding an array of one score per class, its positions named by --classes (default 0, 1, …)."),
        OptionSpec("prediction", value: "column", help: "Multi-class with hard predictions only: the predicted class (needs --classes; no AUC)."),
        OptionSpec("classes", value: "list", help: "Multi-class: the class names, comma-separated, in report order (default: the score columns' names, sorted)."),
        OptionSpec("top-k", value: "list", help: "Multi-class: top-k operating points, e.g. 1,3 (a class is predicted when among the k highest scores; top-1 is always reported)."),
        OptionSpec("labels", value: "column,…", help: "Multi-label: one binary label column per task, paired in order with --scores."),
        OptionSpec("scores", value: "column,…", help: "Multi-label: one score column per task, paired in order with --labels."),
        OptionSpec("slice", value: "column[,column…]", repeatable: true,
                   help: "Slice by a column, or by the cross of several (comma-separated). Repeatable. The overall slice is always reported."),
        OptionSpec("thresholds", value: "list", help: "Comma-separated decision thresholds (default: 0.1,0.2,…,0.9)."),
        OptionSpec("weight", value: "column", help: "Column of non-negative example weights; all counts and rates become weighted."),
        OptionSpec("baseline-score", value: "column",
                   help: "A second model's score column: reports each metric's change, flip rates, and allows change(…) gates."),
        OptionSpec("positive-label", value: "value", help: "Label value that means positive; every other value is negative."),
        OptionSpec("input-format", value: "csv|tsv|jsonl", help: "Input format (default: from the file extension, else sniffed)."),
        OptionSpec("delimiter", value: "char", help: "Field delimiter for delimited input (default: ',' for CSV, tab for TSV)."),
        OptionSpec("bootstrap", value: "n", help: "Poisson bootstrap with N replicates: percentile intervals for every rate, AUC and gap."),
        OptionSpec("seed", value: "s", help: "Seed of the bootstrap (default: 0); the same seed gives the same intervals on any thread count."),
        OptionSpec("row-id", value: "column",
                   help: "With --bootstrap: key each row's replicates by this column, so they do not depend on how rows are split into files."),
        OptionSpec("bootstrap-memory", value: "bytes",
                   help: "Most memory the bootstrap's replicate counts may take, e.g. 2G; a run that needs more is refused (default: half the memory rai may use)."),
        OptionSpec("skip-invalid", help: "Skip rows with a bad label, score or weight, or a ragged row, and report how many and why."),
        OptionSpec("max-combinations", value: "n",
                   help: "Most combinations of slice values accepted before stopping (default: 100000); guards against slicing by an id."),
        OptionSpec("threads", value: "n", help: "Worker threads (default: all cores; at most 4 per core)."),
        OptionSpec("block-size", value: "bytes", help: "Read block size, e.g. 4M or 65536 (default: 2M)."),
        OptionSpec("max-line-length", value: "bytes",
                   help: "The longest header or row read, line ending included, e.g. 64M (default: 16M); a longer one stops the run."),
        OptionSpec("score-budget", value: "n",
                   help: "Score buckets kept for exact AUC before they are coarsened (default: 262144)."),
        OptionSpec("no-auc", help: "Skip AUC: threshold metrics only, faster and in less memory."),
    ]

    static let options: [OptionSpec] = countingOptions + ReportOptions.options + [
        PartialOutput.option,
        OptionSpec("output", short: "o", value: "file", help: "Write the report to a file instead of standard output."),
        OptionSpec("config", value: "file", help: "Read options from a JSON file (default: rai.json in the current directory, when present); flags win."),
        OptionSpec("quiet", short: "q", help: "No progress line and no notes on standard error."),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai eval <file> --label <column> --score <column> [--slice <column[,column…]>]… [<options>]"

    static var help: String {
        """
        OVERVIEW: Compute Fairness Indicators metrics per slice and threshold for a prediction file.

        USAGE: \(usage)

        ARGUMENTS:
          <file>                  CSV, TSV or JSONL file of predictions, one row per example; '-' reads standard input.

        OPTIONS:
        \(OptionSpec.helpText(options))
        EXIT STATUS:
          0 success (every gate passed); 1 a gate failed; 64 usage error; 65 invalid input data;
          66 cannot read input; 73 cannot create the output; 74 writing the output failed.

        EXAMPLES:
          rai eval preds.csv --label label --score score --slice sex --slice race --slice sex,race --thresholds 0.5
          rai eval part-0001.csv --label label --score score --slice race --partial -o part-0001.rai
          rai eval preds.csv --label label --class-scores 'p_*' --slice race --top-k 1,3 --gate 'max(fnr, race, top_k=1, class=cat) <= 0.2'

        """
    }

    static func run(_ arguments: [String], version: String) throws(RaiError) -> ExitStatus {
        var parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            try OutputTarget.standardOutput.write(help)
            return .success
        }
        let configPath = parsed.last("config") ?? (FileManager.default.fileExists(atPath: ConfigFile.defaultName) ? ConfigFile.defaultName : nil)
        if let configPath {
            parsed = ConfigFile.merge(try ConfigFile.load(configPath, options: options), under: parsed)
        }
        var request = try makeRequest(parsed)
        let quiet = parsed.has("quiet")
        let target = try OutputTarget(path: parsed.last("output"), reading: [request.path] + (configPath.map { [$0] } ?? []))
        let progress = TerminalProgress.forInput(request.path, quiet: quiet)
        if parsed.has("partial") {
            try PartialOutput.refuseReportOptions(parsed)
            try PartialOutput.checkDestination(target)
            let partial = try Evaluator.count(request, progress: progress)
            try PartialOutput.write(partial, to: target, version: version)
            return .success
        }
        let report = try ReportOptions(parsed, counting: EvalParameters(request), reading: [request.path] + (configPath.map { [$0] } ?? []))
        request.computeDigest = report.format == .html
        let result = try Evaluator.evaluate(request, scoreAnalyses: report.scoreAnalyses, progress: progress)
        return try report.finish(result, to: target, quiet: quiet, version: version)
    }

    static func makeRequest(_ parsed: ParsedArguments) throws(RaiError) -> EvaluationRequest {
        guard let path = parsed.positionals.first else { throw .usage("missing input file (use '-' for standard input)") }
        if parsed.positionals.count > 1 { throw .usage("unexpected argument '\(parsed.positionals[1])'") }
        let classes = try classRequest(parsed)
        var label: String, score: String
        if case .multiLabel(let labels, let scores)? = classes?.scores {
            label = labels.joined(separator: ",")
            score = scores.joined(separator: ",")
        } else {
            guard let given = parsed.last("label") else { throw .usage("missing '--label <column>'") }
            label = given
            if let classes {
                switch classes.scores {
                case .glob(let text), .array(let text), .prediction(let text): score = text
                case .columns: score = parsed.last("class-scores")!
                case .multiLabel: score = ""
                }
            } else {
                guard let given = parsed.last("score") else { throw .usage("missing '--score <column>'") }
                score = given
            }
        }
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
            // `sex,race` and `race,sex` are the same slices: keep the first spelling.
            if !slices.contains(where: { Set($0) == Set(columns) }) { slices.append(columns) }
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
        // More threads than cores only cost memory and start-up time (the result is the same for
        // any count), and tens of thousands exhaust the machine: at most 4 per core.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = min(try positiveInteger(parsed, "threads") ?? cores, 4 * cores)
        let blockSize = try byteSize(parsed.last("block-size"), option: "block-size", maximum: 1 << 31) ?? EvaluationRequest.defaultBlockSize
        let maximumLineLength = try byteSize(parsed.last("max-line-length"), option: "max-line-length", maximum: 1 << 31)
            ?? EvaluationRequest.defaultMaximumLineLength
        let budget = try positiveInteger(parsed, "score-budget") ?? EvaluationRequest.defaultScoreBudget
        var bootstrap: (replicates: Int, seed: UInt64)?
        if let replicates = try positiveInteger(parsed, "bootstrap") {
            guard replicates <= 10_000 else { throw .usage("'--bootstrap' takes at most 10000 replicates") }
            let seedText = parsed.last("seed") ?? "0"
            guard let seed = UInt64(seedText) else { throw .usage("'--seed' needs a non-negative whole number, got '\(seedText)'") }
            bootstrap = (replicates, seed)
        } else if parsed.has("seed") || parsed.has("bootstrap-memory") {
            throw .usage("'--\(parsed.has("seed") ? "seed" : "bootstrap-memory")' only applies with --bootstrap N")
        }
        var request = EvaluationRequest(
            path: path, format: inputFormat, delimiter: delimiter, labelColumn: label, scoreColumn: score,
            weightColumn: parsed.last("weight"), baselineScoreColumn: parsed.last("baseline-score"), positiveLabel: parsed.last("positive-label"), slices: slices,
            thresholds: thresholds, skipInvalid: parsed.has("skip-invalid"), threads: threads,
            blockSize: blockSize, scoreBudget: budget, computeAUC: !parsed.has("no-auc"))
        request.bootstrap = bootstrap
        request.maximumLineLength = maximumLineLength
        if let rowId = parsed.last("row-id") {
            guard bootstrap != nil else { throw .usage("'--row-id' keys bootstrap replicates; it needs --bootstrap N") }
            request.rowIdColumn = rowId
        }
        if let limit = try positiveInteger(parsed, "max-combinations") { request.maximumCombinations = limit }
        if let classes {
            var multiLabel = false
            if case .multiLabel = classes.scores { multiLabel = true }
            if !multiLabel && parsed.has("positive-label") {
                throw .usage("'--positive-label' applies to binary labels; a multi-class label names its class")
            }
            for option in ["baseline-score", "bootstrap"] where parsed.has(option) {
                throw .usage("'--\(option)' is not available for multi-class or multi-label models yet")
            }
            _ = try classes.resolve(available: nil)
            request.classes = classes
        }
        request.bootstrapMemoryBudget = try byteSize(parsed.last("bootstrap-memory"), option: "bootstrap-memory", maximum: Int.max)
        return request
    }

    /// The multi-class or multi-label options, or nil for a binary model: exactly one input form.
    static func classRequest(_ parsed: ParsedArguments) throws(RaiError) -> ClassRequest? {
        func list(_ name: String) throws(RaiError) -> [String]? {
            guard let text = parsed.last(name) else { return nil }
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if items.contains(where: \.isEmpty) { throw .usage("empty item in '--\(name) \(text)'") }
            return items
        }
        var forms: [ClassRequest.Scores] = []
        if let text = parsed.last("class-scores") {
            if text.contains("*") {
                forms.append(.glob(text))
            } else {
                var pairs: [(name: String, column: String)] = []
                for item in try list("class-scores") ?? [] {
                    guard let equals = item.firstIndex(of: "="), equals != item.startIndex, item.index(after: equals) != item.endIndex else {
                        throw .usage("'--class-scores' takes a glob such as 'p_*' or class=column pairs, got '\(item)'")
                    }
                    pairs.append((String(item[..<equals]), String(item[item.index(after: equals)...])))
                }
                forms.append(.columns(pairs))
            }
        }
        if let key = parsed.last("class-score-array") { forms.append(.array(key)) }
        if let column = parsed.last("prediction") { forms.append(.prediction(column)) }
        if let labels = try list("labels") {
            guard let scores = try list("scores") else { throw .usage("'--labels' needs '--scores', one score column per label") }
            forms.append(.multiLabel(labels: labels, scores: scores))
        } else if parsed.has("scores") {
            throw .usage("'--scores' needs '--labels', one label column per score")
        }
        guard let form = forms.first else {
            for option in ["classes", "top-k"] where parsed.has(option) {
                throw .usage("'--\(option)' needs a multi-class model: --class-scores, --class-score-array or --prediction")
            }
            return nil
        }
        if forms.count > 1 {
            throw .usage("give one of --class-scores, --class-score-array, --prediction and --labels")
        }
        if case .multiLabel = form {
            if parsed.has("label") || parsed.has("score") { throw .usage("multi-label tasks take --labels and --scores, not --label and --score") }
        } else if parsed.has("score") {
            throw .usage("a multi-class model's scores come from --class-scores or --class-score-array, not --score")
        }
        var topK: [Int] = []
        for item in try list("top-k") ?? [] {
            guard let k = Int(item), k > 0 else { throw .usage("'--top-k' needs positive whole numbers, got '\(item)'") }
            topK.append(k)
        }
        return ClassRequest(scores: form, names: try list("classes") ?? [], topK: topK)
    }

    private static func positiveInteger(_ parsed: ParsedArguments, _ name: String) throws(RaiError) -> Int? {
        guard let text = parsed.last(name) else { return nil }
        guard let value = Int(text), value > 0 else { throw .usage("'--\(name)' needs a positive integer, got '\(text)'") }
        return value
    }

    /// Parses `65536`, `64K`, `4M`, `1G`, up to `maximum` bytes.
    static func byteSize(_ text: String?, option: String, maximum: Int) throws(RaiError) -> Int? {
        guard let text else { return nil }
        var digits = text.uppercased()
        var unit = 1
        if let last = digits.last, let scale = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40][String(last)] {
            unit = scale
            digits.removeLast()
        }
        guard let value = Int(digits), value > 0, value <= maximum / unit else {
            throw .usage("'--\(option)' needs a size such as 65536, 64K or 4M, got '\(text)'")
        }
        return value * unit
    }
}
