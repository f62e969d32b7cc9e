import Foundation
import Testing

/// `--format github` as the GitHub runner sees it: workflow commands on standard output, the job
/// summary appended to `$GITHUB_STEP_SUMMARY`, exit statuses as for every other format.
@Suite("--format github")
struct GitHubFormatTests {
    /// The runner's reading of a command line (actions/runner `ActionCommand.TryParseV2`); nil
    /// for a line that is not a command.
    static func parse(_ line: Substring) -> (command: String, title: String, message: String)? {
        guard line.hasPrefix("::"), let end = line.dropFirst(2).range(of: "::") else { return nil }
        let info = line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]
        let name = String(info.prefix { $0 != " " })
        var title = ""
        for pair in info.dropFirst(name.count).split(separator: ",") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if parts.count == 2 && parts[0] == "title" { title = unescape(String(parts[1]), property: true) }
        }
        return (name, title, unescape(String(line[end.upperBound...]), property: false))
    }

    static func unescape(_ text: String, property: Bool) -> String {
        var out = text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
        if property { out = out.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",") }
        return out.replacingOccurrences(of: "%25", with: "%")
    }

    /// Slice values that would forge or cut a workflow command if written as they are.
    static let hostile = ["x::error::forged", "p%0Ac", "lf\n::warning::forged", "comma,colon:", "cr\r::notice::x", "%25"]

    /// 40 rows per value; the last value's negatives are scored high, so it is the worst FPR.
    static let input: String = {
        var csv = "label,score,g\n"
        for (k, value) in hostile.enumerated() {
            let field = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            for i in 0..<40 { csv += "\(i % 2),\(k == hostile.count - 1 ? 0.9 : Double(i % 10) / 10),\(field)\n" }
        }
        return RaiBinary.temporary(csv)
    }()

    /// Runs eval; the summary variable is empty unless given, so that these tests write no job
    /// summary of their own when they run in GitHub Actions.
    func eval(_ gates: [String], environment: [String: String] = ["GITHUB_STEP_SUMMARY": ""], input: String = GitHubFormatTests.input) throws -> RaiRun {
        try RaiBinary.run(["eval", input, "--label", "label", "--score", "score", "--slice", "g", "--thresholds", "0.5",
                           "--format", "github"] + gates.flatMap { ["--gate", $0] }, environment: environment)
    }

    @Test("hostile slice values: every line is one command the runner reads back as rai wrote it")
    func hostileValues() throws {
        let run = try eval(["max(fpr, g, 0.5) <= 1", "max(fpr, g, 0.5) <= 0.1"])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(!run.stdout.contains("\r"))
        let failed = try #require(Self.parse(lines[0]))
        #expect(failed.command == "error")
        #expect(failed.title == "rai fairness gate failed: max(fpr, g, 0.5) <= 0.1")
        // The worst slice, %25 as itself, read back exactly.
        #expect(failed.message.hasPrefix("failed: observed 1, bound <= 0.1 at threshold 0.5; slices g=%25"), "\(failed.message)")
        let passed = try #require(Self.parse(lines[1]))
        #expect(passed.command == "notice")
        #expect(passed.title == "rai fairness gate passed: max(fpr, g, 0.5) <= 1")
    }

    @Test("a line break in a value shows as \\n and cannot start a command of its own")
    func lineBreaks() throws {
        // The value with a line break is the worst one here.
        var csv = "label,score,g\n"
        for i in 0..<40 { csv += "\(i % 2),0.1,plain\n\(i % 2),0.9,\"lf\n::warning::forged%0A\"\n" }
        let run = try eval(["max(fpr, g, 0.5) <= 0.1"], input: RaiBinary.temporary(csv))
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let failed = try #require(Self.parse(lines[0]))
        #expect(failed.message.hasSuffix("slices g=lf\\n::warning::forged%0A"), "\(failed.message)")
    }

    @Test("the job summary is appended after what the file held; outside GitHub none is written")
    func stepSummary() throws {
        let summary = RaiBinary.temporary("earlier step\n", extension: "md")
        let run = try eval(["max(fpr, g, 0.5) <= 0.1"], environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(run.status == 1)
        let written = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(written.hasPrefix("earlier step\n## rai fairness report\n\n**❌ FAIL** — 1 of 1 gates failed."))
        let again = try eval(["max(fpr, g, 0.5) <= 1"], environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(again.status == 0)
        let twice = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(twice.hasPrefix(written))
        #expect(twice.dropFirst(written.count).hasPrefix("## rai fairness report\n\n**✅ PASS**"))
        // A new file is created in an existing folder.
        let folder = RaiBinary.scratchDirectory()
        #expect(try eval([], environment: ["GITHUB_STEP_SUMMARY": folder + "/summary.md"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/summary.md"))
    }

    @Test("a summary that cannot be written is refused (73) before any input is read")
    func refusedSummary() throws {
        let folder = RaiBinary.scratchDirectory()
        // The input does not exist: were it read first, the status would be 66.
        let run = try eval(["max(fpr, g, 0.5) <= 1"], environment: ["GITHUB_STEP_SUMMARY": folder], input: folder + "/missing.csv")
        #expect(run.status == 73)
        #expect(run.stderr.contains("it is a directory"))
        let input = try String(contentsOfFile: Self.input, encoding: .utf8)
        let intoInput = try eval([], environment: ["GITHUB_STEP_SUMMARY": Self.input])
        #expect(intoInput.status == 73)
        #expect(try String(contentsOfFile: Self.input, encoding: .utf8) == input)
    }

    @Test("a summary FIFO that no program reads is refused (73) instead of holding the job forever")
    func unreadSummaryFIFO() throws {
        let fifo = RaiBinary.scratchDirectory() + "/summary"
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try eval(["max(fpr, g, 0.5) <= 1"], environment: ["GITHUB_STEP_SUMMARY": fifo])
        #expect(run.status == 73)
        #expect(run.stderr.contains("it is a FIFO that no program is reading"))
    }

    @Test("rai merge: the same commands and statuses as rai eval")
    func merge() throws {
        let folder = RaiBinary.scratchDirectory()
        let part = folder + "/part.rai"
        let counted = try RaiBinary.run(["eval", Self.input, "--label", "label", "--score", "score", "--slice", "g",
                                         "--thresholds", "0.5", "--partial", "-o", part])
        #expect(counted.status == 0)
        let summary = folder + "/summary.md"
        let failing = try RaiBinary.run(["merge", part, "--format", "github", "--gate", "max(fpr, g, 0.5) <= 0.1"],
                                        environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(failing.status == 1)
        #expect(failing.stdout == (try eval(["max(fpr, g, 0.5) <= 0.1"])).stdout)
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("## rai fairness report"))
        let passing = try RaiBinary.run(["merge", part, "--format", "github", "--gate", "max(fpr, g, 0.5) <= 1"],
                                        environment: ["GITHUB_STEP_SUMMARY": ""])
        #expect(passing.status == 0)
        #expect(passing.stdout.hasPrefix("::notice title="))
    }
}
