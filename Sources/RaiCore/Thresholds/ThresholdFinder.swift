/// Runs `rai thresholds`: counts the file once with the evaluation engine (score tables per
/// combination of slice values, as for AUC), sweeps the overall slice and the spec's slices into
/// their candidates (one per distinct score), and searches them with the strategy.
public enum ThresholdFinder {
    /// Slices with fewer than `minimumSliceSize` rows are left out of parity constraints (they
    /// take their least-cost threshold), as `rai eval` leaves them out of gaps and gates.
    public static func find(_ request: EvaluationRequest, strategy: ThresholdStrategy, costRatio: Double, tolerance: Double,
                            minimumSliceSize: Int = 30, progress: (any ProgressObserver)? = nil) throws(RaiError) -> ThresholdPlan {
        guard request.slices.count == 1, request.computeAUC else {
            throw .usage("rai thresholds takes one --slice (a column, or a cross such as sex,race) and the score tables")
        }
        let partial = try Evaluator.count(request, progress: progress)
        switch partial.totals {
        case .unweighted(let totals): return plan(totals, partial, request: request, strategy: strategy, costRatio: costRatio, tolerance: tolerance, minimum: minimumSliceSize)
        case .weighted(let totals): return plan(totals, partial, request: request, strategy: strategy, costRatio: costRatio, tolerance: tolerance, minimum: minimumSliceSize)
        }
    }

    private static func plan<W: Weighting>(_ totals: EvalTotals<W>, _ partial: EvalPartial, request: EvaluationRequest,
                                           strategy: ThresholdStrategy, costRatio: Double, tolerance: Double, minimum: Int) -> ThresholdPlan {
        let plan = partial.parameters.plan
        let rollup = SliceRollup(plan: plan, combinations: partial.combinations)
        let unit = W.isWeighted ? AmountUnit.weights(partial.scale) : .rows
        let lists = totals.collectors![0].sweep(sliceMembers: rollup.members) { _ in ScoreListVisitor(unit: unit) }
        let candidates = lists.map(\.candidates)
        // Slice 0 is overall; the others are the spec's, in report order.
        let overall = candidates[0], groups = Array(candidates.dropFirst())
        let slices = rollup.slices.dropFirst()
        var result = ThresholdPlan(strategy: strategy, costRatio: costRatio, tolerance: tolerance, minimumSliceSize: minimum,
                                   spec: request.slices[0], slices: [],
                                   total: nil, infeasibleReason: nil, isExact: candidates.allSatisfy(\.isExact),
                                   input: InputSummary.merged(partial.inputs), labelColumn: request.labelColumn,
                                   scoreColumn: request.scoreColumn, weightColumn: request.weightColumn)
        // Rows per slice, from the threshold bins of its combinations.
        let rows = slices.map { slice in
            slice.members.reduce(0) { sum, combination in
                combination < totals.cells.groups
                    ? sum + (0..<totals.cells.cellsPerGroup).reduce(0) { $0 + Int(totals.cells[combination, $1].positives + totals.cells[combination, $1].negatives) }
                    : sum
            }
        }
        let bound = rows.map { $0 >= minimum }
        guard let choice = ThresholdSearch.choose(strategy, groups: groups, overall: overall, costRatio: costRatio, tolerance: tolerance,
                                                  constrained: bound) else {
            result.infeasibleReason = "no thresholds keep every slice's \(strategy.parityMetric!.rawValue) within \(tolerance) of each other"
            return result
        }
        // Equalized odds binds the slices with positives and negatives (both rates defined).
        let odds = strategy == .equalizedOdds ? groups.indices.filter { bound[$0] && groups[$0].positives > 0 && groups[$0].negatives > 0 } : []
        let outcomes = odds.isEmpty ? [] : EqualizedOdds.solve(odds.map { groups[$0] }, costRatio: costRatio)
        let mixed = Dictionary(uniqueKeysWithValues: zip(odds, outcomes))
        let single = strategy == .single ? overall.thresholds[ThresholdSearch.cheapest(overall, among: 0..<overall.count, costRatio: costRatio)] : nil
        var sum = ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)
        for (position, slice) in slices.enumerated() {
            let group = groups[position], k = choice[position]
            let counts = mixed[position]?.counts
                ?? ConfusionMatrix(truePositives: group.truePositives[k], falsePositives: group.falsePositives[k],
                                   trueNegatives: group.negatives - group.falsePositives[k],
                                   falseNegatives: group.positives - group.truePositives[k])
            sum.truePositives += counts.truePositives
            sum.falsePositives += counts.falsePositives
            sum.trueNegatives += counts.trueNegatives
            sum.falseNegatives += counts.falseNegatives
            let features = slice.spec.map { plan.names(ofSpec: $0) } ?? []
            let values = slice.values.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            let name = zip(features, values).map { "\($0)=\($1 ?? "(missing)")" }.joined(separator: " & ")
            result.slices.append(ThresholdPlan.Decision(name: name, features: features, values: values, examples: rows[position],
                                                        constrained: strategy == .equalizedOdds ? mixed[position] != nil : bound[position],
                                                        threshold: mixed[position] == nil ? single ?? group.thresholds[k] : nil, mix: mixed[position]?.mix,
                                                        counts: counts, cost: counts.falsePositives * costRatio + counts.falseNegatives))
        }
        result.total = ThresholdPlan.Decision(name: "overall", features: [], values: [], examples: rows.reduce(0, +), constrained: false,
                                              threshold: single, counts: sum,
                                              cost: sum.falsePositives * costRatio + sum.falseNegatives)
        return result
    }
}
