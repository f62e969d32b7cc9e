import Foundation
import RaiTables

/// The threshold attack on one slice (TF Privacy's `THRESHOLD_ATTACK`), fed the slice's buckets
/// of attack score (−loss) in ascending order by `ScoreCollector.sweep`. Members are the
/// positives: the attacker predicts "member" when the score is at least a threshold, i.e. when
/// the loss is at most −threshold.
///
/// - AUC is `AreaUnderCurveSum`'s, the same code as eval's exact AUC (scikit-learn's
///   `roc_auc_score` of membership against −loss).
/// - The advantage is max over thresholds of |TPR − FPR|, over every distinct score (the points
///   of scikit-learn's `roc_curve` with `drop_intermediate=False`, and the threshold above every
///   score, where both rates are 0). Among thresholds that reach it (compared exactly, in
///   integers), the highest is kept, the first in `roc_curve`'s descending order; the attacker's
///   PPV, TP / (TP + FP), is reported at that threshold.
///
/// Both need no more than the running sums; the totals of members and non-members are known
/// before the sweep (`ScoreCollector`'s tables, summed per slice), so the rates at each threshold
/// are known as it is passed.
struct AttackSweep: ScoreSweepVisitor {
    let members: Int128
    let nonMembers: Int128
    /// Whether to keep the ROC points (`--curves`).
    let keepsCurve: Bool
    private(set) var area = AreaUnderCurveSum(unit: .rows)
    private var membersBelow: Int128 = 0
    private var nonMembersBelow: Int128 = 0
    /// The best threshold so far: the advantage, the members and non-members at or above it, and
    /// its score (the attack score, −loss).
    private(set) var advantage = 0.0
    private var bestGap: UInt128 = 0
    private(set) var predictedMembers: Int128 = 0
    private(set) var truePositives: Int128 = 0
    private(set) var thresholdScore: Double?
    /// Whether some threshold beats chance (its score may still be unknown, in a coarse bucket).
    private(set) var hasThreshold = false
    /// Whether a bucket merged distinct scores (coarsened tables): the thresholds between them
    /// are not seen, so the advantage is then a lower bound.
    private(set) var isExact = true
    /// (FPR, TPR) at each threshold from the lowest score up, then the threshold above all.
    private(set) var curve: [(fpr: Double, tpr: Double)] = []

    init(members: Int128, nonMembers: Int128, keepsCurve: Bool) {
        self.members = members
        self.nonMembers = nonMembers
        self.keepsCurve = keepsCurve
        // The threshold above every score predicts no member: TPR = FPR = 0.
        if keepsCurve { curve.reserveCapacity(64) }
    }

    /// The bucket of the next higher score: the threshold at this score predicts as members every
    /// row from this bucket up.
    mutating func visit(score: Double, positives: Int128, negatives: Int128, isMixed: Bool) {
        area.visit(positives: positives, negatives: negatives, isMixed: isMixed)
        if isMixed { isExact = false }
        let tp = members - membersBelow, fp = nonMembers - nonMembersBelow
        let tpr = members > 0 ? Double(tp) / Double(members) : 0
        let fpr = nonMembers > 0 ? Double(fp) / Double(nonMembers) : 0
        if keepsCurve { curve.append((fpr, tpr)) }
        // |TPR − FPR| · members · non-members, compared exactly, so that thresholds whose rates
        // tie are ties (as doubles 1 − 2/3 exceeds 1/3 − 0). Ascending order: a later (higher)
        // threshold that ties replaces an earlier one.
        let gap = (tp * nonMembers - fp * members).magnitude
        if gap >= bestGap && gap > 0 {
            bestGap = gap
            advantage = abs(tpr - fpr)
            predictedMembers = tp + fp
            truePositives = tp
            // A coarse bucket remembers whichever of its scores came first: no threshold to report.
            thresholdScore = isMixed ? nil : score
            hasThreshold = true
        }
        membersBelow &+= positives
        nonMembersBelow &+= negatives
    }

    /// The ROC points from (0, 0) up to (1, 1), as `roc_curve` lists them.
    var rocPoints: [(fpr: Double, tpr: Double)] { [(0, 0)] + curve.reversed() }

    /// The loss at the best threshold: members are predicted where loss ≤ this value.
    var lossThreshold: Double? {
        thresholdScore.map { -$0 }
    }
}

/// Splits a slice's rows into ten buckets by their percentile of loss, over the slice swept
/// (the whole data set): a row's bucket is ⌊10·r / n⌋, r the number of rows with a strictly
/// lower loss and n all rows, so rows with equal losses share a bucket and bucket 0 holds the
/// lowest losses. The first sweep (`totals`) counts each bucket's members and non-members; the
/// second (`attacks`) runs an `AttackSweep` per bucket.
struct PercentileSplit: ScoreSweepVisitor {
    static let buckets = 10
    let rows: Int128
    private var seen: Int128 = 0
    private(set) var totals = [(members: Int128, nonMembers: Int128)](repeating: (0, 0), count: PercentileSplit.buckets)
    private(set) var attacks: [AttackSweep]?

    /// A first pass, for the totals.
    init(rows: Int128) {
        self.rows = rows
    }

    /// A second pass, with each bucket's totals from the first.
    init(rows: Int128, totals: [(members: Int128, nonMembers: Int128)], keepsCurve: Bool) {
        self.rows = rows
        attacks = totals.map { AttackSweep(members: $0.members, nonMembers: $0.nonMembers, keepsCurve: keepsCurve) }
    }

    mutating func visit(score: Double, positives: Int128, negatives: Int128, isMixed: Bool) {
        let count = positives + negatives
        // Ascending attack score is descending loss: the rows not yet seen beyond this bucket
        // have the lower losses.
        let lower = rows - seen - count
        let bucket = Int(min(Int128(Self.buckets - 1), lower * Int128(Self.buckets) / max(rows, 1)))
        seen += count
        if attacks != nil {
            attacks![bucket].visit(score: score, positives: positives, negatives: negatives, isMixed: isMixed)
        } else {
            totals[bucket].members += positives
            totals[bucket].nonMembers += negatives
        }
    }

    /// The name of bucket `bucket`: its range of percentiles, `0-10` … `90-100`.
    static func name(of bucket: Int) -> String { "\(bucket * 100 / buckets)-\((bucket + 1) * 100 / buckets)" }
}
