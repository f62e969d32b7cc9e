import Foundation
import RaiCore

/// `rai card`: a model card from a saved `rai eval --format json` report and optional metadata.
enum CardCommand {
    static let options: [OptionSpec] = [
        OptionSpec("data", value: "file", help: "A saved rai data JSON report: a data card, or with an eval report its data section."),
        OptionSpec("meta", value: "file", help: "JSON file with the card's descriptive sections (see README); missing parts become placeholders."),
        OptionSpec("privacy", value: "file", help: "A 'rai privacy --format json' report: adds a privacy (membership inference) section."),
        OptionSpec("format", value: "markdown|html", help: "Card format (default: markdown)."),
        OptionSpec("output", short: "o", value: "file", help: "Write the card to a file instead of standard output."),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    static let usage = "rai card [<eval.json>] [--data <data.json>] [--privacy <privacy.json>] [--meta <file>] [--format markdown|html] [-o <file>]"

    static var help: String {
        """
        OVERVIEW: Write a model card from a saved rai eval JSON report.

        USAGE: \(usage)

        ARGUMENTS:
          <eval.json>             The output of 'rai eval … --format json'.

        OPTIONS:
        \(OptionSpec.helpText(options))

        """
    }

    static func run(_ arguments: [String]) throws(RaiError) -> ExitStatus {
        let parsed = try ArgumentParser.parse(arguments, options: options)
        if parsed.has("help") {
            try OutputTarget.standardOutput.write(help)
            return .success
        }
        let dataPath = parsed.last("data")
        if parsed.positionals.count > 1 { throw .usage("unexpected argument '\(parsed.positionals[1])'") }
        let format = parsed.last("format") ?? "markdown"
        guard format == "markdown" || format == "html" else { throw .usage("unknown card format '\(format)'; choose markdown or html") }
        let metaPath = parsed.last("meta")
        let privacyPath = parsed.last("privacy")
        guard let path = parsed.positionals.first else {
            guard let dataPath else { throw .usage("missing the eval JSON report (or --data with a rai data JSON report)") }
            if metaPath != nil { throw .usage("'--meta' describes a model; give the eval JSON report too") }
            if privacyPath != nil { throw .usage("'--privacy' adds a section to a model card; give the eval JSON report too") }
            let target = try OutputTarget(path: parsed.last("output"), reading: [dataPath])
            let card = try DataCard(data: Data(try ByteSource.readAll(dataPath, limit: 1 << 30, kind: "a data report")), path: dataPath)
            try target.write(format == "html" ? card.html() : card.markdown())
            return .success
        }
        let target = try OutputTarget(path: parsed.last("output"), reading: [path] + [metaPath, privacyPath, dataPath].compactMap { $0 })
        let evaluation = Data(try ByteSource.readAll(path, limit: 1 << 30, kind: "an eval report"))
        let metadata = try metaPath.map { (path: String) throws(RaiError) -> Data in
            Data(try ByteSource.readAll(path, limit: 16 << 20, kind: "a metadata file"))
        }
        let privacy = try privacyPath.map { (path: String) throws(RaiError) -> Data in
            Data(try ByteSource.readAll(path, limit: 1 << 30, kind: "a privacy report"))
        }
        let card = try ModelCard(evaluation: evaluation, evaluationPath: path, metadata: metadata, metadataPath: metaPath,
                                 privacy: privacy, privacyPath: privacyPath)
        for warning in card.warnings { Output.note("warning: " + warning) }
        var blocks = card.blocks
        if let dataPath {
            blocks += try DataCard(data: Data(try ByteSource.readAll(dataPath, limit: 1 << 30, kind: "a data report")), path: dataPath, level: 2).blocks
        }
        let text = format == "html" ? DocumentRenderer.html(blocks, title: card.title) : DocumentRenderer.markdown(blocks)
        try target.write(text)
        return .success
    }
}
