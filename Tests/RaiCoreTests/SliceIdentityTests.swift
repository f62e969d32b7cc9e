import Foundation
import Testing
@testable import RaiCore

/// References, specs and gates find slices by spec and values, never by display name, and say
/// so when what was asked for is not there (S4; reliability findings F6, F7, F8, F24).
@Suite("References and gates find the slices they name")
struct SliceIdentityTests {
    /// Two groups of 40 rows: g=a with FPR 0.5, g=b with FPR 0.1; and 5 rows of g=c.
    var groups: String {
        var rows = "label,score,g\n"
        for (group, falsePositives) in [("a", 10), ("b", 2)] {
            for i in 0..<20 { rows += "0,\(i < falsePositives ? 0.9 : 0.1),\(group)\n" }
            for i in 0..<20 { rows += "1,\(i < 18 ? 0.8 : 0.2),\(group)\n" }
        }
        for i in 0..<5 { rows += "\(i % 2),0.6,c\n" }
        return rows
    }

    func usageMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch RaiError.usage(let message) {
            return message
        } catch {
            return nil
        }
    }

    @Test("a reference that matches no slice is a usage error listing the spec's values (F8)")
    func unknownReference() throws {
        let result = try evaluate(groups, slices: [["g"]])
        let message = usageMessage { _ = try ReferenceChoice.resolve([try ReferenceChoice.parse("g=A")], in: result, minimumSliceSize: 0) }
        #expect(message == "'--reference g=A': spec g has no such slice; its values are: a; b; c")
        let column = usageMessage { _ = try ReferenceChoice.resolve([try ReferenceChoice.parse("h=a")], in: result, minimumSliceSize: 0) }
        #expect(column == "'--reference h=a': no --slice spec has the columns h; they are: g")
        #expect(usageMessage { _ = try ReferenceChoice.parse("=a") } != nil)
        #expect(usageMessage { _ = try ReferenceChoice.parse("g") } != nil)
        let twice = usageMessage {
            _ = try ReferenceChoice.resolve([try ReferenceChoice.parse("g=a"), try ReferenceChoice.parse("g=b")], in: result, minimumSliceSize: 0)
        }
        #expect(twice?.contains("more than one --reference") == true)
    }

    @Test("a withheld reference slice is a usage error, not silently compared with (S4)")
    func withheldReference() throws {
        let result = try evaluate(groups, slices: [["g"]])
        let message = usageMessage { _ = try ReferenceChoice.resolve([try ReferenceChoice.parse("g=c")], in: result, minimumSliceSize: 30) }
        #expect(message?.contains("the slice has 5 examples, fewer than --min-slice-size 30") == true)
        #expect(try ReferenceChoice.resolve([try ReferenceChoice.parse("g=c")], in: result, minimumSliceSize: 5) == ["g": ["c"]])
    }

    @Test("a reference may list a cross's columns in any order")
    func referenceColumnOrder() throws {
        let result = try evaluate("label,score,s,r\n1,0.9,f,x\n0,0.2,m,y\n1,0.8,m,x\n0,0.1,f,y\n", slices: [["s", "r"]])
        let resolved = try ReferenceChoice.resolve([try ReferenceChoice.parse("r=y,s=m")], in: result, minimumSliceSize: 0)
        #expect(resolved == ["s,r": ["m", "y"]])
        #expect(FairnessAnalysis(result: result, references: resolved).specs[0].reference == "s=m & r=y")
    }

    @Test("gap and ratio gates and named criteria with fewer than two slices to compare fail with that reason (F6)", arguments: [
        "gap(fpr, g, 0.5, skip_small) <= 1", "ratio(fpr, g, 0.5, skip_small) >= 0", "demographic_parity_difference(g, 0.5, skip_small) <= 1",
        "equalized_odds_ratio(g, 0.5, skip_small) >= 0",
    ])
    func tooFewSlices(gate: String) throws {
        // Only g=a has 30 rows or more.
        var rows = "label,score,g\n"
        for i in 0..<40 { rows += "\(i % 2),0.\(i % 10),a\n" }
        rows += "1,0.9,b\n0,0.7,b\n"
        let gates = [try Gate.parse(gate)]
        let report = FairnessReport(result: try evaluate(rows, slices: [["g"]]), minimumSliceSize: 30, gates: gates, version: "test")
        #expect(!report.gates[0].passed)
        #expect(report.gates[0].reason?.hasPrefix("too few slices to compare: 1 with a defined") == true, "\(report.gates[0])")
        // Two slices to compare: the gate has a value again.
        let both = FairnessReport(result: try evaluate(rows, slices: [["g"]]), minimumSliceSize: 2, gates: gates, version: "test")
        #expect(both.gates[0].observed != nil)
    }

    @Test("a slice value that spells a cross's name does not stand in for the cross in a gate (F7)")
    func collidingNames() throws {
        // The cross sex=female & race=black: 600 rows, FPR 1. A sex VALUE spelling the same name: 4 rows.
        var rows = "label,score,sex,race\n"
        for i in 0..<600 { rows += "\(i % 2),\(i % 2 == 0 ? 0.99 : 0.4),female,black\n" }
        for i in 0..<600 { rows += "\(i % 2),\(i % 4 < 2 ? 0.9 : 0.1),male,white\n" }
        for i in 0..<4 { rows += "\(i % 2),0.3,\"female & race=black\",white\n" }
        let result = try evaluate(rows, slices: [["sex"], ["sex", "race"]])
        let names = result.slices.map(\.name)
        #expect(names.filter { $0 == "sex=female & race=black" }.count == 2)
        let gates = try ["gap(fpr, sex&race, 0.5, min_examples=30) <= 0.3", "gap(fpr, sex&race, 0.5, skip_small) <= 0.3"].map { try Gate.parse($0) }
        let report = FairnessReport(result: result, gates: gates, version: "test")
        for gate in report.gates {
            // FPR 1 (female & black) against 0.5 (male & white).
            #expect(!gate.passed && gate.observed == 0.5, "\(gate)")
        }
    }

    @Test("the CSV report shows each slice its own numbers when two slices of a cross share a name")
    func reportsWithCollidingNames() throws {
        // s="a & r=x", r="y" and s="a", r="x & r=y" are both named `s=a & r=x & r=y`.
        var rows = "label,score,s,r\n"
        for (s, r, falsePositives) in [("\"a & r=x\"", "y", 10), ("a", "\"x & r=y\"", 2)] {
            for i in 0..<20 { rows += "0,\(i < falsePositives ? 0.9 : 0.1),\(s),\(r)\n" }
            for i in 0..<20 { rows += "1,0.8,\(s),\(r)\n" }
        }
        let report = FairnessReport(result: try evaluate(rows, slices: [["s", "r"]]), version: "test")
        let fpr = ReportFormat.csv.render(report).split(separator: "\n").filter { $0.contains(",0.5,false_positive_rate,") }
        // Sorted by value, s="a" (FPR 0.1) comes first; overall is 0.3, so differences −0.2 and +0.2.
        #expect(fpr.count == 3)
        #expect(fpr[1].split(separator: ",")[4] == "0.1" && fpr[1].split(separator: ",")[7].hasPrefix("-0.19999"), "\(fpr)")
        #expect(fpr[2].split(separator: ",")[4] == "0.5" && fpr[2].split(separator: ",")[7] == "0.2", "\(fpr)")
    }

    @Test("a slice column no row has a value for is named (F6)")
    func columnWithoutValues() throws {
        let result = try evaluate("{\"label\":1,\"score\":0.9,\"race\":\"a\"}\n{\"label\":0,\"score\":0.1,\"race\":\"b\"}\n",
                                  extension: "jsonl", slices: [["rcae"], ["race", "rcae"], ["race"]])
        #expect(result.columnsWithoutValues == ["rcae"])
    }
}
