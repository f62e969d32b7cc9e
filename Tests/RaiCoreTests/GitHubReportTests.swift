import Foundation
import Testing
@testable import RaiCore

/// `--format github`: workflow commands that the runner reads back as the text rai meant, and a
/// job summary within GitHub's limit.
@Suite("GitHub workflow commands")
struct GitHubReportTests {
    /// The runner's reading of a command line (actions/runner `ActionCommand.TryParseV2`): the
    /// name up to a space, properties up to the first `::` after it split at `,` and each at its
    /// first `=`, the message after that `::`; then `%0D`, `%0A` (`%3A`, `%2C` in properties) and
    /// last `%25` are undone.
    static func parse(_ line: Substring) -> (command: String, properties: [String: String], message: String)? {
        guard line.hasPrefix("::"), !line.contains("\n"), !line.contains("\r") else { return nil }
        let rest = line.dropFirst(2)
        guard let end = rest.range(of: "::") else { return nil }
        let info = rest[..<end.lowerBound]
        let name = info.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        var properties: [String: String] = [:]
        if let space = info.firstIndex(of: " ") {
            for pair in info[info.index(after: space)...].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { properties[String(parts[0])] = unescape(String(parts[1]), property: true) }
            }
        }
        return (name, properties, unescape(String(rest[end.upperBound...]), property: false))
    }

    static func unescape(_ text: String, property: Bool) -> String {
        var out = text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
        if property { out = out.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",") }
        return out.replacingOccurrences(of: "%25", with: "%")
    }

    @Test("escaping, by hand: % first, then CR and LF; : and , in properties only", arguments: [
        ("50%", "50%25", "50%25"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
        ("::stop-commands::x", "::stop-commands::x", "%3A%3Astop-commands%3A%3Ax"),
        // A line break takes its visible notation first: it can neither end the command nor be
        // read back as a line break.
        ("a\nb\r", "a\\nb\\r", "a\\nb\\r"),
        ("esc\u{1B}[31m", "esc\\x1B[31m", "esc\\x1B[31m"),
    ])
    func escaping(text: String, message: String, property: String) {
        #expect(WorkflowCommandText.message(text) == message)
        #expect(WorkflowCommandText.property(text) == property)
    }

    static let hostile = ["%", "%25", "%0A", "a::b", "x,y=z", "title=forged", "::error::forged", "50 % : , = ::", "race=black & sex=f"]

    @Test("hostile gate text and slices read back exactly, one command per line", arguments: hostile)
    func roundTrip(value: String) throws {
        var gate = try Gate.parse("gap(fpr, race, 0.5) <= 0.05")
        gate.text = "gap(fpr, race, 0.5) <= 0.05 " + value
        let failed = GateResult(gate: gate, passed: false, observed: 0.25, threshold: 0.5, slices: ["race=" + value, "race=b"], reason: value)
        let passed = GateResult(gate: gate, passed: true, observed: 0.01, threshold: 0.5, slices: [], reason: nil)
        let report = GitHubReport(title: "rai " + value, gates: [failed, passed], body: nil)
        let lines = report.annotations().split(separator: "\n")
        #expect(lines.count == 2)
        let error = try #require(Self.parse(lines[0]))
        #expect(error.command == "error")
        #expect(Set(error.properties.keys) == ["title"])
        #expect(error.properties["title"] == "rai \(value) failed: \(gate.text)")
        // 0.25 against <= 0.05 at 0.5, the pair of slices, the reason.
        #expect(error.message == "failed: observed 0.25, bound <= 0.05 at threshold 0.5; slices race=\(value) vs race=b; \(value)")
        let notice = try #require(Self.parse(lines[1]))
        #expect(notice.command == "notice")
        #expect(notice.properties["title"] == "rai \(value) passed: \(gate.text)")
        #expect(notice.message == "passed: observed 0.01, bound <= 0.05 at threshold 0.5")
    }

    @Test("a multi-class gate names its class (from the data, escaped) and its top-k point")
    func multiClass() throws {
        var result = GateResult(gate: try Gate.parse("max(fpr, race) <= 0.1"), passed: false, observed: 0.5, threshold: nil,
                                slices: ["race=a"], reason: nil)
        result.topK = 2
        result.className = "cat:50%,\ndog"
        let line = GitHubReport(title: "rai", gates: [result], body: nil).annotations().dropLast()
        #expect(!line.contains("\n"))
        let error = try #require(Self.parse(line))
        #expect(error.message == "failed: observed 0.5, bound <= 0.1 for class cat:50%,\\ndog at top_k=2; slices race=a")
    }

    @Test("without gates, one notice says so")
    func noGates() throws {
        let lines = GitHubReport(title: "rai fairness gate", gates: [], body: nil).annotations().split(separator: "\n")
        #expect(lines.count == 1)
        #expect(try #require(Self.parse(lines[0])).command == "notice")
    }

    @Test("the job summary is the body when it fits, else the gates with a note, never over the limit")
    func summaryLimit() throws {
        let gate = GateResult(gate: try Gate.parse("max(fpr, race) <= 0.1"), passed: false, observed: 0.2, threshold: nil,
                              slices: ["race=a"], reason: nil)
        let body = "## body\n" + String(repeating: "x", count: 1000) + "\n"
        let report = GitHubReport(title: "rai fairness gate", gates: [gate], body: body)
        #expect(report.jobSummary(limit: 2000) == body)
        let short = report.jobSummary(limit: 100)
        #expect(short.utf8.count <= 100)
        #expect(short.hasSuffix("_Truncated to GitHub's step summary limit._\n"))
        let gatesOnly = report.jobSummary(limit: 500)
        #expect(gatesOnly.contains("`max(fpr, race) <= 0.1`"))
        #expect(gatesOnly.contains("larger than GitHub's step summary limit of 500 bytes"))
        #expect(!gatesOnly.contains("xxxx"))
        // Thousands of gates: cut at a line, within the limit.
        let many = GitHubReport(title: "t", gates: Array(repeating: gate, count: 5000), body: nil).jobSummary(limit: GitHubReport.summaryLimit / 8)
        #expect(many.utf8.count <= GitHubReport.summaryLimit / 8)
        #expect(many.contains("| ❌ | `max(fpr, race) <= 0.1` |"))
    }

    @Test("an eval report: failed gates first, and the Markdown report as the summary")
    func fairnessReport() throws {
        let result = try evaluate(path: fixturesDirectory + "/predictions.csv", slices: [["race"]], thresholds: [0.5])
        let gates = [try Gate.parse("max(fpr, race, 0.5, skip_small) <= 1"), try Gate.parse("max(fpr, race, 0.5, skip_small) <= 0")]
        let report = FairnessReport(result: result, gates: gates, version: "test")
        let github = GitHubReport(report: report)
        let commands = github.annotations().split(separator: "\n").compactMap { Self.parse($0)?.command }
        #expect(commands == ["error", "notice"])
        #expect(github.jobSummary() == MarkdownReport(report: report).render())
    }
}
