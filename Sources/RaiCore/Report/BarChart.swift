import Foundation

/// A horizontal bar chart of one metric over the slices of a spec, as inline SVG: one bar per
/// slice with its confidence interval as a whisker, the reference value as a dashed line, and a
/// legend that names the reference.
///
/// Every piece of text is placed from its measured width (`TextMetrics`), since no browser is at
/// hand when the report is written: the label column is as wide as the longest slice name needs,
/// up to `labelCap`; a longer name wraps onto two lines and, if still too long, loses its middle.
/// A value label goes after the whisker, else inside the bar, else after the reference line, so
/// that it touches neither; each row's tooltip (and the table below the charts) has the full
/// name, the value and the interval. The geometry lives here, apart from the markup, so it can be
/// tested; it is computed once, in `init`.
struct BarChart {
    struct Bar: Equatable {
        var label: String
        var value: Double?
        var interval: ConfidenceInterval?
        var count: Int
        var isSmall: Bool
    }

    let title: String
    let bars: [Bar]
    let reference: Double?
    /// What the dashed line is: the reference slice's name, or `overall`.
    let referenceLabel: String

    static let width = 500.0
    static let fontSize = 12.0
    /// Space kept clear between any text and the chart's edge.
    static let margin = 6.0
    /// The widest the label column gets; longer names wrap or are shortened.
    static let labelCap = 200.0
    static let labelGap = 8.0
    static let top = 8.0
    static let rowHeight = 24.0
    /// Space between the lines of a wrapped label, and above and below them in their row.
    static let lineGap = 1.0
    static let rowPadding = 4.0
    static let barHeight = 16.0
    static let axisHeight = 22.0
    static let legendHeight = 22.0
    /// Space between a value label and what it sits next to (bar end, whisker, line).
    static let valueGap = 4.0

    /// Each bar's name as drawn: the slice (with its size when small) fitted into the label column.
    let labels: [LabelLayout.FittedText]
    let plotLeft: Double
    let plotRight: Double
    let rowTops: [Double]
    let rowHeights: [Double]
    /// The bottom of the last row, where the axis starts.
    let plotBottom: Double
    /// The smallest "nice" upper bound (a tick step of 1, 2, 2.5 or 5 times a power of ten, times
    /// 5 steps) covering every value, interval and the reference; 1 for an empty chart.
    let domainMaximum: Double

    init(title: String, bars: [Bar], reference: Double?, referenceLabel: String) {
        (self.title, self.bars, self.reference, self.referenceLabel) = (title, bars, reference, referenceLabel)
        labels = bars.map { bar in
            LabelLayout.fit(TerminalText.visible(Self.displayName(bar)), maxWidth: Self.labelCap, fontSize: Self.fontSize)
        }
        let labelColumn = labels.map(\.width).max() ?? 0
        plotLeft = Self.margin + labelColumn + Self.labelGap
        // Room on the right for the widest value label after a whisker that reaches the end.
        let values = bars.compactMap(\.value) + [1]
        let widestValue = values.map { TextMetrics.width(Self.percent($0), fontSize: Self.fontSize) }.max() ?? 0
        plotRight = Self.width - Self.margin - widestValue - Self.valueGap - 2
        rowHeights = labels.map { label in
            label.lines.count == 1 ? Self.rowHeight : Double(label.lines.count) * Self.lineStep(label) + 2 * Self.rowPadding
        }
        var tops: [Double] = []
        var y = Self.top
        for height in rowHeights {
            tops.append(y)
            y += height
        }
        rowTops = tops
        plotBottom = rowHeights.isEmpty ? Self.top + Self.rowHeight : y
        let largest = bars.flatMap { [$0.value, $0.interval?.upper] }.compactMap { $0 }.max() ?? 0
        let top = max(largest, reference ?? 0)
        domainMaximum = top > 0 ? Self.niceStep(top / 5) * 5 : 1
    }

    var height: Double { plotBottom + Self.axisHeight + Self.legendHeight }

    static func niceStep(_ rough: Double) -> Double {
        let magnitude = pow(10, floor(log10(rough)))
        for multiple in [1.0, 2.0, 2.5, 5.0, 10.0] where multiple * magnitude >= rough * (1 - 1e-12) {
            return multiple * magnitude
        }
        return 10 * magnitude
    }

