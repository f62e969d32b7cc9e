import CRaiSupport
import Foundation
import RaiCore

/// The version printed by `rai --version` and written into every JSON report.
let raiVersion = "0.1.0"

// A reader that closes the pipe is seen as EPIPE by `OutputTarget`, which ends the writing quietly.
signal(SIGPIPE, SIG_IGN)
StandardDescriptors.reserve()
// The fully static build sees no `CommandLine` arguments where /proc is not mounted (an empty
// root); glibc's own copy, kept by CRaiSupport at start-up, has them.
let (argumentCount, argumentVector): (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) =
    CommandLine.argc > 0
        ? (Int(CommandLine.argc), CommandLine.unsafeArgv)
        : (Int(rai_startup_argc()), rai_startup_argv())
// Arguments that are not UTF-8 (file names) keep their bytes for the file system.
let arguments = (1..<max(argumentCount, 1)).map { FileSystemName.argument(argumentVector![$0]!) }

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
        if arguments.count >= 2, arguments[0] == "help", arguments[1] == "--man" {
            try OutputTarget.standardOutput.write(ManPage.render(commands: Subcommand.all, version: raiVersion))
        } else if arguments.count >= 2, arguments[0] == "help", let command = Subcommand.named(arguments[1]) {
            try OutputTarget.standardOutput.write(command.help())
        } else if arguments.count >= 2, arguments[0] == "help" {
            // `rai help evl` is a mistake, not a request for the overview: a script must not pass.
            var message = "unknown subcommand '\(arguments[1])'"
            if let known = Subcommand.all.map(\.name).first(where: { ArgumentParser.editDistance(arguments[1], $0) <= 2 }) {
                message += ". Did you mean '\(known)'?"
            }
            throw .usage(message)
        } else {
            try OutputTarget.standardOutput.write(Subcommand.topLevelHelp)
        }
        return arguments.isEmpty ? .usage : .success
    }
case "--version":
    status = run(usage: "rai <subcommand>") { () throws(RaiError) -> ExitStatus in
        try OutputTarget.standardOutput.write(raiVersion + "\n")
        return .success
    }
case let name? where Subcommand.named(name) != nil:
    let command = Subcommand.named(name)!
    status = run(usage: command.usage) { () throws(RaiError) -> ExitStatus in
        try command.run(Array(arguments.dropFirst()))
    }
default:
    var message = "unknown subcommand '\(arguments[0])'"
    if let known = Subcommand.all.map(\.name).first(where: { ArgumentParser.editDistance(arguments[0], $0) <= 2 }) {
        message += ". Did you mean '\(known)'?"
    }
    Output.error(.usage(message), usage: "rai <subcommand>")
    status = .usage
}
exit(status.rawValue)
