import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import RaiCore

/// The escaping rule of each output format (`Sources/RaiCore/Escaping/`), one table of hostile
/// values per rule.
@Suite("Escaping untrusted text")
struct EscapingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let input: String
        let expected: String
        var testDescription: String { input.debugDescription }
        init(_ input: String, _ expected: String) {
            self.input = input
            self.expected = expected
        }
    }

    @Test("terminal: control, separator and bidirectional characters become visible", arguments: [
        Case("plain text, é ü ✓ 中", "plain text, é ü ✓ 中"),
        Case("esc\u{1B}[31mRED", "esc\\x1B[31mRED"),
        Case("title\u{1B}]0;pwned\u{07}", "title\\x1B]0;pwned\\x07"),
        Case("lf\noverall  1,000", "lf\\noverall  1,000"),
        Case("cr\rhere", "cr\\rhere"),
        Case("crlf\r\nhere", "crlf\\r\\nhere"),
        Case("tab\there", "tab\\there"),
        Case("nul\u{0}del\u{7F}", "nul\\x00del\\x7F"),
        Case("csi\u{9B}31m", "csi\\u{9B}31m"),
        Case("\u{202E}txt.exe", "\\u{202E}txt.exe"),
        Case("iso\u{2066}late\u{2069}", "iso\\u{2066}late\\u{2069}"),
        Case("line\u{2028}sep", "line\\u{2028}sep"),
        Case("back\\slash", "back\\slash"),
    ])
    func terminal(_ test: Case) {
        #expect(TerminalText.visible(test.input) == test.expected)
    }

    @Test("CSV: text cells that start like a formula get a leading quote; fields are quoted per RFC 4180", arguments: [
        Case("sex=female & race=black", "sex=female & race=black"),
        Case("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        Case("=cmd|' /C calc'!A0=v0", "'=cmd|' /C calc'!A0=v0"),
        Case("+1+1", "'+1+1"),
        Case("-2+3", "'-2+3"),
        Case("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        Case("\t=1", "'\t=1"),
        Case("\r=1", "\"'\r=1\""),
        Case("＝1+1", "'＝1+1"),
        Case("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
        Case("a,b", "\"a,b\""),
        Case("two\nlines", "\"two\nlines\""),
    ])
    func csv(_ test: Case) {
        #expect(CSVField.text(test.input) == test.expected)
    }

    @Test("CSV: numbers rai formats are not text, so a negative one stays a number")
    func csvNumbers() {
        #expect(CSVField.number("-0.05") == "-0.05")
        #expect(CSVField.number("") == "")
    }

    @Test("HTML: markup characters become entities and controls visible")
    func html() {
        #expect(HTMLText.escape("<img src=x onerror=\"alert(3)\">") == "&lt;img src=x onerror=&quot;alert(3)&quot;&gt;")
        #expect(HTMLText.escape("a & b\u{1B}[2J") == "a &amp; b\\x1B[2J")
    }

    @Test("Markdown: plain text cannot open HTML, links or formatting, nor break a table or a block", arguments: [
        Case("sex=female & race=black", "sex=female & race=black"),
        Case("age_group=(missing)", "age_group=(missing)"),
        Case("2026.11", "2026.11"),
        Case("<img src=x onerror=alert(3)>", "\\<img src=x onerror=alert(3)\\>"),
        Case("<details>", "\\<details\\>"),
        Case("<!--", "\\<!--"),
        Case("</script><script>alert(1)</script>", "\\</script\\>\\<script\\>alert(1)\\</script\\>"),
        Case("[link](http://evil)", "\\[link\\](http\\://evil)"),
        Case("![pixel](https://evil/p.png)", "!\\[pixel\\](https\\://evil/p.png)"),
        Case("visit www.evil.com", "visit www\\.evil.com"),
        Case("ping @everyone", "ping \\@everyone"),
        Case("a|b", "a\\|b"),
        Case("cr\rhere", "cr\\\\rhere"),
        Case("lf\n| forged | row |", "lf\\\\n\\| forged \\| row \\|"),
        Case("esc\u{1B}[31m", "esc\\\\x1B\\[31m"),
        Case("`code`", "\\`code\\`"),
        Case("*bold* ~~gone~~ _em_", "\\*bold\\* \\~\\~gone\\~\\~ \\_em\\_"),
        Case("&lt;b&gt; &#60;", "\\&lt;b\\&gt; \\&\\#60;"),
        Case("# heading", "\\# heading"),
        Case("- item", "\\- item"),
        Case("+ item", "\\+ item"),
        Case("1. item", "1\\. item"),
        Case("12) item", "12\\) item"),
        Case("    indented code", "&#32;&#32;&#32;&#32;indented code"),
        Case("> quote", "\\> quote"),
        Case("back\\slash", "back\\\\slash"),
    ])
    func markdownInline(_ test: Case) {
        #expect(MarkdownText.inline(test.input) == test.expected)
    }

    @Test("Markdown: code spans take a longer fence than any backtick run, and a pipe is escaped in tables")
    func markdownCode() {
        #expect(MarkdownText.code("race=white", inTable: false) == "`race=white`")
        #expect(MarkdownText.code("a`b", inTable: false) == "``a`b``")
        #expect(MarkdownText.code("`a``", inTable: false) == "``` `a`` ```")
        #expect(MarkdownText.code("a|b", inTable: true) == "`a\\|b`")
        #expect(MarkdownText.code("a|b", inTable: false) == "`a|b`")
        #expect(MarkdownText.code("x\ny\rz", inTable: true) == "`x\\ny\\rz`")
        #expect(MarkdownText.code("", inTable: true) == "` `")
    }

    #if canImport(FoundationXML)
    /// Receives the one attribute and the text of `<a v="…">…</a>`.
    final class Reader: NSObject, XMLParserDelegate {
        var attribute: String?
        var text = ""
        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            attribute = attributes["v"]
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    @Test("XML: every character from U+0000 to U+00A0, U+FFFE and U+FFFF, in an attribute and in text, gives a well-formed document")
    func xml() throws {
        var hostile = String(String.UnicodeScalarView((0...0xA0).compactMap(Unicode.Scalar.init)))
        hostile += "\u{FFFE}\u{FFFF}<!-- ]]> &amp; 'quotes' \"double\""
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a v=\"\(XMLText.escape(hostile))\">\(XMLText.escape(hostile))</a>"
        let parser = XMLParser(data: Data(document.utf8))
        let reader = Reader()
        parser.delegate = reader
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        let expected = TerminalText.visible(hostile).replacingOccurrences(of: "\u{FFFE}", with: "\\u{FFFE}")
            .replacingOccurrences(of: "\u{FFFF}", with: "\\u{FFFF}")
        #expect(reader.attribute == expected)
        #expect(reader.text == expected)
    }
    #endif
}
