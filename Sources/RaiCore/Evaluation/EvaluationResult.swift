import Foundation

/// The outcome of `rai eval`: the input summary, the parameters and every slice.
public struct EvaluationResult: Equatable, Sendable {
    public var input: InputSummary
    public var labelColumn: String
    public var scoreColumn: String
    public var weightColumn: String?
    public var baselineScoreColumn: String?
    public var positiveLabel: String?
    public var thresholds: [Double]
    /// Every operating point each slice has counts at, in the order of `SliceResult.thresholds`:
    /// one per threshold, then (multi-class) one per top-k.
    public var operatingPoints: [OperatingPoint]
    public var sliceSpecs: [[String]]
    /// False with `--no-auc`: every slice's AUC is then null.
    public var aucComputed: Bool
    /// `--bootstrap N --seed S`, when given.
    public var bootstrapReplicates: Int?
    public var bootstrapSeed: UInt64?
    /// Calibration and curves computed from the score tables, as the report asked.
    public var scoreAnalyses: ScoreAnalyses
    /// Overall first, then each spec in the order given with its slices sorted by value.
    public var slices: [SliceResult]
    /// With `--group-thresholds`: the slices of its spec that the file gives no threshold (their
    /// rows count as predicted negative); the command refuses a run with any.
    public var missingGroupThresholds: [String] = []
    /// A multi-class or multi-label run's classes; nil for a binary model. Its slices then have
    /// no counts of their own at operating points (`operatingPoints` is empty): each slice's
    /// `classes` holds them per class, and `oneVsRest(_:)` gives one class as a binary result.
    public var classes: ClassesResult?
    /// Whether the AUC of every slice is exact.
    public var aucExact: Bool {
        slices.allSatisfy { $0.auc.isExact && ($0.classes?.perClass.allSatisfy(\.auc.isExact) ?? true) }
    }

    /// Builds every slice from a partial result: the totals of the combinations of slice values
    /// each slice is made of; with `scoreAnalyses`, calibration and curves from its score tables
    /// (none without them, under `--no-auc`).
    public init(_ partial: EvalPartial, scoreAnalyses: ScoreAnalyses = .none) {
        switch partial.totals {
        case .unweighted(let totals): self.init(totals: totals, partial: partial, scoreAnalyses: scoreAnalyses)
        case .weighted(let totals): self.init(totals: totals, partial: partial, scoreAnalyses: scoreAnalyses)
        }
    }

