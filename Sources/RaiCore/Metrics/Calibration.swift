import Foundation

/// How well a slice's scores match its observed positive rate, read as probabilities: TFMA's
/// calibration, scikit-learn's Brier score, log loss and reliability curve, and the expected
/// calibration error over equal-width bins of [0, 1].
///
/// Everything is a weighted sum over the slice's distinct scores, each with its amounts of
/// positives and negatives (the score tables AUC uses), so it is exact whenever the tables are
/// (`isExact`). Past `--score-budget` a coarse bucket counts all its rows at one of its scores,
/// and the values are then approximate, as AUC is.
public struct Calibration: Equatable, Sendable {
    /// One equal-width bin of the reliability curve: scores in (lower, upper] (the first bin also
    /// holds `lower` itself), as scikit-learn's `calibration_curve(strategy="uniform")` bins them.
    public struct Bin: Equatable, Sendable {
        public var lower: Double
        public var upper: Double
        /// Rows in the bin; nil when weighted (the score tables keep weight sums, not rows).
        public var count: Int?
        /// The weight of the bin's rows (the row count when unweighted).
        public var weight: Double
        /// Σw·score / Σw; nil for an empty bin.
        public var meanScore: Double?
        /// Σw·label / Σw, the observed positive rate; nil for an empty bin.
        public var observedRate: Double?

        /// The Wilson interval of the observed rate over the bin's rows, at normal quantile `z`;
        /// nil when weighted (Kish's effective size needs Σw², which the score tables do not
        /// keep) or empty.
        public func interval(z: Double) -> ConfidenceInterval? {
            guard let count, let observedRate else { return nil }
            return ConfidenceInterval.wilson(proportion: observedRate, trials: Double(count), z: z)
        }
    }

    /// Σw·score / Σw; nil without rows.
    public var meanScore: Double?
    /// Σw·label / Σw, the weighted positive rate; nil without rows.
    public var meanLabel: Double?
    /// TFMA's `calibration`: Σw·score / Σw·label; nil without positives.
    public var calibration: Double?
    /// Σw·(score − label)² / Σw (scikit-learn's `brier_score_loss`); nil when a score lies
    /// outside [0, 1] (`outOfRangeReason`) or without rows.
    public var brier: Double?
    /// −Σw·(label·ln p + (1 − label)·ln(1 − p)) / Σw with p clipped to [ε, 1 − ε], ε the double's
    /// machine epsilon (scikit-learn's `log_loss`); nil as `brier` is.
    public var logLoss: Double?
    /// Σ over bins of |Σw·score − Σw·label| / Σw of the slice: the bins' mean |mean score −
    /// observed rate| weighted by their share of the slice; nil as `brier` is.
    public var expectedCalibrationError: Double?
    /// Every bin, empty ones included (with nil means); empty when a score lies outside [0, 1].
    public var bins: [Bin]
    /// Why `brier`, `logLoss`, ECE and the bins are missing, when a score lies outside [0, 1].
    public var outOfRangeReason: String?
    /// Whether every score was kept apart in the score tables (see `AreaUnderCurve.isExact`).
    public var isExact: Bool

    /// The value a gate or report names: `calibration`, `mean_score`, `mean_label`, `brier`,
    /// `log_loss` or `ece`.
    public func value(of metric: String) -> Double? {
        switch metric {
        case "calibration": return calibration
        case "mean_score": return meanScore
        case "mean_label": return meanLabel
        case "brier": return brier
        case "log_loss": return logLoss
        case "ece": return expectedCalibrationError
        default: return nil
        }
    }

    /// The metrics gates and reports know, in report order.
    public static let metricNames = ["mean_score", "mean_label", "calibration", "brier", "log_loss", "ece"]
}

/// The calibration sums of one slice, fed its distinct scores in ascending order by the score
/// sweep. A bucket of score s with amounts P(s) and N(s) adds s·(P + N) to Σw·score, P to
/// Σw·label, P·(s − 1)² + N·s² to the Brier sum and −(P·ln p + N·ln(1 − p)) to the log loss.
public struct CalibrationSum: ScoreSweepVisitor {
    private let unit: AmountUnit
    /// Interior bin edges i / bins, computed as numpy's `linspace(0, 1, bins + 1)` computes them
    /// (i · (1 / bins)), so that a score on an edge falls in the same bin as in scikit-learn.
    private let edges: [Double]
    private var bin = 0
    private var binWeight: [Double]
    private var binScores: [Double]
    private var binPositives: [Double]
    private var weight = 0.0
    private var scoreSum = 0.0
    private var positives = 0.0
    private var brierSum = 0.0
    private var logLossSum = 0.0
    private var lowest = Double.infinity
    private var highest = -Double.infinity
    private var exact = true

    public init(unit: AmountUnit, bins: Int) {
        self.unit = unit
        let step = 1 / Double(bins)
        edges = (1..<bins).map { Double($0) * step }
        binWeight = Array(repeating: 0, count: bins)
        binScores = Array(repeating: 0, count: bins)
        binPositives = Array(repeating: 0, count: bins)
    }

    /// Machine epsilon of a double: scikit-learn clips probabilities to [ε, 1 − ε] for log loss.
    static let epsilon = Double.ulpOfOne

    @inline(__always)
    public mutating func visit(score: Double, positives amountP: Int128, negatives amountN: Int128, isMixed: Bool) {
        let p = unit.value(amountP), n = unit.value(amountN), w = p + n
        if isMixed { exact = false }
        lowest = min(lowest, score)
        highest = max(highest, score)
        weight += w
        scoreSum += score * w
        positives += p
        brierSum += p * (score - 1) * (score - 1) + n * score * score
        let eps = Self.epsilon
        if p > 0 { logLossSum -= p * Foundation.log(min(max(score, eps), 1 - eps)) }
        if n > 0 { logLossSum -= n * Foundation.log(min(max(1 - score, eps), 1 - eps)) }
        // Scores ascend, so the bin only moves up: a score above edge i lies past bin i.
        while bin < edges.count && score > edges[bin] { bin += 1 }
        binWeight[bin] += w
        binScores[bin] += score * w
        binPositives[bin] += p
    }

    public var result: Calibration {
        let defined = weight > 0
        var calibration = Calibration(
            meanScore: defined ? scoreSum / weight : nil, meanLabel: defined ? positives / weight : nil,
            calibration: positives > 0 ? scoreSum / positives : nil, brier: nil, logLoss: nil, expectedCalibrationError: nil,
            bins: [], outOfRangeReason: nil, isExact: exact)
        guard defined else { return calibration }
        guard lowest >= 0 && highest <= 1 else {
            calibration.outOfRangeReason = "scores range from \(lowest) to \(highest), outside [0, 1]: they are not probabilities"
            return calibration
        }
        calibration.brier = brierSum / weight
        calibration.logLoss = logLossSum / weight
        var error = 0.0
        let count = binWeight.count
        for index in 0..<count {
            let w = binWeight[index]
            error += abs(binScores[index] - binPositives[index])
            let rate = w > 0 ? binPositives[index] / w : nil
            calibration.bins.append(Calibration.Bin(
                lower: index == 0 ? 0 : edges[index - 1], upper: index == count - 1 ? 1 : edges[index],
                count: unit.isWeighted ? nil : Int(w), weight: w, meanScore: w > 0 ? binScores[index] / w : nil, observedRate: rate))
        }
        calibration.expectedCalibrationError = error / weight
        return calibration
    }
}
