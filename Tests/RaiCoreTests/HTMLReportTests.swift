import Foundation
import Testing
@testable import RaiCore

@Suite("HTML report and chart geometry")
struct HTMLReportTests {
    func chart(_ values: [Double?], reference: Double? = nil, upper: Double? = nil) -> BarChart {
        BarChart(title: "t", bars: values.enumerated().map { index, value in
            BarChart.Bar(label: "s\(index)", value: value,
                         interval: value.map { ConfidenceInterval(lower: $0 / 2, upper: upper ?? $0) }, count: 100, isSmall: false)
        }, reference: reference, referenceLabel: "overall")
    }

    @Test("the domain is the smallest nice bound over values, intervals and reference", arguments: [
        ([0.194, 0.221], nil as Double?, nil as Double?, 0.25),   // step 0.05
        ([0.81], nil, nil, 1.0),                                  // step 0.2
        ([0.3], 0.42, nil, 0.5),                                  // the reference counts
        ([0.3], nil, 0.61, 1.0),                                  // so does an interval's upper end
        ([0.004], nil, nil, 0.005),
        ([nil], nil, nil, 1.0),                                   // nothing defined
        ([1.7], nil, nil, 2.5),                                   // step 0.34 rounds up to 0.5
    ])
    func domain(values: [Double?], reference: Double?, upper: Double?, expected: Double) {
        #expect(abs(chart(values, reference: reference, upper: upper).domainMaximum - expected) < 1e-12)
    }

    @Test("ticks, scale and rows")
    func geometry() {
        let c = chart([0.1, 0.2])
        #expect(c.ticks.count == 6)
        #expect(abs(c.ticks[5] - c.domainMaximum) < 1e-12)
        #expect(c.x(0) == BarChart.plotLeft)
        #expect(c.x(c.domainMaximum) == BarChart.plotRight)
        #expect(abs(c.x(c.domainMaximum / 2) - (BarChart.plotLeft + BarChart.plotRight) / 2) < 1e-9)
        #expect(c.x(-1) == BarChart.plotLeft && c.x(99) == BarChart.plotRight)   // clamped
        #expect(c.rowCentre(1) - c.rowCentre(0) == BarChart.rowHeight)
        #expect(c.height == BarChart.top + 2 * BarChart.rowHeight + BarChart.axisHeight)
    }

    @Test("value labels sit right of the whisker, or inside a bar that reaches the edge")
    func labelPlacement() {
        let c = chart([0.2, 0.99])
        let short = c.valueLabelX(c.bars[0])
        #expect(!short.inside)
        #expect(short.x == c.x(0.2) + 4)
        let long = c.valueLabelX(c.bars[1])
        #expect(long.inside)
        #expect(long.x == c.x(0.99) - 4)
    }

    @Test("the SVG carries a text alternative for every bar")
    func accessibleSVG() {
        let svg = BarChart(title: "FPR by race", bars: [
            .init(label: "race=a", value: 0.25, interval: nil, count: 40, isSmall: false),
            .init(label: "race=<b>", value: nil, interval: nil, count: 3, isSmall: true),
        ], reference: 0.2, referenceLabel: "overall").svg(id: "c1")
        #expect(svg.contains("role=\"img\" aria-labelledby=\"c1-t c1-d\""))
        #expect(svg.contains("<title id=\"c1-t\">FPR by race</title>"))
        #expect(svg.contains("race=a: 0.250; race=&lt;b&gt;: withheld (small slice, 3 examples); overall: 0.200"))
        #expect(svg.contains("class=\"reference\""))
    }

    @Test("the page is self-contained and has one chart per spec, threshold and charted metric, plus AUC")
    func page() throws {
        let result = try evaluate(path: fixturesDirectory + "/predictions.csv", slices: [["sex"], ["race"]], thresholds: [0.3, 0.5])
        let html = HTMLReport(report: FairnessReport(result: result, gates: [try Gate.parse("gap(fpr, race, 0.5, skip_small) <= 0.5")], version: "test")).render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for external in ["<link", "src=\"http", "href=\"http", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
        let charts = html.components(separatedBy: "<svg class=\"chart\"").count - 1
        #expect(charts == 2 * (2 * HTMLReport.chartedRates.count + 1))
        #expect(html.contains("✔ PASS"))
        #expect(html.contains("class=\"threshold active\" data-threshold=\"0.5\""))
        #expect(html.contains("<dt>SHA-256</dt><dd><code>not computed</code>"))
    }
}
