import RaiCore

/// `rai completions bash|zsh|fish`: prints the completion script of a shell (`Completions`).
enum CompletionsCommand {
    static let options: [OptionSpec] = [
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai completions bash|zsh|fish"

    static var help: String {
        """
        OVERVIEW: Print a completion script for bash, zsh or fish.

        The script completes every subcommand, flag and enumerated value, and file names where a
        file is expected. It is generated from the same option tables as the help.

        USAGE: \(usage)

        ARGUMENTS:
          bash|zsh|fish           The shell to complete in.

        OPTIONS:
        \(OptionSpec.helpText(options))
        EXAMPLES:
          source <(rai completions bash)                          # in ~/.bashrc
          rai completions zsh > "${fpath[1]}/_rai"                 # then restart zsh
          rai completions fish > ~/.config/fish/completions/rai.fish

        """
    }

    static func run(_ arguments: [String]) throws(RaiError) -> ExitStatus {
        let parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            try OutputTarget.standardOutput.write(help)
            return .success
        }
        let names = Completions.Shell.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = parsed.positionals.first else { throw .usage("missing the shell: one of \(names)") }
        if parsed.positionals.count > 1 { throw .usage("unexpected argument '\(parsed.positionals[1])'") }
        guard let shell = Completions.Shell(rawValue: name) else { throw .usage("unknown shell '\(name)'; choose one of: \(names)") }
        try OutputTarget.standardOutput.write(Completions.script(for: shell, commands: Subcommand.all))
        return .success
    }
}
