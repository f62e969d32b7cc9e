/// The escaping rule for text read from the input (slice values, column names, file names, gate
/// text from a config file) that rai prints to a terminal: the text report and every message on
/// standard error.
///
/// Characters that a terminal or a reader does not show as themselves are written in a visible
/// notation instead: line breaks and tabs as `\n`, `\r`, `\t`; other C0 controls, DEL and the C1
/// controls as `\xHH` (so `ESC [31m` cannot colour the terminal, and an OSC sequence cannot set
/// the title, a hyperlink or the clipboard); and the Unicode line separators and bidirectional
/// embeddings, overrides and isolates as `\u{HHHH}` (so a value cannot start a forged table
/// line nor reorder what follows it on screen). Everything else, backslashes included, is kept.
///
/// The other formats' rules (`MarkdownText`, `HTMLText`, `XMLText`) start from this one, so a
/// value reads the same in every report.
public enum TerminalText {
    /// `text` with every hidden character in its visible notation; `text` itself when it has none.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isHidden(scalar) {
                out.append(contentsOf: notation(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether `scalar` is a control character, a line or paragraph separator, or a
    /// bidirectional formatting character.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The visible notation of a hidden character.
    static func notation(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            if scalar.value < 0x80 { return "\\x" + (hex.count < 2 ? "0" : "") + hex }
            return "\\u{" + hex + "}"
        }
    }
}
