import Foundation
import Testing
@testable import RaiCore

/// Multi-class and multi-label models on `Fixtures/multiclass.csv`: 12 rows, classes bird, cat,
/// dog (sorted from the glob `p_*`), slices race=a (rows 1–6) and race=b (rows 7–12).
///
/// Each row's arg-max (ties to the class listed first) and top 2, class order bird, cat, dog:
///   1 cat  [.1 .7 .2] → cat, {cat dog}    7 cat  [.1 .6 .3] → cat,  {cat dog}
///   2 cat  [.1 .4 .5] → dog, {dog cat}    8 cat  [.4 .3 .3] → bird, {bird cat}
///   3 dog  [.1 .3 .6] → dog, {dog cat}    9 dog  [.1 .2 .7] → dog,  {dog cat}
///   4 dog  [.1 .5 .4] → cat, {cat dog}   10 dog  [.5 .2 .3] → bird, {bird dog}
///   5 bird [.6 .2 .2] → bird,{bird cat}  11 bird [.2 .4 .4] → cat,  {cat dog}
///   6 bird [.6 .1 .3] → bird,{bird dog}  12 bird [.5 .3 .2] → bird, {bird cat}
@Suite("Multi-class and multi-label models")
struct MultiClassTests {
    let csv = fixturesDirectory + "/multiclass.csv"
    let jsonl = fixturesDirectory + "/multiclass.jsonl"

    func request(_ path: String? = nil, scores: ClassRequest.Scores = .glob("p_*"), names: [String] = [], topK: [Int] = [2],
                 label: String = "label", weight: String? = nil, thresholds: [Double] = [0.5]) -> EvaluationRequest {
        var request = EvaluationRequest(path: path ?? csv, labelColumn: label, scoreColumn: "", weightColumn: weight,
                                        slices: [["race"]], thresholds: thresholds)
        request.classes = ClassRequest(scores: scores, names: names, topK: topK)
        return request
    }

    func counts(_ point: ThresholdResult) -> [Double] {
        [point.counts.truePositives, point.counts.falsePositives, point.counts.trueNegatives, point.counts.falseNegatives]
    }

    @Test("per class, one-vs-rest: counts at a threshold and at each top-k, exact AUC; per slice, the whole model")
    func unweighted() throws {
        let result = try Evaluator.evaluate(request())
        let classes = try #require(result.classes)
        #expect(classes.names == ["bird", "cat", "dog"])
        #expect(classes.operatingPoints == [.threshold(0.5), .topK(1), .topK(2)])
        let overall = try #require(result.slices[0].classes)
        // Rows true class, columns arg-max: bird 5,6,12 → bird, 11 → cat; cat 1,7 → cat, 2 → dog, 8 → bird; …
        #expect(overall.confusion == [[3, 1, 0], [1, 2, 1], [1, 1, 2]])
        #expect(overall.accuracy == 7.0 / 12)  // diagonal 3 + 2 + 2
        #expect(overall.topKAccuracy(0) == 7.0 / 12)
        #expect(overall.topKAccuracy(1) == 11.0 / 12)  // only row 11 (bird, third) misses
        let cat = overall.perClass[1]
        #expect(cat.positives == 4 && cat.negatives == 8)
        // score > 0.5: rows 1 (0.7) and 7 (0.6), both cats.
        #expect(counts(cat.points[0]) == [2, 0, 8, 2])
        // arg-max cat: rows 1, 7 (cats), 4, 11 (not); cats 2 and 8 missed.
        #expect(counts(cat.points[1]) == [2, 2, 6, 2])
        // cat in the top 2: rows 1, 2, 3, 4, 5, 7, 8, 9, 11, 12: the 4 cats and 6 others.
        #expect(counts(cat.points[2]) == [4, 6, 2, 0])
        // AUC of p_cat, cats 0.7 0.4 0.6 0.3 against others 0.3 0.5 0.2 0.1 0.2 0.2 0.4 0.3:
        // 8 + (6 + ½) + 8 + (4 + 2·½) = 27.5 of 32 pairs.
        #expect(cat.auc.value == 27.5 / 32)
        // p_bird, birds 0.6 0.6 0.2 0.5 against 0.1 ×6, 0.4, 0.5: 8 + 8 + 6 + (7 + ½) = 29.5 of 32.
        #expect(overall.perClass[0].auc.value == 29.5 / 32)
        #expect(abs(overall.macroAUC! - 0.875) < 1e-15)
        // Micro FPR at top-1: false positives 2 + 2 + 1 over negatives 8 × 3.
        #expect(overall.micro(.falsePositiveRate, at: 1) == 5.0 / 24)
        // race=a, cat at top-1: row 1 found, row 2 missed (FNR ½); row 4 a false positive of 4 others.
        let a = try #require(result.slice("race=a")?.classes?.perClass[1])
        #expect(counts(a.points[1]) == [1, 1, 3, 1])
    }

