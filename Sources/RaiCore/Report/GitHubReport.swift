/// `--format github`: the verdict of a run where reviewers look in GitHub Actions. Standard output
/// gets one workflow command per gate — `::error` for a failed gate, `::notice` for a passed one —
/// which the runner turns into annotations on the run and the pull request; the job summary (the
/// Markdown page of the run, `$GITHUB_STEP_SUMMARY`) gets a Markdown report.
///
/// It renders gate results, a title and a Markdown body, so every command with gates (`eval`,
/// `merge`, and any other that checks `GateResult`s) uses this one renderer. Text from the input
/// (gate text from a config file, slice values, reasons) goes through `WorkflowCommandText` in
/// the commands and is escaped by the body's own renderer in the summary.
public struct GitHubReport: Sendable {
    /// The most bytes GitHub shows as one step's job summary; a larger one is refused and the
    /// step gets an error annotation instead.
    public static let summaryLimit = 1 << 20

    /// What the run checked, e.g. `rai eval preds.csv`, as the annotations' title starts.
    public var title: String
    public var gates: [GateResult]
    /// The full Markdown report for the job summary, when the command has one.
    public var body: String?

    public init(title: String, gates: [GateResult], body: String?) {
        self.title = title
        self.gates = gates
        self.body = body
    }

    /// `rai eval` and `rai merge`: the gates, and the Markdown report as the summary.
    public init(report: FairnessReport) {
        self.init(title: "rai fairness gate", gates: report.gatesFailedFirst, body: MarkdownReport(report: report).render())
    }

    /// The workflow commands, one line each: failed gates first. Without gates, one notice says
    /// so, so that the run still shows what rai did.
    public func annotations() -> String {
        guard !gates.isEmpty else {
            return "::notice title=\(WorkflowCommandText.property(title))::No gates were set; add --gate to fail the job on a fairness gap.\n"
        }
        var out = ""
        for gate in gates {
            let command = gate.passed ? "notice" : "error"
            let heading = title + (gate.passed ? " passed: " : " failed: ") + gate.gate.text
            out += "::\(command) title=\(WorkflowCommandText.property(heading))::\(WorkflowCommandText.message(Self.describe(gate)))\n"
        }
        return out
    }

    /// The job summary: the full body when it fits in `limit` bytes, else the gates alone with a
    /// note on where the full report is to be had.
    public func jobSummary(limit: Int = GitHubReport.summaryLimit) -> String {
        if let body, body.utf8.count <= limit { return body.hasSuffix("\n") ? body : body + "\n" }
        var out = "## \(MarkdownText.inline(title))\n\n"
        switch (gates.isEmpty, gates.allSatisfy(\.passed)) {
        case (true, _): out += "No gates were set.\n\n"
        case (false, true): out += "**✅ PASS** — all \(gates.count) gates passed.\n\n"
        case (false, false): out += "**❌ FAIL** — \(gates.filter { !$0.passed }.count) of \(gates.count) gates failed.\n\n"
        }
        if !gates.isEmpty {
            out += "| | gate | result |\n|---|---|---|\n"
            for gate in gates {
                out += "| \(gate.passed ? "✅" : "❌") | \(MarkdownText.code(gate.gate.text, inTable: true)) | \(MarkdownText.inline(Self.describe(gate))) |\n"
            }
            out += "\n"
        }
        if body != nil {
            out += "_The full report is larger than GitHub's step summary limit of \(limit) bytes; write it with `--format markdown -o FILE` and upload it as an artifact._\n"
        }
        // Even the gates alone may pass the limit (thousands of gates with long slice values).
        guard out.utf8.count > limit else { return out }
        // Whole lines, as many as fit with the note.
        let note = "\n_Truncated to GitHub's step summary limit._\n"
        let bytes = Array(out.utf8).prefix(limit - note.utf8.count)
        let lines = bytes.lastIndex(of: UInt8(ascii: "\n")).map { bytes[...$0] } ?? []
        return String(decoding: lines, as: UTF8.self) + note
    }

    /// One line on a gate: the value against the bound, the operating point and class, the slices
    /// behind it and why it failed without a value.
    static func describe(_ gate: GateResult) -> String {
        var text = gate.passed ? "passed" : "failed"
        if let observed = gate.observed {
            text += ": observed \(JSONWriter.format(observed)), bound \(gate.gate.comparison.rawValue) \(JSONWriter.format(gate.gate.bound))"
        } else if !gate.passed {
            text += ": no value to compare"
        }
        if let className = gate.className { text += " for class \(className)" }
        if let threshold = gate.threshold { text += " at threshold \(JSONWriter.format(threshold))" }
        if let k = gate.topK { text += " at top_k=\(k)" }
        if !gate.slices.isEmpty { text += "; slices " + gate.slices.joined(separator: " vs ") }
        if let reason = gate.reason { text += "; " + reason }
        return text
    }
}
