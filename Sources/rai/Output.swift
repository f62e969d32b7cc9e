import RaiCore

/// Notes, warnings and errors on standard error. Reports and cards go through `OutputTarget`.
enum Output {
    static func note(_ text: String) {
        StandardError.write(text + "\n")
    }

    static func error(_ error: RaiError, usage: String?) {
        var text = "Error: \(error.message)\n"
        if let usage { text += "Usage: \(usage)\n  See 'rai eval --help'.\n" }
        StandardError.write(text)
    }
}
