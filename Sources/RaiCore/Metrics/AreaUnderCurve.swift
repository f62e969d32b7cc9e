/// Area under the ROC curve from per-score amounts of positives and negatives.
///
/// AUC is the probability that a random positive scores above a random negative, ties counting
/// one half: Σ over scores s of pos(s)·(neg(< s) + neg(s)/2), divided by P·N. This equals
/// scikit-learn's `roc_auc_score` (trapezoidal ROC area) and, with weights, its
/// `sample_weight` version. Undefined (nil) when the slice has no positives or no negatives.
public struct AreaUnderCurve: Equatable, Sendable {
    public var value: Double?
    /// Whether every score was kept apart. When the score budget made the tables coarser, a
    /// bucket may hold different scores whose order is lost; its pairs are then counted as ties.
    public var isExact: Bool
    /// An upper bound on |value − exact AUC|: half the positive–negative pairs inside buckets that
    /// hold more than one distinct score, over P·N. 0 when exact.
    public var errorBound: Double

    public init(value: Double?, isExact: Bool, errorBound: Double) {
        self.value = value
        self.isExact = isExact
        self.errorBound = errorBound
    }

    /// The AUC of a slice whose rows were all withheld or that has none.
    public static let undefined = AreaUnderCurve(value: nil, isExact: true, errorBound: 0)
}

/// The AUC sum, fed one distinct score (or coarse bucket) at a time in ascending score order.
/// Running totals stay integers, so the result does not depend on how the buckets were stored.
/// This is the only place AUC is computed: the exact AUC of every slice, and the AUC of each
/// bootstrap replicate.
public struct AreaUnderCurveSum: ScoreSweepVisitor {
    private let unit: AmountUnit
    private var area = 0.0
    private var positivesSeen: Int128 = 0
    private var negativesBelow: Int128 = 0
    private var mixedPairs = 0.0
    private var exact = true

    public init(unit: AmountUnit) {
        self.unit = unit
    }

    /// Adds the bucket of the next higher score: `positives` and `negatives` amounts, and whether
    /// it merged distinct scores.
    @inline(__always)
    public mutating func visit(positives: Int128, negatives: Int128, isMixed: Bool) {
        let p = unit.value(positives), n = unit.value(negatives)
        area += p * (unit.value(negativesBelow) + n / 2)
        negativesBelow &+= negatives
        positivesSeen &+= positives
        if isMixed {
            exact = false
            mixedPairs += p * n
        }
    }

    /// The sweep's bucket: AUC depends on the order of scores, not on their values.
    @inline(__always)
    public mutating func visit(score: Double, positives: Int128, negatives: Int128, isMixed: Bool) {
        visit(positives: positives, negatives: negatives, isMixed: isMixed)
    }

    public var result: AreaUnderCurve {
        let pairs = unit.value(positivesSeen) * unit.value(negativesBelow)
        return pairs > 0
            ? AreaUnderCurve(value: area / pairs, isExact: exact, errorBound: mixedPairs / 2 / pairs)
            : AreaUnderCurve(value: nil, isExact: exact, errorBound: 0)
    }
}