    private init<W: Weighting>(totals: EvalTotals<W>, partial: EvalPartial, scoreAnalyses: ScoreAnalyses) {
        self.scoreAnalyses = scoreAnalyses
        let parameters = partial.parameters, combinations = partial.combinations, plan = parameters.plan
        bootstrapReplicates = parameters.bootstrap?.replicates
        bootstrapSeed = parameters.bootstrap?.seed
        input = InputSummary.merged(partial.inputs)
        labelColumn = parameters.labelColumn
        scoreColumn = parameters.scoreColumn
        weightColumn = parameters.weightColumn
        baselineScoreColumn = parameters.baselineScoreColumn
        positiveLabel = parameters.positiveLabel
        thresholds = parameters.thresholds
        operatingPoints = parameters.thresholds.map { .threshold($0) }
        sliceSpecs = parameters.slices
        aucComputed = totals.collectors != nil && parameters.classes?.hasScores != false
        let rollup = SliceRollup(plan: plan, combinations: combinations)
        let members = rollup.members
        let bins = parameters.thresholds.count + 1
        let unit = W.isWeighted ? AmountUnit.weights(partial.scale) : .rows
        var sliceCells = CellTable(cellsPerGroup: totals.cells.cellsPerGroup, groups: members.count)
        var sliceJoint = totals.joint.map { CellTable(cellsPerGroup: $0.cellsPerGroup, groups: members.count) }
        for (slice, combinations) in members.enumerated() {
            for combination in combinations where combination < totals.cells.groups {
                sliceCells.add(totals.cells, group: combination, into: slice)
                if let joint = totals.joint { sliceJoint?.add(joint, group: combination, into: slice) }
            }
        }
        // One sweep per task gives AUC, and for the model (task 0) what else the report asked of its scores.
        let sweeps = totals.collectors?.enumerated().map { task, collector in
            collector.sweep(sliceMembers: members) { slice in
                var visitor = SliceScoreVisitor(area: AreaUnderCurveSum(unit: unit))
                guard task == 0 else { return visitor }
                visitor.calibration = scoreAnalyses.calibrationBins.map { CalibrationSum(unit: unit, bins: $0) }
                if let points = scoreAnalyses.curvePoints {
                    let total = ThresholdBins.amountsAbove(sliceCells.cells(ofGroup: slice, 0..<bins)).total
                    visitor.curves = ScoreCurveSum(unit: unit, positives: total.positiveAmount, negatives: total.negativeAmount, points: points)
                }
                return visitor
            }
        }
        let areas = sweeps?.map { $0.map(\.area.result) }
        let top = scoreAnalyses.topRows.isEmpty ? nil : totals.collectors.map { TopRowsPoints(scoreAnalyses.topRows, collector: $0[0], members: members) }
        operatingPoints += top?.points ?? []
        // Per combination of slice values, the amounts above its slice's threshold (none without one).
        var perSlice: [(positives: Int128, negatives: Int128)]?
        if let chosen = scoreAnalyses.groupThresholds, let collector = totals.collectors?[0] {
            let columns = chosen.spec.compactMap { plan.columns.firstIndex(of: $0) }
            let own = combinations.map { combination in
                chosen.thresholds[columns.map { combination.values[$0].map { String(decoding: $0, as: UTF8.self) } }]
            }
            missingGroupThresholds = Set(own.indices.filter { own[$0] == nil }.map { index in
                zip(chosen.spec, columns).map { "\($0)=\(combinations[index].values[$1].map { String(decoding: $0, as: UTF8.self) } ?? "(missing)")" }
                    .joined(separator: " & ")
            }).sorted()
            let amounts = collector.sweep(sliceMembers: combinations.indices.map { [$0] }) { index in
                AboveThresholds(thresholds: [own[index] ?? .infinity])
            }.map { $0.amounts[0] }
            perSlice = members.map { group in
                group.reduce((Int128(0), Int128(0))) { sum, combination in
                    combination < amounts.count ? (sum.0 + amounts[combination].positives, sum.1 + amounts[combination].negatives) : sum
                }
            }
            operatingPoints.append(.perSlice(chosen))
        }
        if let classParameters = parameters.classes {
            classes = ClassesResult(classParameters, thresholds: parameters.thresholds)
            operatingPoints = []
            var confusion = totals.confusion.map { CellTable(cellsPerGroup: $0.cellsPerGroup, groups: members.count) }
            var ranks = totals.ranks.map { CellTable(cellsPerGroup: $0.cellsPerGroup, groups: members.count) }
            for (slice, combinations) in members.enumerated() {
                for combination in combinations {
                    if let table = totals.confusion, combination < table.groups { confusion?.add(table, group: combination, into: slice) }
                    if let table = totals.ranks, combination < table.groups { ranks?.add(table, group: combination, into: slice) }
                }
            }
            slices = rollup.slices.enumerated().map { index, rolled in
                let features = rolled.spec.map { plan.names(ofSpec: $0) } ?? []
                let values = rolled.values.map { $0.map { String(decoding: $0, as: UTF8.self) } }
                let (counts, perClass) = Self.classSlice(
                    classes: classParameters, thresholds: parameters.thresholds,
                    taskBins: { sliceCells.cells(ofGroup: index, $0 * bins..<($0 + 1) * bins) },
                    confusion: confusion.map { $0.cells(ofGroup: index, 0..<$0.cellsPerGroup) },
                    ranks: ranks.map { $0.cells(ofGroup: index, 0..<$0.cellsPerGroup) },
                    areas: classParameters.names.indices.map { c in areas.flatMap { c < $0.count ? $0[c][index] : nil } }, unit: unit)
                var slice = SliceResult(features: features, values: values, exampleCount: counts.examples,
                                        weightedExampleCount: counts.weight, positives: 0, negatives: 0, auc: .undefined, thresholds: [])
                slice.classes = perClass
                return slice
            }
            return
        }
        slices = rollup.slices.enumerated().map { index, rolled in
            let features = rolled.spec.map { plan.names(ofSpec: $0) } ?? []
            let values = rolled.values.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            func task(_ task: Int) -> (SliceResult.Totals, [ThresholdResult]) {
                Self.thresholdResults(sliceCells.cells(ofGroup: index, task * bins..<(task + 1) * bins),
                                      thresholds: parameters.thresholds, unit: unit)
            }
            let (counts, results) = task(0)
            var slice = SliceResult(features: features, values: values, exampleCount: counts.examples,
                                    weightedExampleCount: counts.weight, positives: counts.positives, negatives: counts.negatives,
                                    auc: areas?[0][index] ?? .undefined, thresholds: results)
            if let top {
                for (point, above) in zip(top.points, top.above[index]) {
                    let counts = ConfusionMatrix(truePositives: unit.value(above.positives), falsePositives: unit.value(above.negatives),
                                                 trueNegatives: slice.negatives - unit.value(above.negatives),
                                                 falseNegatives: slice.positives - unit.value(above.positives))
                    slice.thresholds.append(ThresholdResult(point: point, counts: counts))
                }
            }
            if let perSlice, let chosen = scoreAnalyses.groupThresholds {
                let above = perSlice[index]
                slice.thresholds.append(ThresholdResult(point: .perSlice(chosen), counts: ConfusionMatrix(
                    truePositives: unit.value(above.positives), falsePositives: unit.value(above.negatives),
                    trueNegatives: slice.negatives - unit.value(above.negatives), falseNegatives: slice.positives - unit.value(above.positives))))
            }
            slice.calibration = sweeps?[0][index].calibration?.result
            slice.curves = sweeps?[0][index].curves?.result
            if let joint = sliceJoint {
                slice.baseline = BaselineSlice(auc: areas?[1][index] ?? .undefined, thresholds: task(1).1,
                                               flips: Self.flips(joint.cells(ofGroup: index, 0..<joint.cellsPerGroup), bins: bins, thresholds: parameters.thresholds, unit: unit))
            }
            if let bootstrap = totals.bootstrap {
                slice.bootstrap = Self.replicates(bootstrap, members: rolled.members, thresholds: parameters.thresholds, unit: unit,
                                                  exactAUC: slice.auc.value)
            }
            return slice
        }
    }

