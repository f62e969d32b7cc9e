/// JUnit XML for CI test reporters: each gate is a test case, failed gates carry a `<failure>`
/// with the observed value, the bound and the slices responsible. Text from the input goes through
/// `XMLText`, so the document is well-formed XML 1.0 whatever the slice values and file name.
public struct JUnitReport {
    let gates: [GateResult]
    let path: String
    let suite: String

    public init(report: FairnessReport) {
        self.init(gates: report.gates, path: report.result.input.path, suite: "rai fairness gates")
    }

    /// The gates of any command, in a suite named `suite: path`.
    public init(gates: [GateResult], path: String, suite: String) {
        self.gates = gates
        self.path = path
        self.suite = suite
    }

    public func render() -> String {
        let failures = gates.filter { !$0.passed }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"rai\" tests=\"\(gates.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"\(XMLText.escape(suite)): \(XMLText.escape(path))\" tests=\"\(gates.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for gate in gates {
            out += "    <testcase classname=\"rai.gates\" name=\"\(XMLText.escape(gate.gate.text))\">"
            if gate.passed {
                out += "</testcase>\n"
                continue
            }
            var message = gate.observed.map { "observed \(JSONWriter.format($0)), bound \(gate.gate.comparison.rawValue) \(JSONWriter.format(gate.gate.bound))" }
                ?? "no value to compare"
            if let threshold = gate.threshold { message += " at threshold \(JSONWriter.format(threshold))" }
            // Each slice and the reason are escaped apart, so that only rai's own line break
            // separates them.
            var detail = gate.slices.isEmpty ? "" : "slices: " + gate.slices.map(XMLText.escape).joined(separator: ", ")
            if let reason = gate.reason { detail += (detail.isEmpty ? "" : "\n") + XMLText.escape(reason) }
            out += "\n      <failure message=\"\(XMLText.escape(message))\" type=\"fairness-gate\">\(detail)</failure>\n    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
