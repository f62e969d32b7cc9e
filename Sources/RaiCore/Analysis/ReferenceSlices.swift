/// The `--reference` grammar: `race=white` or `sex=female,race=black`, one per slice spec.
public enum ReferenceSlices {
    /// The reference values of each spec, keyed by the spec's columns joined with commas. An
    /// empty value means the slice of rows where the column is missing.
    public static func parse(_ texts: [String]) throws(RaiError) -> [String: [String?]] {
        var references: [String: [String?]] = [:]
        for text in texts {
            var columns: [String] = []
            var values: [String?] = []
            for pair in text.split(separator: ",") {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw .usage("'--reference \(text)' needs column=value pairs, e.g. race=white")
                }
                columns.append(String(pair[..<equals]))
                let value = String(pair[pair.index(after: equals)...])
                values.append(value.isEmpty ? nil : value)
            }
            references[columns.joined(separator: ",")] = values
        }
        return references
    }
}
