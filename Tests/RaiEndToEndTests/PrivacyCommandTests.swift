import Foundation
import Testing

/// `rai privacy` run as a user would, on `Fixtures/privacy.csv`: 600 rows of a model that
/// memorises its training rows, most of all those of race=black.
@Suite("rai privacy")
struct PrivacyCommandTests {
    let fixture = RaiBinary.fixtures + "/privacy.csv"
    let columns = ["--member", "member", "--label", "label", "--score", "score"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func gatesFailOnTheLeakingSliceAndPassWithinBounds() throws {
        let failing = try RaiBinary.run(["privacy", fixture] + columns + ["--slice", "race", "--gate", "max(attack_auc, race) <= 0.6",
                                                                          "--gate", "max(advantage, race) <= 0.1", "--format", "junit"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("failures=\"2\"") && failing.stdout.contains("race=black"))
        let passing = try RaiBinary.run(["privacy", fixture] + columns + ["--slice", "race", "--gate", "max(attack_auc, race) <= 0.95",
                                                                          "--gate", "max(attack_auc) <= 0.99"])
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("PASS: 2 of 2 gates passed"))
    }

    @Test func jsonReportHasEverySliceKind() throws {
        let run = try RaiBinary.run(["privacy", fixture] + columns + ["--slice", "sex,race", "--format", "json", "--curves"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try json(run.stdout)
        #expect(report["kind"] as? String == "privacy")
        let slices = try #require(report["slices"] as? [[String: Any]])
        let kinds = Set(slices.compactMap { $0["kind"] as? String })
        #expect(kinds == ["entire_dataset", "class", "loss_percentile", "correct", "feature"])
        let overall = slices[0]
        #expect(overall["members"] as? Int == 307 && overall["non_members"] as? Int == 293)
        let curve = try #require(overall["roc_curve"] as? [[Double]])
        #expect(curve.first == [0, 0] && curve.last == [1, 1])
    }

    @Test func twoFilesGiveTheSameSlicesAsAMemberColumn() throws {
        let lines = try String(contentsOfFile: fixture, encoding: .utf8).split(separator: "\n")
        let train = RaiBinary.temporary(([lines[0]] + lines.dropFirst().filter { $0.hasPrefix("1,") }).joined(separator: "\n") + "\n")
        let test = RaiBinary.temporary(([lines[0]] + lines.dropFirst().filter { $0.hasPrefix("0,") }).joined(separator: "\n") + "\n")
        defer { for path in [train, test] { try? FileManager.default.removeItem(atPath: path) } }
        let split = try RaiBinary.run(["privacy", "--train", train, "--test", test, "--label", "label", "--score", "score",
                                       "--slice", "race", "--format", "json"])
        let whole = try RaiBinary.run(["privacy", fixture] + columns + ["--slice", "race", "--format", "json"])
        #expect(split.status == 0, "\(split.stderr)")
        let a = try #require(try json(split.stdout)["slices"] as? NSArray), b = try #require(try json(whole.stdout)["slices"] as? NSArray)
        #expect(a == b)
    }

    @Test func everyFormatRendersAndEscapes() throws {
        let hostile = RaiBinary.temporary("member,loss,g\n" + (0..<40).map { "\($0 % 2),\(Double($0) / 10),\"<b>&=cmd|x\"" }.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: hostile) }
        for format in ["text", "json", "markdown", "html", "csv", "junit"] {
            let run = try RaiBinary.run(["privacy", hostile, "--member", "member", "--loss", "loss", "--slice", "g", "--format", format])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            if format == "html" { #expect(!run.stdout.contains("<b>&") && run.stdout.contains("&lt;b&gt;&amp;")) }
        }
    }

    @Test func modelCardGetsAPrivacySection() throws {
        let folder = RaiBinary.scratchDirectory()
        let run = try RaiBinary.shell("""
            "$RAI" eval "$FIXTURES/predictions.csv" --label label --score score --slice race --format json -o eval.json &&
            "$RAI" privacy "$FIXTURES/privacy.csv" --member member --label label --score score --slice race --format json -o privacy.json &&
            "$RAI" card eval.json --privacy privacy.json
            """, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("## Privacy: membership inference"))
        #expect(run.stdout.contains("| race=black | 109 | 82 | 0.914 |"))
        let wrong = try RaiBinary.shell(#""$RAI" eval "$FIXTURES/predictions.csv" --label label --score score --format json -o e.json && "$RAI" card e.json --privacy e.json"#, in: folder)
        #expect(wrong.status == 65 && wrong.stderr.contains("not a rai privacy JSON report"))
    }

    @Test(arguments: [
        (["privacy", "x.csv", "--train", "a.csv", "--test", "b.csv", "--loss", "l"], "not both"),
        (["privacy", "--train", "a.csv", "--loss", "l"], "--train and --test go together"),
        (["privacy", "--train", "a.csv", "--test", "b.csv", "--member", "m", "--loss", "l"], "membership is the file"),
        (["privacy", "x.csv", "--loss", "l"], "missing '--member <column>'"),
        (["privacy", "x.csv", "--member", "m", "--loss", "l", "--score-kind", "odds"], "probability or logit"),
        (["privacy", "x.csv", "--member", "m", "--class-scores", "p_*"], "need '--label <column>'"),
        (["privacy", "x.csv", "--member", "m", "--label", "y", "--class-scores", "p_*", "--score-kind", "logit"], "class scores must be probabilities"),
        (["privacy", "x.csv", "--member", "m", "--loss", "l", "--gate", "max(fpr) <= 0.1"], "unknown metric 'fpr'"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let run = try RaiBinary.run(arguments)
        #expect(run.status == 64)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func badInputIsAClearError() throws {
        let bad = RaiBinary.temporary("member,loss\n1,0.1\nmaybe,0.2\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let run = try RaiBinary.run(["privacy", bad, "--member", "member", "--loss", "loss"])
        #expect(run.status == 65)
        #expect(run.stderr.contains(":3:1: membership value 'maybe' is not 0/1 or true/false"))
        let usage = try RaiBinary.run(["privacy", bad, "--member", "member", "--label", "label"])
        #expect(usage.status == 64 && usage.stderr.contains("give --loss COLUMN, or --label COLUMN and --score COLUMN"))
        let gate = try RaiBinary.run(["privacy", bad, "--member", "member", "--loss", "loss", "--gate", "gap(attack_auc, race) <= 0.1"])
        #expect(gate.status == 64 && gate.stderr.contains("only with min() or max()"))
    }
}