    @Test("weights: every amount is a weight sum")
    func weighted() throws {
        let result = try Evaluator.evaluate(request(weight: "w"))
        let overall = try #require(result.slices[0].classes)
        // Row 2 (cat → dog) and row 8 (cat → bird) weigh 2, row 5 (bird → bird) 3.
        #expect(overall.confusion == [[5, 1, 0], [2, 2, 2], [1, 1, 2]])
        #expect(overall.accuracy == 9.0 / 16)
        #expect(overall.topKAccuracy(1) == 15.0 / 16)
        // p_cat, cats 0.7 (w1) 0.4 (w2) 0.6 (w1) 0.3 (w2), others weigh 10 (row 5: 3):
        // 1·10 + 2·(8 + ½) + 1·10 + 2·(6 + 2·½) = 51 of 6 · 10.
        #expect(overall.perClass[1].auc.value == 51.0 / 60)
        // Effective size of cat's TPR denominator at top-1, (1+2+1+2)² / (1+4+1+4) = 3.6.
        #expect(abs(overall.perClass[1].points[1].effectiveSize(of: .truePositiveRate) - 3.6) < 1e-12)
    }

    @Test("the score budget is shared by the classes: a small one coarsens each class's AUC, and the run says it is not exact")
    func sharedBudget() throws {
        var small = request()
        small.scoreBudget = 9  // 3 buckets per class, for 2 or 3 combinations of 12 rows each
        let result = try Evaluator.evaluate(small)
        #expect(!result.aucExact)
        let cat = try #require(result.slices[0].classes?.perClass[1].auc)
        #expect(!cat.isExact && abs(cat.value! - 27.5 / 32) <= cat.errorBound + 1e-12)
        #expect(try Evaluator.evaluate(request()).aucExact)
    }

    @Test("every input form gives the same per-class results: a glob, a list, a JSON array with class indices")
    func inputForms() throws {
        let glob = try Evaluator.evaluate(request())
        let list = try Evaluator.evaluate(request(scores: .columns([("bird", "p_bird"), ("cat", "p_cat"), ("dog", "p_dog")])))
        let array = try Evaluator.evaluate(request(jsonl, scores: .array("scores"), names: ["bird", "cat", "dog"]))
        #expect(list.slices == glob.slices && list.classes?.names == glob.classes?.names)
        #expect(array.slices == glob.slices)
        // Unnamed positions are 0, 1, 2, from the first array's length.
        let unnamed = try Evaluator.evaluate(request(jsonl, scores: .array("scores")))
        #expect(unnamed.classes?.names == ["0", "1", "2"] && unnamed.slices == glob.slices)
        // --classes reorders: dog, cat, bird.
        let reordered = try Evaluator.evaluate(request(names: ["dog", "cat", "bird"]))
        #expect(reordered.slices[0].classes?.perClass.map(\.auc) == glob.slices[0].classes?.perClass.reversed().map(\.auc))
    }

    @Test("the window path and the row-by-row path count alike, weighted or not")
    func windowAndRowPaths() throws {
        for weight in [nil, "w"] as [String?] {
            var rows = request(weight: weight)
            rows.countsInWindows = false
            #expect(try Evaluator.evaluate(rows).slices == (try Evaluator.evaluate(request(weight: weight))).slices)
            var arrays = request(jsonl, scores: .array("scores"), weight: weight)
            #expect(try Evaluator.evaluate(arrays).slices == (try Evaluator.evaluate(request(weight: weight))).slices)
            arrays.threads = 3
            arrays.blockSize = 64
            #expect(try Evaluator.evaluate(arrays).slices == (try Evaluator.evaluate(request(weight: weight))).slices)
        }
    }

