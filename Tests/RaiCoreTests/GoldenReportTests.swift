import Foundation
import Testing
@testable import RaiCore

/// Reports of the fixtures compared byte for byte with the expected files beside them in
/// `Fixtures/golden/`. After an intended change, regenerate them with
/// `RAI_UPDATE_GOLDEN=1 swift test --filter GoldenReportTests` and review the diff.
@Suite("Golden reports")
struct GoldenReportTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let input: String
        let output: String
        let weight: String?
        let slices: [[String]]
        let thresholds: [Double]
        var testDescription: String { output }
    }

    static let cases: [Case] = [
        Case(input: "golden/hand.csv", output: "golden/hand", weight: nil, slices: [["group"]], thresholds: [0.5, 0.25]),
        Case(input: "predictions.csv", output: "golden/predictions", weight: nil,
             slices: [["sex"], ["race"], ["age_group"], ["sex", "race"]], thresholds: [0.3, 0.5, 0.7]),
        Case(input: "predictions.csv", output: "golden/predictions-weighted", weight: "weight",
             slices: [["race"]], thresholds: [0.5]),
    ]

    @Test("JSON and text reports match their golden files", arguments: cases)
    func golden(_ golden: Case) throws {
        let result = try evaluate(path: fixturesDirectory + "/" + golden.input, weight: golden.weight,
                                  slices: golden.slices, thresholds: golden.thresholds)
        var normalized = result
        normalized.input.path = golden.input  // reports name the file as given; keep them machine-independent
        let report = FairnessReport(result: normalized, version: "test")
        for format in ReportFormat.allCases {
            let rendered = format.render(report)
            let extensions: [ReportFormat: String] = [.json: "json", .text: "txt", .markdown: "md", .html: "html", .csv: "tidy.csv", .junit: "junit.xml", .github: "github.txt"]
            let path = fixturesDirectory + "/" + golden.output + "." + extensions[format, default: format.rawValue]
            if ProcessInfo.processInfo.environment["RAI_UPDATE_GOLDEN"] != nil {
                try rendered.write(toFile: path, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(rendered == expected, "\(path) differs; see the comment on GoldenReportTests")
        }
    }

    @Test("the JSON report is valid JSON with the documented top-level fields")
    func schema() throws {
        let result = try evaluate(path: fixturesDirectory + "/golden/hand.csv", slices: [["group"]])
        let text = ReportFormat.json.render(FairnessReport(result: result, version: "test"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schema_version", "rai_version", "verdict", "gates", "input", "parameters", "auc_exact",
                                     "slices", "analysis"])
        let slices = try #require(object["slices"] as? [[String: Any]])
        #expect((slices[0]["slice"] as? [String: Any])?.isEmpty == true)
        #expect((slices[3]["slice"] as? [String: Any])?["group"] is NSNull)
    }
}
