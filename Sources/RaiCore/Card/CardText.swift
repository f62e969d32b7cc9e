/// A run of a model card's text, knowing which parts rai wrote and which came from a file: the
/// metadata file or the saved report (slice values, column names, gates). Written as a string
/// literal, the literal parts are rai's own and every interpolated value is from a file:
/// `"Name: \(value)"`. Renderers write rai's parts as they are and escape the values with the
/// format's rule (`MarkdownText.inline`), so a value can never add markup to the card.
public struct CardText: Equatable, Sendable, ExpressibleByStringInterpolation {
    public enum Part: Equatable, Sendable {
        /// Text rai wrote, markup allowed.
        case own(String)
        /// Text from a file.
        case value(String)
    }

    public var parts: [Part]

    public init(stringLiteral value: String) {
        parts = [.own(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    /// Text that came from a file as a whole.
    public static func value(_ text: String) -> CardText { "\(text)" }

    /// Text rai wrote, built at run time (a label from a table, a formatted number).
    public static func own(_ text: String) -> CardText { CardText(stringLiteral: text) }

    public static func + (left: CardText, right: CardText) -> CardText {
        var joined = left
        joined.parts += right.parts
        return joined
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { parts.append(.own(literal)) }
        }

        public mutating func appendInterpolation(_ value: String) {
            parts.append(.value(value))
        }

        /// `\(own: label)`: text rai wrote, interpolated.
        public mutating func appendInterpolation(own text: String) {
            parts.append(.own(text))
        }
    }

    /// The plain text, for a page title and for tests.
    public var plain: String {
        parts.map { part in
            switch part {
            case .own(let text), .value(let text): return text
            }
        }.joined()
    }

    /// Markdown: rai's parts as written, values escaped.
    public var markdown: String {
        parts.map { part in
            switch part {
            case .own(let text): return text
            case .value(let text): return MarkdownText.inline(text)
            }
        }.joined()
    }

    /// HTML: every part escaped (rai's own parts hold no markup for HTML).
    public var html: String { HTMLText.escape(plain) }
}
