/// Where one projected value lies in the current block, and how to read its bytes.
///
/// Scanners fill one `Field` per projected column for every row; nothing is copied until a
/// decoder needs the value, and most values (labels, scores, repeated slice values) are decoded
/// straight from the block.
public struct Field: Sendable {
    /// How the bytes between `start` and `end` are to be read.
    public enum Kind: UInt8, Sendable {
        /// Absent: an empty CSV cell, a JSON `null`, or a JSON key that is not in the object.
        case missing
        /// Bytes to be used as they are: an unquoted CSV cell, a JSON number or literal.
        case plain
        /// The inside of a quoted CSV cell or JSON string with no escapes.
        case quoted
        /// The inside of a quoted cell with `""` (CSV) or a JSON string with `\` escapes.
        case escaped
    }

    public var start: Int
    public var end: Int
    public var kind: Kind

    public init(start: Int, end: Int, kind: Kind) {
        self.start = start
        self.end = end
        self.kind = kind
    }

    public static let missing = Field(start: 0, end: 0, kind: .missing)
}

/// What a scanner found at the current position of a block.
public enum ScanOutcome: Sendable {
    /// A row; its projected fields are filled in.
    case row
    /// A blank line, which carries no data and is ignored.
    case blank
    /// The end of the block.
    case end
    /// A malformed row. `column` is the 1-based CSV field number where known, and `resume` the
    /// offset of the next row, where scanning can carry on if the problem is skippable.
    case malformed(ScanProblem, column: Int?, resume: Int)
}

/// What a scanner can find wrong with a row. Kept free of strings so that `ScanOutcome`, returned
/// once per row, is a plain value; `dataProblem` gives the user-facing description.
public enum ScanProblem: Equatable, Sendable {
    case unterminatedQuote
    case textAfterClosingQuote
    case raggedRow(expected: Int, found: Int)
    case invalidJSON(JSONProblem)
    case nestedJSONValue

    public var dataProblem: DataProblem {
        switch self {
        case .unterminatedQuote: return .unterminatedQuote
        case .textAfterClosingQuote: return .textAfterClosingQuote
        case .raggedRow(let expected, let found): return .raggedRow(expected: expected, found: found)
        case .invalidJSON(let problem): return .invalidJSON(problem.description)
        case .nestedJSONValue: return .nestedJSONValue
        }
    }
}

/// Ways a JSON line can be malformed.
public enum JSONProblem: UInt8, Sendable, CustomStringConvertible {
    case notAnObject, expectedKey, unterminatedString, expectedColon, expectedValue, unbalancedBrackets
    case unexpectedValue, unterminatedObject, expectedCommaOrBrace, textAfterObject, controlCharacterInString

    public var description: String {
        switch self {
        case .notAnObject: return "a line must hold one JSON object"
        case .expectedKey: return "expected a key in quotes"
        case .unterminatedString: return "unterminated string"
        case .expectedColon: return "expected ':' after a key"
        case .expectedValue: return "expected a value"
        case .unbalancedBrackets: return "unbalanced brackets"
        case .unexpectedValue: return "a value is not a string, number, true, false or null"
        case .unterminatedObject: return "unterminated object"
        case .expectedCommaOrBrace: return "expected ',' or '}'"
        case .textAfterObject: return "text after the object"
        case .controlCharacterInString: return "control character in a string (a tab or other control character must be escaped, e.g. \\t)"
        }
    }
}