    /// Tick values: six evenly spaced from 0 to the domain maximum.
    var ticks: [Double] {
        let step = domainMaximum / 5
        return (0...5).map { Double($0) * step }
    }

    func x(_ value: Double) -> Double {
        plotLeft + (plotRight - plotLeft) * min(max(value / domainMaximum, 0), 1)
    }

    func rowCentre(_ index: Int) -> Double { rowTops[index] + rowHeights[index] / 2 }

    /// The whole chart, inside which every text must stay.
    var box: LabelLayout.Box { LabelLayout.Box(x: 0, y: 0, width: Self.width, height: height) }

    /// The distance between the baselines of a wrapped label: its tallest line and a gap.
    static func lineStep(_ label: LabelLayout.FittedText) -> Double {
        (label.lines.map { TextMetrics.lineHeight($0, fontSize: fontSize) }.max() ?? 0) + lineGap
    }

    /// A line of text starting at `x` (or ending there when `anchoredAtEnd`), centred on `y`.
    func textBox(_ text: String, x: Double, centredOn y: Double, anchoredAtEnd: Bool = false) -> LabelLayout.Box {
        let width = TextMetrics.width(text, fontSize: Self.fontSize)
        return TextMetrics.lineBox(text, x: anchoredAtEnd ? x - width : x, baseline: baseline(text, centredOn: y), fontSize: Self.fontSize)
    }

    func baseline(_ text: String, centredOn y: Double) -> Double {
        TextMetrics.baseline(of: text, centredOn: y, fontSize: Self.fontSize)
    }

    /// The dashed reference line, as an obstacle to text.
    var referenceBox: LabelLayout.Box? {
        reference.map { LabelLayout.Box(x: x($0) - 1, y: Self.top - 4, width: 2, height: plotBottom - Self.top + 4) }
    }

    func barBox(_ index: Int) -> LabelLayout.Box? {
        bars[index].value.map { LabelLayout.Box(x: plotLeft, y: rowCentre(index) - Self.barHeight / 2, width: x($0) - plotLeft, height: Self.barHeight) }
    }

    /// The whisker with its end caps (10 tall, 1.5 wide strokes).
    func whiskerBox(_ index: Int) -> LabelLayout.Box? {
        bars[index].interval.map {
            LabelLayout.Box(x: x($0.lower) - 0.75, y: rowCentre(index) - 5.75, width: x($0.upper) - x($0.lower) + 1.5, height: 11.5)
        }
    }

    /// Where a value label goes, as a text box: after the whisker (or the bar's end), else inside
    /// the bar (right-aligned at its end, or left of the whisker or the reference line), else after
    /// the reference line. The plot ends early enough for the widest value to fit after its end,
    /// so the last spot always fits today; nil would mean every spot touched something.
    func valueLabelBox(_ index: Int) -> (box: LabelLayout.Box, inside: Bool)? {
        guard let value = bars[index].value, let bar = barBox(index) else { return nil }
        let text = Self.percent(value)
        let cy = rowCentre(index)
        let whisker = whiskerBox(index)
        let line = referenceBox
        let outside = LabelLayout.Box(x: plotLeft, y: 0, width: Self.width - Self.margin - plotLeft, height: height)
        let obstacles = [bar, whisker, line].compactMap { $0 }
        let afterWhisker = textBox(text, x: max(bar.maxX, whisker?.maxX ?? bar.maxX) + Self.valueGap, centredOn: cy)
        if let box = LabelLayout.firstFree([afterWhisker], inside: outside, avoiding: obstacles, clearance: 2) { return (box, false) }
        let ends = ([bar.maxX, whisker?.x, line?.x].compactMap { $0 }).sorted(by: >).map { $0 - Self.valueGap }
        let insideBar = LabelLayout.Box(x: plotLeft + 2, y: bar.y, width: bar.width - 2, height: bar.height)
        let inside = ends.map { textBox(text, x: $0, centredOn: cy, anchoredAtEnd: true) }
        if let box = LabelLayout.firstFree(inside, inside: insideBar, avoiding: [whisker, line].compactMap { $0 }, clearance: 2) { return (box, true) }
        if let line, line.maxX > afterWhisker.x {
            let afterLine = textBox(text, x: line.maxX + Self.valueGap, centredOn: cy)
            if let box = LabelLayout.firstFree([afterLine], inside: outside, avoiding: obstacles, clearance: 2) { return (box, false) }
        }
        return nil
    }

