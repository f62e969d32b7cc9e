import Foundation

/// What the threshold attack achieved on one slice of `rai privacy`.
public struct AttackResult: Equatable, Sendable {
    /// How the slice was chosen (TF Privacy's `SlicingSpec`, plus rai's feature slices).
    public enum Kind: String, Sendable {
        /// The whole data set (`overall`).
        case entireDataset = "entire_dataset"
        /// Rows of one true class (`class=0`, `class=1`).
        case trueClass = "class"
        /// Rows in one tenth of the loss distribution (`loss_percentile=0-10`).
        case lossPercentile = "loss_percentile"
        /// Rows the model classified correctly or not (`correct=true`).
        case correctness = "correct"
        /// A value of a feature column or a cross of several (`race=black`).
        case feature
    }

    public var kind: Kind
    /// The slice's features (its spec) and their values, nil where missing; for derived slices
    /// the one feature is the kind's name (`class`, `loss_percentile`, `correct`).
    public var features: [String]
    public var values: [String?]
    public var members: Int
    public var nonMembers: Int
    /// Why the attack metrics are null: too few examples, no members, or no non-members.
    public var withheldReason: String?
    /// The attack's AUC (`value` nil when withheld); inexact when the score tables were coarsened.
    public var auc: AreaUnderCurve
    /// Hanley and McNeil's (1982) normal interval for the AUC at the report's confidence.
    public var aucInterval: ConfidenceInterval?
    /// max |TPR − FPR| over thresholds; nil when withheld.
    public var advantage: Double?
    /// The advantage that chance alone exceeds with probability 1 − confidence when members and
    /// non-members have the same loss distribution: the advantage is the two-sample
    /// Kolmogorov–Smirnov statistic of their losses, whose asymptotic critical value is
    /// √(−ln(α/2) / 2) · √(1/m + 1/n), α = 1 − confidence (1.358 · √(1/m + 1/n) at 95%). With
    /// ties in the losses it is conservative. nil when withheld.
    public var advantageChanceLevel: Double?
    /// At the threshold of the advantage: the attacker's TPR, FPR and PPV (TP / (TP + FP)), and
    /// the loss at or below which a row is predicted a member. nil when no threshold beats chance;
    /// the loss threshold is also nil when it falls in a coarsened bucket of distinct losses.
    public var truePositiveRate: Double?
    public var falsePositiveRate: Double?
    public var positivePredictiveValue: Double?
    public var lossThreshold: Double?
    /// Whether every distinct loss was kept apart (else the advantage is a lower bound and AUC
    /// has an error bound, as in eval).
    public var isExact: Bool
    /// ROC points (FPR, TPR) from (0, 0) to (1, 1), with `--curves`.
    public var curve: [ROCPoint]?

    /// `overall`, `class=1`, `race=black & sex=female`; `(missing)` for a missing value.
    public var name: String {
        features.isEmpty ? "overall" : zip(features, values).map { "\($0)=\($1 ?? "(missing)")" }.joined(separator: " & ")
    }

    public var examples: Int { members + nonMembers }

    /// The share of members among the slice's rows: the PPV of an attacker who guesses. AUC and
    /// advantage do not depend on it; PPV does, so it is reported beside it.
    public var baseRate: Double? { examples > 0 ? Double(members) / Double(examples) : nil }

    public var isWithheld: Bool { withheldReason != nil }
}

/// One point of an ROC curve.
public struct ROCPoint: Equatable, Sendable {
    public var falsePositiveRate: Double
    public var truePositiveRate: Double
}

extension ConfidenceInterval {
    /// Hanley and McNeil's (1982) interval for an AUC `auc` from `positives` and `negatives`
    /// examples: auc ± z·SE, SE² = [A(1−A) + (m−1)(Q1 − A²) + (n−1)(Q2 − A²)] / (m·n) with
    /// Q1 = A / (2 − A) and Q2 = 2A² / (1 + A), clipped to [0, 1]. It assumes the exponential
    /// model of the scores behind Q1 and Q2, so it is approximate; with hundreds of examples of
    /// each kind it is close to the bootstrap's.
    static func hanleyMcNeil(auc a: Double, positives m: Int, negatives n: Int, z: Double) -> ConfidenceInterval? {
        guard m > 0, n > 0 else { return nil }
        let q1 = a / (2 - a), q2 = 2 * a * a / (1 + a)
        let variance = (a * (1 - a) + Double(m - 1) * (q1 - a * a) + Double(n - 1) * (q2 - a * a)) / (Double(m) * Double(n))
        let se = max(0, variance).squareRoot()
        return ConfidenceInterval(lower: max(0, a - z * se), upper: min(1, a + z * se))
    }
}
