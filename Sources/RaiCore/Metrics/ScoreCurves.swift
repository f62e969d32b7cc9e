/// A slice's ROC and precision–recall curves, and its average precision.
///
/// Every point is exact: the confusion counts when rows scoring at least `threshold` are
/// predicted positive (scikit-learn's `roc_curve` and `precision_recall_curve` rule), at one of
/// the slice's distinct scores. A slice with more distinct scores than `--curve-points` keeps a
/// subset of them, never an interpolated point: the first (every row positive), the last (none)
/// and, in between, the first score past each step of 1 / (points − 1) in (FPR + TPR) / 2, the
/// distance walked along the ROC curve. Past `--score-budget` a point sits at a coarse bucket's
/// edge and its threshold is one of the bucket's scores (`isExact` false).
public struct ScoreCurves: Equatable, Sendable {
    /// One operating point.
    public struct Point: Equatable, Sendable {
        /// Rows scoring at least this are predicted positive; nil for the last point, where none is.
        public var threshold: Double?
        /// Weighted amounts of true and false positives at the threshold.
        public var truePositives: Double
        public var falsePositives: Double
    }

    /// Points by ascending threshold: from (FPR, TPR) = (1, 1) down to (0, 0).
    public var points: [Point]
    /// Weighted amounts of actual positives and negatives in the slice.
    public var positives: Double
    public var negatives: Double
    /// scikit-learn's `average_precision_score`: Σ over distinct scores, descending, of the
    /// recall gained times the precision there, over every distinct score (not only the points
    /// kept); nil without positives.
    public var averagePrecision: Double?
    /// How many distinct scores (or coarse buckets) the slice has: the exact curve's points
    /// before downsampling, less the last.
    public var distinctScores: Int
    public var isExact: Bool

    /// TPR (recall) of a point; nil without positives.
    public func truePositiveRate(_ point: Point) -> Double? { positives > 0 ? point.truePositives / positives : nil }
    /// FPR of a point; nil without negatives.
    public func falsePositiveRate(_ point: Point) -> Double? { negatives > 0 ? point.falsePositives / negatives : nil }
    /// Precision of a point; nil where nothing is predicted positive (scikit-learn draws 1 there).
    public func precision(_ point: Point) -> Double? {
        let predicted = point.truePositives + point.falsePositives
        return predicted > 0 ? point.truePositives / predicted : nil
    }
}

/// Builds a slice's curves from its distinct scores in ascending order. The slice's totals are
/// known beforehand (from its threshold bins), so every point and the average precision are
/// computed in the one ascending sweep, keeping only the points the curve will show.
public struct ScoreCurveSum: ScoreSweepVisitor {
    private let unit: AmountUnit
    private let totalPositives: Int128
    private let totalNegatives: Int128
    /// Steps of the walk along the curve between kept points: points − 1.
    private let steps: Double
    private var positivesBelow: Int128 = 0
    private var negativesBelow: Int128 = 0
    private var lastStep = -1.0
    private var points: [ScoreCurves.Point] = []
    private var precisionSum = 0.0
    private var distinct = 0
    private var exact = true

    /// `positives` and `negatives` are the slice's integer amounts; `points` (at least 2) bounds
    /// the points kept.
    public init(unit: AmountUnit, positives: Int128, negatives: Int128, points: Int) {
        self.unit = unit
        totalPositives = positives
        totalNegatives = negatives
        steps = Double(max(2, points) - 1)
    }

    @inline(__always)
    public mutating func visit(score: Double, positives: Int128, negatives: Int128, isMixed: Bool) {
        if isMixed { exact = false }
        distinct += 1
        // Rows at or above this score are predicted positive.
        let tp = totalPositives - positivesBelow, fp = totalNegatives - negativesBelow
        if positives != 0 {
            precisionSum += unit.value(positives) * (unit.value(tp) / unit.value(tp + fp))
        }
        // The share of the curve walked so far, 0 at (1, 1); a point is kept when it enters a new step.
        let walked = (share(positivesBelow, of: totalPositives) + share(negativesBelow, of: totalNegatives)) / 2
        let step = (walked * steps).rounded(.down)
        if step > lastStep {
            lastStep = step
            points.append(ScoreCurves.Point(threshold: score, truePositives: unit.value(tp), falsePositives: unit.value(fp)))
        }
        positivesBelow &+= positives
        negativesBelow &+= negatives
    }

    private func share(_ part: Int128, of total: Int128) -> Double {
        total > 0 ? unit.value(part) / unit.value(total) : 0
    }

    public var result: ScoreCurves {
        var all = points
        all.append(ScoreCurves.Point(threshold: nil, truePositives: 0, falsePositives: 0))
        let p = unit.value(totalPositives)
        return ScoreCurves(points: all, positives: p, negatives: unit.value(totalNegatives),
                           averagePrecision: p > 0 ? precisionSum / p : nil, distinctScores: distinct, isExact: exact)
    }
}
