import Foundation
import RaiCore

/// `--partial`: writes counts as a partial result file (`PartialFile`) instead of a report, for
/// `rai merge` to combine later.
enum PartialOutput {
    static let option = OptionSpec("partial", help: "Write a partial result (counts, not a report) for 'rai merge'; needs -o FILE or a pipe.")

    /// Refuses options that shape a report, which a partial does not have (they belong to the
    /// `rai merge` that writes the report), so that none is silently ignored.
    static func refuseReportOptions(_ parsed: ParsedArguments) throws(RaiError) {
        if let name = ReportOptions.reportOnly.first(where: parsed.has) {
            throw .usage("'--\(name)' shapes a report; a partial result has none. Give it to 'rai merge' instead")
        }
    }

    /// Refuses to write binary bytes to a terminal, before any work is done.
    static func checkDestination(_ target: OutputTarget) throws(RaiError) {
        if target.isTerminal {
            throw .usage("a partial result is binary; write it with -o FILE or into a pipe")
        }
    }

    static func write(_ partial: EvalPartial, to target: OutputTarget, version: String) throws(RaiError) {
        var partial = partial
        partial.identifyCounts()
        try target.write(PartialFile.encode(partial, raiVersion: version))
    }
}
