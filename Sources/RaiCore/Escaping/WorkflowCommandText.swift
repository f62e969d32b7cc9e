/// The escaping rule for text in GitHub Actions workflow commands (`::error title=…::message`),
/// which the runner reads from standard output one line at a time.
///
/// The runner (`actions/runner`, `ActionCommand.TryParseV2`) splits a command at its first `::`
/// after the name, splits the properties at `,` and each at its first `=`, then undoes `%0D`,
/// `%0A` (and, in properties, `%3A`, `%2C`) and finally `%25`. So a message escapes `%`, CR and LF,
/// and a property also `:` and `,`, `%` first so that no escape is read twice. Hidden characters
/// take their visible notation first (`TerminalText`): the log viewer interprets ANSI escapes,
/// and a value with a line break then shows as `\n` rather than as two lines. Whatever the input,
/// each command stays one line that starts with `::`, so no value can issue a command of its own
/// (`::stop-commands::`, `::add-mask::`) or end the one it is in.
public enum WorkflowCommandText {
    /// `text` as the message of a workflow command, after the last `::`.
    public static func message(_ text: String) -> String {
        escape(TerminalText.visible(text), also: [])
    }

    /// `text` as a property value (`title=`, `file=`), before the `::` that ends the properties.
    public static func property(_ text: String) -> String {
        escape(TerminalText.visible(text), also: [":", ","])
    }

    private static func escape(_ text: String, also extra: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out.append(contentsOf: "%25".unicodeScalars)
            case "\r": out.append(contentsOf: "%0D".unicodeScalars)
            case "\n": out.append(contentsOf: "%0A".unicodeScalars)
            case ":" where extra.contains(scalar): out.append(contentsOf: "%3A".unicodeScalars)
            case "," where extra.contains(scalar): out.append(contentsOf: "%2C".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
