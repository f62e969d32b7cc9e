/// GitHub-flavoured Markdown of `rai privacy` for a pull-request comment: the verdict and gates,
/// then one table of every slice's attack. Text from the input goes through `MarkdownText`.
struct PrivacyMarkdownReport {
    let report: PrivacyReport
    var result: PrivacyResult { report.result }

    func render() -> String {
        var out = "## rai privacy report\n\n"
        if report.gates.isEmpty {
            out += "No gates were set (add `--gate 'max(attack_auc) <= 0.6'` to fail the build on a leak).\n\n"
        } else if report.failedGates.isEmpty {
            out += "**✅ PASS** — all \(report.gates.count) gates passed.\n\n"
        } else {
            out += "**❌ FAIL** — \(report.failedGates.count) of \(report.gates.count) gates failed.\n\n"
        }
        if !report.gates.isEmpty {
            out += "| | gate | observed | slices |\n|---|---|---|---|\n"
            for gate in report.gates {
                var slices = gate.slices.map { MarkdownText.code($0, inTable: true) }.joined(separator: ", ")
                if let reason = gate.reason { slices += (slices.isEmpty ? "" : " — ") + MarkdownText.inline(reason) }
                out += "| \(gate.passed ? "✅" : "❌") | \(MarkdownText.code(gate.gate.text, inTable: true)) | \(PrivacyReport.decimal(gate.observed)) | \(slices) |\n"
            }
            out += "\n"
        }
        let input = result.input
        out += "Input \(MarkdownText.code(input.path, inTable: false)): \(input.rowsUsed) rows used"
        if input.rowsSkipped > 0 { out += ", \(input.rowsSkipped) skipped" }
        out += ". Membership: \(MarkdownText.inline(result.membershipDescription)). Loss: \(MarkdownText.inline(result.lossDescription)). "
        out += "Threshold attack (members predicted where loss ≤ a threshold); AUC 0.5 means no leak; intervals: Hanley–McNeil.\n\n"
        out += "| slice | members | non-members | attack AUC | interval | advantage | PPV | base rate |\n|---|---:|---:|---:|---|---:|---:|---:|\n"
        for slice in result.slices {
            out += "| \(MarkdownText.inline(slice.name)) | \(slice.members) | \(slice.nonMembers) | "
            if let reason = slice.withheldReason {
                out += "withheld: \(MarkdownText.inline(reason)) | | | | \(PrivacyReport.decimal(slice.baseRate)) |\n"
            } else {
                let interval = slice.aucInterval.map { "\(PrivacyReport.decimal($0.lower))–\(PrivacyReport.decimal($0.upper))" } ?? "—"
                out += "\(PrivacyReport.decimal(slice.auc.value)) | \(interval) | \(PrivacyReport.decimal(slice.advantage)) | "
                out += "\(PrivacyReport.decimal(slice.positivePredictiveValue)) | \(PrivacyReport.decimal(slice.baseRate)) |\n"
            }
        }
        return out
    }
}
