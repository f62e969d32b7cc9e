import Foundation

/// Every failure rai reports to a user, with enough context to act on it.
///
/// Data errors carry the file, the 1-based physical line and, where one applies, the column, so
/// the message can point at the offending byte. Byte offsets are what the hot path keeps; line
/// numbers are computed only when an error is built.
public enum RaiError: Error, Equatable, Sendable {
    /// The command line could not be understood.
    case usage(String)
    /// The input could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// The output file could not be created or opened: a directory, the input itself, a missing
    /// or read-only folder.
    case cannotWrite(path: String, reason: String)
    /// Writing the output failed part way: a full disk, an I/O error, a closed standard output.
    case writeFailed(path: String, reason: String)
    /// The input is not valid prediction data.
    case data(DataError)

    public var exitStatus: ExitStatus {
        switch self {
        case .usage: return .usage
        case .cannotRead: return .noInput
        case .cannotWrite: return .cannotCreate
        case .writeFailed: return .ioError
        case .data: return .dataError
        }
    }

    /// The single line printed after `Error: `, as it is: it names files, columns and values from
    /// the input, so whatever prints it makes them visible first (`TerminalText`).
    public var message: String {
        switch self {
        case .usage(let text): return text
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .writeFailed(let path, let reason): return "writing \(path) failed: \(reason)"
        case .data(let error): return error.description
        }
    }
}

/// A problem with the content of the input, located as precisely as the format allows.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    /// 1-based physical line, or nil when the problem concerns the whole file.
    public var line: Int?
    /// 1-based field number in CSV/TSV; nil for JSONL and whole-row problems.
    public var column: Int?
    /// The column or key the problem is about, when there is one.
    public var columnName: String?
    public var kind: DataProblem
    /// The last line of a malformed row that spans several (a quoted field with newlines, often
    /// opened by a stray quote), so that the message shows how much of the file it took.
    public var lastLine: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, kind: DataProblem) {
        self.path = path
        self.line = line
        self.column = column
        self.columnName = columnName
        self.kind = kind
    }

    public var description: String {
        var location = path
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        var text = "\(location): \(kind.description)"
        if let columnName, kind.mentionsColumn { text += " in column '\(columnName)'" }
        if let line, let lastLine, lastLine > line {
            text += " (the row runs on to line \(lastLine), \(lastLine - line + 1) lines: a quote may be missing or stray)"
        }
        return text
    }
}

