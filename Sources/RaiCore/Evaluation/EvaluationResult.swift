import Foundation

/// Rows skipped for one reason with `--skip-invalid`.
public struct SkippedRows: Equatable, Sendable {
    public var reason: String
    public var count: Int
    public var firstLine: Int
    /// The full message for the first such row.
    public var example: String
}

/// A header name changed to keep column names unique.
public struct RenamedColumn: Equatable, Sendable {
    public var original: String
    public var renamed: String
}

/// Where the numbers came from.
public struct InputSummary: Equatable, Sendable {
    public var path: String
    public var format: InputFormat
    /// Data rows seen, valid or not (blank lines excluded).
    public var rowsRead = 0
    /// Rows that were counted.
    public var rowsUsed = 0
    public var blankLines = 0
    /// Bytes read from the input, header and byte order mark included.
    public var bytes = 0
    /// SHA-256 of those bytes, when asked for.
    public var sha256: String?
    public var skipped: [SkippedRows] = []
    public var renamedColumns: [RenamedColumn] = []

    public init(path: String, format: InputFormat) {
        self.path = path
        self.format = format
    }

    public var rowsSkipped: Int { skipped.reduce(0) { $0 + $1.count } }
}

/// The metrics of one slice at one threshold.
public struct ThresholdResult: Equatable, Sendable {
    public var threshold: Double
    public var counts: ConfusionMatrix
    /// Σw² of each cell (equal to `counts` when unweighted), for effective sample sizes.
    public var squares: ConfusionMatrix

    public init(threshold: Double, counts: ConfusionMatrix, squares: ConfusionMatrix? = nil) {
        self.threshold = threshold
        self.counts = counts
        self.squares = squares ?? counts
    }

    /// Kish's effective number of rows behind a rate's denominator: (Σw)² / Σw².
    public func effectiveSize(of rate: ConfusionMatrix.Rate) -> Double {
        let sum = rate.parts(of: counts).denominator
        let squares = rate.parts(of: self.squares).denominator
        return squares > 0 ? sum * sum / squares : 0
    }

    /// The rate's Wilson interval at normal quantile `z`, or nil when the rate is undefined.
    public func interval(of rate: ConfusionMatrix.Rate, z: Double) -> ConfidenceInterval? {
        guard let value = counts.value(of: rate) else { return nil }
        return ConfidenceInterval.wilson(proportion: value, trials: effectiveSize(of: rate), z: z)
    }
}

/// Decisions that change between the baseline model and the candidate, at one threshold, as
/// weighted amounts of examples (TFMA's flip metrics).
public struct FlipCounts: Equatable, Sendable {
    public var threshold: Double
    /// Predicted negative by the baseline, positive by the candidate.
    public var negativeToPositive: Double
    /// Predicted positive by the baseline, negative by the candidate.
    public var positiveToNegative: Double
    public var total: Double

    public var flipRate: Double? { total > 0 ? (negativeToPositive + positiveToNegative) / total : nil }
    public var negativeToPositiveRate: Double? { total > 0 ? negativeToPositive / total : nil }
    public var positiveToNegativeRate: Double? { total > 0 ? positiveToNegative / total : nil }
}

/// The baseline model's metrics for a slice, on the same rows.
public struct BaselineSlice: Equatable, Sendable {
    public var auc: AreaUnderCurve
    public var thresholds: [ThresholdResult]
    public var flips: [FlipCounts]
}

/// A slice's metrics in each Poisson bootstrap replicate.
public struct SliceBootstrap: Equatable, Sendable {
    /// AUC per replicate (nil where undefined), shifted so that the grid the replicates are
    /// computed on does not bias them (see `BootstrapCounts`).
    public var auc: [Double?]
    /// `[threshold][rate (ConfusionMatrix.Rate.allCases order)][replicate]`.
    public var rates: [[[Double?]]]
}

