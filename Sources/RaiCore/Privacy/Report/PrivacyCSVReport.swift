/// Tidy long-form CSV of `rai privacy`: one row per slice and metric (`spec,slice,metric,value,
/// lower,upper`), gates first with spec `gate`. Cells are written by `CSVField`.
struct PrivacyCSVReport {
    let report: PrivacyReport

    func render() -> String {
        var out = "spec,slice,metric,value,lower,upper\n"
        for gate in report.gates {
            out += row("gate", gate.gate.text, gate.passed ? "passed" : "failed", gate.observed)
        }
        for slice in report.result.slices {
            let spec = slice.features.isEmpty ? "overall" : slice.features.joined(separator: "&")
            out += row(spec, slice.name, "members", Double(slice.members))
            out += row(spec, slice.name, "non_members", Double(slice.nonMembers))
            out += row(spec, slice.name, "base_rate", slice.baseRate)
            out += row(spec, slice.name, "attack_auc", slice.auc.value, slice.aucInterval?.lower, slice.aucInterval?.upper)
            out += row(spec, slice.name, "advantage", slice.advantage)
            out += row(spec, slice.name, "advantage_chance_level", slice.advantageChanceLevel)
            out += row(spec, slice.name, "ppv", slice.positivePredictiveValue)
        }
        return out
    }

    private func row(_ spec: String, _ slice: String, _ metric: String, _ value: Double?, _ lower: Double? = nil, _ upper: Double? = nil) -> String {
        [CSVField.text(spec), CSVField.text(slice), CSVField.text(metric), number(value), number(lower), number(upper)]
            .joined(separator: ",") + "\n"
    }

    private func number(_ value: Double?) -> String { value.map { CSVField.number(JSONWriter.format($0)) } ?? "" }
}
