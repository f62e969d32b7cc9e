/// The output formats of `rai eval` and `rai merge`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown
    case html
    case csv
    case junit
    /// GitHub Actions workflow commands; the command writes the job summary beside them.
    case github

    /// Renders `report` as UTF-8 bytes, ready to write (JSON is built as bytes, and a report of
    /// megabytes is not converted to a `String` and back); `color` applies to text only.
    public func renderBytes(_ report: FairnessReport, color: Bool = false) -> [UInt8] {
        if self == .json { return JSONReport(report: report).renderBytes() }
        return Array(render(report, color: color).utf8)
    }

    /// Renders `report`; `color` applies to text only.
    public func render(_ report: FairnessReport, color: Bool = false) -> String {
        switch self {
        case .text: return TextReport(report: report, color: color).render()
        case .json: return JSONReport(report: report).render()
        case .markdown: return MarkdownReport(report: report).render()
        case .html: return HTMLReport(report: report).render()
        case .csv: return CSVReport(report: report).render()
        case .junit: return JUnitReport(report: report).render()
        case .github: return GitHubReport(report: report).annotations()
        }
    }
}
