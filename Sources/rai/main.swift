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

signal(SIGPIPE, SIG_IGN)
let arguments = Array(CommandLine.arguments.dropFirst())
let status: ExitStatus
switch arguments.first {
case nil, "-h", "--help", "help":
    if arguments.count >= 2 && arguments[0] == "help" && arguments[1] == "eval" {
        Output.write(EvalCommand.help)
    } else if arguments.count >= 2 && arguments[0] == "help" && arguments[1] == "merge" {
        Output.write(MergeCommand.help)
    } else if arguments.count >= 2 && arguments[0] == "help" && arguments[1] == "card" {
        Output.write(CardCommand.help)
    } else {
        Output.write(topLevelHelp)
    }
    status = arguments.isEmpty ? .usage : .success
case "--version":
    Output.write(raiVersion + "\n")
    status = .success
case "eval":
    do {
        status = try EvalCommand.run(Array(arguments.dropFirst()), version: raiVersion)
    } catch {
        Output.error(error, usage: error.exitStatus == .usage ? EvalCommand.usage : nil)
        status = error.exitStatus
    }
case "merge":
    do {
        status = try MergeCommand.run(Array(arguments.dropFirst()), version: raiVersion)
    } catch {
        Output.error(error, usage: error.exitStatus == .usage ? MergeCommand.usage : nil)
        status = error.exitStatus
    }
case "card":
    do {
        status = try CardCommand.run(Array(arguments.dropFirst()))
    } catch {
        Output.error(error, usage: error.exitStatus == .usage ? CardCommand.usage : nil)
        status = error.exitStatus
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
