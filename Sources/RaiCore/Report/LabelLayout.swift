/// Where chart text goes, decided from measured widths (`TextMetrics`): a label fitted into a
/// column (wrapped onto lines, or shortened in the middle), and a label put at the first of a
/// chart's candidate spots that stays inside its container and touches no obstacle (a bar, a
/// whisker, a reference line, another label). Any chart that draws text lays it out here.
enum LabelLayout {
    /// An axis-aligned rectangle in the chart's coordinates (y grows downwards).
    struct Box: Equatable, Sendable {
        var x: Double
        var y: Double
        var width: Double
        var height: Double

        init(x: Double, y: Double, width: Double, height: Double) {
            (self.x, self.y, self.width, self.height) = (x, y, width, height)
        }

        var maxX: Double { x + width }
        var maxY: Double { y + height }

        /// Whether the two share any area; boxes that only touch along an edge do not.
        func intersects(_ other: Box) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }

        func contains(_ other: Box) -> Bool {
            other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
        }

        /// The box grown by `margin` on every side (shrunk when negative).
        func expanded(by margin: Double) -> Box {
            Box(x: x - margin, y: y - margin, width: width + 2 * margin, height: height + 2 * margin)
        }
    }

    /// A label as it will be drawn: one or more lines, each at most the width it was fitted to.
    struct FittedText: Equatable, Sendable {
        var lines: [String]
        /// Whether characters were left out (the full text then belongs in a tooltip).
        var isShortened: Bool
        /// The widest line's measured width.
        var width: Double
    }

    /// `text` in at most `maxLines` lines of at most `maxWidth` each. It stays whole on one line
    /// when it fits; else it breaks where the lines come out most even, at a space if one works,
    /// else after punctuation (`&`, `=`, `,`, `/`, `-`, `_`, `:`, `;`, `|`, `)`); a text that does
    /// not fit even so keeps its first line as long as it can be and loses the middle of the rest.
    static func fit(_ text: String, maxWidth: Double, maxLines: Int = 2, fontSize: Double) -> FittedText {
        let whole = TextMetrics.width(text, fontSize: fontSize)
        if whole <= maxWidth { return FittedText(lines: [text], isShortened: false, width: whole) }
        guard maxLines > 1 else {
            let short = shortenMiddle(text, maxWidth: maxWidth, fontSize: fontSize)
            return FittedText(lines: [short], isShortened: true, width: TextMetrics.width(short, fontSize: fontSize))
        }
        let characters = Array(text)
        let breaks = breakOpportunities(characters)
        func split(_ at: Break) -> (String, String) {
            (String(characters[..<at.index]).trimmingTrailingSpaces, String(characters[(at.index + (at.dropsSpace ? 1 : 0))...]))
        }
        for wantSpace in [true, false] {
            var best: (first: String, rest: String, width: Double)?
            for opportunity in breaks where opportunity.dropsSpace == wantSpace {
                let (first, rest) = split(opportunity)
                let widest = max(TextMetrics.width(first, fontSize: fontSize), TextMetrics.width(rest, fontSize: fontSize))
                if widest <= maxWidth, widest < best?.width ?? .infinity { best = (first, rest, widest) }
            }
            if let best {
                let rest = fit(best.rest, maxWidth: maxWidth, maxLines: maxLines - 1, fontSize: fontSize)
                return FittedText(lines: [best.first] + rest.lines, isShortened: rest.isShortened, width: max(best.width, rest.width))
            }
        }
        // Nothing fits both ways: the longest first line that fits, at a break if that fills at
        // least half the line, else wherever the width runs out.
        let fittingBreak = breaks.last { TextMetrics.width(split($0).0, fontSize: fontSize) <= maxWidth }
            .flatMap { TextMetrics.width(split($0).0, fontSize: fontSize) >= maxWidth / 2 ? $0 : nil }
        let (first, rest): (String, String)
        if let fittingBreak {
            (first, rest) = split(fittingBreak)
        } else {
            var end = 0
            var width = 0.0
            for character in characters {
                let next = TextMetrics.width(String(character), fontSize: fontSize)
                if width + next > maxWidth { break }
                width += next
                end += 1
            }
            end = max(end, 1)
            (first, rest) = (String(characters[..<end]), String(characters[end...]))
        }
        let tail = fit(rest, maxWidth: maxWidth, maxLines: maxLines - 1, fontSize: fontSize)
        let firstWidth = TextMetrics.width(first, fontSize: fontSize)
        return FittedText(lines: [first] + tail.lines, isShortened: true, width: max(firstWidth, tail.width))
    }

    /// `text` with its middle replaced by `…` so that it measures at most `maxWidth`: the start
    /// and the end stay, since slice values that differ usually differ there.
    static func shortenMiddle(_ text: String, maxWidth: Double, fontSize: Double) -> String {
        if TextMetrics.width(text, fontSize: fontSize) <= maxWidth { return text }
        let characters = Array(text)
        let widths = characters.map { TextMetrics.width(String($0), fontSize: fontSize) }
        var budget = maxWidth - TextMetrics.width("…", fontSize: fontSize)
        var (head, tail) = (0, 0)
        // One character from each end in turn, while either still fits.
        var grew = true
        while grew {
            grew = false
            if head + tail < characters.count, widths[head] <= budget {
                budget -= widths[head]
                head += 1
                grew = true
            }
            if head + tail < characters.count, widths[characters.count - 1 - tail] <= budget {
                budget -= widths[characters.count - 1 - tail]
                tail += 1
                grew = true
            }
        }
        let start = String(characters[..<head]).trimmingTrailingSpaces
        let end = String(characters[(characters.count - tail)...]).drop { $0 == " " }
        return start + "…" + end
    }

    /// The first candidate that lies inside `container` and, grown by `clearance`, touches none of
    /// `obstacles`; nil when none does (the chart then leaves the label out, and says it elsewhere).
    static func firstFree(_ candidates: [Box], inside container: Box, avoiding obstacles: [Box], clearance: Double = 0) -> Box? {
        candidates.first { candidate in
            container.contains(candidate) && !obstacles.contains { $0.intersects(candidate.expanded(by: clearance)) }
        }
    }

    struct Break {
        /// Where the second line starts (or the space dropped between the lines is).
        var index: Int
        var dropsSpace: Bool
    }

    static func breakOpportunities(_ characters: [Character]) -> [Break] {
        var breaks: [Break] = []
        for (index, character) in characters.enumerated() where index > 0 && index < characters.count - 1 {
            if character == " " {
                // "a & b" breaks after the ampersand, not before it.
                if characters[index + 1] == "&" { continue }
                breaks.append(Break(index: index, dropsSpace: true))
            } else if "&=,/-_:;|)".contains(character), characters[index + 1] != " " {
                breaks.append(Break(index: index + 1, dropsSpace: false))
            }
        }
        return breaks
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
