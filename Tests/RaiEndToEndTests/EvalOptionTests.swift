import Foundation
import Testing

/// Each `rai eval` option, by what it changes in the report: a flag that parsed but did nothing
/// would fail these tests.
@Suite("eval options, by their effect")
struct EvalOptionTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"

    /// The JSON report of `rai eval` with `arguments` (and `--format json`).
    func report(_ arguments: [String], stdin: Data? = nil) throws -> [String: Any] {
        let run = try RaiBinary.run(["eval"] + arguments + ["--format", "json"], stdin: stdin)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    func slices(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["slices"] as? [[String: Any]])
    }

    func slice(_ report: [String: Any], _ name: String) throws -> [String: Any] {
        try #require(try slices(report).first { $0["name"] as? String == name }, "no slice \(name)")
    }

    @Test("--input-format overrides the extension and the sniffing; without it, an unknown extension is sniffed")
    func inputFormat() throws {
        let tsv = RaiBinary.temporary("label\tscore\tg\n1\t0.9\ta,b\n0\t0.2\tc\n", extension: "data")
        let sniffed = try report([tsv, "--label", "label", "--score", "score", "--slice", "g"])
        #expect((sniffed["input"] as? [String: Any])?["format"] as? String == "tsv")
        #expect(try slices(sniffed).compactMap { $0["name"] as? String } == ["overall", "g=a,b", "g=c"])
        let asCSV = try RaiBinary.run(["eval", tsv, "--label", "label", "--score", "score", "--input-format", "csv"])
        #expect(asCSV.status == 65)
        // Read as CSV, the header is one column; the tabs in its name are shown escaped.
        #expect(asCSV.stderr == "Error: \(tsv):1: no columns 'label', 'score'; the columns are: label\\tscore\\tg\n")
        let jsonAsCSV = RaiBinary.temporary("{\"label\": 1, \"score\": 0.5}\n", extension: "csv")
        let forced = try report([jsonAsCSV, "--label", "label", "--score", "score", "--input-format", "JSONL"])
        #expect((forced["input"] as? [String: Any])?["rows_used"] as? Int == 1)
        let unknown = try RaiBinary.run(["eval", tsv, "--label", "label", "--score", "score", "--input-format", "xml"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: unknown input format 'xml'; choose one of: csv, tsv, jsonl\n"))
    }

    @Test("standard input is sniffed: a header with more tabs than commas is TSV, else CSV", arguments: [
        ("label\tscore\tnote\n1\t0.9\tx, y\n", "tsv"), ("label,score,note\n1,0.9,\"x\ty\"\n", "csv"), ("\u{FEFF}label\tscore\n1\t0.9\n", "tsv"),
    ])
    func sniffing(text: String, format: String) throws {
        let json = try report(["-", "--label", "label", "--score", "score"], stdin: Data(text.utf8))
        let input = try #require(json["input"] as? [String: Any])
        #expect(input["format"] as? String == format)
        #expect(input["rows_used"] as? Int == 1)
    }

    @Test("--delimiter reads other separators; a delimiter that cannot be one is a usage error")
    func delimiter() throws {
        let semicolons = RaiBinary.temporary("label;score;g\n1;0,9;a\n0;0.2;\"b;c\"\n1;0.7;a\n")
        let json = try report([semicolons, "--label", "label", "--score", "score", "--slice", "g", "--delimiter", ";", "--skip-invalid"])
        #expect(try slices(json).compactMap { $0["name"] as? String } == ["overall", "g=a", "g=b;c"])
        #expect((json["input"] as? [String: Any])?["rows_used"] as? Int == 2)  // "0,9" is not a number
        let withoutIt = try RaiBinary.run(["eval", semicolons, "--label", "label", "--score", "score"])
        #expect(withoutIt.status == 65)
        #expect(withoutIt.stderr == "Error: \(semicolons):1: no columns 'label', 'score'; the columns are: label;score;g\n")
        let tabs = RaiBinary.temporary("label\tscore\n1\t0.9\n0\t0.2\n")
        for spelling in ["tab", "\\t", "\t"] {
            let run = try report([tabs, "--label", "label", "--score", "score", "--delimiter", spelling])
            #expect((run["input"] as? [String: Any])?["rows_used"] as? Int == 2, "\(spelling)")
        }
        for bad in ["\"", ";;", "\n"] {
            let run = try RaiBinary.run(["eval", tabs, "--label", "label", "--score", "score", "--delimiter", bad])
            #expect(run.status == 64)
            #expect(run.stderr.hasPrefix("Error: '--delimiter' must be a single ASCII character other than a quote or newline"), "\(run.stderr)")
        }
    }

    @Test("--bootstrap and --seed: the replicates give intervals; the same seed the same ones, another seed others")
    func bootstrap() throws {
        let arguments = [predictions, "--label", "label", "--score", "score", "--slice", "sex", "--thresholds", "0.5",
                         "--bootstrap", "40"]
        let first = try RaiBinary.run(["eval"] + arguments + ["--seed", "7", "--format", "json"])
        let again = try RaiBinary.run(["eval"] + arguments + ["--seed", "7", "--format", "json", "--threads", "1", "--block-size", "4K"])
        let other = try RaiBinary.run(["eval"] + arguments + ["--seed", "8", "--format", "json"])
        #expect(first.status == 0 && again.status == 0 && other.status == 0)
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        #expect(first.stdout.contains("\"bootstrap_replicates\": 40,\n    \"bootstrap_seed\": 7,"))
        let plain = try RaiBinary.run(["eval"] + arguments.dropLast(2) + ["--format", "json"])
        #expect(first.stdout.count > plain.stdout.count)  // the bootstrap intervals
        let tooMany = try RaiBinary.run(["eval"] + arguments.dropLast(2) + ["--bootstrap", "10001"])
        #expect(tooMany.status == 64)
        #expect(tooMany.stderr.hasPrefix("Error: '--bootstrap' takes at most 10000 replicates\n"))
        let seedAlone = try RaiBinary.run(["eval"] + arguments.dropLast(2) + ["--seed", "7"])
        #expect(seedAlone.status == 64)
        #expect(seedAlone.stderr.hasPrefix("Error: '--seed' only applies with --bootstrap N\n"))
    }

    @Test("--block-size: any block size gives the same report, rows and header longer than a block included")
    func blockSize() throws {
        let wide = String(repeating: "w", count: 3000)
        var text = "label,score,g,\(wide)\n"
        for i in 0..<400 { text += "\(i % 2),0.\(i % 97),\(i % 5 == 0 ? wide : "g\(i % 3)"),\(i % 7 == 0 ? wide : "x")\n" }
        let path = RaiBinary.temporary(text)
        let arguments = [path, "--label", "label", "--score", "score", "--slice", "g", "--slice", wide, "--format", "json"]
        let whole = try RaiBinary.run(["eval"] + arguments)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout.contains("\"g=\(wide)\""))
        for size in ["1K", "1500", "4K"] {
            for threads in ["1", "3"] {
                let run = try RaiBinary.run(["eval"] + arguments + ["--block-size", size, "--threads", threads])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(run.stdout == whole.stdout, "--block-size \(size) --threads \(threads)")
                // Standard input is read into blocks (a file is mapped): a longer row grows the block.
                let piped = try RaiBinary.run(["eval", "-"] + arguments.dropFirst() + ["--block-size", size, "--threads", threads],
                                              stdin: Data(text.utf8))
                #expect(piped.status == 0, "\(piped.stderr)")
                #expect(piped.stdout.replacingOccurrences(of: "\"path\": \"-\"", with: "\"path\": \"\(path)\"") == whole.stdout,
                        "standard input, --block-size \(size) --threads \(threads)")
            }
        }
        for bad in ["0", "-4K", "1X", "3G"] {
            let run = try RaiBinary.run(["eval"] + arguments + ["--block-size", bad])
            #expect(run.status == 64)
            #expect(run.stderr.hasPrefix("Error: '--block-size' needs a size such as 65536, 64K or 4M, got '\(bad)'\n"), "\(run.stderr)")
        }
    }

    @Test("--score-budget: a small budget makes AUC approximate, with an error bound and a note")
    func scoreBudget() throws {
        let arguments = [predictions, "--label", "label", "--score", "score", "--slice", "race"]
        let exact = try report(arguments)
        let coarse = try report(arguments + ["--score-budget", "32"])
        #expect(exact["auc_exact"] as? Bool == true)
        #expect(coarse["auc_exact"] as? Bool == false)
        let overall = try slice(coarse, "overall")
        let bound = try #require(overall["auc_error_bound"] as? Double)
        let exactAUC = try #require(try slice(exact, "overall")["auc"] as? Double)
        let coarseAUC = try #require(overall["auc"] as? Double)
        #expect(bound > 0 && abs(exactAUC - coarseAUC) <= bound)
        let text = try RaiBinary.run(["eval"] + arguments + ["--score-budget", "32"])
        #expect(text.stdout.contains("note: some slices have more distinct scores than the score budget; their AUC is approximate"))
        #expect(try RaiBinary.run(["eval"] + arguments + ["--score-budget", "0"]).stderr
            .hasPrefix("Error: '--score-budget' needs a positive integer, got '0'\n"))
    }

    @Test("--no-auc leaves AUC out of every slice and says so in the parameters")
    func noAUC() throws {
        let arguments = [predictions, "--label", "label", "--score", "score", "--slice", "sex"]
        let with = try report(arguments)
        let without = try report(arguments + ["--no-auc"])
        #expect((with["parameters"] as? [String: Any])?["auc"] as? Bool == true)
        #expect((without["parameters"] as? [String: Any])?["auc"] as? Bool == false)
        #expect(try slices(with).allSatisfy { $0["auc"] is Double || ($0["withheld"] as? Bool == true) })
        #expect(try slices(without).allSatisfy { $0["auc"] is NSNull })
        #expect(try slices(without).count == slices(with).count)
    }

    /// The rate analysis of a spec at a threshold: `analysis.specs[spec].thresholds[threshold].rates[rate]`.
    func rate(_ report: [String: Any], spec: Int = 0, threshold: Int = 0, _ name: String) throws -> [String: Any] {
        let analysis = try #require(report["analysis"] as? [String: Any])
        let specs = try #require(analysis["specs"] as? [[String: Any]])
        let thresholds = try #require(specs[spec]["thresholds"] as? [[String: Any]])
        let rates = try #require(thresholds[threshold]["rates"] as? [String: Any])
        return try #require(rates[name] as? [String: Any])
    }

    @Test("--reference compares each slice with the named one instead of overall")
    func reference() throws {
        let arguments = [predictions, "--label", "label", "--score", "score", "--slice", "race", "--thresholds", "0.5"]
        let byDefault = try report(arguments)
        let white = try report(arguments + ["--reference", "race=white"])
        let analysis = try #require(white["analysis"] as? [String: Any])
        #expect((analysis["specs"] as? [[String: Any]])?.first?["reference"] as? String == "race=white")
        let fpr = try rate(white, "false_positive_rate")
        let whiteFPR = try #require(((try slice(white, "race=white")["thresholds"] as? [[String: Any]])?.first)?["false_positive_rate"] as? Double)
        #expect(fpr["reference_value"] as? Double == whiteFPR)
        #expect(try rate(byDefault, "false_positive_rate")["reference_value"] as? Double != whiteFPR)
        let rows = try #require(fpr["slices"] as? [[String: Any]])
        let black = try #require(rows.first { $0["slice"] as? String == "race=black" })
        let blackValue = try #require(black["value"] as? Double)
        #expect(abs(try #require(black["difference"] as? Double) - (blackValue - whiteFPR)) < 1e-12)
        let malformed = try RaiBinary.run(["eval"] + arguments + ["--reference", "white"])
        #expect(malformed.status == 64)
        #expect(malformed.stderr.hasPrefix("Error: '--reference white' needs column=value pairs, e.g. race=white\n"))
    }

    @Test("--confidence sets the level of every interval: a higher level, wider intervals")
    func confidence() throws {
        let arguments = [predictions, "--label", "label", "--score", "score", "--slice", "sex", "--thresholds", "0.5"]
        func width(_ confidence: String) throws -> Double {
            let json = try report(arguments + ["--confidence", confidence])
            #expect((json["analysis"] as? [String: Any])?["confidence"] as? Double == Double(confidence))
            let slices = try #require(try rate(json, "false_positive_rate")["slices"] as? [[String: Any]])
            let interval = try #require(slices.first?["difference_interval"] as? [Double])
            return interval[1] - interval[0]
        }
        let narrow = try width("0.5"), standard = try width("0.95"), wide = try width("0.999")
        #expect(narrow < standard && standard < wide)
    }

    @Test("--compare rest tests every slice against the rest of the data")
    func compareRest() throws {
        let arguments = [predictions, "--label", "label", "--score", "score", "--slice", "race", "--thresholds", "0.5",
                         "--reference", "race=white"]
        let json = try report(arguments + ["--compare", "rest"])
        #expect((json["analysis"] as? [String: Any])?["compared_with"] as? String == "rest")
        let against = try #require(try rate(json, "false_positive_rate")["slices"] as? [[String: Any]])
        #expect(against.compactMap { $0["tested_against"] as? String }.allSatisfy { $0 == "rest" })
        let byReference = try #require(try rate(report(arguments), "false_positive_rate")["slices"] as? [[String: Any]])
        #expect(byReference.contains { $0["tested_against"] as? String == "race=white" })
        let bad = try RaiBinary.run(["eval"] + arguments + ["--compare", "all"])
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("Error: '--compare' takes reference or rest, got 'all'\n"))
    }

    @Test("--quiet silences warnings and gate notes, not the verdict")
    func quiet() throws {
        let path = RaiBinary.temporary("label,score,w,g\n1,0.9,0,a\n0,0.2,0,b\n")
        let arguments = ["eval", path, "--label", "label", "--score", "score", "--weight", "w", "--slice", "g",
                         "--min-slice-size", "0", "--gate", "min(tpr, g, 0.5) >= 0.9", "--format", "json"]
        let loud = try RaiBinary.run(arguments)
        #expect(loud.status == 1)
        #expect(loud.stderr.contains("warning: every weight is zero"))
        #expect(loud.stderr.contains("gate failed: min(tpr, g, 0.5) >= 0.9"))
        for flag in ["--quiet", "-q"] {
            let quiet = try RaiBinary.run(arguments + [flag])
            #expect(quiet.status == 1)
            #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
            #expect(quiet.stdout == loud.stdout)
        }
    }
}
