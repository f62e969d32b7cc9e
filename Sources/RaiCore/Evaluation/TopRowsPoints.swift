/// The operating points of `--top-n` and `--top-percent`: the cut-off from the whole file's
/// score table, then every slice's confusion counts at it from the slices' tables, in two sweeps
/// of the score tables after counting (no second pass over the rows).
///
/// Exact when the tables are; past `--score-budget` a coarse bucket is selected or not as a
/// whole, at one of its scores, so the counts are approximate as AUC is. Counts are rows: the
/// tables of a weighted run hold weights, so `--top-n` is refused with `--weight`.
struct TopRowsPoints {
    /// Each rule's operating point, with the threshold its cut-off implies.
    var points: [OperatingPoint]
    /// Per slice, per point: positives and negatives scoring above the point's threshold.
    var above: [[(positives: Int128, negatives: Int128)]]

    init<W: Weighting>(_ rules: [TopRows], collector: ScoreCollector<W>, members: [[Int]]) {
        let overall = collector.sweep(sliceMembers: [members[0]]) { _ in ScoreListVisitor(unit: .rows) }[0]
        let rows = zip(overall.positives, overall.negatives).map { Double($0 + $1) }
        let total = rows.reduce(0, +)
        points = rules.map { rule in
            let cutoff = rule.cutoff(scores: overall.scores, rows: rows, total: total) ?? 0
            return .topRows(rule, threshold: cutoff.nextDown)
        }
        let thresholds = points.map { $0.threshold! }
        above = collector.sweep(sliceMembers: members) { _ in AboveThresholds(thresholds: thresholds) }.map(\.amounts)
    }
}

/// A slice's amounts of positives and negatives scoring above each of several thresholds.
struct AboveThresholds: ScoreSweepVisitor {
    let thresholds: [Double]
    var amounts: [(positives: Int128, negatives: Int128)]

    init(thresholds: [Double]) {
        self.thresholds = thresholds
        amounts = Array(repeating: (0, 0), count: thresholds.count)
    }

    mutating func visit(score: Double, positives: Int128, negatives: Int128, isMixed: Bool) {
        for index in thresholds.indices where score > thresholds[index] {
            amounts[index].positives += positives
            amounts[index].negatives += negatives
        }
    }
}
