import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Slice values, column names and metadata written to attack each report format: HTML and
/// Markdown injection, formula injection, terminal escapes, forged lines and XML-illegal
/// characters. Every format must render them as inert text.
@Suite("Hostile text in reports")
struct HostileTextTests {
    static let values = [
        "<img src=x onerror=alert(3)>", "<details>", "<!--", "</script><script>alert(1)</script>", "[link](http://evil)",
        "cr\rhere", "lf\noverall  1,000  500", "esc\u{1B}[31mRED", "ctl\u{01}\u{02}\u{0B}", "title\u{1B}]0;pwned\u{07}",
        "\u{202E}gnp.exe", "pipe|here", "back`tick", "@SUM(1+1)", "=1+1", "-2+3", "www.evil.com", "&lt;b&gt;", "# heading",
    ]
    static let formulaColumn = "=cmd|' /C calc'!A0"
    static let escapeColumn = "h\u{1B}[2J"

    /// 40 rows per hostile value of `g`, labels alternating, scores spread so the values differ.
    static let input: String = {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var csv = "label,score,g,\(field(formulaColumn)),\(field(escapeColumn))\n"
        for (k, value) in values.enumerated() {
            for i in 0..<40 {
                let score = Double((i * 37 + k * 11) % 100) / 100
                csv += "\(i % 2),\(score),\(field(value)),\(field(["v0", "@v1"][i % 2])),x\n"
            }
        }
        // Negatives scored high: the largest FPR, so this value is among a failed gap's slices.
        for _ in 0..<40 { csv += "0,0.99,\(field(worst)),v0,x\n" }
        // A control character in the file name too, which every report names.
        let path = NSTemporaryDirectory() + "rai-e2e-\(UUID().uuidString)-\u{01}\u{1B}[1m.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(csv.utf8))
        return path
    }()
    static let worst = "worst\u{01}\u{1B}[1m\u{FFFF}"

    func run(_ format: String, extra: [String] = []) throws -> RaiRun {
        try RaiBinary.run(["eval", Self.input, "--label", "label", "--score", "score", "--slice", "g", "--slice", Self.formulaColumn,
                           "--slice", Self.escapeColumn, "--thresholds", "0.5", "--gate", "gap(fpr, g, 0.5) <= 0",
                           "--format", format] + extra)
    }

