import Foundation

/// A line chart over the unit square, as inline SVG: one polyline per slice (ROC, precision–recall
/// or reliability curve), a legend, and optionally the diagonal y = x as a dashed reference
/// (chance for ROC, perfect calibration for reliability).
///
/// The geometry lives here, apart from the markup, so it can be tested: x and y in [0, 1] map
/// linearly onto the plot square, y upwards. Lines draw the exact points they are given; they
/// never smooth or interpolate beyond the straight segment between two points.
struct LineChart {
    struct Series {
        var label: String
        /// Points in drawing order; points with an undefined coordinate are left out.
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    var diagonal: Bool
    /// Whether to mark each point with a dot (the reliability curve's bins), not only join them.
    var markers = false

    static let plotLeft = 48.0
    static let plotTop = 10.0
    static let plotSize = 260.0
    static let legendLeft = plotLeft + plotSize + 18
    static let legendRowHeight = 17.0
    static let width = 520.0
    /// Eight hues that stay apart for common colour-vision deficiencies (Okabe–Ito), then repeat
    /// with a dash pattern.
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    var height: Double {
        max(Self.plotTop + Self.plotSize + 40, Self.plotTop + Double(series.count) * Self.legendRowHeight + 10)
    }

    func x(_ value: Double) -> Double { Self.plotLeft + Self.plotSize * min(max(value, 0), 1) }
    func y(_ value: Double) -> Double { Self.plotTop + Self.plotSize * (1 - min(max(value, 0), 1)) }

    func svg(id: String) -> String {
        var out = "<svg class=\"chart line-chart\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" viewBox=\"0 0 \(Self.width) \(format(height))\" "
        out += "width=\"\(Self.width)\" height=\"\(format(height))\">"
        out += "<title id=\"\(id)-t\">\(HTMLText.escape(title))</title>"
        out += "<desc id=\"\(id)-d\">" + HTMLText.escape("\(yLabel) against \(xLabel), one line per slice: "
            + series.map { "\($0.label) (\($0.points.count) points)" }.joined(separator: "; ")) + "</desc>"
        let bottom = Self.plotTop + Self.plotSize
        for step in 0...5 {
            let value = Double(step) / 5
            let gx = format(x(value)), gy = format(y(value))
            out += "<line class=\"grid\" x1=\"\(gx)\" x2=\"\(gx)\" y1=\"\(format(Self.plotTop))\" y2=\"\(format(bottom))\"/>"
            out += "<line class=\"grid\" x1=\"\(format(Self.plotLeft))\" x2=\"\(format(x(1)))\" y1=\"\(gy)\" y2=\"\(gy)\"/>"
            out += "<text class=\"tick\" x=\"\(gx)\" y=\"\(format(bottom + 14))\" text-anchor=\"middle\">\(String(format: "%g", value))</text>"
            out += "<text class=\"tick\" x=\"\(format(Self.plotLeft - 6))\" y=\"\(format(y(value) + 4))\" text-anchor=\"end\">\(String(format: "%g", value))</text>"
        }
        out += "<text class=\"tick\" x=\"\(format(x(0.5)))\" y=\"\(format(bottom + 32))\" text-anchor=\"middle\">\(HTMLText.escape(xLabel))</text>"
        out += "<text class=\"tick\" transform=\"rotate(-90)\" x=\"\(format(-y(0.5)))\" y=\"12\" text-anchor=\"middle\">\(HTMLText.escape(yLabel))</text>"
        if diagonal {
            out += "<line class=\"reference\" x1=\"\(format(x(0)))\" y1=\"\(format(y(0)))\" x2=\"\(format(x(1)))\" y2=\"\(format(y(1)))\"/>"
        }
        for (index, line) in series.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            let dash = index >= Self.colours.count ? " stroke-dasharray=\"6 3\"" : ""
            let points = line.points.map { "\(format(x($0.x))),\(format(y($0.y)))" }.joined(separator: " ")
            out += "<polyline class=\"series\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\"\(points)\"/>"
            if markers {
                for point in line.points {
                    out += "<circle cx=\"\(format(x(point.x)))\" cy=\"\(format(y(point.y)))\" r=\"3\" fill=\"\(colour)\"/>"
                }
            }
            let ly = Self.plotTop + Double(index) * Self.legendRowHeight + 8
            out += "<line x1=\"\(format(Self.legendLeft))\" x2=\"\(format(Self.legendLeft + 18))\" y1=\"\(format(ly))\" y2=\"\(format(ly))\" stroke=\"\(colour)\" stroke-width=\"3\"\(dash)/>"
            out += "<text class=\"label\" x=\"\(format(Self.legendLeft + 24))\" y=\"\(format(ly + 4))\">\(HTMLText.escape(truncated(line.label)))</text>"
        }
        return out + "</svg>"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
    private func truncated(_ text: String) -> String { text.count > 24 ? String(text.prefix(23)) + "…" : text }
}
