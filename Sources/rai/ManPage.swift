/// `rai help --man`: the manual page in roff (man(7) macros), generated from `Subcommand.all`
/// and the option tables, like the help and the completions. Install it with
/// `rai help --man > /usr/local/share/man/man1/rai.1`; read it without installing with
/// `rai help --man | man -l -`.
enum ManPage {
    static func render(commands: [Subcommand], version: String) -> String {
        var out = """
        .TH RAI 1 "" "rai \(roff(version))" "User Commands"
        .SH NAME
        rai \\- tell whether a model treats groups of people differently
        .SH SYNOPSIS
        .B rai
        .I subcommand
        .RI [ options ]
        .br
        .B rai help
        .RB [ \\-\\-man ]
        .RI [ subcommand ]
        .SH DESCRIPTION
        rai reads prediction files (CSV, TSV, JSON Lines), slices them by feature columns and their
        crosses, and reports Fairness Indicators metrics per slice at each decision threshold, with
        the gaps between slices, their uncertainty and significance, and pass/fail gates for CI.
        .SH COMMANDS

        """
        for command in commands {
            out += ".SS \(roff("rai " + command.name))\n"
            out += roff(command.summary) + "\n.PP\n.B Usage:\n" + roff(command.usage) + "\n"
            for option in command.options {
                var flag = "\\fB" + roff("--" + option.name) + "\\fR"
                if let short = option.short { flag = "\\fB" + roff("-" + String(short)) + "\\fR, " + flag }
                if let value = option.valueName { flag += " \\fI" + roff(value) + "\\fR" }
                out += ".TP\n" + flag + "\n" + roff(option.help) + (option.repeatable ? " (repeatable)" : "") + "\n"
            }
        }
        out += """
        .SH EXIT STATUS
        .TP
        .B 0
        success: every gate passed, or there were none
        .TP
        .B 1
        a fairness gate failed
        .TP
        .B 64
        usage error: unknown flag, missing value, malformed gate or configuration
        .TP
        .B 65
        invalid input data: missing column, bad label, score or weight, ragged row
        .TP
        .B 66
        the input cannot be opened or read
        .TP
        .B 73
        the output cannot be created
        .TP
        .B 74
        writing the output failed part way
        .SH ENVIRONMENT
        .TP
        .B NO_COLOR
        when set, the text report on a terminal has no colour
        .TP
        .B GITHUB_STEP_SUMMARY
        with \\fB\\-\\-format github\\fR, the file the Markdown job summary is appended to (set by GitHub Actions)
        .SH FILES
        .TP
        .I rai.json
        options read by \\fBrai eval\\fR from the current directory, when present; flags win
        .SH SEE ALSO
        The README of rai: formulas of every metric, the gate grammar, the JSON schema and CI recipes.

        """
        return out
    }

    /// `text` as roff text: backslashes as `\e`, hyphens as `\-` (so flags copy as ASCII), other
    /// than ASCII as `\[uXXXX]` (troff reads bytes, not UTF-8), and a `\&` before a leading `.`
    /// or `'`, which would start a request.
    static func roff(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case _ where scalar.value > 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            default: out.unicodeScalars.append(scalar)
            }
        }
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