/// What is wrong with a row or a file. The cases that can be skipped with `--skip-invalid` are
/// those that concern a single row; the others stop the run whatever the flags.
public enum DataProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyFile
    case noDataRows
    case missingColumns(missing: [String], available: [String], suggestions: [String: String] = [:])
    case invalidUTF8
    case unterminatedQuote
    case textAfterClosingQuote
    case raggedRow(expected: Int, found: Int)
    case missingLabel
    case invalidLabel(String)
    case missingScore
    case invalidScore(String)
    case missingWeight
    case invalidWeight(String)
    case negativeWeight(String)
    case invalidJSON(String)
    case nestedJSONValue
    case countOverflow
    case tooManyCombinations(limit: Int)
    case weightTooSmall(String, reference: Double)
    /// A partial result file that cannot be read, and why.
    case invalidPartial(String)
    /// A multi-class label or prediction that is not one of the classes.
    case unknownClass(String, classes: [String])
    case missingPrediction
    case invalidPrediction(String)
    /// A score array with the wrong number of scores, or a value in it that is not a number.
    case invalidScoreArray(String, expected: Int)
    /// Two partial results that cannot be added up, and how they differ.
    case cannotMerge(String)
    /// A part holds counts an earlier part already holds (of the input named).
    case countedTwice(String)
    case weightTooLarge(String, reference: Double)
    /// The first rows' largest weight is so large or so small that sums of squared weights, or
    /// products of weight sums, would leave the range of a double.
    case weightScaleOutOfRange(reference: Double)
    /// A header or row longer than the line length limit; `offset` is where the row starts, when
    /// its line is not known.
    case lineTooLong(limit: Int, offset: Int?)
    /// Only blank lines: no header row.
    case noHeader
    /// Lines that end in a CR alone (classic Mac OS), found in the header.
    case carriageReturnLineEndings
    /// `rai privacy`: a row without a membership value, or with one that is not a membership flag.
    case missingMember
    case invalidMember(String)
    /// `rai privacy --loss`: a row without a loss, or with one that is not a finite number.
    case missingLoss
    case invalidLoss(String)
    /// `rai privacy` computing the loss from a probability: a score outside [0, 1].
    case scoreNotProbability(String)

    /// The stable, machine-readable name used for skip counts in the JSON report.
    public var reasonCode: String {
        switch self {
        case .emptyFile: return "empty_file"
        case .noDataRows: return "no_data_rows"
        case .missingColumns: return "missing_columns"
        case .invalidUTF8: return "invalid_utf8"
        case .unterminatedQuote: return "unterminated_quote"
        case .textAfterClosingQuote: return "text_after_closing_quote"
        case .raggedRow: return "ragged_row"
        case .missingLabel: return "missing_label"
        case .invalidLabel: return "invalid_label"
        case .missingScore: return "missing_score"
        case .invalidScore: return "invalid_score"
        case .missingWeight: return "missing_weight"
        case .invalidWeight: return "invalid_weight"
        case .negativeWeight: return "negative_weight"
        case .invalidJSON: return "invalid_json"
        case .nestedJSONValue: return "nested_json_value"
        case .countOverflow: return "count_overflow"
        case .tooManyCombinations: return "too_many_combinations"
        case .weightTooSmall: return "weight_too_small"
        case .invalidPartial: return "invalid_partial"
        case .unknownClass: return "unknown_class"
        case .missingPrediction: return "missing_prediction"
        case .invalidPrediction: return "invalid_prediction"
        case .invalidScoreArray: return "invalid_score"
        case .cannotMerge: return "cannot_merge"
        case .countedTwice: return "counted_twice"
        case .weightTooLarge: return "weight_too_large"
        case .weightScaleOutOfRange: return "weight_scale_out_of_range"
        case .lineTooLong: return "line_too_long"
        case .noHeader: return "no_header"
        case .carriageReturnLineEndings: return "cr_line_endings"
        case .missingMember: return "missing_member"
        case .invalidMember: return "invalid_member"
        case .missingLoss: return "missing_loss"
        case .invalidLoss: return "invalid_loss"
        case .scoreNotProbability: return "score_not_probability"
        }
    }

    /// Whether `--skip-invalid` may drop the row and carry on. Structural damage that makes the
    /// rest of the file unreadable (an unterminated quote, invalid UTF-8) is never skippable.
    public var isSkippable: Bool {
        switch self {
        case .emptyFile, .noDataRows, .missingColumns, .invalidUTF8, .unterminatedQuote, .countOverflow, .tooManyCombinations,
             .invalidPartial, .cannotMerge, .countedTwice, .lineTooLong, .noHeader, .carriageReturnLineEndings, .weightScaleOutOfRange:
            return false
        default:
            return true
        }
    }

    /// Whether the problem concerns the whole input rather than a line of it.
    public var concernsWholeFile: Bool {
        switch self {
        case .emptyFile, .noDataRows, .noHeader, .countOverflow, .tooManyCombinations, .invalidPartial, .cannotMerge,
             .countedTwice, .weightScaleOutOfRange: return true
        default: return false
        }
    }

    var mentionsColumn: Bool {
        switch self {
        case .missingLabel, .invalidLabel, .missingScore, .invalidScore, .missingWeight,
             .invalidWeight, .negativeWeight, .weightTooSmall, .weightTooLarge, .weightScaleOutOfRange, .unknownClass, .missingPrediction,
             .invalidPrediction, .invalidScoreArray, .missingMember, .invalidMember, .missingLoss, .invalidLoss, .scoreNotProbability:
            return true
        default:
            return false
        }
    }

    public var description: String {
        switch self {
        case .emptyFile: return "the file is empty"
        case .noDataRows: return "the file has a header but no data rows"
        case .missingColumns(let missing, let available, let suggestions):
            let names = missing.map { "'\($0)'" }.joined(separator: ", ")
            let noun = missing.count == 1 ? "column" : "columns"
            // A header can hold a million names, or one huge one: the list is shortened.
            let shown = available.prefix(30).map { name -> String in
                var short = name.count > 40 ? String(name.prefix(40)) + "…" : name
                short = short.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
                return short.contains(" ") || short.isEmpty ? "'\(short)'" : short
            }
            let more = available.count > 30 ? ", … (\(available.count) columns in all)" : ""
            var text = "no \(noun) \(names); the columns are: \(shown.joined(separator: ", "))\(more)"
            let close = missing.compactMap { suggestions[$0] }.map { "'\($0)'" }
            if !close.isEmpty { text += "; did you mean \(close.joined(separator: ", "))?" }
            return text
        case .invalidUTF8: return "invalid UTF-8"
        case .unterminatedQuote: return "unterminated quoted field (a '\"' is never closed)"
        case .textAfterClosingQuote: return "text after the closing quote of a quoted field"
        case .raggedRow(let expected, let found):
            return "expected \(expected) fields as in the header, found \(found)"
        case .missingLabel: return "missing label"
        case .invalidLabel(let value):
            return "label \(quoted(value)) is not 0/1 or true/false (use --positive-label VALUE for other labels)"
        case .missingScore: return "missing score"
        case .invalidScore(let value): return "score \(quoted(value)) is not a finite number"
        case .missingWeight: return "missing weight"
        case .invalidWeight(let value): return "weight \(quoted(value)) is not a finite number"
        case .negativeWeight(let value): return "weight \(quoted(value)) is negative"
        case .invalidJSON(let detail): return "invalid JSON: \(detail)"
        case .nestedJSONValue: return "nested JSON objects and arrays are not supported as values"
        case .countOverflow: return "a count or a sum of weights exceeded the range it is kept in"
        case .invalidPartial(let reason): return "not a usable partial result: \(reason)"
        case .unknownClass(let value, let classes):
            let shown = classes.prefix(20).joined(separator: ", ") + (classes.count > 20 ? ", …" : "")
            // Classes named by numbers are read by name only (`ClassDecoder`).
            let namedByNumbers = classes.contains { !$0.isEmpty && $0.utf8.allSatisfy { $0 &- UInt8(ascii: "0") <= 9 } }
            if classes == classes.indices.map(String.init) { return "\(quoted(value)) is not one of the classes (\(shown))" }
            return "\(quoted(value)) is not one of the classes (\(shown))"
                + (namedByNumbers ? " (numbers name classes here, not class indices)" : " nor a class index 0…\(classes.count - 1)")
        case .missingPrediction: return "missing prediction"
        case .invalidPrediction(let value): return "prediction \(quoted(value)) is not a class"
        case .invalidScoreArray(let value, let expected):
            return "scores \(quoted(value)) are not an array of \(expected) finite numbers"
        case .cannotMerge(let difference): return "cannot be merged with the partials before it: they differ in \(difference)"
        case .countedTwice(let input):
            return "holds the counts of \(quoted(input)) that a part before it already holds (the same partial result copied, "
                + "or a merged partial given with one of its parts): its rows would be counted twice"
        case .weightTooSmall(let value, let reference):
            return "weight \(quoted(value)) is too small to sum exactly beside the largest weight of the first rows "
                + "(about \(reference)): weights are summed as integers relative to it, down to 2^-64 of it"
        case .weightScaleOutOfRange(let reference):
            return "the weights are about \(reference), beyond the scale rai sums them at (1e-120 to 1e120: sums of their squares "
                + "must stay finite doubles); multiply or divide every weight by one constant: rates, intervals and AUC do not change"
        case .weightTooLarge(let value, let reference):
            return "weight \(quoted(value)) is 2^30 or more times the largest weight of the first rows (about \(reference)), "
                + "too large to sum exactly; put a row with a large weight among the first rows, or rescale the weights"
        case .noHeader: return "the file has no header: it holds only blank lines"
        case .carriageReturnLineEndings:
            return "lines end in a carriage return alone (classic Mac OS); rai reads LF or CRLF line endings: convert them first, "
                + "e.g. with tr '\\r' '\\n'"
        case .lineTooLong(let limit, let offset):
            let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            let which = offset.map { "the row starting at byte \($0) is" } ?? "the line is"
            return "\(which) longer than \(size), the line length limit (a quote left open makes the rest of the input "
                + "one row); raise the limit with --max-line-length"
        case .missingMember: return "missing membership value"
        case .invalidMember(let value):
            return "membership value \(quoted(value)) is not 0/1 or true/false (use --member-value VALUE for other values)"
        case .missingLoss: return "missing loss"
        case .invalidLoss(let value): return "loss \(quoted(value)) is not a finite number"
        case .scoreNotProbability(let value):
            return "score \(quoted(value)) is not a probability in [0, 1] (use --score-kind logit for logits, or --loss COLUMN)"
        case .tooManyCombinations(let limit):
            return "more than \(limit) combinations of slice values; a slice column may hold an identifier (one value per row): "
                + "slice by fewer or coarser columns, or raise --max-combinations"
        }
    }
}

/// Shows a value from the input safely on one line (`TerminalText`), shortened if long.
func quoted(_ value: String) -> String {
    "'" + TerminalText.visible(value.count > 40 ? String(value.prefix(40)) + "…" : value) + "'"
}