    /// Characters a terminal would act on rather than show.
    static func hidden(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
        }
    }

    @Test("text: no control character reaches the terminal and no value forges a line")
    func text() throws {
        let run = try run("text")
        #expect(run.status == 1)
        #expect(Self.hidden(run.stdout).isEmpty, "\(Self.hidden(run.stdout))")
        #expect(Self.hidden(run.stderr).isEmpty)
        #expect(run.stdout.contains("g=esc\\x1B[31mRED"))
        #expect(run.stdout.contains("g=lf\\noverall  1,000  500"))
        #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix("overall") }.count == 1)
    }

    @Test("json: valid, with every value exactly as in the input")
    func json() throws {
        let run = try run("json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let names = Set((object["slices"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        for value in Self.values { #expect(names.contains("g=" + value), "\(value.debugDescription)") }
    }

    /// The text of a Markdown line outside code spans.
    static func outsideCode(_ line: Substring) -> String {
        var out = "", index = line.startIndex
        while index < line.endIndex {
            if line[index] == "`" {
                var fence = "", end = index
                while end < line.endIndex && line[end] == "`" { fence.append("`"); end = line.index(after: end) }
                if let close = line[end...].range(of: fence) {
                    index = close.upperBound
                    continue
                }
                return out  // an unclosed backtick run: the check below finds a raw one
            }
            if line[index] == "\\", line.index(after: index) < line.endIndex {
                index = line.index(index, offsetBy: 2)  // an escaped character is literal
                continue
            }
            out.append(line[index])
            index = line.index(after: index)
        }
        return out
    }

    @Test("markdown: no HTML but rai's own, no links, and every table row has its columns")
    func markdown() throws {
        let run = try run("markdown")
        #expect(!run.stdout.contains("\r"))
        var columns: Int?
        for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            // rai's own markup: intervals, folded thresholds, tiny q-values.
            let live = Self.outsideCode(line)
                .replacingOccurrences(of: #"<sub>\[[0-9., ]+\]</sub>|</?details>|</?summary>|q = <0\.001"#, with: "", options: .regularExpression)
            #expect(!live.contains("<") && !live.contains("[") && !live.contains("://") && !live.contains("www."), "\(line)")
            #expect(!line.hasPrefix("#") || line.hasPrefix("## rai") || line.hasPrefix("### Threshold"), "\(line)")
            if line.hasPrefix("|") {
                let pipes = live.filter { $0 == "|" }.count
                if let columns { #expect(pipes == columns, "\(line)") } else { columns = pipes }
                #expect(pipes >= 2)
            } else {
                columns = nil
            }
        }
    }

    /// Splits RFC 4180 CSV into rows of fields.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return rows
    }

    @Test("csv: nine fields a row, and no text cell starts like a formula")
    func csv() throws {
        let run = try run("csv")
        let rows = Self.parseCSV(run.stdout)
        #expect(rows.count > 100)
        for row in rows {
            #expect(row.count == 9, "\(row)")
            for column in [0, 1, 3] where column < row.count {
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(row[column].first.map(String.init) ?? ""), "\(row)")
            }
        }
        #expect(rows.contains { $0[0] == "'" + Self.formulaColumn && $0[1] == "'\(Self.formulaColumn)=@v1" })
    }

    #if canImport(FoundationXML)
    @Test("junit: well-formed XML whatever the slice values")
    func junit() throws {
        let run = try run("junit")
        #expect(run.status == 1)
        let parser = XMLParser(data: Data(run.stdout.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(run.stdout.contains("<failure"))
        #expect(run.stdout.contains("g=worst\\x01\\x1B[1m\\u{FFFF}"))
    }
    #endif

    @Test("html: every value is escaped text")
    func html() throws {
        let run = try run("html")
        for marker in ["<img", "<details", "<!--", "</script><script>", "\u{1B}", "\u{202E}"] {
            #expect(!run.stdout.contains(marker), "\(marker.debugDescription)")
        }
        #expect(run.stdout.contains("&lt;img src=x onerror=alert(3)&gt;"))
    }

    @Test("card: hostile report values and metadata stay text in Markdown and HTML")
    func card() throws {
        let report = try run("json")
        let reportPath = RaiBinary.temporary(report.stdout, extension: "json")
        let meta = RaiBinary.temporary(#"""
        {"model_details": {"name": "<img src=x onerror=alert(1)>", "version": "1```\n# injected", "owners": ["[x](http://evil)", "- item"]},
         "ethical_considerations": ["<details>", "esc\u001b[31m"], "caveats_and_recommendations": "| a | b |\n|---|---|"}
        """#, extension: "json")
        let markdown = try RaiBinary.run(["card", reportPath, "--meta", meta])
        #expect(markdown.status == 0)
        #expect(Self.hidden(markdown.stdout).isEmpty)
        var inTable = false
        for line in markdown.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            let live = Self.outsideCode(line)
            #expect(!live.contains("<") && !live.contains("[") && !live.contains("://"), "\(line)")
            #expect(!line.hasPrefix("# injected") && !line.hasPrefix("- - item"), "\(line)")
            if !inTable && line.hasPrefix("|") { #expect(line.hasPrefix("| slice") || line.hasPrefix("| gate") || line.hasPrefix("| factor"), "\(line)") }
            inTable = line.hasPrefix("|")
        }
        let html = try RaiBinary.run(["card", reportPath, "--meta", meta, "--format", "html"])
        #expect(html.status == 0)
        #expect(!html.stdout.contains("<img") && !html.stdout.contains("<details") && !html.stdout.contains("\u{1B}"))
    }

    @Test("errors and notes on stderr show control characters in column names visibly")
    func errors() throws {
        let run = try RaiBinary.run(["eval", Self.input, "--label", "label", "--score", "score", "--slice", "missing\u{1B}[31m"])
        #expect(run.status == 65)
        #expect(Self.hidden(run.stderr).isEmpty, "\(run.stderr.debugDescription)")
        #expect(run.stderr.contains("h\\x1B[2J"))
        #expect(run.stderr.contains("missing\\x1B[31m"))
    }
}
