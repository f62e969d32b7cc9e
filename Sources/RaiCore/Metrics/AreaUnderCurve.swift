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

    /// `buckets` in ascending score order, with amounts already converted to doubles.
    public init(sortedBuckets buckets: [(positives: Double, negatives: Double, isMixed: Bool)]) {
        var positives = 0.0
        var negatives = 0.0
        for bucket in buckets {
            positives += bucket.positives
            negatives += bucket.negatives
        }
        guard positives > 0 && negatives > 0 else {
            self.init(value: nil, isExact: !buckets.contains { $0.isMixed }, errorBound: 0)
            return
        }
        var negativesBelow = 0.0
        var area = 0.0
        var mixedPairs = 0.0
        var exact = true
        for bucket in buckets {
            area += bucket.positives * (negativesBelow + bucket.negatives / 2)
            negativesBelow += bucket.negatives
            if bucket.isMixed {
                exact = false
                mixedPairs += bucket.positives * bucket.negatives
            }
        }
        let pairs = positives * negatives
        self.init(value: area / pairs, isExact: exact, errorBound: mixedPairs / 2 / pairs)
    }
}
