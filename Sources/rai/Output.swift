import RaiCore

/// Notes, warnings and errors on standard error. Reports and cards go through `OutputTarget`.
/// Notes and errors name files, columns and values from the input: they are printed through
/// `TerminalText`, so that no input can move the cursor or forge a line.
enum Output {
    static func note(_ text: String) {
        StandardError.write(TerminalText.visible(text) + "\n")
    }

    /// Writes terminal control sequences as they are: only for the progress line, whose text rai
    /// composes itself.
    static func drawProgress(_ sequence: String) {
        StandardError.write(sequence)
    }

    static func error(_ error: RaiError, usage: String?) {
        var text = "Error: \(TerminalText.visible(error.message))\n"
        if let usage { text += "Usage: \(usage)\n  See '\(usage.split(separator: " ").prefix(2).joined(separator: " ")) --help'.\n" }
        StandardError.write(text)
    }
}
