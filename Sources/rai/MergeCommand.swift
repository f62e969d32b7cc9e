import Foundation
import RaiCore

/// `rai merge`: combines partial results (`rai eval … --partial`) into the report a single
/// `rai eval` over all their rows would write, or into one partial (`--partial`) for a staged
/// merge.
enum MergeCommand {
    static let options: [OptionSpec] = ReportOptions.options + [
        OptionSpec("partial", help: "Write the merged partial result instead of a report, to merge again later."),
        OptionSpec("output", short: "o", value: "file", help: "Write the report to a file instead of standard output."),
        OptionSpec("quiet", short: "q", help: "No notes on standard error."),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai merge <part.rai | folder>… [--gate <expression>]… [--format <format>] [-o <file>] [<options>]"

    static var help: String {
        """
        OVERVIEW: Merge partial results of 'rai eval … --partial' into one report.

        The report equals the one 'rai eval' writes over all the parts' rows, apart from the input
        section, which lists the parts. Parts merge in any order and grouping; they must have counted
        the same columns, slices, thresholds, score budget and bootstrap.

        USAGE: \(usage)

        ARGUMENTS:
          <part.rai | folder>     Partial result files; a folder stands for its *.rai files. '-' reads one from standard input.

        OPTIONS:
        \(OptionSpec.helpText(options))
        EXIT STATUS:
          0 success (every gate passed); 1 a gate failed; 64 usage error; 65 a part is not a partial
          result, is damaged, or counted something else than the others; 66 cannot read a part;
          73 cannot write output.

        EXAMPLE:
          ls parts/*.csv | xargs -P 8 -I{} rai eval {} --label label --score score --slice race --partial -o {}.rai
          rai merge parts/ --gate 'gap(fpr, race, 0.5) <= 0.05' --format json -o report.json

        """
    }

    static func run(_ arguments: [String], version: String) throws(RaiError) -> ExitStatus {
        let parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            try OutputTarget.standardOutput.write(help)
            return .success
        }
        let paths = try partPaths(parsed.positionals)
        let target = try OutputTarget(path: parsed.last("output"), reading: paths)
        if parsed.has("partial") {
            try PartialOutput.refuseReportOptions(parsed)
            try PartialOutput.checkDestination(target)
            try PartialOutput.write(try PartialMerge.merge(paths: paths), to: target, version: version)
            return .success
        }
        // Report options are checked against the first part's parameters before reading the rest.
        let first = try PartialMerge.read(paths[0])
        let report = try ReportOptions(parsed, counting: first.parameters, reading: paths)
        let merged = try PartialMerge.merge(first, with: paths.dropFirst())
        return try report.finish(EvaluationResult(merged, scoreAnalyses: report.scoreAnalyses), to: target, quiet: parsed.has("quiet"), version: version)
    }

    /// The files to merge: each argument, or a folder's `*.rai` files in name order.
    static func partPaths(_ arguments: [String]) throws(RaiError) -> [String] {
        guard !arguments.isEmpty else { throw .usage("missing partial result files to merge") }
        var paths: [String] = []
        for argument in arguments {
            var info = stat()
            if argument != "-" && stat(FileSystemName.bytes(argument), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                guard let folder = opendir(FileSystemName.bytes(argument)) else {
                    throw .cannotRead(path: argument, reason: String(cString: strerror(errno)))
                }
                // Each path is made of the folder's and the entry's bytes, then named through
                // `FileSystemName`, so that names that are not UTF-8 still open.
                let prefix = Array(FileSystemName.bytes(argument).dropLast()) + (argument.hasSuffix("/") ? [] : [CChar(UInt8(ascii: "/"))])
                var parts: [(name: [CChar], path: [CChar])] = []
                while let entry = readdir(folder) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }).map { CChar(bitPattern: $0) } }
                    if name.count > 4 && name.suffix(4).map({ UInt8(bitPattern: $0) }) == Array(".rai".utf8) {
                        parts.append((name, prefix + name + [0]))
                    }
                }
                closedir(folder)
                guard !parts.isEmpty else { throw .cannotRead(path: argument, reason: "the folder has no .rai files") }
                parts.sort { $0.name.map { UInt8(bitPattern: $0) }.lexicographicallyPrecedes($1.name.map { UInt8(bitPattern: $0) }) }
                paths += parts.map { part in part.path.withUnsafeBufferPointer { FileSystemName.argument($0.baseAddress!) } }
            } else {
                paths.append(argument)
            }
        }
        // The same file twice (by name, link or folder) would count its rows twice.
        var seen: [String: String] = [:]
        for path in paths where path != "-" {
            var info = stat()
            guard stat(FileSystemName.bytes(path), &info) == 0 else { continue }
            let identity = "\(info.st_dev):\(info.st_ino)"
            if let first = seen[identity] {
                throw .usage("\(path) is the same file as \(first): its rows would be counted twice")
            }
            seen[identity] = path
        }
        return paths
    }
}
