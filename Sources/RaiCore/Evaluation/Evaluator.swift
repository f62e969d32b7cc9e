import Foundation

/// Runs `rai eval`: describes the columns it reads (`RowLayout`: the label, the score, an optional
/// baseline model's score and weight, the slice columns), counts them with one `EvalCounter` per
/// worker through the `Engine`, adds up the workers' counts by combination of slice values and
/// builds the slices.
public enum Evaluator {
    /// Counts the input and builds the report's slices, with the calibration and curves
    /// `scoreAnalyses` asks for.
    public static func evaluate(_ request: EvaluationRequest, scoreAnalyses: ScoreAnalyses = .none,
                                progress: (any ProgressObserver)? = nil) throws(RaiError) -> EvaluationResult {
        EvaluationResult(try count(request, progress: progress), scoreAnalyses: scoreAnalyses)
    }

    /// Counts the input into a partial result (`rai eval --partial`, and the first step of every
    /// evaluation).
    public static func count(_ request: EvaluationRequest, progress: (any ProgressObserver)? = nil) throws(RaiError) -> EvalPartial {
        if request.thresholds.count > EvaluationRequest.maximumThresholds {
            throw .usage("\(request.thresholds.count) distinct thresholds given; rai takes at most \(EvaluationRequest.maximumThresholds), "
                + "since the report holds every rate at every threshold for every slice. Keep the thresholds decisions use; "
                + "AUC covers the whole curve")
        }
        // Refused before anything is read when not even one combination fits.
        if let memory = request.bootstrapMemory, memory.maximumCombinations < 1 { throw memory.refusal }
        var input = try RowSource.open(path: request.path, format: request.format, delimiter: request.delimiter,
                                       blockSize: request.effectiveBlockSize, maximumLineLength: request.effectiveMaximumLineLength,
                                       computeDigest: request.computeDigest)
        let plan = SlicePlan(specs: request.slices)
        var layout = RowLayout()
        // Slots in the order messages list missing columns: label, score, weight, baseline.
        for column in [request.labelColumn, request.scoreColumn] + [request.weightColumn, request.baselineScoreColumn].compactMap({ $0 }) {
            _ = layout.slot(column)
        }
        let label = layout.addFlag(request.labelColumn, meaning: .label, rule: LabelRule(positiveLabel: request.positiveLabel))
        var tasks = [EvalTask(label: label, score: layout.addNumber(request.scoreColumn, meaning: .score))]
        if let baseline = request.baselineScoreColumn {
            tasks.append(EvalTask(label: label, score: layout.addNumber(baseline, meaning: .score)))
        }
        let weight = request.weightColumn.map { layout.addNumber($0, meaning: .weight) }
        layout.addSliceColumns(plan)
        if let rowId = request.rowIdColumn, request.bootstrap != nil { layout.setRowKey(rowId) }
        if let weight {
            try input.checkColumns(layout)
            let sample = try Engine.firstValues(&input, layout: layout, slot: layout.numbers[weight].slot, rows: 1_000, bytes: 8 << 20)
            let reference = sample.filter { $0.isFinite && $0 >= 0 }.max() ?? 0
            // Sums of squared weights (effective sizes) and products of weight sums (AUC) must stay
            // finite, normal doubles.
            if reference > 0 && abs(Int(reference.exponent)) > 400 {
                throw .data(DataError(path: input.source.displayName, columnName: request.weightColumn,
                                      kind: .weightScaleOutOfRange(reference: reference)))
            }
            layout.weightScale = WeightScale(reference: reference)
            return try run(Weighted.self, input, layout: layout, plan: plan, tasks: tasks, weight: weight, request: request, progress: progress)
        }
        return try run(Unweighted.self, input, layout: layout, plan: plan, tasks: tasks, weight: nil, request: request, progress: progress)
    }

    private static func run<W: Weighting>(
        _: W.Type, _ input: RowSource, layout: RowLayout, plan: SlicePlan, tasks: [EvalTask], weight: Int?,
        request: EvaluationRequest, progress: (any ProgressObserver)?
    ) throws(RaiError) -> EvalPartial {
        let collectors = request.computeAUC ? tasks.indices.map { ScoreCollector<W>(budget: request.scoreBudget, task: $0) } : nil
        let applier = collectors.map { ScoreApplier(collectors: $0, batches: request.threads + 2) }
        let run: EngineRun<EvalCounter<W>>
        do {
            run = try Engine.run(input, path: request.path, layout: layout, sliceColumns: plan.columns.count,
                                 options: request.engineOptions, progress: progress) {
                EvalCounter<W>(thresholds: request.thresholds, tasks: tasks, baseline: request.baselineScoreColumn != nil, classes: nil,
                               weight: weight, scale: layout.weightScale, bootstrap: request.bootstrap, applier: applier)
            }
        } catch {
            // The combinations' limit was the bootstrap's memory budget: say so, and what it costs.
            if case .data(let problem) = error, case .tooManyCombinations = problem.kind, let memory = request.bootstrapMemory,
               memory.maximumCombinations < request.maximumCombinations {
                throw memory.refusal
            }
            throw error
        }
        let bins = request.thresholds.count + 1
        var totals = EvalTotals<W>(cells: CellTable(cellsPerGroup: tasks.count * bins), collectors: collectors)
        if tasks.count == 2 { totals.joint = CellTable(cellsPerGroup: bins * bins) }
        totals.bootstrap = request.bootstrap.map {
            BootstrapCounts(replicates: $0.replicates, seed: $0.seed, bins: bins, weighted: W.isWeighted)
        }
        var overflowed = !((applier?.finish() ?? true) && (collectors?.allSatisfy { $0.finish() } ?? true))
        for (counter, shared) in run.counters {
            overflowed = !counter.cells.add(to: &totals.cells, sharedIndex: shared) || overflowed
            if let joint = counter.joint { overflowed = !joint.add(to: &totals.joint!, sharedIndex: shared) || overflowed }
            if let bootstrap = totals.bootstrap, let replicates = counter.bootstrap {
                for local in shared.indices { replicates.add(local: local, to: bootstrap, shared: Int(shared[local])) }
            }
            overflowed = overflowed || counter.cells.hasOverflowed || counter.joint?.hasOverflowed == true
        }
        totals.cells.reserve(groups: run.combinations.count)
        if overflowed || !totals.totalsFit { throw .data(DataError(path: input.source.displayName, kind: .countOverflow)) }
        let partial = W.isWeighted ? EvalPartial.Totals.weighted(totals as! EvalTotals<Weighted>)
                                   : .unweighted(totals as! EvalTotals<Unweighted>)
        return EvalPartial(parameters: EvalParameters(request), inputs: [run.input], combinations: run.combinations,
                           scale: layout.weightScale, totals: partial)
    }
}

/// What `rai eval` counted, added up over the workers, by shared combination of slice values.
struct EvalTotals<W: Weighting> {
    /// Per combination, for each task and threshold bin (`task * bins + bin`).
    var cells: CellTable
    /// Per combination, with a baseline model: the joint bin of both tasks (`candidate * bins + baseline`).
    var joint: CellTable?
    var bootstrap: BootstrapCounts?
    /// The score tables of each task, by combination; nil without AUC.
    var collectors: [ScoreCollector<W>]?
}
