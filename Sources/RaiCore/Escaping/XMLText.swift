/// The escaping rule for text in XML 1.0 (the JUnit report), in element content and attribute
/// values alike: the markup characters become entities, and every character that XML 1.0 does
/// not allow (C0 controls other than tab, line feed and carriage return; U+FFFE and U+FFFF), nor
/// keeps in an attribute (tab and line breaks turn into spaces there), takes its visible notation
/// (`TerminalText`), so the document is always well formed and a value reads as it does
/// elsewhere.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in TerminalText.visible(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{FFFE}", "\u{FFFF}": out += TerminalText.notation(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
