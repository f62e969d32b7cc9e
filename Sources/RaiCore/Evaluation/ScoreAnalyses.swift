/// What a report asks of the score tables besides AUC: calibration (`--calibration`,
/// `--calibration-bins`), curves (`--curves`, `--curve-points`) and top-rows operating points
/// (`--top-n`, `--top-percent`). They shape the report, not
/// what is counted: the same score tables give them, so a partial result holds what they need.
public struct ScoreAnalyses: Equatable, Sendable {
    /// The default equal-width bins of the reliability curve and ECE.
    public static let defaultCalibrationBins = 10
    /// The default most points of each curve per slice.
    public static let defaultCurvePoints = 200

    /// Equal-width bins of [0, 1] for calibration; nil without calibration.
    public var calibrationBins: Int?
    /// The most points kept per curve and slice; nil without curves.
    public var curvePoints: Int?
    /// `--top-n` and `--top-percent`: operating points at the file's highest scores, in the order given.
    public var topRows: [TopRows]
    /// `--group-thresholds`: one more operating point, each slice of a spec at its own threshold.
    public var groupThresholds: GroupThresholds?

    public init(calibrationBins: Int? = nil, curvePoints: Int? = nil, topRows: [TopRows] = [], groupThresholds: GroupThresholds? = nil) {
        self.calibrationBins = calibrationBins
        self.curvePoints = curvePoints
        self.topRows = topRows
        self.groupThresholds = groupThresholds
    }

    public static let none = ScoreAnalyses()
}

/// Everything computed from a slice's sorted scores in the one sweep: AUC always, calibration
/// and curves when asked for.
struct SliceScoreVisitor: ScoreSweepVisitor {
    var area: AreaUnderCurveSum
    var calibration: CalibrationSum?
    var curves: ScoreCurveSum?

    @inline(__always)
    mutating func visit(score: Double, positives: Int128, negatives: Int128, isMixed: Bool) {
        area.visit(positives: positives, negatives: negatives, isMixed: isMixed)
        calibration?.visit(score: score, positives: positives, negatives: negatives, isMixed: isMixed)
        curves?.visit(score: score, positives: positives, negatives: negatives, isMixed: isMixed)
    }
}
