import RaiCore

/// One option of a subcommand: declared once, it drives parsing, `--help`, the shell completions
/// and the man page (`Completions`, `ManPage`), so none of them can miss a flag.
///
/// The placeholder says what a value is: `a|b|c` enumerates the values the option takes (shells
/// complete them), and `file` names a file (shells complete file names).
struct OptionSpec {
    let name: String
    let short: Character?
    /// The placeholder of the option's value, or nil for a flag.
    let valueName: String?
    let help: String
    let repeatable: Bool

    /// The values the option takes when its placeholder lists them (`csv|tsv|jsonl`); else empty.
    var choices: [String] {
        guard let valueName, valueName.contains("|"), !valueName.contains(" ") else { return [] }
        return valueName.split(separator: "|").map(String.init)
    }

    /// Whether the value names a file.
    var takesFile: Bool { valueName == "file" }

    init(_ name: String, short: Character? = nil, value: String? = nil, repeatable: Bool = false, help: String) {
        self.name = name
        self.short = short
        self.valueName = value
        self.help = help
        self.repeatable = repeatable
    }
}

extension OptionSpec {
    /// The OPTIONS section of a command's `--help`: each flag on a line, its help indented below.
    static func helpText(_ options: [OptionSpec]) -> String {
        var text = ""
        for option in options {
            var flag = "--\(option.name)"
            if let short = option.short { flag = "-\(short), " + flag }
            if let value = option.valueName { flag += " <\(value)>" }
            text += "  " + flag + "\n" + "        " + option.help + "\n"
        }
        return text
    }
}

/// Options and positional arguments as the user wrote them, before any meaning is given.
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func last(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { values[name] != nil }
}

enum ArgumentParser {
    /// Splits `arguments` by the option table: `--name value`, `--name=value`, `-x value`, flags,
    /// and `--` to end options. A value that starts with `--` must be attached: `--name=--value`.
    static func parse(_ arguments: [String], options: [OptionSpec]) throws(RaiError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name: String
            var inlineValue: String?
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
            } else {
                let letters = argument.dropFirst()
                guard letters.count == 1, let spec = options.first(where: { $0.short == letters.first }) else {
                    throw .usage("unknown option '\(argument)'")
                }
                name = spec.name
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                var message = "unknown option '--\(name)'"
                if let suggestion = closest(to: name, among: options.map(\.name)) { message += ". Did you mean '--\(suggestion)'?" }
                throw .usage(message)
            }
            if spec.valueName != nil {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    // `--label --score s` forgot the label: an option is never taken as a value,
                    // unless attached, as in `--label=--odd-name`.
                    guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                        throw .usage("missing value for '--\(name) <\(spec.valueName!)>'"
                                     + (index < arguments.count ? "; to give a value that starts with '--', write --\(name)=VALUE" : ""))
                    }
                    value = arguments[index]
                    index += 1
                }
                if !spec.repeatable && parsed.has(name) && parsed.last(name) != value {
                    throw .usage("'--\(name)' was given more than once")
                }
                parsed.values[name, default: []].append(value)
            } else {
                if inlineValue != nil { throw .usage("'--\(name)' takes no value") }
                parsed.values[name, default: []].append("")
            }
        }
        return parsed
    }

    /// The option name within edit distance 2 of `name`, if one is clearly closest.
    static func closest(to name: String, among names: [String]) -> String? { Spelling.closest(to: name, among: names) }

    static func editDistance(_ a: String, _ b: String) -> Int { Spelling.editDistance(a, b) }
}
