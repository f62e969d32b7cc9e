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

    /// Cell by cell difference, e.g. the rest of the data as overall − slice.
    public static func - (a: ConfusionMatrix, b: ConfusionMatrix) -> ConfusionMatrix {
        ConfusionMatrix(truePositives: a.truePositives - b.truePositives, falsePositives: a.falsePositives - b.falsePositives,
                        trueNegatives: a.trueNegatives - b.trueNegatives, falseNegatives: a.falseNegatives - b.falseNegatives)
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
        Rate.allCases.map { ($0.rawValue, value(of: $0)) }
    }

    /// The rates of Fairness Indicators, by their TFMA names, each a ratio of sums of cells.
    public enum Rate: String, CaseIterable, Sendable {
        case falsePositiveRate = "false_positive_rate"
        case falseNegativeRate = "false_negative_rate"
        case truePositiveRate = "true_positive_rate"
        case trueNegativeRate = "true_negative_rate"
        case positiveRate = "positive_rate"
        case negativeRate = "negative_rate"
        case precision
        case recall
        case falseDiscoveryRate = "false_discovery_rate"
        case falseOmissionRate = "false_omission_rate"
        case accuracy

        /// Short names accepted in gates and flags: `fpr`, `fnr`, `tpr`, `tnr`, `ppr`/`selection_rate`, …
        public static let aliases: [String: Rate] = [
            "fpr": .falsePositiveRate, "fnr": .falseNegativeRate, "tpr": .truePositiveRate, "sensitivity": .truePositiveRate,
            "tnr": .trueNegativeRate, "specificity": .trueNegativeRate, "ppr": .positiveRate, "selection_rate": .positiveRate,
            "pr": .positiveRate, "npr": .negativeRate, "nr": .negativeRate, "ppv": .precision, "fdr": .falseDiscoveryRate,
            "for": .falseOmissionRate, "acc": .accuracy,
        ]

        /// The rate by TFMA name or alias, case-insensitive.
        public static func named(_ name: String) -> Rate? {
            let lowered = name.lowercased()
            return Rate(rawValue: lowered) ?? aliases[lowered]
        }

        /// The numerator and denominator of the rate in `m`.
        public func parts(of m: ConfusionMatrix) -> (numerator: Double, denominator: Double) {
            switch self {
            case .falsePositiveRate: return (m.falsePositives, m.actualNegatives)
            case .falseNegativeRate: return (m.falseNegatives, m.actualPositives)
            case .truePositiveRate, .recall: return (m.truePositives, m.actualPositives)
            case .trueNegativeRate: return (m.trueNegatives, m.actualNegatives)
            case .positiveRate: return (m.predictedPositives, m.total)
            case .negativeRate: return (m.predictedNegatives, m.total)
            case .precision: return (m.truePositives, m.predictedPositives)
            case .falseDiscoveryRate: return (m.falsePositives, m.predictedPositives)
            case .falseOmissionRate: return (m.falseNegatives, m.predictedNegatives)
            case .accuracy: return (m.truePositives + m.trueNegatives, m.total)
            }
        }
    }

    public func value(of rate: Rate) -> Double? {
        let (numerator, denominator) = rate.parts(of: self)
        return ratio(numerator, denominator)
    }

    private func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator == 0 ? nil : numerator / denominator
    }
}