/// Everything computed for one slice.
public struct SliceResult: Equatable, Sendable {
    /// The features of the slice spec, in the order given; empty for the overall slice.
    public let features: [String]
    /// One value per feature; nil where the value is missing.
    public let values: [String?]
    public var exampleCount: Int
    public var weightedExampleCount: Double
    /// Weighted amounts of actual positives and negatives.
    public var positives: Double
    public var negatives: Double
    public var auc: AreaUnderCurve
    public var thresholds: [ThresholdResult]
    /// With `--baseline-score`: the baseline model on the same slice.
    public var baseline: BaselineSlice?
    /// With `--bootstrap`: the replicates.
    public var bootstrap: SliceBootstrap?

    public var isOverall: Bool { features.isEmpty }

    /// `overall`, or `race=black & sex=female` style, `(missing)` for a missing value. Stored:
    /// analyses and reports look slices up by name many times.
    public let name: String

    public init(features: [String], values: [String?], exampleCount: Int, weightedExampleCount: Double, positives: Double,
                negatives: Double, auc: AreaUnderCurve, thresholds: [ThresholdResult]) {
        self.features = features
        self.values = values
        self.exampleCount = exampleCount
        self.weightedExampleCount = weightedExampleCount
        self.positives = positives
        self.negatives = negatives
        self.auc = auc
        self.thresholds = thresholds
        name = features.isEmpty ? "overall"
            : zip(features, values).map { "\($0)=\($1 ?? "(missing)")" }.joined(separator: " & ")
    }
}

/// The outcome of `rai eval`: the input summary, the parameters and every slice.
public struct EvaluationResult: Equatable, Sendable {
    public var input: InputSummary
    public var labelColumn: String
    public var scoreColumn: String
    public var weightColumn: String?
    public var baselineScoreColumn: String?
    public var positiveLabel: String?
    public var thresholds: [Double]
    public var sliceSpecs: [[String]]
    /// False with `--no-auc`: every slice's AUC is then null.
    public var aucComputed: Bool
    /// `--bootstrap N --seed S`, when given.
    public var bootstrapReplicates: Int?
    public var bootstrapSeed: UInt64?
    /// Overall first, then each spec in the order given with its slices sorted by value.
    public var slices: [SliceResult]
    /// Whether the AUC of every slice is exact.
    public var aucExact: Bool { slices.allSatisfy { $0.auc.isExact } }

    /// Builds every slice from the combinations of slice values it is made of: the overall slice
    /// from all of them, a slice of a spec from those that agree on the spec's columns.
    init<W: Weighting>(plan: SlicePlan, combos: [Combo], totals comboTotals: BinTotals,
                       collector: ScoreCollector<W>?, baselineCollector: ScoreCollector<W>? = nil,
                       bootstrap: BootstrapCounts? = nil, input: InputSummary, request: EvaluationRequest) {
        bootstrapReplicates = request.bootstrap?.replicates
        bootstrapSeed = request.bootstrap?.seed
        self.input = input
        labelColumn = request.labelColumn
        scoreColumn = request.scoreColumn
        weightColumn = request.weightColumn
        baselineScoreColumn = request.baselineScoreColumn
        positiveLabel = request.positiveLabel
        thresholds = request.thresholds
        sliceSpecs = request.slices
        aucComputed = collector != nil
        var specOfSlice = [-1]
        var valuesOfSlice: [[[UInt8]?]] = [[]]
        var members: [[Int]] = [Array(combos.indices)]
        for (spec, columns) in plan.specs.enumerated() {
            var sliceOfValues: [[[UInt8]?]: Int] = [:]
            for (combo, content) in combos.enumerated() {
                let values = columns.map { content.values[$0] }
                if let slice = sliceOfValues[values] {
                    members[slice].append(combo)
                } else {
                    sliceOfValues[values] = members.count
                    specOfSlice.append(spec)
                    valuesOfSlice.append(values)
                    members.append([combo])
                }
            }
        }
        var sliceTotals = BinTotals(binCount: comboTotals.binCount, isWeighted: comboTotals.isWeighted)
        sliceTotals.reserve(groups: members.count)
        for (slice, combos) in members.enumerated() {
            for combo in combos { sliceTotals.add(comboTotals, group: combo, into: slice) }
        }
        let aucs = collector?.areasUnderCurve(sliceMembers: members)
        let baselineAUCs = baselineCollector?.areasUnderCurve(sliceMembers: members)
        let scoreBins = request.thresholds.count + 1
        let withBaseline = request.baselineScoreColumn != nil
        let candidateTotals = withBaseline ? sliceTotals.marginal(bins: scoreBins, candidate: true) : sliceTotals
        let baselineTotals = withBaseline ? sliceTotals.marginal(bins: scoreBins, candidate: false) : nil
        var built: [(spec: Int, slice: SliceResult)] = []
        for slice in members.indices {
            let spec = specOfSlice[slice]
            let features = spec < 0 ? [] : plan.names(ofSpec: spec)
            let values = valuesOfSlice[slice].map { $0.map { String(decoding: $0, as: UTF8.self) } }
            let auc = aucs?[slice] ?? AreaUnderCurve(value: nil, isExact: true, errorBound: 0)
            var result = Self.slice(slice, totals: candidateTotals, thresholds: request.thresholds, features: features,
                                    values: values, auc: auc)
            if let baselineTotals {
                let baseline = Self.slice(slice, totals: baselineTotals, thresholds: request.thresholds, features: features,
                                          values: values, auc: baselineAUCs?[slice] ?? AreaUnderCurve(value: nil, isExact: true, errorBound: 0))
                result.baseline = BaselineSlice(auc: baseline.auc, thresholds: baseline.thresholds,
                                                flips: sliceTotals.flips(slice: slice, bins: scoreBins, thresholds: request.thresholds))
            }
            if let bootstrap {
                result.bootstrap = Self.replicates(bootstrap, members: members[slice], thresholds: request.thresholds,
                                                   exactAUC: result.auc.value)
            }
            built.append((spec, result))
        }
        built.sort { a, b in
            if a.spec != b.spec { return a.spec < b.spec }
            return Self.precedes(a.slice.values, b.slice.values)
        }
        slices = built.map(\.slice)
    }

