/// The escaping rule for cells of the tidy CSV report (RFC 4180 plus OWASP's CSV injection
/// advice).
///
/// A text cell (a spec, a slice, a gate, a metric name) that starts with a character a spreadsheet
/// reads as the start of a formula (`= + - @`, tab or carriage return, or their full-width forms
/// `＝ ＋ － ＠`) gets a leading `'`, so Excel, LibreOffice and Google Sheets show it as text and
/// run nothing; this includes column names, which reach the `spec` and `slice` cells first.
/// Numbers rai formats itself are not text and are written as they are, so `-0.05` stays a number.
/// Any cell holding a comma, a quote or a line break is quoted, with quotes doubled.
public enum CSVField {
    public static func text(_ value: String) -> String {
        quoted(startsLikeFormula(value) ? "'" + value : value)
    }

    /// A number as formatted by rai (`JSONWriter.format`), or an empty cell.
    public static func number(_ formatted: String) -> String {
        quoted(formatted)
    }

    static func startsLikeFormula(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first else { return false }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}": return true
        default: return false
        }
    }

    private static func quoted(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        var out = "\""
        for character in value {
            out.append(character)
            if character == "\"" { out.append("\"") }
        }
        return out + "\""
    }
}
