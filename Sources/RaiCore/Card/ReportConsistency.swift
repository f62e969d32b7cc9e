import Foundation

/// Checks that a saved `rai eval` report still reads as rai wrote it before a card is built from
/// it: a report edited by hand, or cut and pasted together, would otherwise give a card with rows
/// of zeros and dashes and no word of why. Each problem is one sentence; the card is still made.
enum ReportConsistency {
    /// The rates the card shows per slice.
    static let shownRates = ["false_positive_rate", "false_negative_rate", "positive_rate", "precision"]

    static func problems(in report: [String: Any], slices: [[String: Any]], primary: Double?) -> [String] {
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
            guard let primary else { continue }
            guard let entry = (slice["thresholds"] as? [[String: Any]])?.first(where: { ($0["threshold"] as? Double) == primary }) else {
                problems.append("slice '\(name)' has no entry at threshold \(JSONWriter.format(primary)); its rates are shown as —")
                continue
            }
            for rate in shownRates {
                if let value = entry[rate], !isRate(value) {
                    problems.append("slice '\(name)': \(rate) \(shown(value)) is not a number from 0 to 1 nor null; shown as —")
                }
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
