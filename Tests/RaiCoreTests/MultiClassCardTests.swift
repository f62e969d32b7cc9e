import Foundation
import Testing
@testable import RaiCore

/// Model cards from the JSON reports of multi-class and multi-label runs on
/// `Fixtures/multiclass.csv` (see `MultiClassTests` for each row's arg-max and top 2).
@Suite("Multi-class model cards")
struct MultiClassCardTests {
    func card(scores: ClassRequest.Scores = .glob("p_*"), names: [String] = [], topK: [Int] = [2], path: String? = nil) throws -> ModelCard {
        var request = EvaluationRequest(path: path ?? fixturesDirectory + "/multiclass.csv", labelColumn: "label", scoreColumn: "",
                                        slices: [["race"]], thresholds: [0.5])
        request.classes = ClassRequest(scores: scores, names: names, topK: topK)
        let report = FairnessReport(result: try Evaluator.evaluate(request), minimumSliceSize: 0, version: "test")
        return try ModelCard(evaluation: Data(JSONReport(report: report).renderBytes()), evaluationPath: "mc.json", metadata: nil, metadataPath: nil)
    }

    @Test("the whole model per slice, the overall confusion matrix, and per class its slices and gaps")
    func multiClass() throws {
        let card = try card()
        #expect(card.warnings.isEmpty, "\(card.warnings)")
        let markdown = card.markdown()
        #expect(markdown.contains("3 classes (bird, cat, dog); label column label, score columns p_bird, p_cat, p_dog."))
        // Arg-max right in 7 of 12 rows, 4 of 6 in race=a; the true class is in the top 2 of 11 rows.
        #expect(markdown.contains("| slice | examples | accuracy (arg-max) | top-2 accuracy | macro AUC |"))
        #expect(markdown.contains("| overall | 12 | 0.583 | 0.917 |"))
        #expect(markdown.contains("| race=a | 6 | 0.667 | 1.000 |"))
        // True bird: rows 5, 6, 12 → bird, row 11 → cat; true cat: 1, 7 → cat, 2 → dog, 8 → bird.
        #expect(markdown.contains("| bird | 3 | 1 | 0 |\n| cat | 1 | 2 | 1 |\n| dog | 1 | 1 | 2 |"))
        #expect(markdown.contains("### Class cat (one-vs-rest)\n\nPer slice at threshold 0.5:"))
        // Cat at 0.5: rows 1 (0.7) and 7 (0.6) positive, both cat, of 4 cats: FPR 0, FNR ½, rate 2/12.
        #expect(markdown.contains("| overall | 12 | 0.859 | 0.000 | 0.500 | 0.167 | 1.000 |"))
        #expect(markdown.contains("Gaps across slices for class cat at threshold 0.5"))
    }

    @Test("hard predictions: the card shows the prediction (top-1), no AUC")
    func predictions() throws {
        let path = temporaryFile("""
            race,label,pred
            a,cat,cat
            a,cat,dog
            b,dog,dog
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let card = try card(scores: .prediction("pred"), names: ["cat", "dog"], topK: [], path: path)
        #expect(card.warnings.isEmpty, "\(card.warnings)")
        let markdown = card.markdown()
        #expect(markdown.contains("of the given prediction (hard predictions: no thresholds, no AUC)"))
        #expect(markdown.contains("| slice | examples | accuracy (arg-max) |\n"))
        // Cat predicted for row 1 only: of 2 cats 1 found (FNR ½), no false positive.
        #expect(markdown.contains("### Class cat (one-vs-rest)\n\nPer slice at the prediction (top-1):"))
        #expect(markdown.contains("| overall | 3 | — | 0.000 | 0.500 | 0.333 | 1.000 |"))
    }

    @Test("a class slice edited to lose its operating point is warned about, naming the class")
    func consistency() throws {
        var request = EvaluationRequest(path: fixturesDirectory + "/multiclass.csv", labelColumn: "label", scoreColumn: "",
                                        slices: [["race"]], thresholds: [0.5])
        request.classes = ClassRequest(scores: .glob("p_*"))
        let report = FairnessReport(result: try Evaluator.evaluate(request), minimumSliceSize: 0, version: "test")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport(report: report).renderBytes())) as? [String: Any])
        var classes = try #require(json["classes"] as? [[String: Any]])
        var slices = try #require(classes[1]["slices"] as? [[String: Any]])
        slices[1]["thresholds"] = [[String: Any]]()
        classes[1]["slices"] = slices
        json["classes"] = classes
        let card = try ModelCard(evaluation: try JSONSerialization.data(withJSONObject: json), evaluationPath: "mc.json", metadata: nil, metadataPath: nil)
        #expect(card.warnings == ["mc.json: class 'cat', slice 'race=a' has no entry at threshold 0.5; its rates are shown as —"])
    }
}
