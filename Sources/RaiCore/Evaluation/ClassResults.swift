/// A multi-class or multi-label run's classes, as a result states them.
public struct ClassesResult: Equatable, Sendable {
    public var kind: ClassParameters.Kind
    /// The classes (tasks, for multi-label) in report order.
    public var names: [String]
    /// The operating points of every class's one-vs-rest results: the thresholds (when there are
    /// scores), then each top-k (multi-class).
    public var operatingPoints: [OperatingPoint]
    /// The top-k points counted (multi-class: always 1, the arg-max or the prediction).
    public var topK: [Int]
    public var scoreColumns: [String]
    public var scoreArrayColumn: String?
    public var predictionColumn: String?
    public var labelColumns: [String]

    /// Whether there are class scores (threshold operating points and AUC).
    public var hasScores: Bool { predictionColumn == nil }

    init(_ parameters: ClassParameters, thresholds: [Double]) {
        kind = parameters.kind
        names = parameters.names
        operatingPoints = parameters.operatingPoints(thresholds: thresholds)
        topK = parameters.topKPoints
        scoreColumns = parameters.scoreColumns
        scoreArrayColumn = parameters.scoreArrayColumn
        predictionColumn = parameters.predictionColumn
        labelColumns = parameters.labelColumns
    }
}

/// One class of one slice, one-vs-rest (TFMA's `class_ids`): the class is the positive label and
/// its score the score. Multi-label: one task, as a binary model.
public struct ClassSlice: Equatable, Sendable {
    /// Weighted amounts of rows of the class (positives) and of the others (negatives).
    public var positives: Double
    public var negatives: Double
    public var auc: AreaUnderCurve
    /// The confusion counts at each of `ClassesResult.operatingPoints`.
    public var points: [ThresholdResult]
}

/// A slice's whole-model metrics and per-class results, for a multi-class or multi-label run.
public struct SliceClasses: Equatable, Sendable {
    /// Per class, in class order.
    public var perClass: [ClassSlice]
    /// Multi-class: weighted amounts of rows by true class (rows) and predicted class (columns):
    /// the arg-max of the scores (ties to the first class) or the given prediction. Nil for
    /// multi-label.
    public var confusion: [[Double]]?
    /// Multi-class: per top-k point (`ClassesResult.topK` order), the whole model's correctness:
    /// rows whose true class is among their k highest scores are true positives, the others
    /// false negatives, so its accuracy is the top-k accuracy (top-1: the arg-max accuracy).
    public var wholeModel: [ThresholdResult]

    /// The top-k accuracy at `ClassesResult.topK[index]`; nil where the slice has no weight.
    public func topKAccuracy(_ index: Int) -> Double? { wholeModel[index].counts.accuracy }

    /// The arg-max (or prediction) accuracy: the confusion matrix's diagonal over its total.
    public var accuracy: Double? {
        guard let confusion else { return nil }
        let total = confusion.reduce(0) { $0 + $1.reduce(0, +) }
        return total > 0 ? confusion.indices.reduce(0) { $0 + confusion[$1][$1] } / total : nil
    }

    /// The mean over classes of `rate` at operating point `index`, over the classes where it is
    /// defined (scikit-learn's `average='macro'`, leaving undefined classes out rather than
    /// counting them as 0); nil when no class defines it.
    public func macro(_ rate: ConfusionMatrix.Rate, at index: Int) -> Double? {
        let values = perClass.compactMap { $0.points[index].counts.value(of: rate) }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The rate of the confusion counts summed over classes at operating point `index`
    /// (scikit-learn's `average='micro'`).
    public func micro(_ rate: ConfusionMatrix.Rate, at index: Int) -> Double? {
        summed(at: index).value(of: rate)
    }

    /// The confusion counts at operating point `index`, summed over classes.
    public func summed(at index: Int) -> ConfusionMatrix {
        perClass.reduce(ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)) { sum, slice in
            let c = slice.points[index].counts
            return ConfusionMatrix(truePositives: sum.truePositives + c.truePositives, falsePositives: sum.falsePositives + c.falsePositives,
                                   trueNegatives: sum.trueNegatives + c.trueNegatives, falseNegatives: sum.falseNegatives + c.falseNegatives)
        }
    }

