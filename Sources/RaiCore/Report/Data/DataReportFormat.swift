/// Renders `rai data`'s analysis in each report format: JSON (`DataJSONReport`), tidy CSV
/// (`DataCSVReport`), JUnit and GitHub annotations (gates), and text, Markdown and HTML from the same tables
/// (`DataTables`), each escaping text from the input its own way.
public enum DataReportFormat {
    public static func render(_ analysis: DataAnalysis, format: ReportFormat, version: String, color: Bool = false) -> [UInt8] {
        switch format {
        case .json: return DataJSONReport(analysis: analysis, version: version).render()
        case .csv: return Array(DataCSVReport(analysis: analysis).render().utf8)
        case .junit:
            return Array(JUnitReport(gates: analysis.gates, path: analysis.profile.input.path, suite: "rai data gates").render().utf8)
        case .text: return Array(text(DataTables(analysis), color: color).utf8)
        case .markdown: return Array(markdown(DataTables(analysis)).utf8)
        case .html: return Array(html(DataTables(analysis), version: version).utf8)
        case .github:
            let gates = analysis.gates.filter { !$0.passed } + analysis.gates.filter(\.passed)
            return Array(GitHubReport(title: "rai data gate", gates: gates, body: markdown(DataTables(analysis))).annotations().utf8)
        }
    }

    static func text(_ tables: DataTables, color: Bool) -> String {
        func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        var out = bold("rai data") + " " + tables.heading.map(TerminalText.visible).joined(separator: "\n  ") + "\n"
        if !tables.gates.isEmpty {
            out += "\n" + bold("Gates") + "\n"
            for gate in tables.gates { out += "  " + TerminalText.visible(gate.line) + "\n" }
        }
        for table in tables.tables {
            out += "\n" + bold(TerminalText.visible(table.title)) + "\n"
            let cells = ([table.headers] + table.rows).map { $0.map(TerminalText.visible) }
            var widths = [Int](repeating: 0, count: table.headers.count)
            for row in cells { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
            for (index, row) in cells.enumerated() {
                let line = row.enumerated().map { k, cell in
                    k == 0 ? cell.padding(toLength: widths[k], withPad: " ", startingAt: 0)
                           : String(repeating: " ", count: widths[k] - cell.count) + cell
                }.joined(separator: "  ")
                out += "  " + (index == 0 ? bold(line) : line).replacingTrailingSpaces() + "\n"
            }
            for note in table.notes { out += "  " + TerminalText.visible(note) + "\n" }
        }
        return out
    }

    static func markdown(_ tables: DataTables) -> String {
        var out = "# rai data\n\n" + tables.heading.map { "- " + MarkdownText.inline($0) }.joined(separator: "\n") + "\n"
        if !tables.gates.isEmpty {
            out += "\n## Gates\n\n" + tables.gates.map { "- " + ($0.passed ? "✅ " : "❌ ") + MarkdownText.inline($0.line) }.joined(separator: "\n") + "\n"
        }
        for table in tables.tables {
            out += "\n## " + MarkdownText.inline(table.title) + "\n\n"
            out += "| " + table.headers.map(MarkdownText.inline).joined(separator: " | ") + " |\n"
            out += "|" + table.headers.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined() + "\n"
            for row in table.rows { out += "| " + row.map(MarkdownText.inline).joined(separator: " | ") + " |\n" }
            if !table.notes.isEmpty { out += "\n" + table.notes.map { MarkdownText.inline($0) }.joined(separator: "\n\n") + "\n" }
        }
        return out
    }

    static func html(_ tables: DataTables, version: String) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>rai data</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:.5em 0}
        th,td{border:1px solid #ccc;padding:.2em .5em}td:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
        .fail{color:#b00020}.pass{color:#1b5e20}.note{color:#555}</style></head><body>
        <h1>rai data</h1>

        """
        for line in tables.heading { out += "<p>\(HTMLText.escape(line))</p>\n" }
        if !tables.gates.isEmpty {
            out += "<h2>Gates</h2><ul>\n"
            for gate in tables.gates { out += "<li class=\"\(gate.passed ? "pass" : "fail")\">\(HTMLText.escape(gate.line))</li>\n" }
            out += "</ul>\n"
        }
        for table in tables.tables {
            out += "<h2>\(HTMLText.escape(table.title))</h2>\n<table><thead><tr>"
            out += table.headers.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for row in table.rows { out += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n" }
            out += "</tbody></table>\n"
            for note in table.notes { out += "<p class=\"note\">\(HTMLText.escape(note))</p>\n" }
        }
        out += "<footer class=\"note\">rai \(HTMLText.escape(version))</footer>\n</body></html>\n"
        return out
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
