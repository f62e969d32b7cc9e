import Foundation

/// What every `rai privacy` renderer draws from: the attack's result and the gates checked
/// against it. Renderers never compute; everything they show is here.
public struct PrivacyReport: Sendable {
    public let result: PrivacyResult
    public let gates: [GateResult]
    public let version: String

    public init(result: PrivacyResult, gates: [Gate], version: String) {
        self.result = result
        self.gates = gates.map { $0.evaluate(result) }
        self.version = version
    }

    public var failedGates: [GateResult] { gates.filter { !$0.passed } }

    /// Renders the report in `format` as UTF-8 bytes; `color` applies to text only.
    public func renderBytes(_ format: ReportFormat, color: Bool = false) -> [UInt8] {
        switch format {
        case .text: return Array(PrivacyTextReport(report: self, color: color).render().utf8)
        case .json: return PrivacyJSONReport(report: self).renderBytes()
        case .markdown: return Array(PrivacyMarkdownReport(report: self).render().utf8)
        case .html: return Array(PrivacyHTMLReport(report: self).render().utf8)
        case .csv: return Array(PrivacyCSVReport(report: self).render().utf8)
        case .junit: return Array(PrivacyJUnitReport(report: self).render().utf8)
        case .github: return Array(github.annotations().utf8)
        }
    }

    /// `--format github`: the gates as workflow commands, the Markdown report as the job summary.
    public var github: GitHubReport {
        GitHubReport(title: "rai privacy gate", gates: gates.filter { !$0.passed } + gates.filter(\.passed),
                     body: PrivacyMarkdownReport(report: self).render())
    }

    /// A number as reports print it: four decimals, `—` when undefined.
    static func decimal(_ value: Double?, undefined: String = "—") -> String {
        value.map { String(format: "%.4f", $0) } ?? undefined
    }
}
