/// A self-contained HTML page of `rai privacy`: the verdict, the gates and the table of every
/// slice's attack. Text from the input goes through `HTMLText`.
struct PrivacyHTMLReport {
    let report: PrivacyReport
    var result: PrivacyResult { report.result }

    func render() -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>rai privacy report</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child,th:first-child{text-align:left}.fail{color:#b00}.pass{color:#070}</style>
        </head><body>
        <h1>rai privacy report</h1>

        """
        let input = result.input
        out += "<p>Input <code>\(HTMLText.escape(input.path))</code>: \(input.rowsUsed) rows used, \(input.rowsSkipped) skipped. "
        out += "Membership: \(HTMLText.escape(result.membershipDescription)). Loss: \(HTMLText.escape(result.lossDescription)). "
        out += "Threshold attack: members predicted where loss ≤ a threshold; AUC 0.5 means no leak; intervals: Hanley–McNeil.</p>\n"
        if !report.gates.isEmpty {
            let failed = report.failedGates.count
            out += "<p class=\"\(failed == 0 ? "pass" : "fail")\"><strong>\(failed == 0 ? "PASS" : "FAIL")</strong>: \(report.gates.count - failed) of \(report.gates.count) gates passed</p>\n<ul>\n"
            for gate in report.gates {
                out += "<li class=\"\(gate.passed ? "pass" : "fail")\">\(gate.passed ? "pass" : "FAIL") <code>\(HTMLText.escape(gate.gate.text))</code>"
                if let observed = gate.observed { out += " observed \(PrivacyReport.decimal(observed))" }
                if !gate.slices.isEmpty { out += " (" + gate.slices.map(HTMLText.escape).joined(separator: ", ") + ")" }
                if let reason = gate.reason { out += " — " + HTMLText.escape(reason) }
                out += "</li>\n"
            }
            out += "</ul>\n"
        }
        out += "<table>\n<tr><th>slice</th><th>members</th><th>non-members</th><th>attack AUC</th><th>interval</th><th>advantage</th><th>PPV</th><th>base rate</th></tr>\n"
        for slice in result.slices {
            out += "<tr><td>\(HTMLText.escape(slice.name))</td><td>\(slice.members)</td><td>\(slice.nonMembers)</td>"
            if let reason = slice.withheldReason {
                out += "<td colspan=\"4\">withheld: \(HTMLText.escape(reason))</td>"
            } else {
                let interval = slice.aucInterval.map { "\(PrivacyReport.decimal($0.lower))–\(PrivacyReport.decimal($0.upper))" } ?? "—"
                out += "<td>\(PrivacyReport.decimal(slice.auc.value))</td><td>\(interval)</td><td>\(PrivacyReport.decimal(slice.advantage))</td>"
                out += "<td>\(PrivacyReport.decimal(slice.positivePredictiveValue))</td>"
            }
            out += "<td>\(PrivacyReport.decimal(slice.baseRate))</td></tr>\n"
        }
        out += "</table>\n<p>rai \(HTMLText.escape(report.version))</p>\n</body></html>\n"
        return out
    }
}
