/// The escaping rule for text in GitHub-flavoured Markdown (the Markdown report and model
/// cards): a value from the input can neither open HTML, a link or an image, nor format text,
/// nor break the table or the block it is in. Hidden characters take their visible notation
/// first (`TerminalText`), so a CR or LF cannot end a table row.
///
/// GitHub still turns `@name` and `a@b.example` in plain text into a mention or a mail link after
/// rendering; only code spans (`code(_:inTable:)`) are safe from that.
public enum MarkdownText {
    /// `text` as plain inline text: backslash escapes before the characters that start markup
    /// anywhere in a line (`\ ` * ~ [ ] < > | # @`; `_` except between two letters or digits,
    /// where it cannot emphasise; `&` before a letter or `#`, where it would start an entity), the
    /// `:` of `://` and the `.` of `www.` (autolinks), and, at the start, whatever would open a
    /// block there: `-` or `+` (a list item or a rule), digits and `.` or `)` (a numbered item),
    /// and leading spaces (code), written `&#32;`. Ordinary text such as `sex=female & race=black`
    /// or `age_group` is left as it is.
    public static func inline(_ text: String) -> String {
        let scalars = Array(TerminalText.visible(text).unicodeScalars)
        var out = String.UnicodeScalarView()
        var start = 0
        while start < scalars.count && scalars[start] == " " {
            out.append(contentsOf: "&#32;".unicodeScalars)
            start += 1
        }
        // A numbered-list marker: up to nine digits, then `.` or `)`, then a space or the end.
        var digits = start
        while digits < scalars.count && digits - start < 10 && ("0"..."9").contains(scalars[digits]) { digits += 1 }
        let listMarker = digits > start && digits - start <= 9 && digits < scalars.count
            && (scalars[digits] == "." || scalars[digits] == ")") && (digits + 1 == scalars.count || scalars[digits + 1] == " ")
        for index in start..<scalars.count {
            let scalar = scalars[index]
            let escape: Bool
            switch scalar {
            case "\\", "`", "*", "~", "[", "]", "<", ">", "|", "#", "@":
                escape = true
            case "&":
                escape = index + 1 < scalars.count && (scalars[index + 1] == "#" || scalars[index + 1].properties.isAlphabetic)
            case ":":
                escape = index + 1 < scalars.count && scalars[index + 1] == "/"
            case "_":
                escape = !(index > 0 && index + 1 < scalars.count && isWordCharacter(scalars[index - 1]) && isWordCharacter(scalars[index + 1]))
            case "-", "+":
                escape = index == start
            case ".":
                escape = (listMarker && index == digits) || (index >= 3 && scalars[(index - 3)..<index].allSatisfy { $0 == "w" || $0 == "W" })
            case ")":
                escape = listMarker && index == digits
            default:
                escape = false
            }
            if escape { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
    }

    /// `text` as a code span: nothing inside is markup, mentions or links. The fence is one
    /// backtick longer than the longest run of backticks in the text, with a space inside each end
    /// where the text begins or ends with a backtick or a space; in a table a `|` is written `\|`,
    /// which GitHub reads as a pipe inside the cell.
    public static func code(_ text: String, inTable: Bool) -> String {
        if text.isEmpty { return "` `" }
        var content = TerminalText.visible(text)
        if inTable { content = content.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
        var longest = 0, run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = content.first == "`" || content.last == "`" || (content.first == " " && content.last == " ")
        return fence + (pad ? " " : "") + content + (pad ? " " : "") + fence
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