    /// The metrics at every threshold of one task's bins, and the slice's totals.
    static func thresholdResults(_ bins: [BinCell], thresholds: [Double], unit: AmountUnit) -> (SliceResult.Totals, [ThresholdResult]) {
        // Amounts stay integers (counts, or fixed-point weights) until the end, so every count
        // below is exact and independent of how rows were split between threads.
        let (above, total) = ThresholdBins.amountsAbove(bins)
        let results = thresholds.indices.map { index in
            let predicted = above[index]
            let counts = ConfusionMatrix(
                truePositives: unit.value(predicted.positiveAmount), falsePositives: unit.value(predicted.negativeAmount),
                trueNegatives: unit.value(total.negativeAmount - predicted.negativeAmount),
                falseNegatives: unit.value(total.positiveAmount - predicted.positiveAmount))
            let squares = ConfusionMatrix(
                truePositives: unit.squareValue(predicted.positiveSquares), falsePositives: unit.squareValue(predicted.negativeSquares),
                trueNegatives: unit.squareValue(total.negativeSquares - predicted.negativeSquares),
                falseNegatives: unit.squareValue(total.positiveSquares - predicted.positiveSquares))
            return ThresholdResult(threshold: thresholds[index], counts: counts, squares: squares)
        }
        let totals = SliceResult.Totals(examples: Int(total.positives + total.negatives),
                                        weight: unit.value(total.positiveAmount + total.negativeAmount),
                                        positives: unit.value(total.positiveAmount), negatives: unit.value(total.negativeAmount))
        return (totals, results)
    }

