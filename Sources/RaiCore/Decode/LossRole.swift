import Foundation

/// A per-example loss computed while decoding: the cross-entropy of a row's true label under the
/// model's score. Binary, from a label (a flag column) and a score (a number column); multi-class,
/// from the true class (a class column) and one probability per class (number columns), as
/// −log p(true class). It fills a number column of its own (`RowLayout.addLoss`), so a counter
/// reads it like any read number.
///
/// `rai privacy` uses it when the file has no loss column: membership-inference attacks read
/// the loss, and a model's training examples tend to have lower loss than examples it never saw.
public struct LossRole: Sendable {
    /// What the score column holds.
    public enum ScoreKind: String, Sendable {
        /// P(label = 1), in [0, 1]; a value outside is an invalid row.
        case probability
        /// log(p / (1 − p)), any finite number.
        case logit
    }

    /// Where the loss comes from.
    public enum Source: Sendable {
        /// The flag column of the label and the number column of its score.
        case binary(label: Int, score: Int, kind: ScoreKind)
        /// The class column of the true class and the number column of each class's probability.
        case trueClass(classColumn: Int, scores: [Int])
    }

    public let source: Source
    /// The number column the loss is written to.
    public let number: Int
    /// The slot of the score column (or score array), for messages about it.
    public let scoreSlot: Int

    /// Probabilities are clipped to [ε, 1 − ε] before the logarithm, so that a confident wrong
    /// score of exactly 0 or 1 gives a large finite loss, −log(1e-15) ≈ 34.5, instead of
    /// infinity (scikit-learn's `log_loss` clipped at the same 1e-15 for years).
    public static let clip = 1e-15

    /// The binary cross-entropy of `label` under `score`: −log(p) for a positive label, −log(1 − p)
    /// for a negative one, with p clipped to [ε, 1 − ε] (`clip`). For a logit z it is computed
    /// without forming p, as softplus(−z) or softplus(z), which stays exact for large |z|.
    @inline(__always)
    public static func crossEntropy(label: Bool, score: Double, kind: ScoreKind) -> Double {
        switch kind {
        case .probability:
            let p = min(max(score, clip), 1 - clip)
            return label ? -log(p) : -log1p(-p)
        case .logit:
            let x = label ? -score : score
            return max(x, 0) + log1p(exp(-abs(x)))
        }
    }

    /// The loss of row `row` of `window`, whose other roles are decoded; nil when its score is
    /// not a probability. A multi-class probability is clipped below at ε only: a true class
    /// scored 1 costs 0.
    @inline(__always)
    func loss(_ window: DecodedWindow, row: Int) -> Double? {
        switch source {
        case .binary(let label, let score, let kind):
            let value = window.numbers(score)[row]
            guard Self.accepts(value, kind: kind) else { return nil }
            return Self.crossEntropy(label: window.flags(label)[row], score: value, kind: kind)
        case .trueClass(let classColumn, let scores):
            let p = window.numbers(scores[Int(window.classes(classColumn)[row])])[row]
            guard p >= 0 && p <= 1 else { return nil }
            return -log(max(p, Self.clip))
        }
    }

    /// Whether `score` is one this role accepts (a probability must lie in [0, 1]).
    @inline(__always)
    public static func accepts(_ score: Double, kind: ScoreKind) -> Bool {
        kind == .logit || (score >= 0 && score <= 1)
    }

    /// Whether the model's decision (score above 0.5, or a logit above 0) agrees with the label.
    @inline(__always)
    public static func isCorrect(label: Bool, score: Double, kind: ScoreKind) -> Bool {
        (score > (kind == .logit ? 0 : 0.5)) == label
    }
}
