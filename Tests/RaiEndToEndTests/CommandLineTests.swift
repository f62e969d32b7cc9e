import Foundation
import Testing

@Suite("The rai binary")
struct CommandLineTests {
    let hand = RaiBinary.fixtures + "/golden/hand.csv"

    @Test("--version and --help exit 0 and print to stdout")
    func helpAndVersion() throws {
        let version = try RaiBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        let help = try RaiBinary.run(["eval", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW:"))
        #expect(help.stdout.contains("--positive-label <value>"))
        #expect(try RaiBinary.run(["--help"]).stdout.contains("SUBCOMMANDS:"))
    }

    @Test("'rai help' with a subcommand that does not exist is a usage error (64), not the overview")
    func helpUnknownSubcommand() throws {
        let run = try RaiBinary.run(["help", "evl"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown subcommand 'evl'. Did you mean 'eval'?"))
        #expect(run.stdout.isEmpty)
    }

    @Test("the top-level help lists every subcommand, and 'rai help NAME' prints its help", arguments: ["eval", "merge", "card"])
    func subcommandHelp(name: String) throws {
        #expect(try RaiBinary.run(["--help"]).stdout.contains("\n  \(name) "))
        let help = try RaiBinary.run(["help", name])
        #expect(help.status == 0)
        #expect(help.stdout == (try RaiBinary.run([name, "--help"]).stdout))
    }

    @Test("the JSON report on stdout matches the golden file")
    func jsonReport() throws {
        let run = try RaiBinary.run(["eval", hand, "--label", "label", "--score", "score", "--slice", "group",
                                     "--thresholds", "0.5,0.25", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let golden = try String(contentsOfFile: RaiBinary.fixtures + "/golden/hand.json", encoding: .utf8)
        let normalized = run.stdout.replacingOccurrences(of: "\"path\": \"\(hand)\"", with: "\"path\": \"golden/hand.csv\"")
            .replacingOccurrences(of: "\"rai_version\": \"0.1.0\"", with: "\"rai_version\": \"test\"")
        #expect(normalized == golden)
    }

    @Test("standard input with '-' and --input-format")
    func standardInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: RaiBinary.fixtures + "/golden/hand.jsonl"))
        let run = try RaiBinary.run(["eval", "-", "--label", "label", "--score", "score", "--format", "json"], stdin: data)
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"format\": \"jsonl\""))
        #expect(run.stdout.contains("\"example_count\": 6"))
    }

    @Test("--output writes the file and nothing to stdout")
    func outputFile() throws {
        let path = NSTemporaryDirectory() + "rai-out-\(UUID().uuidString).json"
        let run = try RaiBinary.run(["eval", hand, "--label", "label", "--score", "score", "--format", "json", "-o", path])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"schema_version\": 1"))
    }

    @Test("usage errors exit 64 with a message and usage", arguments: [
        (["eval", "x.csv", "--score", "s"], "missing '--label <column>'"),
        (["eval", "x.csv", "--label", "l", "--score", "s", "--treshold", "0.5"], "Did you mean '--thresholds'?"),
        (["eval", "x.csv", "--label", "l", "--score", "s", "--thresholds", "0.5,abc"], "threshold 'abc'"),
        // F31: the numbers of the command line have the syntax of scores: no hex, inf or nan.
        (["eval", "x.csv", "--label", "l", "--score", "s", "--thresholds", "0x1p-1"], "threshold '0x1p-1'"),
        (["eval", "x.csv", "--label", "l", "--score", "s", "--thresholds", "inf"], "threshold 'inf'"),
        (["eval", "x.csv", "--label", "l", "--score", "s", "--confidence", "0x1p-1"], "'--confidence' needs a level"),
        (["eval", "x.csv", "--label", "l", "--score", "s", "--format", "yaml"], "unknown report format 'yaml'"),
        (["evil"], "Did you mean 'eval'?"),
        (["eval", "x.csv", "--label"], "missing value for '--label <column>'"),
        (["eval", "x.csv", "--label", "--score", "score"],
         "missing value for '--label <column>'; to give a value that starts with '--', write --label=VALUE"),
        (["eval", "x.csv", "--label", "l", "--score", "s", "--confidence", "0.9999999999999999"], "'--confidence' 0.9999999999999999 is too close to 1"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let run = try RaiBinary.run(arguments)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: "))
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test("bad data exits 65 with file:line:column and no report", arguments: [
        ("label,score\n1,0.5\n0,abc\n", ":3:2: score 'abc' is not a finite number in column 'score'"),
        ("label,score\n1,0.5\nyes,0.5\n", ":3:1: label 'yes' is not 0/1 or true/false (use --positive-label VALUE for other labels) in column 'label'"),
        ("label,score\n1,0.5,x\n", ":2: expected 2 fields as in the header, found 3"),
        ("label,score\n1,\"0.5\n", ":2:2: unterminated quoted field (a '\"' is never closed)"),
        ("label,score\n", "the file has a header but no data rows"),
        ("", "the file is empty"),
        ("lbl,score\n1,0.5\n", ":1: no column 'label'; the columns are: lbl, score"),
    ])
    func dataErrors(text: String, message: String) throws {
        let path = RaiBinary.temporary(text)
        let run = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score", "--format", "json"])
        #expect(run.status == 65)
        #expect(run.stderr == "Error: \(path)\(message.hasPrefix(":") ? "" : ": ")\(message)\n")
        #expect(run.stdout.isEmpty)
    }

    @Test("invalid UTF-8 in a slice value exits 65")
    func invalidUTF8() throws {
        let path = RaiBinary.temporary(bytes: Array("label,score,g\n1,0.5,".utf8) + [0xFF] + Array("\n".utf8))
        let run = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score", "--slice", "g"])
        #expect(run.status == 65)
        #expect(run.stderr.contains(":2:3: invalid UTF-8"))
    }

    /// F16: `/dev/zero` and a quote left open on standard input grew without bound.
    @Test("an endless line stops the run with exit 65 at the line length limit")
    func endlessLine() throws {
        let zero = try RaiBinary.run(["eval", "/dev/zero", "--label", "l", "--score", "s", "--input-format", "csv",
                                      "--max-line-length", "1M"])
        #expect(zero.status == 65)
        #expect(zero.stderr == "Error: /dev/zero:1: the line is longer than 1 MiB, the line length limit (a quote left open makes the rest of the input one row); raise the limit with --max-line-length\n")
        let open = Data("label,score\n1,\"".utf8) + Data(repeating: UInt8(ascii: "a"), count: 3 << 20)
        let piped = try RaiBinary.run(["eval", "-", "--label", "label", "--score", "score", "--input-format", "csv",
                                       "--max-line-length", "1M"], stdin: open)
        #expect(piped.status == 65)
        #expect(piped.stderr.hasPrefix("Error: <stdin>: the row starting at byte 12 is longer than 1 MiB"))
        let zeroLimit = try RaiBinary.run(["eval", hand, "--label", "label", "--score", "score", "--max-line-length", "0"])
        #expect(zeroLimit.status == 64)
        #expect(zeroLimit.stderr.hasPrefix("Error: '--max-line-length' needs a size such as 65536, 64K or 4M, got '0'\n"))
    }

    /// F30: all weights zero warned "no row has a positive label", which is not what is wrong.
    @Test("all weights zero: the warning says so")
    func zeroWeights() throws {
        let path = RaiBinary.temporary("label,score,w\n1,0.9,0\n0,0.2,0\n")
        let run = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score", "--weight", "w", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr == "warning: every weight is zero: every count is zero and every rate and AUC undefined\n")
    }

    @Test("an unreadable input exits 66")
    func unreadable() throws {
        let run = try RaiBinary.run(["eval", "/nonexistent/preds.csv", "--label", "l", "--score", "s"])
        #expect(run.status == 66)
        #expect(run.stderr == "Error: cannot read /nonexistent/preds.csv: No such file or directory\n")
    }

    @Test("--skip-invalid reports skipped rows on stderr and in JSON")
    func skipInvalid() throws {
        let path = RaiBinary.temporary("label,score\n1,0.5\n0,abc\n1,0.7\n")
        let run = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score", "--format", "json", "--skip-invalid"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("skipped 1 of 3 rows (1 invalid_score)"))
        #expect(run.stdout.contains("\"rows_skipped\": 1"))
        #expect(run.stdout.contains("\"first_line\": 3"))
    }

    @Test("a duplicate header name is renamed with a warning")
    func duplicateHeader() throws {
        let path = RaiBinary.temporary("label,score,score\n1,0.5,0.1\n")
        let run = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score_1", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: duplicate column name 'score' renamed to 'score_1'"))
        #expect(run.stdout.contains("\"tp\": 0"))
    }

    @Test("a value that starts with '--' is given attached (F41)")
    func attachedValue() throws {
        let path = RaiBinary.temporary("--odd,score\n1,0.9\n0,0.1\n")
        let run = try RaiBinary.run(["eval", path, "--label=--odd", "--score", "score", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test("--threads far above the cores is lowered, so it cannot exhaust the machine (F25)")
    func manyThreads() throws {
        let start = Date()
        let run = try RaiBinary.run(["eval", hand, "--label", "label", "--score", "score", "--threads", "100000", "-q"])
        #expect(run.status == 0)
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test("text output has no colour when not a terminal, and the README command works")
    func textReport() throws {
        let run = try RaiBinary.run(["eval", RaiBinary.fixtures + "/predictions.csv", "--label", "label", "--score", "score",
                                     "--slice", "sex", "--slice", "race", "--slice", "sex,race", "--thresholds", "0.5"])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("\u{1B}["))
        // The cross slices, with their counts and AUC; a withheld one marked and its rates hidden.
        #expect(run.stdout.contains("\nsex=female & race=white                261         65     0.9119     0.1990"))
        #expect(run.stdout.contains("\nsex=male & race=white                  274         94     0.8927     0.2278"))
        #expect(run.stdout.contains("\nsex=female & race=other *               11          3          ·          ·"))
    }
}

@Suite("Gates from the command line")
struct GateCommandLineTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    @Test("a failing gate exits 1 and the Markdown report leads with the verdict")
    func failingGate() throws {
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "race",
                                     "--thresholds", "0.5", "--gate", "gap(fpr, race, 0.5) <= 0.01", "--format", "markdown"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("## rai fairness report\n\n**❌ FAIL**"))
        #expect(run.stderr.contains("gate failed: gap(fpr, race, 0.5) <= 0.01"))
    }

    @Test("passing gates exit 0")
    func passingGate() throws {
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "race",
                                     "--thresholds", "0.5", "--gate", "gap(fpr, race, 0.5, skip_small) <= 1", "--gate", "min(auc, min_examples=30) >= 0.5",
                                     "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"verdict\": \"pass\""))
    }

    /// Four rows per slice: an FPR of 2/3 against 0/3 is a gap of 0.67, but too few rows for any
    /// test to tell the slices apart.
    let smallSlices = "label,score,g\n0,0.9,a\n0,0.8,a\n0,0.1,a\n0,0.1,b\n0,0.2,b\n0,0.3,b\n1,0.9,a\n1,0.9,b\n"

    @Test("'significant': a gap over its bound fails only when a slice behind it differs significantly")
    func significant() throws {
        let path = RaiBinary.temporary(smallSlices)
        let arguments = ["eval", path, "--label", "label", "--score", "score", "--slice", "g", "--thresholds", "0.5",
                         "--min-slice-size", "0", "--format", "json"]
        let plain = try RaiBinary.run(arguments + ["--gate", "gap(fpr, g, 0.5) <= 0.1"])
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("\"passed\": false,\n      \"observed\": 0.6666666666666666,"))
        let lenient = try RaiBinary.run(arguments + ["--gate", "gap(fpr, g, 0.5, significant) <= 0.1"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.contains("""
                  "slices": ["g=b", "g=a"],
                  "reason": "over the bound, but no responsible slice differs significantly after correction"
            """))
        // In predictions.csv, sex=female and sex=male differ significantly in FPR at 0.3 (q = 0.04).
        let differing = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "sex",
                                           "--thresholds", "0.3", "--gate", "gap(fpr, sex, 0.3, significant, skip_small) <= 0.01",
                                           "--format", "json"])
        #expect(differing.status == 1)
        #expect(differing.stdout.contains("\"slices\": [\"sex=female\", \"sex=male\"],\n      \"reason\": null"))
    }

    @Test("the text report opens with the gates: the verdict, then each gate's value, threshold, slices and reason")
    func textGates() throws {
        let path = RaiBinary.temporary(smallSlices)
        let arguments = ["eval", path, "--label", "label", "--score", "score", "--slice", "g", "--thresholds", "0.5",
                         "--min-slice-size", "0", "--gate", "min(tpr, g, 0.5) >= 0.5"]
        let failing = try RaiBinary.run(arguments + ["--gate", "gap(fpr, g, 0.5) <= 0.1"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("""
            predicted positive when score > threshold

            FAIL: 1 of 2 gates passed
              pass min(tpr, g, 0.5) >= 0.5  observed 1.0000 at 0.5 (g=a)
              FAIL gap(fpr, g, 0.5) <= 0.1  observed 0.6667 at 0.5 (g=b vs g=a)

            threshold 0.5

            """), "\(failing.stdout)")
        let passing = try RaiBinary.run(arguments + ["--gate", "gap(fpr, g, 0.5, significant) <= 0.1"])
        #expect(passing.status == 0)
        #expect(passing.stdout.contains("""

            PASS: 2 of 2 gates passed
              pass min(tpr, g, 0.5) >= 0.5  observed 1.0000 at 0.5 (g=a)
              pass gap(fpr, g, 0.5, significant) <= 0.1  observed 0.6667 at 0.5 (g=b vs g=a) — over the bound, but no responsible slice differs significantly after correction

            """), "\(passing.stdout)")
        #expect(!failing.stdout.contains("\u{1B}["))
    }

    @Test("a gate on a spec or threshold the run does not evaluate is a usage error")
    func gateOutsideRun() throws {
        let spec = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--gate", "gap(fpr, race) <= 1"])
        #expect(spec.status == 64)
        #expect(spec.stderr.contains("not among the --slice flags"))
        let threshold = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "race",
                                           "--gate", "gap(fpr, race, 0.55) <= 1"])
        #expect(threshold.status == 64)
        #expect(threshold.stderr.hasPrefix("Error: gate 'gap(fpr, race, 0.55) <= 1' uses threshold 0.55, which is not among --thresholds\n"))
    }
}

@Suite("rai card")
struct CardCommandLineTests {
    @Test("a card from a saved report, in Markdown and HTML")
    func card() throws {
        let report = RaiBinary.fixtures + "/golden/hand.json"
        let markdown = try RaiBinary.run(["card", report, "--meta", RaiBinary.fixtures + "/model-meta.json"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# Model card: Synthetic credit model\n"))
        let html = try RaiBinary.run(["card", report, "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
    }

    @Test("the report and the metadata may come from <(…) and FIFOs (F38)")
    func specialInputs() throws {
        let run = try RaiBinary.shell("""
            mkfifo meta
            { exec >/dev/null 2>&1; cat "$FIXTURES/model-meta.json" > meta; } &
            "$RAI" card <(cat "$FIXTURES/golden/hand.json") --meta meta
            """)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("# Model card: Synthetic credit model\n"))
    }

    @Test("bad inputs: not a report exits 65, a missing file 66, a bad flag 64")
    func errors() throws {
        let notReport = RaiBinary.temporary("{\"x\": 1}", extension: "json")
        let wrongJSON = try RaiBinary.run(["card", notReport])
        #expect(wrongJSON.status == 65)
        #expect(wrongJSON.stderr == "Error: \(notReport): invalid JSON: not a rai eval JSON report (schema_version 1); make one with rai eval --format json\n")
        let missing = try RaiBinary.run(["card", "/nonexistent.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "Error: cannot read /nonexistent.json: No such file or directory\n")
        let badFormat = try RaiBinary.run(["card", notReport, "--format", "pdf"])
        #expect(badFormat.status == 64)
        #expect(badFormat.stderr.hasPrefix("Error: unknown card format 'pdf'; choose markdown or html\n"))
        #expect(wrongJSON.stdout.isEmpty && missing.stdout.isEmpty && badFormat.stdout.isEmpty)
    }
}

@Suite("rai.json configuration")
struct ConfigFileTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    @Test("options come from the file; flags on the command line win")
    func flagsWin() throws {
        let config = RaiBinary.temporary(#"""
            {"file": "\#(predictions)", "label": "label", "score": "score", "slice": ["race"], "thresholds": [0.5],
             "gate": ["gap(fpr, race, 0.5) <= 0.01"], "min_slice_size": 10, "format": "json", "quiet": true}
            """#, extension: "json")
        let fromFile = try RaiBinary.run(["eval", "--config", config])
        #expect(fromFile.status == 1)
        #expect(fromFile.stdout.contains("\"min_slice_size\": 10"))
        #expect(fromFile.stderr.isEmpty)
        let overridden = try RaiBinary.run(["eval", "--config", config, "--gate", "gap(fpr, race, 0.5, skip_small) <= 1", "--format", "junit"])
        #expect(overridden.status == 0)
        #expect(overridden.stdout.contains("<testcase classname=\"rai.gates\" name=\"gap(fpr, race, 0.5, skip_small) &lt;= 1\"></testcase>"))
    }

    @Test("the numbers 0 and 1 are numbers; flags take only true or false (F21)")
    func zeroAndOne() throws {
        let config = RaiBinary.temporary(#"""
            {"min_slice_size": 0, "threads": 1, "thresholds": [0.5, 1, 0, -0.0, 1.0], "bootstrap": 1, "seed": 0, "quiet": true}
            """#, extension: "json")
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--config", config, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"min_slice_size\": 0"))
        #expect(run.stdout.contains("\"thresholds\": [0, 0.5, 1],"))
        #expect(run.stdout.contains("\"bootstrap_replicates\": 1,\n    \"bootstrap_seed\": 0,"))
        let flag = RaiBinary.temporary(#"{"no_auc": 1}"#, extension: "json")
        let numericFlag = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--config", flag])
        #expect(numericFlag.status == 64)
        #expect(numericFlag.stderr.contains("'no_auc' must be true or false"))
    }

    @Test("'config' and 'help' are not allowed in a config file (F39)", arguments: [#"{"config": "x.json"}"#, #"{"help": true}"#])
    func commandLineOnlyKeys(json: String) throws {
        let config = RaiBinary.temporary(json, extension: "json")
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--config", config])
        #expect(run.status == 64)
        #expect(run.stderr.contains("is not allowed in a config file"), "\(run.stderr)")
    }

    @Test("a config on a FIFO, /dev/stdin or <(…) is read; an endless one is cut off; a rai.json that is a directory says so (F38)")
    func specialConfigFiles() throws {
        let json = #"{"label": "label", "score": "score", "format": "json", "quiet": true}"#
        for script in ["\"$RAI\" eval \"$FIXTURES/predictions.csv\" --config <(echo '\(json)')",
                       "echo '\(json)' | \"$RAI\" eval \"$FIXTURES/predictions.csv\" --config /dev/stdin",
                       "mkfifo c.json; { exec >/dev/null 2>&1; echo '\(json)' > c.json; } & \"$RAI\" eval \"$FIXTURES/predictions.csv\" --config c.json"] {
            let run = try RaiBinary.shell(script)
            #expect(run.status == 0, "\(script): \(run.stderr)")
            #expect(run.stdout.contains("\"schema_version\": 1"))
        }
        let endless = try RaiBinary.run(["eval", predictions, "--config", "/dev/zero"])
        #expect(endless.status == 66)
        #expect(endless.stderr == "Error: cannot read /dev/zero: more than 16 MiB, too large for a config file\n")
        let endlessMeta = try RaiBinary.run(["card", RaiBinary.fixtures + "/golden/hand.json", "--meta", "/dev/zero"])
        #expect(endlessMeta.status == 66)
        let directory = try RaiBinary.shell("mkdir rai.json && \"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score")
        #expect(directory.status == 66)
        #expect(directory.stderr == "Error: cannot read rai.json: is a directory\n")
    }

    @Test("an unknown key is a usage error with a suggestion")
    func unknownKey() throws {
        let config = RaiBinary.temporary(#"{"treshold": [0.5]}"#, extension: "json")
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--config", config])
        #expect(run.status == 64)
        #expect(run.stderr.contains("unknown key 'treshold'. Did you mean 'thresholds'?"))
    }
}

@Suite("Baseline model from the command line")
struct BaselineCommandLineTests {
    @Test("--baseline-score reports changes and flips, and change gates need it")
    func baseline() throws {
        let path = RaiBinary.temporary("label,score,base,g\n1,0.9,0.4,a\n0,0.6,0.7,a\n0,0.2,0.8,b\n1,0.3,0.1,b\n")
        let run = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score", "--baseline-score", "base",
                                     "--slice", "g", "--thresholds", "0.5", "--format", "markdown", "--min-slice-size", "0",
                                     "--gate", "change(gap(fpr, g, 0.5)) <= 0.01"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Decisions that change: 50.0% of examples (25.0% negative → positive, 25.0% positive → negative)."))
        let json = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score", "--baseline-score", "base",
                                      "--thresholds", "0.5", "--format", "json"])
        #expect(json.stdout.contains("\"flip_rate\": 0.5"))
        let missing = try RaiBinary.run(["eval", path, "--label", "label", "--score", "score", "--slice", "g",
                                         "--gate", "change(gap(fpr, g, 0.5)) <= 0.01"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("add --baseline-score COLUMN"))
    }
}

@Suite("Warnings")
struct WarningTests {
    @Test("a positive label that matches no row is pointed out")
    func unmatchedPositiveLabel() throws {
        let path = RaiBinary.temporary("income,p\n>50K.,0.9\n<=50K.,0.2\n")
        let run = try RaiBinary.run(["eval", path, "--label", "income", "--positive-label", ">50K", "--score", "p", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: no label equals '>50K'; check its exact spelling"))
    }
}
