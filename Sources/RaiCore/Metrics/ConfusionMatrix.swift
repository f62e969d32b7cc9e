/// The (possibly weighted) confusion counts of one slice at one threshold, and the Fairness
/// Indicators rates derived from them.
///
/// A row is predicted positive when its score is strictly greater than the threshold (TFMA's
/// rule). Every rate is a ratio of counts; when its denominator is zero the rate is undefined and
/// is `nil` here (JSON `null`; TFMA reports NaN), never 0.
public struct ConfusionMatrix: Equatable, Sendable {
    public var truePositives: Double
    public var falsePositives: Double
    public var trueNegatives: Double
    public var falseNegatives: Double

    public init(truePositives: Double, falsePositives: Double, trueNegatives: Double, falseNegatives: Double) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    public var total: Double { truePositives + falsePositives + trueNegatives + falseNegatives }
    public var actualPositives: Double { truePositives + falseNegatives }
    public var actualNegatives: Double { trueNegatives + falsePositives }
    public var predictedPositives: Double { truePositives + falsePositives }
    public var predictedNegatives: Double { trueNegatives + falseNegatives }

    /// FP / (FP + TN): the share of actual negatives predicted positive.
    public var falsePositiveRate: Double? { ratio(falsePositives, actualNegatives) }
    /// FN / (FN + TP): the share of actual positives predicted negative.
    public var falseNegativeRate: Double? { ratio(falseNegatives, actualPositives) }
    /// TP / (TP + FN), also called recall or sensitivity.
    public var truePositiveRate: Double? { ratio(truePositives, actualPositives) }
    /// TN / (TN + FP), also called specificity.
    public var trueNegativeRate: Double? { ratio(trueNegatives, actualNegatives) }
    /// (TP + FP) / total: the share predicted positive (demographic parity's rate).
    public var positiveRate: Double? { ratio(predictedPositives, total) }
    /// (TN + FN) / total.
    public var negativeRate: Double? { ratio(predictedNegatives, total) }
    /// TP / (TP + FP).
    public var precision: Double? { ratio(truePositives, predictedPositives) }
    /// Same as `truePositiveRate`.
    public var recall: Double? { truePositiveRate }
    /// FP / (FP + TP) = 1 − precision.
    public var falseDiscoveryRate: Double? { ratio(falsePositives, predictedPositives) }
    /// FN / (FN + TN).
    public var falseOmissionRate: Double? { ratio(falseNegatives, predictedNegatives) }
    /// (TP + TN) / total.
    public var accuracy: Double? { ratio(truePositives + trueNegatives, total) }

    /// Every rate by its TFMA name, in report order.
    public var rates: [(name: String, value: Double?)] {
        [
            ("false_positive_rate", falsePositiveRate),
            ("false_negative_rate", falseNegativeRate),
            ("true_positive_rate", truePositiveRate),
            ("true_negative_rate", trueNegativeRate),
            ("positive_rate", positiveRate),
            ("negative_rate", negativeRate),
            ("precision", precision),
            ("recall", recall),
            ("false_discovery_rate", falseDiscoveryRate),
            ("false_omission_rate", falseOmissionRate),
            ("accuracy", accuracy),
        ]
    }

    private func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator == 0 ? nil : numerator / denominator
    }
}
