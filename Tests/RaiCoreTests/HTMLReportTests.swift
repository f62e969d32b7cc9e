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
        #expect(c.x(0) == c.plotLeft)
        #expect(c.x(c.domainMaximum) == c.plotRight)
        #expect(abs(c.x(c.domainMaximum / 2) - (c.plotLeft + c.plotRight) / 2) < 1e-9)
        #expect(c.x(-1) == c.plotLeft && c.x(99) == c.plotRight)   // clamped
        #expect(c.rowCentre(1) - c.rowCentre(0) == BarChart.rowHeight)
        #expect(c.height == BarChart.top + 2 * BarChart.rowHeight + BarChart.axisHeight + BarChart.legendHeight)
    }

    @Test("the label column is as wide as the longest name needs")
    func labelColumn() {
        // "s0" and "s1" measure 0.521 + 0.637 em = 1.158 em = 13.896 at 12 px: the column is
        // margin 6 + 13.896 + gap 8 = 27.896 wide.
        let c = chart([0.1, 0.2])
        #expect(abs(c.plotLeft - 27.896) < 1e-9)
        // A name of 40 "W"s (0.989 em each, 474.72 at 12 px) is over the 200 cap: the column stops there.
        let wide = BarChart(title: "t", bars: [.init(label: String(repeating: "W", count: 40), value: 0.5, interval: nil, count: 100, isSmall: false)],
                            reference: nil, referenceLabel: "overall")
        #expect(wide.plotLeft <= BarChart.margin + BarChart.labelCap + BarChart.labelGap)
        #expect(wide.labels[0].lines.count == 2 && wide.labels[0].isShortened)
        // Two lines of 1.2 em (14.4) with a gap of 1 between them, and 4 above and below.
        #expect(abs(wide.rowHeights[0] - (2 * 15.4 + 8)) < 1e-9)
    }

    @Test("value labels go after the whisker, else inside the bar, else after the line")
    func labelPlacement() {
        // After the whisker: 4 past its right cap (whisker box ends 0.75 past the cap's centre).
        let short = chart([0.2])
        let after = short.valueLabelBox(0)
        #expect(after?.inside == false)
        #expect(abs((after?.box.x ?? 0) - (short.x(0.2) + 0.75 + 4)) < 1e-9)
        // A reference line just after the whisker: the label goes inside the bar, left of the
        // whisker (which starts at 0.9 / 2), 4 clear of its cap.
        let blocked = chart([0.9], reference: 1.0, upper: 0.99)
        let inside = blocked.valueLabelBox(0)
        #expect(inside?.inside == true)
        #expect(abs((inside?.box.maxX ?? 0) - (blocked.x(0.45) - 0.75 - 4)) < 1e-9)
        // A bar too short to hold it: past the line.
        let short2 = chart([0.02, 0.9], reference: 0.03)
        let past = short2.valueLabelBox(0)
        #expect(past?.inside == false)
        #expect(abs((past?.box.x ?? 0) - (short2.x(0.03) + 1 + 4)) < 1e-9)
    }

    @Test("no text of a chart leaves it or overlaps another", arguments: [
        [0.1, 0.5, 0.9, nil], [0.99, 0.98, 0.01], [0.3, 0.31, 0.32],
    ] as [[Double?]])
    func noCollisions(values: [Double?]) {
        for reference in [nil, 0.3, 0.95] as [Double?] {
            let c = chart(values, reference: reference)
            var boxes: [LabelLayout.Box] = []
            for index in c.bars.indices {
                boxes += c.labelLines(index).map(\.box)
                if let place = c.valueLabelBox(index) {
                    boxes.append(place.box)
                    for obstacle in [c.whiskerBox(index), c.referenceBox].compactMap({ $0 }) { #expect(!obstacle.intersects(place.box)) }
                }
                if let note = c.noteBox(index) { boxes.append(note.box) }
            }
            for box in boxes { #expect(c.box.contains(box)) }
            for (i, a) in boxes.enumerated() { for b in boxes[(i + 1)...] { #expect(!a.intersects(b)) } }
        }
    }

    @Test("a withheld slice's note steps past the reference line, or shortens")
    func withheldNote() {
        let bars: [BarChart.Bar] = [.init(label: "a", value: 0.5, interval: nil, count: 100, isSmall: false),
                                    .init(label: "b", value: nil, interval: nil, count: 3, isSmall: true)]
        let free = BarChart(title: "t", bars: bars, reference: 0.9, referenceLabel: "overall").noteBox(1)
        #expect(free?.text == "withheld (small slice)")
        let crossing = BarChart(title: "t", bars: bars, reference: 0.05, referenceLabel: "overall")
        let note = crossing.noteBox(1)
        #expect(note?.text == "withheld (small slice)")
        #expect((note?.box.x ?? 0) > crossing.x(0.05))
    }

    @Test("tick labels keep six significant digits")
    func tickLabels() {
        let c = chart([0.0123])   // 0.0123 / 5 = 0.00246 rounds up to a step of 0.0025
        #expect(c.ticks.map(c.tickLabel) == ["0", "0.0025", "0.005", "0.0075", "0.01", "0.0125"])
    }

    @Test("tick labels that would touch keep every other one")
    func crowdedTicks() {
        // 0.00011 / 5 rounds up to a step of 2.5e-05: labels such as "7.5e-05" measure 4.48 em,
        // 53.8 at 12 px; under a 200-wide label column the plot is about 245 wide, 49 per step.
        let long = BarChart(title: "t", bars: [.init(label: String(repeating: "n", count: 40), value: 0.00011, interval: nil, count: 100, isSmall: false)],
                            reference: nil, referenceLabel: "overall")
        #expect(long.labelledTicks.count == 3)
        #expect(long.labelledTicks.map(long.tickLabel) == ["0", "5e-05", "0.0001"])
        // With a short name the plot is wide enough for all six.
        #expect(chart([0.00011]).labelledTicks.count == 6)
    }

    @Test("the legend names the reference and its value, shortened to fit")
    func legend() {
        let c = chart([0.2], reference: 0.25)
        #expect(c.legendText.shown == "reference overall: 0.250")
        let long = BarChart(title: "t", bars: [], reference: nil, referenceLabel: "race=" + String(repeating: "x", count: 200))
        #expect(long.legendText.shown.contains("…"))
        #expect(long.legendText.full.hasSuffix("undefined, no line drawn"))
        #expect(TextMetrics.width(long.legendText.shown, fontSize: BarChart.fontSize) <= BarChart.width - 2 * BarChart.margin - BarChart.legendTextOffset)
    }

    @Test("the SVG carries a text alternative for every bar")
    func accessibleSVG() {
        let svg = BarChart(title: "FPR by race", bars: [
            .init(label: "race=a", value: 0.25, interval: nil, count: 40, isSmall: false),
            .init(label: "race=<b>", value: nil, interval: nil, count: 3, isSmall: true),
        ], reference: 0.2, referenceLabel: "overall").svg(id: "c1")
        #expect(svg.contains("role=\"img\" aria-labelledby=\"c1-t c1-d\""))
        #expect(svg.contains("<title id=\"c1-t\">FPR by race</title>"))
        #expect(svg.contains("race=a: 0.250; race=&lt;b&gt;: withheld (small slice, 3 examples); reference overall: 0.200"))
        #expect(svg.contains("class=\"reference\""))
    }

    @Test("every chart's legend names its dashed line, the AUC chart's too: the spec's reference slice")
    func referenceLegend() throws {
        let result = try evaluate(path: fixturesDirectory + "/predictions.csv", slices: [["race"]], thresholds: [0.5])
        let html = HTMLReport(report: FairnessReport(result: result, references: ["race": ["white"]], version: "test")).render()
        let white = try #require(result.slices.first { $0.name == "race=white" }?.auc.value)
        // 1 AUC chart + 6 charted rates, each with a legend naming race=white; the AUC one with its AUC.
        #expect(html.components(separatedBy: "class=\"reference-label\" ").count - 1 == 1 + HTMLReport.chartedRates.count)
        #expect(html.components(separatedBy: "\">reference race=white: ").count - 1 == 1 + HTMLReport.chartedRates.count)
        #expect(html.contains(">reference race=white: \(String(format: "%.3f", white))</text>"))
        #expect(!html.contains("reference overall"))
    }

    @Test("tables scroll inside their own box (reachable by keyboard); the chart grid never asks for more than the screen")
    func narrowScreens() throws {
        let result = try evaluate(path: fixturesDirectory + "/predictions.csv", slices: [["race"]], thresholds: [0.5])
        let html = HTMLReport(report: FairnessReport(result: result, gates: [try Gate.parse("gap(fpr, race, 0.5) <= 0.5")], version: "test")).render()
        #expect(html.contains("<div class=\"table-scroll\" tabindex=\"0\"><table class=\"sortable\">"))
        #expect(html.contains("<div class=\"table-scroll\" tabindex=\"0\"><table class=\"gates\">"))
        #expect(html.contains("minmax(min(100%,480px),1fr)"))
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
