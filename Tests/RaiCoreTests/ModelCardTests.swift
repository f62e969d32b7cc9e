import Foundation
import Testing
@testable import RaiCore

@Suite("Model cards")
struct ModelCardTests {
    func card(meta: String? = nil) throws -> ModelCard {
        let evaluation = try Data(contentsOf: URL(fileURLWithPath: fixturesDirectory + "/golden/predictions.json"))
        return try ModelCard(evaluation: evaluation, evaluationPath: "predictions.json",
                             metadata: meta.map { Data($0.utf8) }, metadataPath: "meta.json")
    }

    @Test("a saved eval report is reloaded into the card's quantitative analyses")
    func quantitative() throws {
        let markdown = try card().markdown()
        #expect(markdown.contains("## Quantitative analyses"))
        #expect(markdown.contains("Per slice at threshold 0.5:"))
        #expect(markdown.contains("| overall | 1000 |"))
        #expect(markdown.contains("| sex × race |"))
        #expect(markdown.contains("Evaluation factors (slices): sex, race, age_group, sex × race."))
    }

    @Test("every section is present, with placeholders naming the missing keys")
    func placeholders() throws {
        let markdown = try card().markdown()
        for section in ["Model details", "Intended use", "Factors", "Metrics", "Evaluation data", "Quantitative analyses",
                        "Ethical considerations", "Caveats and recommendations"] {
            #expect(markdown.contains("## \(section)\n"), "\(section)")
        }
        #expect(markdown.contains("_Name: not provided (add model_details.name to the metadata file)_"))
        let filled = try card(meta: #"{"model_details": {"name": "M", "owners": ["a", "b"]}, "ethical_considerations": ["x"]}"#).markdown()
        #expect(filled.hasPrefix("# Model card: M\n"))
        #expect(filled.contains("Owners: a; b"))
        #expect(filled.contains("- x\n"))
    }

    @Test("the card matches its golden file")
    func golden() throws {
        let meta = try String(contentsOfFile: fixturesDirectory + "/model-meta.json", encoding: .utf8)
        let rendered = try card(meta: meta).markdown()
        let path = fixturesDirectory + "/golden/card.md"
        if ProcessInfo.processInfo.environment["RAI_UPDATE_GOLDEN"] != nil {
            try rendered.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(rendered == (try String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test("HTML cards are escaped and self-contained")
    func html() throws {
        let page = try card(meta: #"{"model_details": {"name": "<script>"}}"#).html()
        #expect(page.contains("<h1>Model card: &lt;script&gt;</h1>"))
        #expect(!page.contains("<script>"))
    }

    @Test("anything but a rai report is a data error")
    func notAReport() {
        #expect(throws: RaiError.self) {
            try ModelCard(evaluation: Data("{\"a\": 1}".utf8), evaluationPath: "x.json", metadata: nil, metadataPath: nil)
        }
        #expect(throws: RaiError.self) {
            try ModelCard(evaluation: Data("[]".utf8), evaluationPath: "x.json", metadata: nil, metadataPath: nil)
        }
    }
}