    /// Where the note of a row without a value goes ("withheld (small slice)", or just "withheld"
    /// when that is all there is room for; "undefined"), clear of the reference line; nil when
    /// it fits nowhere.
    func noteBox(_ index: Int) -> (text: String, box: LabelLayout.Box)? {
        guard bars[index].value == nil else { return nil }
        let notes = bars[index].isSmall ? ["withheld (small slice)", "withheld"] : ["undefined"]
        let cy = rowCentre(index)
        let outside = LabelLayout.Box(x: plotLeft, y: 0, width: Self.width - Self.margin - plotLeft, height: height)
        let starts = [plotLeft + Self.valueGap] + (referenceBox.map { [$0.maxX + Self.valueGap] } ?? [])
        for note in notes {
            let candidates = starts.map { textBox(note, x: $0, centredOn: cy) }
            if let box = LabelLayout.firstFree(candidates, inside: outside, avoiding: [referenceBox].compactMap { $0 }, clearance: 2) {
                return (note, box)
            }
        }
        return nil
    }

    /// The tick values that get a label: all six, or every other one when neighbouring labels
    /// would touch.
    var labelledTicks: [Double] {
        let boxes = ticks.map { tick in
            let width = TextMetrics.width(tickLabel(tick), fontSize: Self.fontSize)
            return LabelLayout.Box(x: x(tick) - width / 2, y: 0, width: width, height: 1)
        }
        let crowded = zip(boxes, boxes.dropFirst()).contains { $0.expanded(by: 2).intersects($1) }
        return crowded ? ticks.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element) : ticks
    }

    /// A slice's name as drawn, line by line, right-aligned against the plot.
    func labelLines(_ index: Int) -> [(text: String, baseline: Double, box: LabelLayout.Box)] {
        let lines = labels[index].lines
        let step = Self.lineStep(labels[index])
        return lines.enumerated().map { line, text in
            let centre = rowCentre(index) + (Double(line) - Double(lines.count - 1) / 2) * step
            let box = textBox(text, x: plotLeft - Self.labelGap, centredOn: centre, anchoredAtEnd: true)
            return (text, baseline(text, centredOn: centre), box)
        }
    }

    /// The legend's text: what the dashed line is, shortened in the middle to fit the chart.
    var legendText: (shown: String, full: String) {
        let value = reference.map { Self.percent($0) } ?? "undefined, no line drawn"
        let full = "reference \(TerminalText.visible(referenceLabel)): \(value)"
        let room = Self.width - 2 * Self.margin - Self.legendTextOffset
        return (LabelLayout.shortenMiddle(full, maxWidth: room, fontSize: Self.fontSize), full)
    }

    /// Where the legend's text starts, after a sample of the dashed line.
    static let legendTextOffset = 28.0

    func svg(id: String) -> String {
        var out = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" viewBox=\"0 0 \(Self.width) \(format(height))\" "
        out += "width=\"\(Self.width)\" height=\"\(format(height))\" font-family=\"\(TextMetrics.fontFamily)\" font-size=\"\(format(Self.fontSize))\">"
        out += "<title id=\"\(id)-t\">\(HTMLText.escape(title))</title>"
        out += "<desc id=\"\(id)-d\">" + HTMLText.escape(bars.map { bar in
            "\(bar.label): " + (bar.value.map { Self.percent($0) } ?? (bar.isSmall ? "withheld" : "undefined")) + (bar.isSmall ? " (small slice, \(bar.count) examples)" : "")
        }.joined(separator: "; ") + (reference.map { "; reference \(referenceLabel): \(Self.percent($0))" } ?? "")) + "</desc>"
        let axisBaseline = format(baseline("0", centredOn: plotBottom + Self.axisHeight / 2))
        for tick in ticks {
            let tx = format(x(tick))
            out += "<line class=\"grid\" x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(format(Self.top))\" y2=\"\(format(plotBottom))\"/>"
        }
        for tick in labelledTicks {
            out += "<text class=\"tick\" x=\"\(format(x(tick)))\" y=\"\(axisBaseline)\" text-anchor=\"middle\">\(tickLabel(tick))</text>"
        }
        for index in bars.indices { out += row(index) }
        let legendY = plotBottom + Self.axisHeight + Self.legendHeight / 2
        let legend = legendText
        out += "<g class=\"legend\"><title>\(HTMLText.escape(legend.full))</title>"
        out += "<line class=\"reference\" x1=\"\(format(Self.margin))\" x2=\"\(format(Self.margin + 22))\" y1=\"\(format(legendY))\" y2=\"\(format(legendY))\"/>"
        out += "<text class=\"reference-label\" x=\"\(format(Self.margin + Self.legendTextOffset))\" y=\"\(format(baseline(legend.shown, centredOn: legendY)))\">"
        out += HTMLText.escape(legend.shown) + "</text></g>"
        if let reference {
            let rx = format(x(reference))
            out += "<line class=\"reference\" x1=\"\(rx)\" x2=\"\(rx)\" y1=\"\(format(Self.top - 4))\" y2=\"\(format(plotBottom))\"/>"
        }
        return out + "</svg>"
    }

    /// One slice's row: its label, bar, whisker and value (or note), with a tooltip that has
    /// them all in full.
    private func row(_ index: Int) -> String {
        let bar = bars[index]
        let cy = rowCentre(index)
        var tooltip = "\(bar.label): "
        if let value = bar.value {
            tooltip += Self.percent(value) + (bar.interval.map { " [\(Self.percent($0.lower)), \(Self.percent($0.upper))]" } ?? "")
        } else {
            tooltip += bar.isSmall ? "withheld (small slice)" : "undefined"
        }
        tooltip += ", \(bar.count) examples"
        var out = "<g class=\"row\"><title>\(HTMLText.escape(tooltip))</title>"
        for line in labelLines(index) {
            out += "<text class=\"label\(bar.isSmall ? " small" : "")\" x=\"\(format(plotLeft - Self.labelGap))\" "
            out += "y=\"\(format(line.baseline))\" text-anchor=\"end\">\(HTMLText.escape(line.text))</text>"
        }
        guard let value = bar.value, let box = barBox(index) else {
            if let note = noteBox(index) {
                out += "<text class=\"note\(bar.isSmall ? " small" : "")\" x=\"\(format(note.box.x))\" y=\"\(format(baseline(note.text, centredOn: cy)))\">\(note.text)</text>"
            }
            return out + "</g>"
        }
        out += "<rect class=\"bar\(bar.isSmall ? " small" : "")\" x=\"\(format(box.x))\" y=\"\(format(box.y))\" width=\"\(format(box.width))\" height=\"\(format(box.height))\"/>"
        if let interval = bar.interval {
            let (lo, hi) = (format(x(interval.lower)), format(x(interval.upper)))
            out += "<line class=\"whisker\" x1=\"\(lo)\" x2=\"\(hi)\" y1=\"\(format(cy))\" y2=\"\(format(cy))\"/>"
            out += "<line class=\"whisker\" x1=\"\(lo)\" x2=\"\(lo)\" y1=\"\(format(cy - 5))\" y2=\"\(format(cy + 5))\"/>"
            out += "<line class=\"whisker\" x1=\"\(hi)\" x2=\"\(hi)\" y1=\"\(format(cy - 5))\" y2=\"\(format(cy + 5))\"/>"
        }
        if let place = valueLabelBox(index) {
            let text = Self.percent(value)
            out += "<text class=\"value\(place.inside ? " inside" : "")\" x=\"\(format(place.box.x))\" y=\"\(format(baseline(text, centredOn: cy)))\">\(text)</text>"
        }
        return out + "</g>"
    }

    /// A tick's label: `%g` keeps six significant digits, enough for any nice step and short of
    /// the binary noise in sums like 0.1 + 0.2.
    func tickLabel(_ value: Double) -> String { String(format: "%g", value) }

    static func displayName(_ bar: Bar) -> String { bar.isSmall ? "\(bar.label) (n=\(bar.count))" : bar.label }
    static func percent(_ value: Double) -> String { String(format: "%.3f", value) }
    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
