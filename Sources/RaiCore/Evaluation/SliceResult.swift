/// The metrics of one slice at one operating point (a threshold, or a top-k rule).
public struct ThresholdResult: Equatable, Sendable {
    /// The decision rule these counts come from.
    public var point: OperatingPoint
    public var counts: ConfusionMatrix
    /// Σw² of each cell (equal to `counts` when unweighted), for effective sample sizes.
    public var squares: ConfusionMatrix

    public init(point: OperatingPoint, counts: ConfusionMatrix, squares: ConfusionMatrix? = nil) {
        self.point = point
        self.counts = counts
        self.squares = squares ?? counts
    }

    public init(threshold: Double, counts: ConfusionMatrix, squares: ConfusionMatrix? = nil) {
        self.init(point: .threshold(threshold), counts: counts, squares: squares)
    }

    /// The threshold of a threshold operating point; NaN for a top-k one (binary reports, which
    /// have only thresholds, show it).
    public var threshold: Double { point.threshold ?? .nan }

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
    /// With `--calibration`: how well the scores match the observed rate (needs the score tables).
    public var calibration: Calibration?
    /// With `--curves`: the ROC and precision–recall curves (needs the score tables).
    public var curves: ScoreCurves?
    /// Multi-class and multi-label: the whole-model metrics and each class's one-vs-rest results.
    public var classes: SliceClasses?

    public var isOverall: Bool { features.isEmpty }

    /// A slice's counts over all thresholds: rows, their weight, and the weighted amounts of
    /// actual positives and negatives.
    struct Totals {
        var examples: Int
        var weight: Double
        var positives: Double
        var negatives: Double
    }

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
