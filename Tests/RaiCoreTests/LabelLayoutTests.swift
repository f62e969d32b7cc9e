import Testing
@testable import RaiCore

@Suite("Text measurement and label layout")
struct LabelLayoutTests {
    /// (text, font size, expected width), the arithmetic beside each.
    static let widths: [(String, Double, Double)] = [
        ("0.123", 12, 4 * 0.637 * 12 + 0.318 * 12),   // digits 0.637 em, "." 0.318 em
        ("W", 10, 9.89),                              // DejaVu Sans's W, 0.989 em
        ("é", 12, 0.616 * 12),                        // Latin-1 from the table
        ("e\u{301}", 12, 0.616 * 12),                 // a combining accent takes no room
        ("中", 12, 12),                               // outside the table: one em
        ("", 12, 0),
    ]

    @Test("widths are the widest advance of the chart fonts", arguments: widths)
    func width(text: String, size: Double, expected: Double) {
        #expect(abs(TextMetrics.width(text, fontSize: size) - expected) < 1e-9)
    }

    @Test("a line box is centred on the requested y; text beyond the table gets a taller one")
    func lineBox() {
        let latin = TextMetrics.lineBox("abc", x: 0, baseline: TextMetrics.baseline(of: "abc", centredOn: 100, fontSize: 10), fontSize: 10)
        #expect(abs(latin.y + latin.height / 2 - 100) < 1e-9)
        #expect(abs(latin.height - 12) < 1e-9)   // (0.95 + 0.25) em
        let arabic = TextMetrics.lineBox("من", x: 0, baseline: TextMetrics.baseline(of: "من", centredOn: 100, fontSize: 10), fontSize: 10)
        #expect(abs(arabic.y + arabic.height / 2 - 100) < 1e-9)
        #expect(abs(arabic.height - 15) < 1e-9)  // (1.2 + 0.3) em
    }

    @Test("a text that fits stays on one line")
    func fits() {
        let fitted = LabelLayout.fit("sex=female", maxWidth: 200, fontSize: 12)
        #expect(fitted.lines == ["sex=female"] && !fitted.isShortened)
    }

    @Test("a cross wraps after its ampersand")
    func wrapsCross() {
        let fitted = LabelLayout.fit("sex=female & race=hispanic", maxWidth: 100, fontSize: 12)
        #expect(fitted.lines == ["sex=female &", "race=hispanic"])
        #expect(!fitted.isShortened)
        #expect(fitted.width <= 100)
    }

    @Test("without a space, a text breaks after punctuation")
    func wrapsAtPunctuation() {
        let fitted = LabelLayout.fit("region=north-west-coastal", maxWidth: 100, fontSize: 12)
        #expect(fitted.lines.count == 2 && !fitted.isShortened)
        #expect(fitted.lines.joined() == "region=north-west-coastal")
        #expect(fitted.width <= 100)
    }

    @Test("a text too long for two lines loses the middle of its second", arguments: [
        String(repeating: "abcdefghij", count: 10), "group=" + String(repeating: "x", count: 80) + "END",
    ])
    func shortens(text: String) {
        let fitted = LabelLayout.fit(text, maxWidth: 120, fontSize: 12)
        #expect(fitted.lines.count == 2 && fitted.isShortened)
        #expect(fitted.lines[1].contains("…"))
        #expect(text.hasPrefix(fitted.lines[0]))
        #expect(text.hasSuffix(String(fitted.lines[1].split(separator: "…").last ?? "")))
        for line in fitted.lines { #expect(TextMetrics.width(line, fontSize: 12) <= 120) }
    }

    @Test("shortening keeps both ends")
    func shortenMiddle() {
        let short = LabelLayout.shortenMiddle("race=Native Hawaiian or Other Pacific Islander", maxWidth: 150, fontSize: 12)
        #expect(short.hasPrefix("race=") && short.hasSuffix("Islander") && short.contains("…"))
        #expect(TextMetrics.width(short, fontSize: 12) <= 150)
        #expect(LabelLayout.shortenMiddle("short", maxWidth: 150, fontSize: 12) == "short")
    }

    @Test("the first free candidate is inside the container and clear of every obstacle")
    func firstFree() {
        typealias Box = LabelLayout.Box
        let container = Box(x: 0, y: 0, width: 100, height: 20)
        let line = Box(x: 40, y: 0, width: 2, height: 20)
        let candidates = [Box(x: 30, y: 5, width: 20, height: 10),   // crosses the line
                          Box(x: 90, y: 5, width: 20, height: 10),   // leaves the container
                          Box(x: 45, y: 5, width: 20, height: 10)]
        #expect(LabelLayout.firstFree(candidates, inside: container, avoiding: [line]) == candidates[2])
        // A clearance of 4 makes the last one touch the line (it starts 3 after it): none fits.
        #expect(LabelLayout.firstFree(candidates, inside: container, avoiding: [line], clearance: 4) == nil)
        #expect(!Box(x: 0, y: 0, width: 1, height: 1).intersects(Box(x: 1, y: 0, width: 1, height: 1)))   // touching edges
    }
}