    /// The mean of the classes' one-vs-rest AUCs (scikit-learn's `roc_auc_score(…,
    /// multi_class='ovr', average='macro')`), over the classes where AUC is defined (a class with
    /// rows of it and rows of others in the slice); nil when none is.
    public var macroAUC: Double? {
        let values = perClass.compactMap(\.auc.value)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

extension EvaluationResult {
    /// Class `index`'s one-vs-rest results as a binary result: every slice with that class's
    /// positives, AUC and counts at every operating point. Analyses, gates and the binary
    /// renderers take it as they take a binary model's result.
    public func oneVsRest(_ index: Int) -> EvaluationResult {
        guard let classes else { return self }
        var view = self
        view.classes = nil
        view.operatingPoints = classes.operatingPoints
        view.thresholds = classes.hasScores ? thresholds : []
        view.aucComputed = aucComputed && classes.hasScores
        if classes.kind == .multiLabel {
            view.labelColumn = classes.labelColumns[index]
            view.scoreColumn = classes.scoreColumns[index]
        } else if index < classes.scoreColumns.count {
            view.scoreColumn = classes.scoreColumns[index]
        }
        view.slices = slices.map { slice in
            var one = slice
            one.classes = nil
            if let perClass = slice.classes?.perClass[index] {
                one.positives = perClass.positives
                one.negatives = perClass.negatives
                one.auc = perClass.auc
                one.thresholds = perClass.points
            }
            return one
        }
        return view
    }

    /// The whole model's correctness per slice as a binary result, for gates on `accuracy`
    /// without `class=`: at each top-k point, the rows whose true class is among the top k count
    /// as true positives and the others as false negatives, so its accuracy (and recall) is the
    /// top-k accuracy, and top-1 the arg-max accuracy. Only its accuracy is meaningful.
    public func wholeModelView() -> EvaluationResult {
        guard let classes, classes.kind == .multiClass else { return self }
        var view = self
        view.classes = nil
        view.aucComputed = false
        view.thresholds = []
        view.operatingPoints = classes.topK.map { .topK($0) }
        view.slices = slices.map { slice in
            var one = slice
            one.classes = nil
            one.auc = .undefined
            one.thresholds = slice.classes?.wholeModel ?? []
            return one
        }
        return view
    }
}

extension EvaluationResult {
    /// A confusion amount and its sum of squared weights.
    private struct Amount {
        var amount: Int128 = 0
        var squares = WideAmount.zero
        static func + (a: Amount, b: Amount) -> Amount { Amount(amount: a.amount + b.amount, squares: a.squares + b.squares) }
        static func - (a: Amount, b: Amount) -> Amount { Amount(amount: a.amount - b.amount, squares: a.squares - b.squares) }
    }

    private static func result(_ point: OperatingPoint, tp: Amount, fp: Amount, tn: Amount, fn: Amount, unit: AmountUnit) -> ThresholdResult {
        ThresholdResult(point: point,
                        counts: ConfusionMatrix(truePositives: unit.value(tp.amount), falsePositives: unit.value(fp.amount),
                                                trueNegatives: unit.value(tn.amount), falseNegatives: unit.value(fn.amount)),
                        squares: ConfusionMatrix(truePositives: unit.squareValue(tp.squares), falsePositives: unit.squareValue(fp.squares),
                                                 trueNegatives: unit.squareValue(tn.squares), falseNegatives: unit.squareValue(fn.squares)))
    }

    /// One slice of a multi-class or multi-label run, from its tables summed over the slice's
    /// combinations: `taskBins` (per task, threshold bins), `confusion` (true × predicted, every
    /// row a positive amount) and `ranks` (per class, rank bins up to `classes.rankDepth`,
    /// positive where the class is the true one).
    static func classSlice(classes: ClassParameters, thresholds: [Double], taskBins: (Int) -> [BinCell], confusion: [BinCell]?,
                           ranks: [BinCell]?, areas: [AreaUnderCurve?], unit: AmountUnit) -> (SliceResult.Totals, SliceClasses) {
        let k = classes.names.count
        var perClass: [ClassSlice] = []
        var totals = SliceResult.Totals(examples: 0, weight: 0, positives: 0, negatives: 0)
        guard let confusion else {
            // Multi-label: each task is a binary model.
            for c in 0..<k {
                let (counts, points) = thresholdResults(taskBins(c), thresholds: thresholds, unit: unit)
                if c == 0 { totals = counts }
                perClass.append(ClassSlice(positives: counts.positives, negatives: counts.negatives, auc: areas[c] ?? .undefined, points: points))
            }
            return (totals, SliceClasses(perClass: perClass, confusion: nil, wholeModel: []))
        }
        func cell(_ actual: Int, _ predicted: Int) -> Amount {
            Amount(amount: confusion[actual * k + predicted].positiveAmount, squares: confusion[actual * k + predicted].positiveSquares)
        }
        let all = confusion.reduce(Amount()) { $0 + Amount(amount: $1.positiveAmount, squares: $1.positiveSquares) }
        totals.examples = Int(confusion.reduce(0) { $0 + $1.positives })
        totals.weight = unit.value(all.amount)
        let depth = classes.rankDepth
        for c in 0..<k {
            let ofClass = (0..<k).reduce(Amount()) { $0 + cell(c, $1) }
            var points: [ThresholdResult] = []
            if classes.hasScores { points = thresholdResults(taskBins(c), thresholds: thresholds, unit: unit).1 }
            for top in classes.topKPoints {
                let tp: Amount, fp: Amount
                if top == 1 {
                    tp = cell(c, c)
                    fp = (0..<k).reduce(Amount()) { $0 + ($1 == c ? Amount() : cell($1, c)) }
                } else {
                    let bins = ranks![(c * (depth + 1))..<(c * (depth + 1) + top)]
                    tp = bins.reduce(Amount()) { $0 + Amount(amount: $1.positiveAmount, squares: $1.positiveSquares) }
                    fp = bins.reduce(Amount()) { $0 + Amount(amount: $1.negativeAmount, squares: $1.negativeSquares) }
                }
                let fn = ofClass - tp
                points.append(result(.topK(top), tp: tp, fp: fp, tn: all - ofClass - fp, fn: fn, unit: unit))
            }
            perClass.append(ClassSlice(positives: unit.value(ofClass.amount), negatives: unit.value(all.amount - ofClass.amount),
                                       auc: areas[c] ?? .undefined, points: points))
        }
        let wholeModel = classes.topKPoints.map { top -> ThresholdResult in
            var correct = Amount()
            for c in 0..<k {
                if top == 1 {
                    correct = correct + cell(c, c)
                } else {
                    for bin in ranks![(c * (depth + 1))..<(c * (depth + 1) + top)] {
                        correct = correct + Amount(amount: bin.positiveAmount, squares: bin.positiveSquares)
                    }
                }
            }
            return result(.topK(top), tp: correct, fp: Amount(), tn: Amount(), fn: all - correct, unit: unit)
        }
        let matrix = (0..<k).map { a in (0..<k).map { p in unit.value(cell(a, p).amount) } }
        return (totals, SliceClasses(perClass: perClass, confusion: matrix, wholeModel: wholeModel))
    }
}
