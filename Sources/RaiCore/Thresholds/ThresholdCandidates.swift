/// Every decision a threshold can make for one slice: one candidate per distinct score, from
/// "every row positive" to "none", with its confusion counts. Candidate k predicts positive the
/// rows scoring above its threshold (rai's rule, `score > t`): candidate 0 has a threshold just
/// below the lowest score, candidate k ≥ 1 the k-th lowest distinct score.
public struct ThresholdCandidates: Sendable {
    public var thresholds: [Double]
    /// Weighted true and false positives of each candidate.
    public var truePositives: [Double]
    public var falsePositives: [Double]
    public var positives: Double
    public var negatives: Double
    /// Whether every score was kept apart in the score tables (past the budget, a candidate's
    /// threshold is one score of a coarse bucket and the bucket moves as a whole).
    public var isExact: Bool

    public var count: Int { thresholds.count }
    public var rows: Double { positives + negatives }

    /// Candidates from a slice's distinct scores in ascending order with their integer amounts,
    /// summed exactly before they become doubles.
    init(scores: [Double], positives: [Int128], negatives: [Int128], unit: AmountUnit, isExact: Bool) {
        var tp = positives.reduce(0, +), fp = negatives.reduce(0, +)
        self.positives = unit.value(tp)
        self.negatives = unit.value(fp)
        self.isExact = isExact
        thresholds = [scores.first.map { $0.nextDown } ?? 0] + scores
        truePositives = [unit.value(tp)]
        falsePositives = [unit.value(fp)]
        for index in scores.indices {
            tp -= positives[index]
            fp -= negatives[index]
            truePositives.append(unit.value(tp))
            falsePositives.append(unit.value(fp))
        }
    }

    /// The What-If Tool's cost of candidate k: FP × `costRatio` + FN.
    public func cost(_ k: Int, costRatio: Double) -> Double {
        falsePositives[k] * costRatio + (positives - truePositives[k])
    }

    /// The value of a parity metric at candidate k; nil when undefined (no positives for TPR,
    /// no negatives for FPR, no rows).
    public func value(of metric: ParityMetric, at k: Int) -> Double? {
        switch metric {
        case .positiveRate: return rows > 0 ? (truePositives[k] + falsePositives[k]) / rows : nil
        case .truePositiveRate: return positives > 0 ? truePositives[k] / positives : nil
        case .falsePositiveRate: return negatives > 0 ? falsePositives[k] / negatives : nil
        case .accuracy: return rows > 0 ? (truePositives[k] + negatives - falsePositives[k]) / rows : nil
        }
    }
}

/// The rates a threshold strategy may equalise across slices.
public enum ParityMetric: String, CaseIterable, Sendable {
    case positiveRate = "positive_rate"
    case truePositiveRate = "true_positive_rate"
    case falsePositiveRate = "false_positive_rate"
    case accuracy
}

/// Collects one slice's distinct scores and amounts during the score sweep.
struct ScoreListVisitor: ScoreSweepVisitor {
    let unit: AmountUnit
    var scores: [Double] = []
    var positives: [Int128] = []
    var negatives: [Int128] = []
    var exact = true

    mutating func visit(score: Double, positives p: Int128, negatives n: Int128, isMixed: Bool) {
        scores.append(score)
        positives.append(p)
        negatives.append(n)
        if isMixed { exact = false }
    }

    var candidates: ThresholdCandidates {
        ThresholdCandidates(scores: scores, positives: positives, negatives: negatives, unit: unit, isExact: exact)
    }
}
