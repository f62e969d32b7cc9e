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
    static func checkDestination(_ output: String?) throws(RaiError) {
        if output == nil && isatty(1) != 0 {
            throw .usage("a partial result is binary; write it with -o FILE or into a pipe")
        }
    }

    static func write(_ partial: EvalPartial, to output: String?, version: String) throws(RaiError) {
        let bytes = PartialFile.encode(partial, raiVersion: version)
        if let output {
            try Output.write(bytes: bytes, toFile: output)
        } else {
            Output.write(bytes: bytes)
        }
    }
}