    /// Decisions that change between the baseline (bin b) and the candidate (bin a), per
    /// threshold, from the joint bins `cells[a * bins + b]`.
    private static func flips(_ cells: [BinCell], bins: Int, thresholds: [Double], unit: AmountUnit) -> [FlipCounts] {
        thresholds.indices.map { index in
            var up: Int128 = 0, down: Int128 = 0, total: Int128 = 0
            for a in 0..<bins {
                for b in 0..<bins {
                    let cell = cells[a * bins + b]
                    let amount = cell.positiveAmount + cell.negativeAmount
                    total += amount
                    let candidate = ThresholdBins.isPredictedPositive(bin: a, threshold: index)
                    let baseline = ThresholdBins.isPredictedPositive(bin: b, threshold: index)
                    if candidate && !baseline { up += amount }
                    if !candidate && baseline { down += amount }
                }
            }
            return FlipCounts(threshold: thresholds[index], negativeToPositive: unit.value(up), positiveToNegative: unit.value(down),
                              total: unit.value(total))
        }
    }

    /// Each replicate's rates and AUC for the slice made of `members`.
    private static func replicates(_ bootstrap: BootstrapCounts, members: [Int], thresholds: [Double], unit: AmountUnit,
                                   exactAUC: Double?) -> SliceBootstrap {
        let bins = bootstrap.bins, grid = BootstrapCounts.gridSize, count = bootstrap.replicates
        var rates = [[[Double?]]](repeating: [[Double?]](repeating: [], count: ConfusionMatrix.Rate.allCases.count), count: thresholds.count)
        var gridAUCs: [Double?] = []
        for r in 0..<count {
            var binCells = [BinCell](repeating: BinCell(), count: bins)
            var gridPositives = [Int128](repeating: 0, count: grid), gridNegatives = [Int128](repeating: 0, count: grid)
            for group in members where group < bootstrap.groups {
                let base = group * count + r
                for bin in 0..<bins {
                    binCells[bin].positiveAmount += bootstrap.binAmounts[(base * bins + bin) * 2]
                    binCells[bin].negativeAmount += bootstrap.binAmounts[(base * bins + bin) * 2 + 1]
                }
                for bucket in 0..<grid {
                    gridPositives[bucket] += bootstrap.gridAmounts[(base * grid + bucket) * 2]
                    gridNegatives[bucket] += bootstrap.gridAmounts[(base * grid + bucket) * 2 + 1]
                }
            }
            let (above, total) = ThresholdBins.amountsAbove(binCells)
            for index in thresholds.indices {
                let tp = above[index].positiveAmount, fp = above[index].negativeAmount
                let counts = ConfusionMatrix(truePositives: unit.value(tp), falsePositives: unit.value(fp),
                                             trueNegatives: unit.value(total.negativeAmount - fp),
                                             falseNegatives: unit.value(total.positiveAmount - tp))
                for (k, rate) in ConfusionMatrix.Rate.allCases.enumerated() { rates[index][k].append(counts.value(of: rate)) }
            }
            var area = AreaUnderCurveSum(unit: unit)
            for bucket in 0..<grid { area.visit(positives: gridPositives[bucket], negatives: gridNegatives[bucket], isMixed: false) }
            gridAUCs.append(area.result.value)
        }
        // Remove the grid's bias: centre the replicates on the exact AUC.
        let defined = gridAUCs.compactMap { $0 }
        var auc = gridAUCs
        if let exactAUC, !defined.isEmpty {
            let shift = exactAUC - defined.reduce(0, +) / Double(defined.count)
            auc = gridAUCs.map { $0.map { min(1, max(0, $0 + shift)) } }
        }
        return SliceBootstrap(auc: auc, rates: rates)
    }

    /// The same slices scored by the baseline model, or nil without one: what analyses and
    /// gates compare the candidate with.
    public func baselineResult() -> EvaluationResult? {
        guard baselineScoreColumn != nil else { return nil }
        var copy = self
        copy.baselineScoreColumn = nil
        copy.slices = slices.map { slice in
            var other = slice
            other.baseline = nil
            // Calibration and curves are computed for the candidate's scores only.
            other.calibration = nil
            other.curves = nil
            if let baseline = slice.baseline {
                other.auc = baseline.auc
                other.thresholds = baseline.thresholds
            }
            return other
        }
        return copy
    }
}
