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
enum TextMetrics {
    /// The CSS `font-family` of chart text: the fonts whose advances the table bounds.
    static let fontFamily = "Arial,'Liberation Sans',Arimo,Helvetica,'DejaVu Sans',sans-serif"

    /// The height above the baseline and the depth below it, in ems, of the line box of text
    /// drawn only with characters of the table: the tallest of its fonts (DejaVu Sans 0.928 and
    /// 0.236, Liberation Sans 0.905 and 0.212).
    static let tableExtent = (ascent: 0.95, descent: 0.25)
    /// The same for text with other characters, which the browser draws with a fallback font
    /// whose line box can be much taller (Noto Sans CJK 1.16 and 0.29; Arabic measured 1.36 em
    /// in all in Chromium).
    static let fallbackExtent = (ascent: 1.2, descent: 0.3)

    /// The line box's extent above and below the baseline, in ems, for `text`.
    static func extent(_ text: String) -> (ascent: Double, descent: Double) {
        text.unicodeScalars.allSatisfy(isInTable) ? tableExtent : fallbackExtent
    }

    /// The height of the line box of `text` at `fontSize`.
    static func lineHeight(_ text: String, fontSize: Double) -> Double {
        let (ascent, descent) = extent(text)
        return (ascent + descent) * fontSize
    }

    /// The width of `text` drawn at `fontSize`, in the same unit; never less than the drawn width
    /// in the fonts above. Consecutive spaces are counted although SVG collapses them.
    static func width(_ text: String, fontSize: Double) -> Double {
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

    static func isInTable(_ scalar: Unicode.Scalar) -> Bool {
        let code = scalar.value
        return (0x20...0x7E).contains(code) || (0xA0...0x17F).contains(code) || punctuationAdvances[code] != nil
    }

    /// The line box of `text` drawn from `x` with its baseline at `baseline`: its measured width,
    /// from the ascent above to the descent below.
    static func lineBox(_ text: String, x: Double, baseline: Double, fontSize: Double) -> LabelLayout.Box {
        let (ascent, descent) = extent(text)
        return LabelLayout.Box(x: x, y: baseline - ascent * fontSize, width: width(text, fontSize: fontSize),
                               height: (ascent + descent) * fontSize)
    }

    /// The baseline that centres the line box of `text` on `y`.
    static func baseline(of text: String, centredOn y: Double, fontSize: Double) -> Double {
        let (ascent, descent) = extent(text)
        return y + (ascent - descent) / 2 * fontSize
    }
}
