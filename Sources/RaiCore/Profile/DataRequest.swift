/// What `rai data` is asked to read: a file, the slices, the optional label, the columns to
/// profile (all when nil), and how to read.
public struct DataRequest: Sendable {
    public var path: String
    public var format: InputFormat?
    public var delimiter: UInt8?
    public var labelColumn: String?
    public var positiveLabel: String?
    public var slices: [[String]]
    /// The columns to profile; nil for every column of the header (CSV/TSV) or of the first
    /// object (JSON Lines).
    public var columns: [String]?
    public var skipInvalid = false
    public var threads = 1
    public var blockSize = EvaluationRequest.defaultBlockSize
    public var maximumCombinations = EvaluationRequest.defaultMaximumCombinations
    public var maximumLineLength = EvaluationRequest.defaultMaximumLineLength
    public var countsInWindows = true

    public init(path: String, labelColumn: String? = nil, slices: [[String]] = [], columns: [String]? = nil) {
        self.path = path
        self.labelColumn = labelColumn
        self.slices = slices
        self.columns = columns
    }

    var engineOptions: EngineOptions {
        let lineLength = max(64, maximumLineLength)
        var options = EngineOptions(threads: max(1, threads), blockSize: min(max(64, blockSize), lineLength), skipInvalid: skipInvalid,
                                    maximumCombinations: maximumCombinations)
        options.maximumLineLength = lineLength
        options.countsInWindows = countsInWindows
        return options
    }
}
