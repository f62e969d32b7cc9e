/// A `--reference COL=VALUE[,COL=VALUE…]`: the slice of a spec that differences, ratios and tests
/// compare with, instead of `overall`.
///
/// A choice that matches nothing is a usage error, never a silent fall-back to `overall`: every
/// number of the spec would otherwise answer another question than the one asked. So is a
/// withheld reference (under `--min-slice-size`): its rates are not reported, so nothing may be
/// compared with them.
public struct ReferenceChoice: Equatable, Sendable {
    /// As given, for messages.
    public var text: String
    public var columns: [String]
    /// One per column; nil for the missing slice (an empty value).
    public var values: [String?]

    /// Parses `race=white` or `sex=female,race=black`; `race=` names the missing slice.
    public static func parse(_ text: String) throws(RaiError) -> ReferenceChoice {
        var choice = ReferenceChoice(text: text, columns: [], values: [])
        for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw .usage("'--reference \(text)' needs column=value pairs, e.g. race=white")
            }
            let column = String(pair[..<equals])
            guard !choice.columns.contains(column) else { throw .usage("column '\(column)' repeats in '--reference \(text)'") }
            choice.columns.append(column)
            let value = String(pair[pair.index(after: equals)...])
            choice.values.append(value.isEmpty ? nil : value)
        }
        return choice
    }

    /// The spec among `specs` with the same columns, in any order.
    public func spec(in specs: [[String]]) throws(RaiError) -> [String] {
        guard let spec = specs.first(where: { Set($0) == Set(columns) }) else {
            let known = specs.isEmpty ? "there are none" : "they are: " + specs.map { $0.joined(separator: ",") }.joined(separator: "; ")
            throw .usage("'--reference \(text)': no --slice spec has the columns \(columns.joined(separator: ",")); \(known)")
        }
        return spec
    }

    /// Checks every choice against the evaluated slices and returns them as `FairnessAnalysis`
    /// takes them: keyed by the spec's columns joined by commas, values in the spec's order.
    public static func resolve(_ choices: [ReferenceChoice], in result: EvaluationResult,
                               minimumSliceSize: Int) throws(RaiError) -> [String: [String?]] {
        var resolved: [String: [String?]] = [:]
        for choice in choices {
            let spec = try choice.spec(in: result.sliceSpecs)
            let key = spec.joined(separator: ",")
            guard resolved[key] == nil else { throw .usage("more than one --reference for the spec \(key); give one per spec") }
            let values = spec.map { column in choice.values[choice.columns.firstIndex(of: column)!] }
            let members = result.slices.filter { $0.features == spec }
            guard let slice = members.first(where: { $0.values == values }) else {
                let shown = members.prefix(20).map { $0.values.map { $0 ?? "(missing)" }.joined(separator: ",") }
                let more = members.count > shown.count ? ", … (\(members.count) in all)" : ""
                throw .usage("'--reference \(choice.text)': spec \(spec.joined(separator: ",")) has no such slice; its values are: "
                             + shown.joined(separator: "; ") + more)
            }
            guard slice.exampleCount >= minimumSliceSize else {
                throw .usage("'--reference \(choice.text)': the slice has \(slice.exampleCount) examples, fewer than --min-slice-size "
                             + "\(minimumSliceSize), so its rates are withheld; choose another reference or lower --min-slice-size")
            }
            resolved[key] = values
        }
        return resolved
    }
}
