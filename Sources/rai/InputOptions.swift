import Foundation
import RaiCore

/// Reading options shared by the commands that read rows: the input format, the delimiter, the
/// slice specs and whole-number options, each parsed with the same messages.
enum InputOptions {
    static func inputFormat(_ parsed: ParsedArguments) throws(RaiError) -> InputFormat? {
        guard let name = parsed.last("input-format") else { return nil }
        guard let format = InputFormat(rawValue: name.lowercased()) else {
            throw .usage("unknown input format '\(name)'; choose one of: csv, tsv, jsonl")
        }
        return format
    }

    static func delimiter(_ parsed: ParsedArguments) throws(RaiError) -> UInt8? {
        guard let text = parsed.last("delimiter") else { return nil }
        let resolved = text == "\\t" || text.lowercased() == "tab" ? "\t" : text
        guard resolved.utf8.count == 1, let byte = resolved.utf8.first, byte != .init(ascii: "\""),
              byte != .init(ascii: "\n"), byte != .init(ascii: "\r") else {
            throw .usage("'--delimiter' must be a single ASCII character other than a quote or newline, got '\(text)'")
        }
        return byte
    }

    /// The `--slice` specs, each once (`sex,race` and `race,sex` are the same: the first spelling is kept).
    static func sliceSpecs(_ parsed: ParsedArguments) throws(RaiError) -> [[String]] {
        var slices: [[String]] = []
        for spec in parsed.all("slice") {
            let columns = spec.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            if columns.contains(where: \.isEmpty) { throw .usage("empty column name in '--slice \(spec)'") }
            if Set(columns).count != columns.count { throw .usage("a column repeats in '--slice \(spec)'") }
            if !slices.contains(where: { Set($0) == Set(columns) }) { slices.append(columns) }
        }
        return slices
    }

    static func positiveInteger(_ parsed: ParsedArguments, _ name: String) throws(RaiError) -> Int? {
        guard let text = parsed.last(name) else { return nil }
        guard let value = Int(text), value > 0 else { throw .usage("'--\(name)' needs a positive integer, got '\(text)'") }
        return value
    }
}
