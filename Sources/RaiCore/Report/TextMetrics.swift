/// How wide and tall a line of chart text is, measured without a browser.
///
/// Reports are written long before anyone opens them, so the charts cannot ask the browser how
/// wide a label is; they measure it with a table of advance widths instead. The bound holds
/// because the chart CSS (`fontFamily`) names the fonts the table was built from: Arial and its
/// metric twins first, then the platform's sans-serif, which on Linux is most often DejaVu Sans,
/// one of the widest. Each character's width is the largest of those fonts' advances, upright and
/// slanted, so a measured width is never less than the drawn one in any of them; characters
/// outside the table count one em (two thirds wider than an average Latin letter, as wide as a
/// CJK ideograph), emoji 1.3 em, combining marks nothing. The table is printed by
/// `Benchmarks/font_metrics.py`.
public enum TextMetrics {
    /// The CSS `font-family` of chart text: the fonts whose advances the table bounds.
    public static let fontFamily = "Arial,'Liberation Sans',Arimo,Helvetica,'DejaVu Sans',sans-serif"

    /// Height above the baseline, in ems, of the tallest line box among those fonts and the usual
    /// fallbacks for other scripts and emoji (DejaVu Sans 0.928, Liberation Sans 0.905).
    public static let ascent = 0.95
    /// Depth below the baseline, in ems (DejaVu Sans 0.236, Liberation Sans 0.212).
    public static let descent = 0.25

    /// The width of `text` drawn at `fontSize`, in the same unit; never less than the drawn width
    /// in the fonts above. Consecutive spaces are counted although SVG collapses them.
    public static func width(_ text: String, fontSize: Double) -> Double {
        var thousandths = 0
        for scalar in text.unicodeScalars { thousandths += advance(scalar) }
        return Double(thousandths) * fontSize / 1000
    }

    /// The advance of one scalar in thousandths of an em.
    static func advance(_ scalar: Unicode.Scalar) -> Int {
        let code = Int(scalar.value)
        if code >= 0x20 && code <= 0x7E { return Int(asciiAdvances[code - 0x20]) }
        if code >= 0xA0 && code <= 0x17F { return Int(latinAdvances[code - 0xA0]) }
        if let advance = punctuationAdvances[scalar.value] { return Int(advance) }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if properties.isEmojiPresentation { return 1300 }
        return 1000
    }

    /// The line box of text whose baseline is at `baseline`: from the ascent above to the descent
    /// below.
    public static func lineBox(x: Double, width: Double, baseline: Double, fontSize: Double) -> LabelLayout.Box {
        LabelLayout.Box(x: x, y: baseline - ascent * fontSize, width: width, height: (ascent + descent) * fontSize)
    }

    /// The baseline that centres a line box on `y`.
    public static func baseline(centredOn y: Double, fontSize: Double) -> Double {
        y + (ascent - descent) / 2 * fontSize
    }
}
