/// The output formats of `rai eval`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// Renders `result`; `color` applies to text only.
    public func render(_ result: EvaluationResult, version: String, color: Bool = false) -> String {
        switch self {
        case .text: return TextReport(result: result, color: color).render()
        case .json: return JSONReport(result: result, version: version).render()
        }
    }
}
