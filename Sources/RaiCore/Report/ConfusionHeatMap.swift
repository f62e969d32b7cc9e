import Foundation

/// A multi-class confusion matrix as an HTML heat-map table: rows are the true classes, columns
/// the predicted ones, every cell shows its count, and its shade is the cell's share of its row
/// (so a dark diagonal is a class the model gets right, a dark cell off it a confusion).
///
/// Colour only repeats what the numbers say: counts are in the cells, each cell's share is in its
/// `title`, the diagonal is also set in bold, and the shades come from one light-to-dark blue
/// ramp whose text colour keeps a contrast of at least 4.5:1 (WCAG AA) on every step.
struct ConfusionHeatMap {
    var caption: String
    var classes: [String]
    /// `counts[true][predicted]`: rows, or weighted amounts of rows.
    var counts: [[Double]]

    /// Upper bounds of the shares shaded by each step after the first (share exactly 0):
    /// step i holds shares below `stepBounds[i]`; the last step holds the rest, up to 1.
    static let stepBounds: [Double] = [0.02, 0.05, 0.1, 0.25, 0.5, 0.75]

    /// The shade step (0 = an empty cell … 7 = three quarters of the row or more) of a share.
    static func step(share: Double) -> Int {
        guard share > 0 else { return 0 }
        return 1 + (stepBounds.firstIndex { share < $0 } ?? stepBounds.count)
    }

    /// The table, with a row total column; an empty row (a class absent from the slice) stays
    /// unshaded.
    func html() -> String {
        var out = "<div class=\"table-scroll\" tabindex=\"0\"><table class=\"confusion\"><caption>\(HTMLText.escape(caption))</caption><thead><tr>"
        out += "<th scope=\"col\">true \\ predicted</th>"
        for name in classes { out += "<th scope=\"col\" class=\"num\">\(HTMLText.escape(name))</th>" }
        out += "<th scope=\"col\" class=\"num\">total</th></tr></thead><tbody>"
        for (row, name) in classes.enumerated() {
            let cells = row < counts.count ? counts[row] : []
            let total = cells.reduce(0, +)
            out += "<tr><th scope=\"row\">\(HTMLText.escape(name))</th>"
            for column in classes.indices {
                let count = column < cells.count ? cells[column] : 0
                let share = total > 0 ? count / total : 0
                let diagonal = row == column ? " diagonal" : ""
                let title = total > 0 ? " title=\"\(String(format: "%.1f", share * 100))% of true \(HTMLText.escape(name))\"" : ""
                out += "<td class=\"num h\(Self.step(share: share))\(diagonal)\"\(title)>\(Self.amount(count))</td>"
            }
            out += "<td class=\"num total\">\(Self.amount(total))</td></tr>"
        }
        return out + "</tbody></table></div>"
    }

    /// Whole counts as integers; weighted amounts with two decimals.
    static func amount(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    /// The ramp (ColorBrewer "Blues"), dark text (#1a202c) on the light steps and white on the
    /// two dark ones; the lowest contrast is 5.1:1 (white on #2171b5), then 6.7:1 (#1a202c on
    /// #6baed6).
    static let style = """
    table.confusion td{min-width:2.6em}table.confusion td.diagonal{font-weight:700}table.confusion td.total{color:var(--muted)}
    table.confusion .h0{background:#fff}table.confusion .h1{background:#f7fbff}table.confusion .h2{background:#deebf7}
    table.confusion .h3{background:#c6dbef}table.confusion .h4{background:#9ecae1}table.confusion .h5{background:#6baed6}
    table.confusion .h6{background:#2171b5;color:#fff}table.confusion .h7{background:#08519c;color:#fff}
    @media print{table.confusion td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
    """
}
