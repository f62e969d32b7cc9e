import Foundation
import RaiCore

/// `rai.json`: every option of `rai eval` as a key (its long name, `-` or `_` alike), so a CI job
/// can keep its slices, thresholds and gates in the repository. Flags given on the command line
/// win over the file's values; a repeatable option given on the command line replaces the file's
/// list. `file` names the input when the command line does not.
enum ConfigFile {
    static let defaultName = "rai.json"

    /// The options found in `path`, as if they had been typed.
    static func load(_ path: String, options: [OptionSpec]) throws(RaiError) -> ParsedArguments {
        let data = Data(try ByteSource.readAll(path, limit: 16 << 20, kind: "a config file"))
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .usage("\(path): the config file must hold one JSON object")
        }
        var parsed = ParsedArguments()
        for (rawKey, value) in object.sorted(by: { $0.key < $1.key }) {
            let key = rawKey.replacingOccurrences(of: "_", with: "-")
            if key == "file" {
                guard let file = value as? String else { throw .usage("\(path): 'file' must be a string") }
                parsed.positionals = [file]
                continue
            }
            if key == "help" || key == "config" { throw .usage("\(path): '\(rawKey)' is not allowed in a config file") }
            guard let option = options.first(where: { $0.name == key }) else {
                var message = "\(path): unknown key '\(rawKey)'"
                if let suggestion = ArgumentParser.closest(to: key, among: options.map(\.name).filter { $0 != "help" && $0 != "config" } + ["file"]) {
                    message += ". Did you mean '\(suggestion)'?"
                }
                throw .usage(message)
            }
            if option.valueName == nil {
                guard isBoolean(value), let flag = value as? Bool else { throw .usage("\(path): '\(rawKey)' must be true or false") }
                if flag { parsed.values[key] = [""] }
                continue
            }
            var values: [String]
            if let list = value as? [Any] {
                values = try list.map { (item: Any) throws(RaiError) -> String in try text(item, key: rawKey, path: path) }
                if key == "thresholds" { values = [values.joined(separator: ",")] }
            } else {
                values = [try text(value, key: rawKey, path: path)]
            }
            if !option.repeatable && values.count > 1 { throw .usage("\(path): '\(rawKey)' takes one value") }
            parsed.values[key] = values
        }
        return parsed
    }

    private static func text(_ value: Any, key: String, path: String) throws(RaiError) -> String {
        if let string = value as? String { return string }
        if let number = value as? NSNumber, !isBoolean(value) { return number.stringValue }
        throw .usage("\(path): '\(key)' must be a string or a number")
    }

    /// Whether a parsed JSON value was `true` or `false`. `value is Bool` cannot tell: Foundation
    /// bridges the numbers 0 and 1 (and 1.0, -0.0) to `Bool` as well. JSON booleans are the only
    /// `NSNumber`s of C type `char`.
    private static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// The command line over the config: flags given win, repeatable lists included.
    static func merge(_ config: ParsedArguments, under commandLine: ParsedArguments) -> ParsedArguments {
        var merged = config
        for (key, values) in commandLine.values { merged.values[key] = values }
        if !commandLine.positionals.isEmpty { merged.positionals = commandLine.positionals }
        return merged
    }
}