    private static func slice(_ slice: Int, totals: BinTotals, thresholds: [Double], features: [String],
                              values: [String?], auc: AreaUnderCurve) -> SliceResult {
        let bins = totals.binCount
        let base = slice * bins
        // Amounts stay integers (counts, or fixed-point weights) until the end, so every count
        // below is exact and independent of how rows were split between threads.
        var exampleCount: Int64 = 0
        var positivesAbove = [Int128](repeating: 0, count: bins + 1)
        var negativesAbove = [Int128](repeating: 0, count: bins + 1)
        var positiveSquaresAbove = [Int128](repeating: 0, count: bins + 1)
        var negativeSquaresAbove = [Int128](repeating: 0, count: bins + 1)
        for bin in stride(from: bins - 1, through: 0, by: -1) {
            exampleCount += totals.positiveCounts[base + bin] + totals.negativeCounts[base + bin]
            positivesAbove[bin] = positivesAbove[bin + 1] + totals.positiveAmounts[base + bin]
            negativesAbove[bin] = negativesAbove[bin + 1] + totals.negativeAmounts[base + bin]
            positiveSquaresAbove[bin] = positiveSquaresAbove[bin + 1] + totals.positiveSquares[base + bin]
            negativeSquaresAbove[bin] = negativeSquaresAbove[bin + 1] + totals.negativeSquares[base + bin]
        }
        let positives = positivesAbove[0]
        let negatives = negativesAbove[0]
        let results = thresholds.indices.map { index in
            // Predicted positive at threshold i: the rows in bins above i.
            let tp = positivesAbove[index + 1]
            let fp = negativesAbove[index + 1]
            let tpSquares = positiveSquaresAbove[index + 1]
            let fpSquares = negativeSquaresAbove[index + 1]
            return ThresholdResult(threshold: thresholds[index], counts: ConfusionMatrix(
                truePositives: totals.value(tp), falsePositives: totals.value(fp),
                trueNegatives: totals.value(negatives - fp), falseNegatives: totals.value(positives - tp)),
                squares: ConfusionMatrix(
                    truePositives: totals.squareValue(tpSquares), falsePositives: totals.squareValue(fpSquares),
                    trueNegatives: totals.squareValue(negativeSquaresAbove[0] - fpSquares),
                    falseNegatives: totals.squareValue(positiveSquaresAbove[0] - tpSquares)))
        }
        return SliceResult(features: features, values: values, exampleCount: Int(exampleCount),
                           weightedExampleCount: totals.value(positives + negatives), positives: totals.value(positives),
                           negatives: totals.value(negatives), auc: auc, thresholds: results)
    }

