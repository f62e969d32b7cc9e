import Foundation

/// Checks that a saved `rai eval` report still reads as rai wrote it before a card is built from
/// it: a report edited by hand, or cut and pasted together, would otherwise give a card with rows
/// of zeros and dashes and no word of why. Each problem is one sentence; the card is still made.
enum ReportConsistency {
    /// The rates the card shows per slice.
    static let shownRates = ["false_positive_rate", "false_negative_rate", "positive_rate", "precision"]

    /// `primary` is the operating point the card shows: checked in each slice's entries, or, for
    /// a multi-class or multi-label report, in each class's slices (`classes[…].slices`).
    static func problems(in report: [String: Any], slices: [[String: Any]], primary: OperatingPoint?) -> [String] {
        let classes = report["classes"] as? [[String: Any]]
        var problems: [String] = []
        var overall: Int?
        var countBySpec: [Set<String>: Int] = [:]
        for (index, slice) in slices.enumerated() {
            guard let name = slice["name"] as? String, let values = slice["slice"] as? [String: Any],
                  let count = slice["example_count"] as? Int, count >= 0 else {
                problems.append("slice \(index + 1) lacks a name, its values or a whole example_count")
                continue
            }
            if values.isEmpty { overall = count }
            countBySpec[Set(values.keys), default: 0] += count
            if let auc = slice["auc"], !isRate(auc) { problems.append("slice '\(name)': auc \(shown(auc)) is not a number from 0 to 1 nor null; shown as —") }
            if let primary, classes == nil { problems += entryProblems(slice, name: name, at: primary) }
        }
        for one in classes ?? [] {
            guard let primary else { break }
            let label = "class \(quoted(one["class"] as? String ?? "?"))"
            for slice in one["slices"] as? [[String: Any]] ?? [] {
                if let auc = slice["auc"], !isRate(auc) { problems.append("\(label), slice '\(slice["name"] as? String ?? "?")': auc \(shown(auc)) is not a number from 0 to 1 nor null; shown as —") }
                problems += entryProblems(slice, name: slice["name"] as? String ?? "?", at: primary).map { "\(label), \($0)" }
            }
        }
        let input = report["input"] as? [String: Any] ?? [:]
        if let overall, let used = input["rows_used"] as? Int, overall != used {
            problems.append("the overall slice has \(overall) examples but input.rows_used is \(used)")
        }
        let specs = (report["parameters"] as? [String: Any])?["slices"] as? [[String]] ?? []
        for spec in specs {
            let sum = countBySpec[Set(spec)]
            if sum == nil {
                problems.append("no slice of spec \(spec.joined(separator: " × ")), which parameters.slices lists")
            } else if let overall, sum != overall {
                problems.append("the slices of spec \(spec.joined(separator: " × ")) add up to \(sum!) examples, not the overall \(overall)")
            }
        }
        let gates = report["gates"] as? [[String: Any]] ?? []
        let failed = gates.contains { $0["passed"] as? Bool != true }
        let expected = gates.isEmpty ? "no gates" : failed ? "fail" : "pass"
        if let verdict = report["verdict"] as? String, verdict != expected {
            problems.append("verdict '\(verdict)' does not match the gates, which say '\(expected)'")
        }
        return problems
    }

    /// A slice's entry at an operating point: `threshold` equal to it (and no `top_k`), or
    /// `top_k` equal to k.
    static func entry(of slice: [String: Any], at point: OperatingPoint) -> [String: Any]? {
        (slice["thresholds"] as? [[String: Any]])?.first { matches($0, point) }
    }

    /// Whether an entry (of a slice's or an analysis' `thresholds`) is at `point`.
    static func matches(_ entry: [String: Any], _ point: OperatingPoint) -> Bool {
        if let k = point.topK { return entry["top_k"] as? Int == k }
        return entry["threshold"] as? Double == point.threshold && !(entry["top_k"] is Int)
    }

    private static func entryProblems(_ slice: [String: Any], name: String, at point: OperatingPoint) -> [String] {
        guard let entry = entry(of: slice, at: point) else {
            let at = point.topK.map { "top_k=\($0)" } ?? "threshold \(point.description)"
            return ["slice '\(name)' has no entry at \(at); its rates are shown as —"]
        }
        return shownRates.compactMap { rate in
            guard let value = entry[rate], !isRate(value) else { return nil }
            return "slice '\(name)': \(rate) \(shown(value)) is not a number from 0 to 1 nor null; shown as —"
        }
    }

    /// A JSON number from 0 to 1, or null.
    private static func isRate(_ value: Any) -> Bool {
        if value is NSNull { return true }
        guard let number = value as? Double else { return false }
        return number >= 0 && number <= 1
    }

    private static func shown(_ value: Any) -> String {
        if let text = value as? String { return quoted(text) }
        return quoted(String(describing: value))
    }
}
