/// The escaping rule for text in HTML and SVG (reports and model cards): the characters that
/// open markup, an entity or an attribute value (`& < > "`) become entities, and hidden
/// characters take their visible notation (`TerminalText`). Every attribute rai writes is in
/// double quotes, so the result is safe in text and in attribute values alike.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in TerminalText.visible(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
