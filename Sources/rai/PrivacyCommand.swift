import Foundation
import RaiCore

/// `rai privacy`: parse flags into a `PrivacyRequest`, run the membership-inference attack per
/// slice, check the gates, render, write.
enum PrivacyCommand {
    static let options: [OptionSpec] = [
        OptionSpec("member", value: "column", help: "Column saying whether the row was in the training set (1/true = member, 0/false = held out)."),
        OptionSpec("member-value", value: "value", help: "With --member: the value that means member; every other value is held out."),
        OptionSpec("train", value: "file", help: "A file of training rows (members); use with --test instead of FILE --member."),
        OptionSpec("test", value: "file", help: "A file of held-out rows (non-members); use with --train."),
        OptionSpec("loss", value: "column", help: "Column of per-example loss, the attack's signal (default: binary cross-entropy from --label and --score)."),
        OptionSpec("label", value: "column", help: "The true label (0/1, true/false, or see --positive-label): slices by class, and the loss."),
        OptionSpec("positive-label", value: "value", help: "Label value that means positive; every other value is negative."),
        OptionSpec("score", value: "column", help: "The model's score: slices by correctness (score > 0.5), and the loss."),
        OptionSpec("score-kind", value: "probability|logit", help: "What --score holds (default: probability, in [0, 1])."),
        OptionSpec("class-scores", value: "glob|class=column,…",
                   help: "Multi-class: one probability column per class ('p_*' or cat=p_cat,dog=p_dog); the loss is −log p(true class of --label)."),
        OptionSpec("class-score-array", value: "key", help: "Multi-class (JSON Lines): a JSON array of one probability per class under KEY."),
        OptionSpec("classes", value: "list", help: "Multi-class: the class names, comma-separated, in report order (default: from the score columns)."),
        OptionSpec("slice", value: "column[,column…]", repeatable: true,
                   help: "Slice by a column, or by the cross of several (comma-separated). Repeatable."),
        OptionSpec("curves", help: "Add each slice's ROC curve of the attack to the JSON report."),
        OptionSpec("format", value: "text|json|markdown|html|csv|junit|github",
                   help: "Report format (default: text); github writes workflow commands and the job summary, as rai eval does."),
        OptionSpec("gate", value: "expression", repeatable: true,
                   help: "A check that fails the run with exit status 1, e.g. 'max(attack_auc, race) <= 0.6'. Repeatable."),
        OptionSpec("min-slice-size", value: "n", help: "Slices with fewer examples have their attack metrics withheld (default: 30)."),
        OptionSpec("confidence", value: "level", help: "Confidence level of the AUC intervals (default: 0.95)."),
        OptionSpec("input-format", value: "csv|tsv|jsonl", help: "Input format (default: from the file extension, else sniffed)."),
        OptionSpec("delimiter", value: "char", help: "Field delimiter for delimited input (default: ',' for CSV, tab for TSV)."),
        OptionSpec("skip-invalid", help: "Skip rows with a bad membership, loss, label or score, and report how many and why."),
        OptionSpec("max-combinations", value: "n", help: "Most combinations of slice values accepted before stopping (default: 100000)."),
        OptionSpec("threads", value: "n", help: "Worker threads (default: all cores; at most 4 per core)."),
        OptionSpec("block-size", value: "bytes", help: "Read block size, e.g. 4M or 65536 (default: 2M)."),
        OptionSpec("max-line-length", value: "bytes", help: "The longest header or row read (default: 16M)."),
        OptionSpec("score-budget", value: "n", help: "Loss buckets kept for the exact attack ROC before they are coarsened (default: 262144)."),
        OptionSpec("output", short: "o", value: "file", help: "Write the report to a file instead of standard output."),
        OptionSpec("quiet", short: "q", help: "No progress line and no notes on standard error."),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai privacy <file> --member <column> (--loss <column> | --label <column> --score <column>) [--slice <column[,column…]>]… [<options>]"

    static var help: String {
        """
        OVERVIEW: Membership-inference tests per slice (TF Privacy's threshold attack) from predictions on training and held-out rows.

        USAGE: \(usage)
               rai privacy --train <file> --test <file> (--loss <column> | --label <column> --score <column>) [<options>]

        ARGUMENTS:
          <file>                  CSV, TSV or JSONL file with both training and held-out rows; '-' reads standard input.

        OPTIONS:
        \(OptionSpec.helpText(options))
        EXIT STATUS:
          0 success (every gate passed); 1 a gate failed; 64 usage error; 65 invalid input data;
          66 cannot read input; 73 cannot create the output; 74 writing the output failed.

        EXAMPLES:
          rai privacy preds.csv --member is_train --label label --score score --slice race --gate 'max(attack_auc, race) <= 0.6'
          rai privacy --train train.csv --test test.csv --loss loss --slice sex,race --format markdown

        """
    }

    static func run(_ arguments: [String], version: String) throws(RaiError) -> ExitStatus {
        let parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            try OutputTarget.standardOutput.write(help)
            return .success
        }
        let request = try makeRequest(parsed)
        var format = ReportFormat.text
        if let name = parsed.last("format") {
            guard let known = ReportFormat(rawValue: name) else {
                throw .usage("unknown report format '\(name)'; choose one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            format = known
        }
        var gates: [Gate] = []
        for text in parsed.all("gate") { gates.append(try Gate.parse(text, vocabulary: .privacy)) }
        let quiet = parsed.has("quiet")
        let target = try OutputTarget(path: parsed.last("output"), reading: request.paths)
        let stepSummary = format == .github ? try GitHubOutput.stepSummary(reading: request.paths) : nil
        let progress = request.paths.count == 1 ? TerminalProgress.forInput(request.paths[0], quiet: quiet) : nil
        let result = try MembershipInference.run(request, progress: progress)
        let report = PrivacyReport(result: result, gates: gates, version: version)
        let color = format == .text && target.isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        if format == .github {
            try GitHubOutput.write(report.github, to: target, summary: stepSummary)
        } else {
            try target.write(report.renderBytes(format, color: color))
        }
        if !quiet && format != .text {
            for gate in report.failedGates {
                Output.note("gate failed: \(gate.gate.text)" + (gate.observed.map { " (observed \($0))" } ?? "") + (gate.reason.map { ": \($0)" } ?? ""))
            }
        }
        return report.failedGates.isEmpty ? .success : .gateFailed
    }

    static func makeRequest(_ parsed: ParsedArguments) throws(RaiError) -> PrivacyRequest {
        let membership: PrivacyRequest.Membership
        switch (parsed.last("train"), parsed.last("test")) {
        case let (train?, test?):
            if !parsed.positionals.isEmpty { throw .usage("give either FILE --member COLUMN or --train FILE --test FILE, not both") }
            if parsed.has("member") || parsed.has("member-value") { throw .usage("--member applies to one file; with --train and --test, membership is the file") }
            membership = .files(train: train, test: test)
        case (nil, nil):
            guard let path = parsed.positionals.first else { throw .usage("missing input file (or --train FILE --test FILE)") }
            if parsed.positionals.count > 1 { throw .usage("unexpected argument '\(parsed.positionals[1])'") }
            guard let member = parsed.last("member") else { throw .usage("missing '--member <column>' (or give --train FILE --test FILE)") }
            membership = .column(path: path, column: member, memberValue: parsed.last("member-value"))
        default:
            throw .usage("--train and --test go together")
        }
        var request = PrivacyRequest(membership: membership)
        request.lossColumn = parsed.last("loss")
        request.labelColumn = parsed.last("label")
        request.scoreColumn = parsed.last("score")
        request.positiveLabel = parsed.last("positive-label")
        request.classes = try EvalCommand.classRequest(parsed)
        if request.classes != nil && request.labelColumn == nil { throw .usage("class scores need '--label <column>', the true class") }
        if request.lossColumn == nil && request.classes == nil && (request.labelColumn == nil || request.scoreColumn == nil) {
            throw .usage("give --loss COLUMN, or --label COLUMN and --score COLUMN to compute the loss (binary cross-entropy)")
        }
        if let kind = parsed.last("score-kind") {
            guard let known = LossRole.ScoreKind(rawValue: kind) else { throw .usage("'--score-kind' takes probability or logit, got '\(kind)'") }
            if known == .logit && request.classes != nil { throw .usage("'--score-kind logit' applies to a binary score; class scores must be probabilities") }
            request.scoreKind = known
        }
        // The slice options, input options and engine limits read as in `rai eval`.
        let common = try EvalCommand.makeRequest(evalView(parsed))
        request.format = common.format
        request.delimiter = common.delimiter
        request.slices = common.slices
        request.skipInvalid = common.skipInvalid
        request.threads = common.threads
        request.blockSize = common.blockSize
        request.maximumLineLength = common.maximumLineLength
        request.maximumCombinations = common.maximumCombinations
        request.scoreBudget = common.scoreBudget
        request.curves = parsed.has("curves")
        if let text = parsed.last("min-slice-size") {
            guard let value = Int(text), value >= 0 else { throw .usage("'--min-slice-size' needs a whole number, got '\(text)'") }
            request.minimumSliceSize = value
        }
        if let text = parsed.last("confidence") {
            guard let value = DecimalParser.parse(text), value > 0, value < 1, 0.5 + value / 2 < 1 else {
                throw .usage("'--confidence' needs a level between 0 and 1, e.g. 0.9, got '\(text)'")
            }
            request.confidence = value
        }
        return request
    }

    /// The options `rai privacy` shares with `rai eval` (input format, slices, engine limits), as
    /// eval's parser reads them, with placeholders for eval's required columns.
    private static func evalView(_ parsed: ParsedArguments) -> ParsedArguments {
        var view = ParsedArguments()
        view.positionals = ["-"]
        view.values["label"] = ["label"]
        view.values["score"] = ["score"]
        for name in ["input-format", "delimiter", "slice", "skip-invalid", "threads", "block-size", "max-line-length",
                     "max-combinations", "score-budget"] {
            if let values = parsed.values[name] { view.values[name] = values }
        }
        return view
    }
}
