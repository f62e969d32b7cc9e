/// A small document model, rendered to Markdown or HTML: what a model card is made of. Its text
/// is `CardText`, which keeps values from files apart from rai's own words so each renderer can
/// escape them.
public enum Block: Equatable, Sendable {
    case heading(level: Int, text: CardText)
    case paragraph(CardText)
    case list([CardText])
    case table(headers: [CardText], rows: [[CardText]])
    /// Text standing in for information the metadata file does not give, with the key to add.
    case placeholder(CardText)
}

public enum DocumentRenderer {
    public static func markdown(_ blocks: [Block]) -> String {
        var out = ""
        for block in blocks {
            switch block {
            case .heading(let level, let text): out += String(repeating: "#", count: level) + " " + text.markdown + "\n\n"
            case .paragraph(let text): out += text.markdown + "\n\n"
            case .list(let items): out += items.map { "- " + $0.markdown }.joined(separator: "\n") + "\n\n"
            case .table(let headers, let rows):
                func row(_ cells: [CardText]) -> String {
                    "| " + cells.map(\.markdown).joined(separator: " | ") + " |\n"
                }
                out += row(headers) + "|" + String(repeating: "---|", count: headers.count) + "\n"
                for cells in rows { out += row(cells) }
                out += "\n"
            case .placeholder(let text): out += "_" + text.markdown + "_\n\n"
            }
        }
        return out
    }

    public static func html(_ blocks: [Block], title: String) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(HTMLText.escape(title))</title>\n<style>"
        out += "body{font-family:system-ui,sans-serif;max-width:900px;margin:0 auto;padding:1rem 1.5rem;line-height:1.45;color:#1a202c}"
        out += "table{border-collapse:collapse;margin:.5rem 0 1.2rem;font-size:.9rem}th,td{border-bottom:1px solid #e2e8f0;padding:.25rem .6rem;text-align:left}"
        out += ".placeholder{color:#975a16;background:#fffaf0;border-left:3px solid #d69e2e;padding:.3rem .6rem}</style>\n</head>\n<body>\n"
        for block in blocks {
            switch block {
            case .heading(let level, let text): out += "<h\(level)>\(text.html)</h\(level)>\n"
            case .paragraph(let text): out += "<p>\(text.html)</p>\n"
            case .list(let items): out += "<ul>" + items.map { "<li>\($0.html)</li>" }.joined() + "</ul>\n"
            case .table(let headers, let rows):
                out += "<table><thead><tr>" + headers.map { "<th scope=\"col\">\($0.html)</th>" }.joined() + "</tr></thead><tbody>"
                for cells in rows { out += "<tr>" + cells.map { "<td>\($0.html)</td>" }.joined() + "</tr>" }
                out += "</tbody></table>\n"
            case .placeholder(let text): out += "<p class=\"placeholder\">\(text.html)</p>\n"
            }
        }
        return out + "</body>\n</html>\n"
    }
}
