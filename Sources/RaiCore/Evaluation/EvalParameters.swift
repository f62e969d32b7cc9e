/// What `rai eval` counted and how: everything that must agree for counts to be added up, and
/// that a report states. A partial result carries them, and partials merge only when they agree.
public struct EvalParameters: Equatable, Sendable {
    public var labelColumn: String
    public var scoreColumn: String
    public var weightColumn: String?
    public var baselineScoreColumn: String?
    public var positiveLabel: String?
    /// Sorted, without duplicates.
    public var thresholds: [Double]
    /// Each slice spec as its column names; the overall slice is always added.
    public var slices: [[String]]
    /// Score buckets kept for AUC, or nil without AUC.
    public var scoreBudget: Int?
    public var bootstrap: (replicates: Int, seed: UInt64)?
    /// The column keying bootstrap replicates, when one does.
    public var rowIdColumn: String?
    /// A multi-class or multi-label model's classes and columns; nil for a binary model. Before
    /// the input is open, a glob of score columns is not resolved yet (no names).
    public var classes: ClassParameters?

    public init(_ request: EvaluationRequest) {
        labelColumn = request.labelColumn
        scoreColumn = request.scoreColumn
        weightColumn = request.weightColumn
        baselineScoreColumn = request.baselineScoreColumn
        positiveLabel = request.positiveLabel
        thresholds = request.thresholds
        slices = request.slices
        scoreBudget = request.computeAUC ? request.scoreBudget : nil
        bootstrap = request.bootstrap
        rowIdColumn = request.bootstrap == nil ? nil : request.rowIdColumn
        classes = request.classes.flatMap { try? $0.resolve(available: nil) }
    }

    init(labelColumn: String, scoreColumn: String, weightColumn: String?, baselineScoreColumn: String?, positiveLabel: String?,
         thresholds: [Double], slices: [[String]], scoreBudget: Int?, bootstrap: (replicates: Int, seed: UInt64)?, rowIdColumn: String?) {
        self.labelColumn = labelColumn
        self.scoreColumn = scoreColumn
        self.weightColumn = weightColumn
        self.baselineScoreColumn = baselineScoreColumn
        self.positiveLabel = positiveLabel
        self.thresholds = thresholds
        self.slices = slices
        self.scoreBudget = scoreBudget
        self.bootstrap = bootstrap
        self.rowIdColumn = rowIdColumn
    }

    public static func == (a: EvalParameters, b: EvalParameters) -> Bool { a.firstDifference(from: b) == nil }

    /// The first parameter that differs, said for a person: `thresholds 0.5 and 0.4`.
    public func firstDifference(from other: EvalParameters) -> String? {
        func text(_ value: String?) -> String { value.map { "'\($0)'" } ?? "none" }
        if labelColumn != other.labelColumn { return "label column \(text(labelColumn)) and \(text(other.labelColumn))" }
        if scoreColumn != other.scoreColumn { return "score column \(text(scoreColumn)) and \(text(other.scoreColumn))" }
        if weightColumn != other.weightColumn { return "weight column \(text(weightColumn)) and \(text(other.weightColumn))" }
        if baselineScoreColumn != other.baselineScoreColumn {
            return "baseline score column \(text(baselineScoreColumn)) and \(text(other.baselineScoreColumn))"
        }
        if positiveLabel != other.positiveLabel { return "positive label \(text(positiveLabel)) and \(text(other.positiveLabel))" }
        if thresholds != other.thresholds {
            return "thresholds \(thresholds.map { "\($0)" }.joined(separator: ",")) and \(other.thresholds.map { "\($0)" }.joined(separator: ","))"
        }
        if slices != other.slices {
            func specs(_ slices: [[String]]) -> String { slices.map { $0.joined(separator: ",") }.joined(separator: " ") }
            return "slices '\(specs(slices))' and '\(specs(other.slices))'"
        }
        if scoreBudget != other.scoreBudget {
            func budget(_ value: Int?) -> String { value.map { "score budget \($0)" } ?? "no AUC" }
            return "\(budget(scoreBudget)) and \(budget(other.scoreBudget))"
        }
        if bootstrap?.replicates != other.bootstrap?.replicates || bootstrap?.seed != other.bootstrap?.seed {
            func replicates(_ value: (replicates: Int, seed: UInt64)?) -> String {
                value.map { "bootstrap \($0.replicates) seed \($0.seed)" } ?? "no bootstrap"
            }
            return "\(replicates(bootstrap)) and \(replicates(other.bootstrap))"
        }
        if rowIdColumn != other.rowIdColumn { return "row id column \(text(rowIdColumn)) and \(text(other.rowIdColumn))" }
        if classes != other.classes {
            func model(_ value: ClassParameters?) -> String {
                value.map { "\($0.kind.rawValue) classes \($0.names.joined(separator: ",")) (scores \(($0.scoreColumns + [$0.scoreArrayColumn, $0.predictionColumn].compactMap { $0 }).joined(separator: ",")), top-k \($0.topK.map(String.init).joined(separator: ",")))" } ?? "a binary model"
            }
            return "\(model(classes)) and \(model(other.classes))"
        }
        return nil
    }

    var plan: SlicePlan { SlicePlan(specs: slices) }

    /// The score buckets each task's `ScoreCollector` keeps: all of the budget for a binary
    /// model (and for each of a baseline's two), an equal share of it per class of a multi-class
    /// or multi-label model, so that `--score-budget` caps the memory of all its tables together.
    var scoreBudgetPerTask: Int? {
        scoreBudget.map { budget in classes.map { max(1, budget / max(1, $0.names.count)) } ?? budget }
    }
}
