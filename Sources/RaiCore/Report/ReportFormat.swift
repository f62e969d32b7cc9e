/// The output formats of `rai eval`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case markdown
    case html
    case csv
    case junit

    /// Renders `report`; `color` applies to text only.
    public func render(_ report: Report, color: Bool = false) -> String {
        switch self {
        case .text: return TextReport(report: report, color: color).render()
        case .json: return JSONReport(report: report).render()
        case .markdown: return MarkdownReport(report: report).render()
        case .html: return HTMLReport(report: report).render()
        case .csv: return CSVReport(report: report).render()
        case .junit: return JUnitReport(report: report).render()
        }
    }
}
