/// The terminal report of `rai privacy`: what was read, the gates, then one table of every
/// slice's threshold attack. Text from the input goes through `TerminalText`.
struct PrivacyTextReport {
    let report: PrivacyReport
    let color: Bool
    var result: PrivacyResult { report.result }

    func render() -> String {
        let input = result.input
        var out = bold("rai privacy") + " \(shown(input.path)) (\(input.format.rawValue)): "
        out += "\(input.rowsRead) rows read, \(input.rowsUsed) used, \(input.rowsSkipped) skipped\n"
        for skip in input.skipped { out += "  skipped \(skip.count) × \(skip.reason), first: \(shown(skip.example))\n" }
        out += "membership: \(shown(result.membershipDescription)); loss: \(shown(result.lossDescription))\n"
        out += "threshold attack: members predicted where loss ≤ a threshold; AUC 0.5 = no leak. "
        out += "AUC interval: Hanley–McNeil \(JSONWriter.format(result.request.confidence * 100))%\n"
        if !report.gates.isEmpty {
            let failed = report.failedGates.count
            out += "\n" + bold(failed == 0 ? "PASS" : "FAIL") + ": \(report.gates.count - failed) of \(report.gates.count) gates passed\n"
            for gate in report.gates {
                out += "  " + (gate.passed ? "pass " : red("FAIL ")) + shown(gate.gate.text)
                if let observed = gate.observed { out += "  observed " + PrivacyReport.decimal(observed) }
                if !gate.slices.isEmpty { out += " (\(gate.slices.map(shown).joined(separator: ", ")))" }
                if let reason = gate.reason { out += " — " + shown(reason) }
                out += "\n"
            }
        }
        if !result.isExact {
            out += "note: more distinct losses than the score budget; AUC has an error bound and the advantage is a lower bound (see --format json)\n"
        }
        let header = ["slice", "members", "non-members", "attack AUC", "interval", "advantage", "PPV", "base rate"]
        var rows: [[String]] = []
        var notes: [String] = []
        for slice in result.slices {
            var row = [shown(slice.name), String(slice.members), String(slice.nonMembers)]
            if let reason = slice.withheldReason {
                row += ["—", "", "", "", PrivacyReport.decimal(slice.baseRate)]
                notes.append("withheld: " + reason)
            } else {
                notes.append("")
                let interval = slice.aucInterval.map { "\(PrivacyReport.decimal($0.lower))–\(PrivacyReport.decimal($0.upper))" } ?? "—"
                row += [PrivacyReport.decimal(slice.auc.value), interval, PrivacyReport.decimal(slice.advantage),
                        PrivacyReport.decimal(slice.positivePredictiveValue), PrivacyReport.decimal(slice.baseRate)]
            }
            rows.append(row)
        }
        let widths = header.indices.map { column in ([header[column]] + rows.map { $0[column] }).map(\.count).max()! }
        func line(_ cells: [String], note: String = "") -> String {
            (cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ") + (note.isEmpty ? "" : "  " + note)).trimmingTrailingSpaces() + "\n"
        }
        out += "\n" + bold(line(header)) + zip(rows, notes).map { line($0, note: $1) }.joined()
        return out
    }

    private func shown(_ text: String) -> String { TerminalText.visible(text) }
    private func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func red(_ text: String) -> String { color ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
