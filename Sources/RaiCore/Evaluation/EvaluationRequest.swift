/// Everything `rai eval` needs to know, resolved from flags and defaults.
public struct EvaluationRequest: Sendable {
    /// Fairness Indicators' default thresholds: 0.1, 0.2, …, 0.9.
    public static let defaultThresholds: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    /// Default cap on score buckets (see `ScoreCollector`): AUC is exact for any input with at
    /// most this many distinct (combination of slice values, score) pairs, about 4 MiB of tables
    /// (more would cost time on every row: score-table updates land at random in them).
    public static let defaultScoreBudget = 1 << 18
    /// Default read block: large enough to amortise a read and a hand-over, small enough that the
    /// blocks in flight stay a few MiB.
    public static let defaultBlockSize = 2 << 20
    /// The most thresholds a run takes. The report holds every rate at every threshold for every
    /// slice and spec, so it grows with their product: 10,000 thresholds over 28 slices made a
    /// 2.8 GB JSON report and took 4 GB. A thousand is far more than decisions use; AUC covers
    /// the whole curve.
    public static let maximumThresholds = 1_000
    /// Default limit on combinations of slice values: far more than any grouping a person reads,
    /// and a clear stop when a slice column turns out to be an identifier.
    public static let defaultMaximumCombinations = 100_000
    /// Default limit on the bytes of one row or header line (`--max-line-length`): far beyond any
    /// row a person writes, and a clear stop for input that is not line-oriented (`/dev/zero`, a
    /// binary file) or a quote left open on a pipe, which would otherwise be buffered whole.
    public static let defaultMaximumLineLength = 16 << 20

    public var path: String
    public var format: InputFormat?
    public var delimiter: UInt8?
    public var labelColumn: String
    public var scoreColumn: String
    public var weightColumn: String?
    /// A second model's score column, evaluated on the same rows for changes and flip rates.
    public var baselineScoreColumn: String?
    public var positiveLabel: String?
    /// Each slice spec as its column names; the overall slice is always added.
    public var slices: [[String]]
    /// Sorted, without duplicates.
    public var thresholds: [Double]
    public var skipInvalid: Bool
    public var threads: Int
    public var blockSize: Int
    public var scoreBudget: Int
    /// Whether to compute AUC. Without it no score tables are kept: threshold metrics only, in
    /// less memory and time.
    public var computeAUC: Bool
    /// Whether to compute the input's SHA-256 for provenance (HTML reports and model cards). It
    /// costs a serial pass over the bytes, so it is off unless a report shows it.
    public var computeDigest: Bool
    /// Whether rows are counted window by window, column by column, where every row of a window
    /// is well formed and valid (the fast path); off, every row goes through the row-by-row path.
    /// Both give the same results; tests compare them.
    public var countsInWindows = true
    /// `--bootstrap N --seed S`: Poisson bootstrap replicates.
    public var bootstrap: (replicates: Int, seed: UInt64)?
    /// `--row-id COL`: the column that keys each row's bootstrap replicates.
    public var rowIdColumn: String?
    /// The most combinations of slice values accepted (`CombinationRegistry`).
    public var maximumCombinations = EvaluationRequest.defaultMaximumCombinations
    /// `--bootstrap-memory`: the most bytes the bootstrap's replicate tables may take; nil for
    /// `BootstrapMemory.defaultBudget`.
    public var bootstrapMemoryBudget: Int?
    /// A multi-class or multi-label model (`--class-scores`, `--class-score-array`,
    /// `--prediction`, `--labels`); nil for a binary one.
    public var classes: ClassRequest?
    /// The most bytes one row (or the header) may take, line ending included.
    public var maximumLineLength = EvaluationRequest.defaultMaximumLineLength

    /// The line length limit in force: at least 64 bytes, the smallest block.
    var effectiveMaximumLineLength: Int { max(64, maximumLineLength) }

    /// The block size actually read: never above the line length limit, so that a row longer
    /// than the limit never fits in a block and is caught when its block would have to grow.
    var effectiveBlockSize: Int { min(blockSize, effectiveMaximumLineLength) }

    /// With `--bootstrap`: what its tables cost, and the budget they must fit.
    public var bootstrapMemory: BootstrapMemory? {
        bootstrap.map {
            BootstrapMemory(replicates: $0.replicates, thresholds: thresholds.count, threads: threads,
                            budget: bootstrapMemoryBudget ?? BootstrapMemory.defaultBudget)
        }
    }

    /// How the engine reads for this request. With the bootstrap, the combinations its memory
    /// budget holds bound the combinations accepted.
    var engineOptions: EngineOptions {
        var options = EngineOptions(threads: threads, blockSize: effectiveBlockSize, skipInvalid: skipInvalid,
                                    maximumCombinations: min(maximumCombinations, bootstrapMemory?.maximumCombinations ?? .max))
        options.maximumLineLength = effectiveMaximumLineLength
        options.countsInWindows = countsInWindows
        return options
    }

    public init(
        path: String, format: InputFormat? = nil, delimiter: UInt8? = nil, labelColumn: String,
        scoreColumn: String, weightColumn: String? = nil, baselineScoreColumn: String? = nil, positiveLabel: String? = nil,
        slices: [[String]] = [], thresholds: [Double] = EvaluationRequest.defaultThresholds,
        skipInvalid: Bool = false, threads: Int = 1, blockSize: Int = EvaluationRequest.defaultBlockSize,
        scoreBudget: Int = EvaluationRequest.defaultScoreBudget, computeAUC: Bool = true, computeDigest: Bool = false
    ) {
        self.path = path
        self.format = format
        self.delimiter = delimiter
        self.labelColumn = labelColumn
        self.scoreColumn = scoreColumn
        self.weightColumn = weightColumn
        self.baselineScoreColumn = baselineScoreColumn
        self.positiveLabel = positiveLabel
        self.slices = slices
        self.thresholds = Array(Set(thresholds)).sorted()
        self.skipInvalid = skipInvalid
        self.threads = max(1, threads)
        self.blockSize = max(64, blockSize)
        self.scoreBudget = max(1, scoreBudget)
        self.computeAUC = computeAUC
        self.computeDigest = computeDigest
    }
}
