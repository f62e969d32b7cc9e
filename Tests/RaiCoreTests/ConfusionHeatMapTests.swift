import Testing
@testable import RaiCore

@Suite("Confusion matrix heat-map")
struct ConfusionHeatMapTests {
    @Test("a share's shade step", arguments: [
        (0.0, 0), (0.001, 1), (0.02, 2), (0.049, 2), (0.05, 3), (0.1, 4), (0.3, 5), (0.5, 6), (0.74, 6), (0.75, 7), (1.0, 7),
    ])
    func step(share: Double, expected: Int) {
        #expect(ConfusionHeatMap.step(share: share) == expected)
    }

    @Test("counts in cells, row shares in titles, names escaped, diagonal marked")
    func table() {
        // Row cat: 3 of 4 right (75% → step 7), 1 called <dog> (25% → step 5); row <dog>: empty.
        let html = ConfusionHeatMap(caption: "race=a: rows = true class", classes: ["cat", "<dog>"],
                                    counts: [[3, 1], [0, 0]]).html()
        #expect(html.contains("<caption>race=a: rows = true class</caption>"))
        #expect(html.contains("<th scope=\"col\" class=\"num\">&lt;dog&gt;</th>"))
        #expect(html.contains("<td class=\"num h7 diagonal\" title=\"75.0% of true cat\">3</td>"))
        #expect(html.contains("<td class=\"num h5\" title=\"25.0% of true cat\">1</td>"))
        #expect(html.contains("<td class=\"num total\">4</td>"))
        // An absent class's row: zeros, unshaded, no share.
        #expect(html.contains("<tr><th scope=\"row\">&lt;dog&gt;</th><td class=\"num h0\">0</td><td class=\"num h0 diagonal\">0</td>"))
        #expect(!html.contains("<dog>"))
    }

    @Test("weighted amounts keep two decimals, whole ones none", arguments: [(12.0, "12"), (2.5, "2.50"), (0.126, "0.13"), (0.0, "0")])
    func amounts(value: Double, expected: String) {
        #expect(ConfusionHeatMap.amount(value) == expected)
    }
}
