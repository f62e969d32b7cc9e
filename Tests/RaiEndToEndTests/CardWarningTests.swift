import Foundation
import Testing

@Suite("rai card warnings")
struct CardWarningTests {
    @Test("ignored metadata keys and an edited report are warned about on stderr; the card is still written")
    func warnings() throws {
        var report = try String(contentsOfFile: RaiBinary.fixtures + "/golden/hand.json", encoding: .utf8)
        report = report.replacingOccurrences(of: "\"verdict\": \"no gates\"", with: "\"verdict\": \"pass\"")
        let reportPath = RaiBinary.temporary(report, extension: "json")
        let meta = RaiBinary.temporary(#"{"model_details": {"nmae": "M"}, "ethical_considerations": 5}"#, extension: "json")
        let run = try RaiBinary.run(["card", reportPath, "--meta", meta])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("# Model card\n"))
        #expect(run.stderr.contains("warning: \(meta): unknown key 'model_details.nmae' is ignored; did you mean 'model_details.name'?"))
        #expect(run.stderr.contains("warning: \(meta): 'ethical_considerations' must be a string or a list of strings; it is ignored"))
        #expect(run.stderr.contains("warning: \(reportPath): verdict 'pass' does not match the gates, which say 'no gates'"))
        let clean = try RaiBinary.run(["card", RaiBinary.fixtures + "/golden/hand.json", "--meta", RaiBinary.fixtures + "/model-meta.json"])
        #expect(clean.status == 0)
        #expect(clean.stderr.isEmpty)
    }
}
