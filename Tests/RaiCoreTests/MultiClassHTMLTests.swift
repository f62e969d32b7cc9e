import Foundation
import Testing
@testable import RaiCore

/// The HTML page of multi-class and multi-label runs, on `Fixtures/multiclass.csv` (see
/// `MultiClassTests` for each row's arg-max and top 2): classes bird, cat, dog; race=a is rows
/// 1–6, race=b rows 7–12.
@Suite("Multi-class HTML report")
struct MultiClassHTMLTests {
    func page(_ path: String = fixturesDirectory + "/multiclass.csv", scores: ClassRequest.Scores = .glob("p_*"), names: [String] = [],
              topK: [Int] = [2], label: String = "label") throws -> String {
        var request = EvaluationRequest(path: path, labelColumn: label, scoreColumn: "", slices: [["race"]], thresholds: [0.5])
        request.classes = ClassRequest(scores: scores, names: names, topK: topK)
        let report = FairnessReport(result: try Evaluator.evaluate(request), minimumSliceSize: 0, version: "test")
        return HTMLReport(report: report).render()
    }

    func charts(_ html: String) -> Int { html.components(separatedBy: "<svg class=\"chart\"").count - 1 }

    @Test("a class selector beside the threshold (with top-k) and metric selectors; every class rendered, the first shown")
    func controls() throws {
        let html = try page()
        #expect(html.contains("<label>Class <select id=\"class\"><option value=\"\">every class</option><option value=\"bird\" selected>bird</option><option value=\"cat\">cat</option><option value=\"dog\">dog</option></select></label></nav>"))
        #expect(html.contains("<option value=\"0.5\" selected>0.5</option><option value=\"top_k=1\">top-1</option><option value=\"top_k=2\">top-2</option>"))
        for name in ["bird", "cat", "dog"] { #expect(html.contains("<div class=\"class-view active\" data-class=\"\(name)\">")) }
        #expect(html.contains("<script>\(HTMLReport.classScript)</script>"))
        // race: the whole model's accuracy chart, and per class AUC plus 6 rates at 3 operating points.
        #expect(charts(html) == 1 + 3 * (1 + 3 * HTMLReport.chartedRates.count))
        #expect(html.contains("data-threshold=\"top_k=2\"><h4>At top-2 (the class among the 2 highest scores)</h4>"))
        for external in ["<link", "src=\"http", "href=\"http", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
    }

    @Test("whole model per slice: arg-max accuracy and the confusion matrix as a heat-map")
    func wholeModel() throws {
        let html = try page()
        // Arg-max right: race=a rows 1, 3, 5, 6 (4 of 6); race=b rows 7, 9, 12 (3 of 6); overall 7 of 12.
        #expect(html.contains("arg-max accuracy 0.583"))
        #expect(html.contains("<td class=\"num\" data-value=\"0.6666666666666666\">0.667</td>"))
        #expect(html.contains("<td class=\"num\" data-value=\"0.5\">0.500</td>"))
        // Overall, true bird: rows 5, 6, 12 → bird, row 11 → cat: 3 of 4 (75%: the darkest step), 1 (25%).
        #expect(html.contains("<tr><th scope=\"row\">bird</th><td class=\"num h7 diagonal\" title=\"75.0% of true bird\">3</td><td class=\"num h5\" title=\"25.0% of true bird\">1</td><td class=\"num h0\" title=\"0.0% of true bird\">0</td><td class=\"num total\">4</td></tr>"))
        #expect(html.contains("<caption>overall (12 examples): rows = true class, columns = predicted class</caption>"))
        #expect(html.contains("<caption>race=a (6 examples): rows = true class, columns = predicted class</caption>"))
        #expect(html.contains("Rows: true class; columns: predicted class (arg-max of the class scores, ties to the class listed first)."))
    }

    @Test("class names from the file are escaped in the selector, headings, charts and heat-maps")
    func escaping() throws {
        let path = temporaryFile("""
            race,label,p1,p2
            a,<b>,0.8,0.2
            a,x&y,0.3,0.7
            b,<b>,0.4,0.6
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try page(path, scores: .columns([("<b>", "p1"), ("x&y", "p2")]), topK: [])
        #expect(!html.contains("<b>"))
        #expect(html.contains("<option value=\"&lt;b&gt;\" selected>&lt;b&gt;</option><option value=\"x&amp;y\">x&amp;y</option>"))
        #expect(html.contains("<h3>Class <q>x&amp;y</q> by race (one-vs-rest)</h3>"))
        #expect(html.contains("<th scope=\"row\">&lt;b&gt;</th>"))
    }

    @Test("hard predictions: the prediction is the one operating point, and there is no AUC chart")
    func predictions() throws {
        let path = temporaryFile("""
            race,label,pred
            a,cat,cat
            a,cat,dog
            b,dog,dog
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try page(path, scores: .prediction("pred"), names: ["cat", "dog"], topK: [])
        #expect(html.contains("<select id=\"threshold\"><option value=\"top_k=1\" selected>top-1</option></select>"))
        #expect(html.contains("<h4>At the prediction (top-1)</h4>"))
        #expect(!html.contains("data-metric=\"auc\""))
        #expect(!html.contains("macro AUC"))
        #expect(charts(html) == 1 + 2 * HTMLReport.chartedRates.count)
    }

    @Test("multi-label: a task selector, each task as a binary model, no confusion matrix")
    func multiLabel() throws {
        let path = temporaryFile("""
            race,y_a,y_b,p_a,p_b
            x,1,0,0.9,0.2
            x,0,1,0.4,0.7
            y,1,1,0.6,0.3
            y,0,0,0.1,0.8
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try page(path, scores: .multiLabel(labels: ["y_a", "y_b"], scores: ["p_a", "p_b"]), topK: [], label: "")
        #expect(html.contains("<label>Task <select id=\"class\">"))
        #expect(html.contains("<h3>Task <q>y_b</q> by race (one-vs-rest)</h3>"))
        #expect(!html.contains("<table class=\"confusion\">"))
        #expect(charts(html) == 2 * (1 + HTMLReport.chartedRates.count))
    }
}
