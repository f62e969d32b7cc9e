/// Everything `rai privacy` needs to know, resolved from flags and defaults.
public struct PrivacyRequest: Sendable {
    /// Where membership comes from: a column of one file, or which of two files a row is in.
    public enum Membership: Sendable, Equatable {
        /// `FILE --member COL [--member-value VALUE]`: a member column; without a value it must
        /// be 0/1 or true/false (`LabelRule`), with one, VALUE means member and anything else not.
        case column(path: String, column: String, memberValue: String?)
        /// `--train FILE --test FILE`: every row of the first is a member, none of the second.
        case files(train: String, test: String)
    }

    public var membership: Membership
    public var format: InputFormat?
    public var delimiter: UInt8?
    /// `--loss COL`: the attack signal as given. Without it the loss is the binary
    /// cross-entropy of `labelColumn` under `scoreColumn` (`LossRole`).
    public var lossColumn: String?
    /// The true label: slices by class, and the loss when there is no loss column.
    public var labelColumn: String?
    public var positiveLabel: String?
    /// The model's score: slices by correctness, and the loss when there is no loss column.
    public var scoreColumn: String?
    public var scoreKind: LossRole.ScoreKind = .probability
    /// A multi-class model's class scores (`--class-scores`, `--class-score-array`, `--classes`):
    /// the loss is −log p(true class) of `labelColumn`'s class, and slices by class name it.
    public var classes: ClassRequest?
    /// Each feature slice spec as its column names.
    public var slices: [[String]] = []
    /// `--curves`: ROC points of the attack per slice.
    public var curves = false
    public var skipInvalid = false
    public var threads = 1
    public var blockSize = EvaluationRequest.defaultBlockSize
    public var maximumLineLength = EvaluationRequest.defaultMaximumLineLength
    public var maximumCombinations = EvaluationRequest.defaultMaximumCombinations
    /// Score buckets kept for the attack's exact ROC (`ScoreCollector`).
    public var scoreBudget = EvaluationRequest.defaultScoreBudget
    /// Whether windows of valid rows are decoded column by column (the fast path); off, every
    /// row takes the row-by-row path. Both give the same results; tests compare them.
    public var countsInWindows = true
    /// Slices with fewer rows have their attack metrics withheld, as in `rai eval`.
    public var minimumSliceSize = 30
    /// Confidence of the AUC intervals.
    public var confidence = 0.95

    public init(membership: Membership) {
        self.membership = membership
    }

    /// The input files, in reading order.
    public var paths: [String] {
        switch membership {
        case .column(let path, _, _): return [path]
        case .files(let train, let test): return [train, test]
        }
    }

    /// Whether slices by true class are reported (a label is known).
    public var slicesByClass: Bool { labelColumn != nil }
    /// Whether slices by correctness are reported (a label and a score are known).
    public var slicesByCorrectness: Bool { labelColumn != nil && (scoreColumn != nil || classes != nil) }

    var engineOptions: EngineOptions {
        var options = EngineOptions(threads: threads, blockSize: min(blockSize, max(64, maximumLineLength)), skipInvalid: skipInvalid,
                                    maximumCombinations: maximumCombinations)
        options.maximumLineLength = max(64, maximumLineLength)
        options.countsInWindows = countsInWindows
        return options
    }
}
