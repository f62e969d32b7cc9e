import Foundation
import RaiCore

/// The version printed by `rai --version` and written into every JSON report.
let raiVersion = "0.1.0"

let topLevelHelp = """
OVERVIEW: rai tells whether a model treats groups of people differently.

Reads prediction files (CSV, TSV, JSONL), slices them by feature columns and their crosses, and
reports Fairness Indicators metrics per slice at each decision threshold.

USAGE: rai <subcommand>

OPTIONS:
  -h, --help              Show help information.
  --version               Show the version.

SUBCOMMANDS:
  eval                    Compute per-slice metrics, gaps and gates for a prediction file.
  merge                   Merge partial results of 'rai eval --partial' into one report.
  card                    Write a model card from a saved eval JSON report.

  See 'rai <subcommand> --help' for detailed help.

"""

// A reader that closes the pipe is seen as EPIPE by `OutputTarget`, which ends the writing quietly.
signal(SIGPIPE, SIG_IGN)
StandardDescriptors.reserve()
// Arguments that are not UTF-8 (file names) keep their bytes for the file system.
let arguments = (1..<Int(CommandLine.argc)).map { FileSystemName.argument(CommandLine.unsafeArgv[$0]!) }

/// Runs one command; an error becomes its message on standard error and its exit status.
func run(usage: String, _ body: () throws(RaiError) -> ExitStatus) -> ExitStatus {
    do {
        return try body()
    } catch {
        Output.error(error, usage: error.exitStatus == .usage ? usage : nil)
        return error.exitStatus
    }
}

let status: ExitStatus
switch arguments.first {
case nil, "-h", "--help", "help":
    status = run(usage: "rai <subcommand>") { () throws(RaiError) -> ExitStatus in
        if arguments.count >= 2 && arguments[0] == "help" && arguments[1] == "eval" {
            try OutputTarget.standardOutput.write(EvalCommand.help)
        } else if arguments.count >= 2 && arguments[0] == "help" && arguments[1] == "merge" {
            try OutputTarget.standardOutput.write(MergeCommand.help)
        } else if arguments.count >= 2 && arguments[0] == "help" && arguments[1] == "card" {
            try OutputTarget.standardOutput.write(CardCommand.help)
        } else {
            try OutputTarget.standardOutput.write(topLevelHelp)
        }
        return arguments.isEmpty ? .usage : .success
    }
case "--version":
    status = run(usage: "rai <subcommand>") { () throws(RaiError) -> ExitStatus in
        try OutputTarget.standardOutput.write(raiVersion + "\n")
        return .success
    }
case "eval":
    status = run(usage: EvalCommand.usage) { () throws(RaiError) -> ExitStatus in
        try EvalCommand.run(Array(arguments.dropFirst()), version: raiVersion)
    }
case "merge":
    status = run(usage: MergeCommand.usage) { () throws(RaiError) -> ExitStatus in
        try MergeCommand.run(Array(arguments.dropFirst()), version: raiVersion)
    }
case "card":
    status = run(usage: CardCommand.usage) { () throws(RaiError) -> ExitStatus in
        try CardCommand.run(Array(arguments.dropFirst()))
    }
default:
    var message = "unknown subcommand '\(arguments[0])'"
    if let known = ["eval", "merge", "card"].first(where: { ArgumentParser.editDistance(arguments[0], $0) <= 2 }) {
        message += ". Did you mean '\(known)'?"
    }
    Output.error(.usage(message), usage: "rai <subcommand>")
    status = .usage
}
exit(status.rawValue)
