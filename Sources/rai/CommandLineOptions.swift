import RaiCore

/// One option of a subcommand: declared once, it drives both parsing and `--help`.
struct OptionSpec {
    let name: String
    let short: Character?
    /// The placeholder of the option's value, or nil for a flag.
    let valueName: String?
    let help: String
    let repeatable: Bool

    init(_ name: String, short: Character? = nil, value: String? = nil, repeatable: Bool = false, help: String) {
        self.name = name
        self.short = short
        self.valueName = value
        self.help = help
        self.repeatable = repeatable
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
    static func closest(to name: String, among names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}