    /// Each replicate's rates and AUC for the slice made of `members`.
    private static func replicates(_ bootstrap: BootstrapCounts, members: [Int], thresholds: [Double], exactAUC: Double?) -> SliceBootstrap {
        let bins = bootstrap.bins, grid = BootstrapCounts.gridSize, count = bootstrap.replicates
        func value(_ amount: Int128) -> Double { bootstrap.weighted ? FixedPoint.double(amount) : Double(Int64(truncatingIfNeeded: amount)) }
        var rates = [[[Double?]]](repeating: [[Double?]](repeating: [], count: ConfusionMatrix.Rate.allCases.count), count: thresholds.count)
        var gridAUCs: [Double?] = []
        for r in 0..<count {
            var positives = [Int128](repeating: 0, count: bins), negatives = [Int128](repeating: 0, count: bins)
            var gridPositives = [Int128](repeating: 0, count: grid), gridNegatives = [Int128](repeating: 0, count: grid)
            for group in members where group < bootstrap.groups {
                let base = group * count + r
                for bin in 0..<bins {
                    positives[bin] += bootstrap.binAmounts[(base * bins + bin) * 2]
                    negatives[bin] += bootstrap.binAmounts[(base * bins + bin) * 2 + 1]
                }
                for bucket in 0..<grid {
                    gridPositives[bucket] += bootstrap.gridAmounts[(base * grid + bucket) * 2]
                    gridNegatives[bucket] += bootstrap.gridAmounts[(base * grid + bucket) * 2 + 1]
                }
            }
            let totalPositives = positives.reduce(0, +), totalNegatives = negatives.reduce(0, +)
            var above: (Int128, Int128) = (0, 0)
            var aboveByThreshold = [(Int128, Int128)](repeating: (0, 0), count: bins)
            for bin in stride(from: bins - 1, through: 1, by: -1) {
                above = (above.0 + positives[bin], above.1 + negatives[bin])
                aboveByThreshold[bin - 1] = above
            }
            for index in thresholds.indices {
                let (tp, fp) = aboveByThreshold[index]
                let counts = ConfusionMatrix(truePositives: value(tp), falsePositives: value(fp),
                                             trueNegatives: value(totalNegatives - fp), falseNegatives: value(totalPositives - tp))
                for (k, rate) in ConfusionMatrix.Rate.allCases.enumerated() { rates[index][k].append(counts.value(of: rate)) }
            }
            gridAUCs.append(AreaUnderCurve(sortedBuckets: (0..<grid).map {
                (positives: value(gridPositives[$0]), negatives: value(gridNegatives[$0]), isMixed: false)
            }).value)
        }
        // Remove the grid's bias: centre the replicates on the exact AUC.
        let defined = gridAUCs.compactMap { $0 }
        var auc = gridAUCs
        if let exactAUC, !defined.isEmpty {
            let shift = exactAUC - defined.reduce(0, +) / Double(defined.count)
            auc = gridAUCs.map { $0.map { min(1, max(0, $0 + shift)) } }
        }
        return SliceBootstrap(auc: auc, rates: rates)
    }

    /// The same slices scored by the baseline model, or nil without one: what analyses and
    /// gates compare the candidate with.
    public func baselineResult() -> EvaluationResult? {
        guard baselineScoreColumn != nil else { return nil }
        var copy = self
        copy.baselineScoreColumn = nil
        copy.slices = slices.map { slice in
            var other = slice
            other.baseline = nil
            if let baseline = slice.baseline {
                other.auc = baseline.auc
                other.thresholds = baseline.thresholds
            }
            return other
        }
        return copy
    }

    /// Slice order within a spec: value by value, numbers numerically when both are numbers,
    /// otherwise by text; missing values last.
    static func precedes(_ a: [String?], _ b: [String?]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            guard let x else { return false }
            guard let y else { return true }
            if let u = Double(x), let v = Double(y), u != v { return u < v }
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        return false
    }
}
