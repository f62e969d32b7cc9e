import Foundation
import Testing

/// `--reference`, repeated specs and misspelt slice columns, as a user meets them (S4; F6, F8, F24).
@Suite("References and slice specs on the command line")
struct ReferenceCommandLineTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"
    let base = ["--label", "label", "--score", "score", "--thresholds", "0.5", "-q"]

    @Test("a reference that matches no slice exits 64 naming the values (F8)")
    func unknownReference() throws {
        let run = try RaiBinary.run(["eval", predictions] + base + ["--slice", "race", "--reference", "race=White", "--format", "json"])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("'--reference race=White': spec race has no such slice; its values are: asian; black; hispanic; other; white; (missing)"))
        let column = try RaiBinary.run(["eval", predictions] + base + ["--slice", "race", "--reference", "region=r01"])
        #expect(column.status == 64)
        #expect(column.stderr.contains("no --slice spec has the columns region"))
    }

    @Test("a withheld reference slice exits 64; a cross's reference may list its columns in any order")
    func withheldAndReordered() throws {
        let withheld = try RaiBinary.run(["eval", predictions] + base + ["--slice", "race", "--reference", "race=other",
                                                                        "--min-slice-size", "40"])
        #expect(withheld.status == 64)
        #expect(withheld.stderr.contains("fewer than --min-slice-size 40"))
        let cross = try RaiBinary.run(["eval", predictions] + base + ["--slice", "sex,race", "--reference", "race=black,sex=female",
                                                                     "--format", "json"])
        #expect(cross.status == 0)
        #expect(cross.stdout.contains("\"reference\": \"sex=female & race=black\""))
    }

    @Test("a cross given twice in another column order is one spec, and a gate may name it either way (F24)")
    func reversedCross() throws {
        func tests(_ slices: [String]) throws -> (Int, Int) {
            let run = try RaiBinary.run(["eval", predictions] + base + slices.flatMap { ["--slice", $0] }
                                        + ["--gate", "gap(fpr, race&sex, 0.5, skip_small) <= 1", "--format", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let analysis = try #require(json["analysis"] as? [String: Any])
            return (analysis["tests"] as? Int ?? -1, (analysis["specs"] as? [Any])?.count ?? -1)
        }
        let once = try tests(["race", "sex,race"]), twice = try tests(["race", "sex,race", "race,sex"])
        #expect(once == twice)
        #expect(twice.1 == 2)
    }

    @Test("a JSON Lines slice key that no row has is warned about, and a gap gate over it fails (F6)")
    func misspeltKey() throws {
        let run = try RaiBinary.run(["eval", RaiBinary.fixtures + "/predictions.jsonl", "--label", "label", "--score", "score",
                                     "--thresholds", "0.5", "--slice", "rcae", "--gate", "gap(fpr, rcae, 0.5) <= 0.001"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("warning: no row has a value for 'rcae', so every row is in the slice rcae=(missing); check the column name"))
        #expect(run.stdout.contains("too few slices to compare"))
    }
}

