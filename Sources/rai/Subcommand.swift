import RaiCore

/// One subcommand of `rai`: its name, what it does in a line, its option table and how it runs.
/// `main.swift` dispatches through `Subcommand.all`, so the top-level help, `rai help NAME` and
/// the did-you-mean suggestion list every command from this one table.
struct Subcommand: Sendable {
    let name: String
    /// One line for the top-level help.
    let summary: String
    let usage: String
    let options: [OptionSpec]
    let help: @Sendable () -> String
    let run: @Sendable ([String]) throws(RaiError) -> ExitStatus
    /// The values its arguments take, for shell completion; empty means file names.
    var argumentChoices: [String] = []

    /// Every subcommand, in the order the top-level help lists them.
    static let all: [Subcommand] = [
        Subcommand(name: "eval", summary: "Compute per-slice metrics, gaps and gates for a prediction file.",
                   usage: EvalCommand.usage, options: EvalCommand.options, help: { EvalCommand.help },
                   run: { (arguments) throws(RaiError) in try EvalCommand.run(arguments, version: raiVersion) }),
        Subcommand(name: "merge", summary: "Merge partial results of 'rai eval --partial' into one report.",
                   usage: MergeCommand.usage, options: MergeCommand.options, help: { MergeCommand.help },
                   run: { (arguments) throws(RaiError) in try MergeCommand.run(arguments, version: raiVersion) }),
        Subcommand(name: "thresholds", summary: "Choose per-slice thresholds at least cost under a fairness strategy.",
                   usage: ThresholdsCommand.usage, options: ThresholdsCommand.options, help: { ThresholdsCommand.help },
                   run: { (arguments) throws(RaiError) in try ThresholdsCommand.run(arguments, version: raiVersion) }),
        Subcommand(name: "privacy", summary: "Membership-inference tests per slice from predictions on training and held-out rows.",
                   usage: PrivacyCommand.usage, options: PrivacyCommand.options, help: { PrivacyCommand.help },
                   run: { (arguments) throws(RaiError) in try PrivacyCommand.run(arguments, version: raiVersion) }),
        Subcommand(name: "card", summary: "Write a model card from a saved eval JSON report.",
                   usage: CardCommand.usage, options: CardCommand.options, help: { CardCommand.help },
                   run: { (arguments) throws(RaiError) in try CardCommand.run(arguments) }),
        Subcommand(name: "completions", summary: "Print a completion script for bash, zsh or fish.",
                   usage: CompletionsCommand.usage, options: CompletionsCommand.options, help: { CompletionsCommand.help },
                   run: { (arguments) throws(RaiError) in try CompletionsCommand.run(arguments) },
                   argumentChoices: Completions.Shell.allCases.map(\.rawValue)),
    ]

    static func named(_ name: String) -> Subcommand? { all.first { $0.name == name } }

    /// `rai --help`: the overview and every subcommand.
    static var topLevelHelp: String {
        let width = max(24, (all.map(\.name.count).max() ?? 0) + 2)
        let list = all.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
        return """
        OVERVIEW: rai tells whether a model treats groups of people differently.

        Reads prediction files (CSV, TSV, JSONL), slices them by feature columns and their crosses, and
        reports Fairness Indicators metrics per slice at each decision threshold.

        USAGE: rai <subcommand>

        OPTIONS:
          -h, --help              Show help information.
          --version               Show the version.

        'rai help <subcommand>' prints a subcommand's help; 'rai help --man' prints the manual page (roff).

        SUBCOMMANDS:
        \(list.joined(separator: "\n"))

          See 'rai <subcommand> --help' for detailed help.

        """
    }
}