    @Test("hard predictions: one operating point (top_k=1), the prediction's confusion matrix, no AUC")
    func predictions() throws {
        let path = temporaryFile("""
            race,label,pred
            a,cat,cat
            a,cat,dog
            a,dog,dog
            b,bird,cat
            b,1,bird
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Evaluator.evaluate(request(path, scores: .prediction("pred"), names: ["bird", "cat", "dog"], topK: []))
        #expect(result.classes?.operatingPoints == [.topK(1)])
        #expect(!result.aucComputed)
        let overall = try #require(result.slices[0].classes)
        // The label `1` is the class at index 1, cat.
        #expect(overall.confusion == [[0, 1, 0], [1, 1, 1], [0, 0, 1]])
        #expect(overall.accuracy == 2.0 / 5)
        #expect(overall.perClass[1].auc == .undefined)
        #expect(counts(overall.perClass[1].points[0]) == [1, 1, 1, 2])
    }

    @Test("multi-label: each task is the binary model of its label and score")
    func multiLabel() throws {
        let path = temporaryFile("""
            race,y_a,y_b,p_a,p_b
            x,1,0,0.9,0.2
            x,0,1,0.4,0.7
            x,1,1,0.6,0.6
            y,0,0,0.3,0.1
            y,1,0,0.2,0.8
            y,0,1,0.7,0.9
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Evaluator.evaluate(request(path, scores: .multiLabel(labels: ["y_a", "y_b"], scores: ["p_a", "p_b"]), topK: []))
        for (task, (label, score)) in [("y_a", "p_a"), ("y_b", "p_b")].enumerated() {
            let binary = try evaluate(path: path, label: label, score: score, slices: [["race"]])
            let view = result.oneVsRest(task)
            #expect(view.slices.map(\.thresholds) == binary.slices.map(\.thresholds))
            #expect(view.slices.map(\.auc) == binary.slices.map(\.auc))
            #expect(view.slices.map(\.positives) == binary.slices.map(\.positives))
        }
        #expect(result.slices[0].classes?.confusion == nil)
    }

    @Test("a label that is not a class is an error at its line and column, or a skipped row counted by reason")
    func badLabels() throws {
        let path = temporaryFile("""
            race,label,p_cat,p_dog
            a,cat,0.6,0.4
            a,fish,0.5,0.5
            b,dog,0.2,0.8
            b,cat,nan,0.1
            b,dog,0.3,0.7
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(dataError { try Evaluator.evaluate(request(path, topK: [])) })
        #expect(error.line == 3 && error.column == 2)
        #expect(error.kind == .unknownClass("fish", classes: ["cat", "dog"]))
        var skipping = request(path, topK: [])
        skipping.skipInvalid = true
        let result = try Evaluator.evaluate(skipping)
        #expect(result.input.rowsUsed == 3)
        #expect(result.input.skipped.map(\.reason).sorted() == ["invalid_score", "unknown_class"])
        // A score array of the wrong length is an invalid row too.
        let arrays = temporaryFile("{\"label\": 0, \"s\": [0.2, 0.8], \"race\": \"a\"}\n{\"label\": 1, \"s\": [0.9], \"race\": \"a\"}\n",
                                   extension: "jsonl")
        defer { try? FileManager.default.removeItem(atPath: arrays) }
        let short = try #require(dataError { try Evaluator.evaluate(request(arrays, scores: .array("s"), topK: [])) })
        #expect(short.line == 2 && short.kind == .invalidScoreArray("[0.9]", expected: 2))
    }

    @Test("a missing score column is named; --top-k beyond the classes and --prediction without --classes are usage errors")
    func usage() throws {
        #expect(throws: RaiError.usage("the score column 'p_wolf' of class 'dog' is not in \(csv); the columns are: id, race, label, p_cat, p_dog, p_bird, w")) {
            try Evaluator.evaluate(request(scores: .columns([("cat", "p_cat"), ("dog", "p_wolf")])))
        }
        #expect(throws: RaiError.usage("'--top-k 4' is more than the 3 classes")) { try Evaluator.evaluate(request(topK: [4])) }
        #expect(throws: RaiError.usage("'--prediction' needs '--classes a,b,c': the classes a prediction may name, in report order")) {
            try Evaluator.evaluate(request(scores: .prediction("label"), topK: []))
        }
    }

    func report(_ gates: [String], minimumSliceSize: Int = 0) throws -> FairnessReport {
        FairnessReport(result: try Evaluator.evaluate(request()), minimumSliceSize: minimumSliceSize,
                       gates: try gates.map { try Gate.parse($0) }, version: "test")
    }

    @Test("gates name a class and a top-k point; without class= a per-class gate holds for every class")
    func gates() throws {
        let report = try report([
            "gap(fpr, race, 0.5, class=cat) <= 0.05",       // cat FPR at 0.5 is 0 in both slices
            "max(fnr, race, 0.5, class=cat) <= 0.2",        // ½ in both slices
            "max(fnr, race, top_k=1, class=dog) <= 0.2",    // race=a: row 4 missed of 3, 4 → ½
            "min(auc, race, class=cat) >= 0.8",
            "min(accuracy, race) >= 0.6",                  // arg-max: race=a 4/6, race=b 3/6
            "min(accuracy, race, top_k=2) >= 0.8",         // top-2: race=a 6/6, race=b 5/6
            "max(fpr, race, top_k=1) <= 0.5",              // every class
        ])
        let gates = report.gates
        #expect(gates[0].passed && gates[0].observed == 0 && gates[0].className == "cat")
        #expect(!gates[1].passed && gates[1].observed == 0.5)
        #expect(!gates[2].passed && gates[2].observed == 0.5 && gates[2].topK == 1 && gates[2].slices == ["race=a"])
        #expect(gates[3].passed)
        #expect(!gates[4].passed && gates[4].observed == 0.5 && gates[4].slices == ["race=b"] && gates[4].className == nil)
        #expect(gates[5].passed && gates[5].observed == 5.0 / 6)
        #expect(gates[6].passed)
        // Benjamini–Hochberg ran over the tests of every class together.
        #expect(report.classes.allSatisfy { $0.analysis.testCount == report.analysis.testCount } && report.analysis.testCount > 0)
    }

    @Test("class= and top_k= are refused before reading when they cannot apply")
    func gateChecks() throws {
        let binary = EvalParameters(EvaluationRequest(path: csv, labelColumn: "label", scoreColumn: "p_cat", slices: [["race"]]))
        var gate = try Gate.parse("max(fpr, race, 0.5, class=cat) <= 0.2")
        #expect(throws: RaiError.usage("gate 'max(fpr, race, 0.5, class=cat) <= 0.2' names a class, which applies only to multi-class and multi-label runs")) {
            try gate.check(against: binary)
        }
        var parameters = EvalParameters(request(scores: .columns([("cat", "p_cat"), ("dog", "p_dog")])))
        gate = try Gate.parse("max(fpr, race, 0.5, class=bird) <= 0.2")
        #expect(throws: RaiError.usage("gate 'max(fpr, race, 0.5, class=bird) <= 0.2' names class 'bird', which is not one of the classes (cat, dog)")) {
            try gate.check(against: parameters)
        }
        gate = try Gate.parse("max(fpr, race, top_k=3) <= 0.2")
        #expect(throws: RaiError.usage("gate 'max(fpr, race, top_k=3) <= 0.2' uses top_k=3, which is not counted; add it to --top-k")) {
            try gate.check(against: parameters)
        }
        parameters.classes?.topK = [3]
        try gate.check(against: parameters)
    }

    @Test("partials of any split merge to the whole run, weighted or not")
    func partials() throws {
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        let halves = [lines[0...5], lines[6...]].map { temporaryFile(([lines[0]] + $0.filter { $0 != lines[0] }).joined(separator: "\n") + "\n") }
        defer { for path in halves { try? FileManager.default.removeItem(atPath: path) } }
        for weight in [nil, "w"] as [String?] {
            let parts = try halves.map { path in
                try PartialFile.decode(PartialFile.encode(try Evaluator.count(request(path, weight: weight)), raiVersion: "test"), path: path).partial
            }
            var merged = parts[1]
            try merged.merge(parts[0])
            let whole = try Evaluator.evaluate(request(weight: weight))
            let result = EvaluationResult(merged)
            #expect(result.classes == whole.classes)
            #expect(result.slices == whole.slices)
        }
    }
}
