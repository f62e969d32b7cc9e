import Foundation

/// The keys of a model card's metadata file (see the README's *Model cards*): each section holds
/// fields whose values are a string or a list of strings; two sections are such values
/// themselves. Anything else is ignored by the card, so it is reported: a misspelt key or a value
/// of the wrong type would otherwise just become a "not provided" placeholder.
enum CardMetadata {
    /// Each section and its fields; nil for a section that is a string or a list of strings.
    static let sections: [(key: String, fields: [String]?)] = [
        ("model_details", ["name", "version", "owners", "date", "description", "license", "references"]),
        ("intended_use", ["primary_uses", "primary_users", "out_of_scope"]),
        ("factors", ["relevant"]),
        ("metrics", ["decision_thresholds"]),
        ("evaluation_data", ["dataset", "motivation", "preprocessing"]),
        ("ethical_considerations", nil),
        ("caveats_and_recommendations", nil),
    ]

    /// The text of a value: a string, or the strings of a list (other items are left out and
    /// reported by `problems`); nil when there is none.
    static func strings(_ value: Any?) -> [String]? {
        if let text = value as? String { return text.isEmpty ? nil : [text] }
        guard let list = value as? [Any] else { return nil }
        let texts = list.compactMap { $0 as? String }.filter { !$0.isEmpty }
        return texts.isEmpty ? nil : texts
    }

    /// What the card ignores in `meta`, one sentence each.
    static func problems(in meta: [String: Any]) -> [String] {
        var problems: [String] = []
        for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
            guard let section = sections.first(where: { $0.key == key }) else {
                problems.append(unknown(key, among: sections.map(\.key)))
                continue
            }
            guard let fields = section.fields else {
                problems += check(value, at: key)
                continue
            }
            guard let object = value as? [String: Any] else {
                problems.append("'\(key)' must be an object with the keys \(fields.joined(separator: ", ")); it is ignored")
                continue
            }
            for (field, value) in object.sorted(by: { $0.key < $1.key }) {
                if fields.contains(field) {
                    problems += check(value, at: "\(key).\(field)")
                } else {
                    problems.append(unknown("\(key).\(field)", among: fields.map { "\(key).\($0)" }))
                }
            }
        }
        return problems
    }

    private static func unknown(_ key: String, among known: [String]) -> String {
        "unknown key '\(key)' is ignored" + (Spelling.closest(to: key, among: known).map { "; did you mean '\($0)'?" } ?? "")
    }

    private static func check(_ value: Any, at key: String) -> [String] {
        if value is String { return [] }
        guard let list = value as? [Any] else { return ["'\(key)' must be a string or a list of strings; it is ignored"] }
        let others = list.filter { !($0 is String) }.count
        if others == 0 { return [] }
        return ["'\(key)' has " + (others == 1 ? "1 item that is not a string" : "\(others) items that are not strings") + "; left out"]
    }
}
