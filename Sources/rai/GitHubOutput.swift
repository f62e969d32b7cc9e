import Foundation
import RaiCore

/// `--format github` for every command with gates: the workflow commands go where the report
/// goes (standard output, which the runner reads), and the Markdown job summary is added to the
/// file the runner names in `GITHUB_STEP_SUMMARY`. That file is the runner's and may already
/// hold other steps' text, so rai appends to it and never replaces it (`OutputTarget(appendingTo:)`).
enum GitHubOutput {
    static let summaryVariable = "GITHUB_STEP_SUMMARY"

    /// The job summary file, checked before any input is read; nil when the variable is unset
    /// or empty (outside GitHub Actions).
    static func stepSummary(reading inputs: [String]) throws(RaiError) -> OutputTarget? {
        guard let path = ProcessInfo.processInfo.environment[summaryVariable], !path.isEmpty else { return nil }
        return try OutputTarget(appendingTo: path, reading: inputs)
    }

    /// Writes the annotations, then the summary within what is left of GitHub's limit for the
    /// step (the file may already hold this step's earlier text).
    static func write(_ report: GitHubReport, to target: OutputTarget, summary: OutputTarget?) throws(RaiError) {
        try target.write(report.annotations())
        guard let summary else { return }
        var info = stat()
        let used = stat(FileSystemName.bytes(summary.name), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        try summary.write(report.jobSummary(limit: max(0, GitHubReport.summaryLimit - used)))
    }
}
