/// JUnit XML of `rai privacy`'s gates for CI test reporters, as `JUnitReport` does for eval.
/// Text from the input goes through `XMLText`.
struct PrivacyJUnitReport {
    let report: PrivacyReport

    func render() -> String {
        let failures = report.failedGates.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"rai\" tests=\"\(report.gates.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"rai privacy gates: \(XMLText.escape(report.result.input.path))\" tests=\"\(report.gates.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for gate in report.gates {
            out += "    <testcase classname=\"rai.privacy\" name=\"\(XMLText.escape(gate.gate.text))\">"
            if gate.passed {
                out += "</testcase>\n"
                continue
            }
            let message = gate.observed.map { "observed \(JSONWriter.format($0)), bound \(gate.gate.comparison.rawValue) \(JSONWriter.format(gate.gate.bound))" }
                ?? "no value to compare"
            var detail = gate.slices.isEmpty ? "" : "slices: " + gate.slices.map(XMLText.escape).joined(separator: ", ")
            if let reason = gate.reason { detail += (detail.isEmpty ? "" : "\n") + XMLText.escape(reason) }
            out += "\n      <failure message=\"\(XMLText.escape(message))\" type=\"privacy-gate\">\(detail)</failure>\n    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
