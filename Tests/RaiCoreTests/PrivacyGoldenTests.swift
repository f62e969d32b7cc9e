import Foundation
import Testing
@testable import RaiCore

/// `rai privacy` reports of `Fixtures/privacy.csv` in every format, compared byte for byte with
/// `Fixtures/golden/privacy.*`. After an intended change, regenerate them with
/// `RAI_UPDATE_GOLDEN=1 swift test --filter PrivacyGoldenTests` and review the diff.
@Suite("Golden privacy reports")
struct PrivacyGoldenTests {
    @Test func everyFormatMatchesItsGoldenFile() throws {
        var request = PrivacyRequest(membership: .column(path: fixturesDirectory + "/privacy.csv", column: "member", memberValue: nil))
        request.labelColumn = "label"
        request.scoreColumn = "score"
        request.slices = [["race"], ["sex", "race"]]
        var result = try MembershipInference.run(request)
        result.input.path = "privacy.csv"  // reports name the file as given; keep them machine-independent
        let gates = try ["max(attack_auc, race) <= 0.6", "max(advantage, sex&race) <= 0.9", "min(ppv, skip_undefined) >= 0"].map {
            try Gate.parse($0, vocabulary: .privacy)
        }
        let report = PrivacyReport(result: result, gates: gates, version: "test")
        let extensions: [ReportFormat: String] = [.json: "json", .text: "txt", .markdown: "md", .html: "html", .csv: "tidy.csv", .junit: "junit.xml",
                                                  .github: "github.txt"]
        for format in ReportFormat.allCases {
            let rendered = String(decoding: report.renderBytes(format), as: UTF8.self)
            let path = fixturesDirectory + "/golden/privacy." + extensions[format, default: format.rawValue]
            if ProcessInfo.processInfo.environment["RAI_UPDATE_GOLDEN"] != nil {
                try rendered.write(toFile: path, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: path, encoding: .utf8)
            #expect(rendered == expected, "\(path) differs; see the comment on PrivacyGoldenTests")
        }
    }
}
