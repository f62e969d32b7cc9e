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

    @Test("a clean report and metadata file give no warning")
    func noWarnings() throws {
        let meta = try String(contentsOfFile: fixturesDirectory + "/model-meta.json", encoding: .utf8)
        #expect(try card(meta: meta).warnings.isEmpty)
    }

    @Test("unknown, misspelt and mistyped metadata keys are warned about; the strings of a mixed list are kept")
    func metadataWarnings() throws {
        let card = try card(meta: #"""
        {"model_details": 5, "modle_details": {}, "intended_use": {"primary_uses": [1, {"a": 2}, null, "real use"], "out_of_scop": "x"},
         "factors": {"relevant": ["sex", 3]}, "caveats_and_recommendations": 3}
        """#)
        #expect(card.warnings == [
            "meta.json: 'caveats_and_recommendations' must be a string or a list of strings; it is ignored",
            "meta.json: 'factors.relevant' has 1 item that is not a string; left out",
            "meta.json: unknown key 'intended_use.out_of_scop' is ignored; did you mean 'intended_use.out_of_scope'?",
            "meta.json: 'intended_use.primary_uses' has 3 items that are not strings; left out",
            "meta.json: 'model_details' must be an object with the keys name, version, owners, date, description, license, references; it is ignored",
            "meta.json: unknown key 'modle_details' is ignored; did you mean 'model_details'?",
        ])
        #expect(card.markdown().contains("Primary uses: real use\n"))
    }

    func edited(_ change: (inout [String: Any]) -> Void) throws -> ModelCard {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixturesDirectory + "/golden/predictions.json"))
        var report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&report)
        return try ModelCard(evaluation: try JSONSerialization.data(withJSONObject: report), evaluationPath: "r.json",
                             metadata: nil, metadataPath: nil)
    }

    @Test("a report whose slices, rates or verdict were edited is warned about")
    func reportWarnings() throws {
        let card = try edited { report in
            var slices = report["slices"] as! [[String: Any]]
            slices[1]["example_count"] = 999
            slices[2]["auc"] = "NaN"
            var entries = slices[3]["thresholds"] as! [[String: Any]]
            entries[1]["precision"] = 1.5
            slices[3]["thresholds"] = entries
            slices[4]["thresholds"] = [[String: Any]]()
            report["slices"] = slices
            report["verdict"] = "pass"
        }
        #expect(card.warnings == [
            "r.json: slice 'sex=male': auc 'NaN' is not a number from 0 to 1 nor null; shown as —",
            "r.json: slice 'sex=(missing)': precision '1.5' is not a number from 0 to 1 nor null; shown as —",
            "r.json: slice 'race=asian' has no entry at threshold 0.5; its rates are shown as —",
            "r.json: the slices of spec sex add up to 1529 examples, not the overall 1000",
            "r.json: verdict 'pass' does not match the gates, which say 'no gates'",
        ])
        let many = try edited { report in
            report["slices"] = (report["slices"] as! [[String: Any]]).map { slice in
                var slice = slice
                slice["auc"] = "NaN"
                return slice
            }
        }
        #expect(many.warnings.count == ModelCard.maximumWarnings)
        #expect(many.warnings.last?.hasPrefix("… and ") == true)
    }

    @Test("anything but a rai report is a data error")
    func notAReport() {
        let notAReport = RaiError.data(DataError(path: "x.json", kind: .invalidJSON(
            "not a rai eval JSON report (schema_version 1); make one with rai eval --format json")))
        for text in ["{\"a\": 1}", "[]", "{\"schema_version\": 2, \"slices\": []}", "not JSON"] {
            #expect(throws: notAReport, "\(text)") {
                try ModelCard(evaluation: Data(text.utf8), evaluationPath: "x.json", metadata: nil, metadataPath: nil)
            }
        }
    }
}
