import Foundation

/// A horizontal bar chart of one metric over the slices of a spec, as inline SVG: one bar per
/// slice with its confidence interval as a whisker, and the reference value as a dashed line.
///
/// The geometry (scale, ticks, label placement) lives here, apart from the markup, so it can be
/// tested: values map linearly from [0, `domainMaximum`] onto [`plotLeft`, `plotRight`].
struct BarChart {
    struct Bar: Equatable {
        var label: String
        var value: Double?
        var interval: ConfidenceInterval?
        var count: Int
        var isSmall: Bool
    }

    var title: String
    var bars: [Bar]
    var reference: Double?
    var referenceLabel: String

    static let width = 560.0
    static let plotLeft = 170.0
    static let plotRight = 465.0
    static let rowHeight = 24.0
    static let top = 8.0
    static let axisHeight = 26.0

    var height: Double { Self.top + Double(max(bars.count, 1)) * Self.rowHeight + Self.axisHeight }

    /// The smallest "nice" upper bound (a tick step of 1, 2, 2.5 or 5 times a power of ten, times
    /// 5 steps) covering every value, interval and the reference; 1 for an empty chart.
    var domainMaximum: Double {
        let largest = bars.flatMap { [$0.value, $0.interval?.upper] }.compactMap { $0 }.max() ?? 0
        let top = max(largest, reference ?? 0)
        guard top > 0 else { return 1 }
        return Self.niceStep(top / 5) * 5
    }

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
        Self.plotLeft + (Self.plotRight - Self.plotLeft) * min(max(value / domainMaximum, 0), 1)
    }

    func rowCentre(_ index: Int) -> Double { Self.top + (Double(index) + 0.5) * Self.rowHeight }

    /// Where a bar's value label goes: just right of the whisker (or bar), or inside the bar's
    /// end when that would leave the plot.
    func valueLabelX(_ bar: Bar) -> (x: Double, inside: Bool) {
        guard let value = bar.value else { return (Self.plotLeft + 4, false) }
        let end = x(max(value, bar.interval?.upper ?? value)) + 4
        if end + 44 > Self.plotRight + 20 { return (x(value) - 4, true) }
        return (end, false)
    }

    func svg(id: String) -> String {
        var out = "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" viewBox=\"0 0 \(Self.width) \(format(height))\" "
        out += "width=\"\(Self.width)\" height=\"\(format(height))\">"
        out += "<title id=\"\(id)-t\">\(HTMLText.escape(title))</title>"
        out += "<desc id=\"\(id)-d\">" + HTMLText.escape(bars.map { bar in
            "\(bar.label): " + (bar.value.map { percent($0) } ?? (bar.isSmall ? "withheld" : "undefined")) + (bar.isSmall ? " (small slice, \(bar.count) examples)" : "")
        }.joined(separator: "; ") + (reference.map { "; \(referenceLabel): \(percent($0))" } ?? "")) + "</desc>"
        for tick in ticks {
            let tx = format(x(tick))
            out += "<line class=\"grid\" x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(format(Self.top))\" y2=\"\(format(height - Self.axisHeight))\"/>"
            out += "<text class=\"tick\" x=\"\(tx)\" y=\"\(format(height - 8))\" text-anchor=\"middle\">\(tickLabel(tick))</text>"
        }
        for (index, bar) in bars.enumerated() {
            let cy = rowCentre(index)
            let label = bar.isSmall ? "\(bar.label) (n=\(bar.count))" : bar.label
            out += "<text class=\"label\(bar.isSmall ? " small" : "")\" x=\"\(format(Self.plotLeft - 8))\" y=\"\(format(cy + 4))\" text-anchor=\"end\">\(HTMLText.escape(truncated(label)))</text>"
            guard let value = bar.value else {
                out += "<text class=\"value\(bar.isSmall ? " small" : "")\" x=\"\(format(Self.plotLeft + 4))\" y=\"\(format(cy + 4))\">\(bar.isSmall ? "withheld (small slice)" : "undefined")</text>"
                continue
            }
            let barClass = bar.isSmall ? "bar small" : "bar"
            out += "<rect class=\"\(barClass)\" x=\"\(format(Self.plotLeft))\" y=\"\(format(cy - 7))\" width=\"\(format(x(value) - Self.plotLeft))\" height=\"14\"/>"
            if let interval = bar.interval {
                let (lo, hi) = (format(x(interval.lower)), format(x(interval.upper)))
                out += "<line class=\"whisker\" x1=\"\(lo)\" x2=\"\(hi)\" y1=\"\(format(cy))\" y2=\"\(format(cy))\"/>"
                out += "<line class=\"whisker\" x1=\"\(lo)\" x2=\"\(lo)\" y1=\"\(format(cy - 5))\" y2=\"\(format(cy + 5))\"/>"
                out += "<line class=\"whisker\" x1=\"\(hi)\" x2=\"\(hi)\" y1=\"\(format(cy - 5))\" y2=\"\(format(cy + 5))\"/>"
            }
            let place = valueLabelX(bar)
            out += "<text class=\"value\(place.inside ? " inside" : "")\" x=\"\(format(place.x))\" y=\"\(format(cy + 4))\""
            out += place.inside ? " text-anchor=\"end\">" : ">"
            out += percent(value) + "</text>"
        }
        if let reference {
            let rx = format(x(reference))
            out += "<line class=\"reference\" x1=\"\(rx)\" x2=\"\(rx)\" y1=\"\(format(Self.top - 4))\" y2=\"\(format(height - Self.axisHeight))\"/>"
            out += "<text class=\"reference-label\" x=\"\(format(Self.plotRight + 18))\" y=\"\(format(height - 8))\">- - \(HTMLText.escape(String(referenceLabel.prefix(12))))</text>"
        }
        return out + "</svg>"
    }

    private func tickLabel(_ value: Double) -> String {
        domainMaximum <= 1 ? String(format: "%g", (value * 100).rounded() / 100) : String(format: "%g", value)
    }

    private func percent(_ value: Double) -> String { String(format: "%.3f", value) }
    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
    private func truncated(_ text: String) -> String { text.count > 26 ? String(text.prefix(25)) + "…" : text }
}
