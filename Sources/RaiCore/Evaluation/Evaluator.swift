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
        if let classRequest = request.classes {
            var arrayLength: Int?
            if case .array(let key) = classRequest.scores, classRequest.names.isEmpty {
                arrayLength = try Engine.firstArrayLength(&input, key: key)
                guard arrayLength != nil else {
                    throw .usage("no row of the first MiB has an array under '\(key)'; name its classes with --classes a,b,c")
                }
            }
            let available = input.header?.names ?? input.firstObjectKeys
            let classes = try classRequest.resolve(available: available, arrayLength: arrayLength)
            // A class without its score column is a mistake in the command, named before reading.
            if let available {
                for (name, column) in zip(classes.names, classes.scoreColumns) where !available.contains(column) {
                    throw .usage("the score column '\(column)' of class '\(name)' is not in \(input.source.displayName); "
                                 + "the columns are: \(available.joined(separator: ", "))")
                }
            }
            return try countClasses(classes, request: request, input: &input, plan: plan, progress: progress)
        }
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
        return try run(request: request, input: &input, layout: &layout, plan: plan, tasks: tasks, weight: weight, classes: nil,
                       parameters: EvalParameters(request), progress: progress)
    }

    /// The layout of a multi-class or multi-label model: K one-vs-rest (or binary) tasks, each a
    /// label flag and a score column; for multi-class, the true class (and the predicted class
    /// of hard predictions) for the confusion matrix and top-k ranks.
    private static func countClasses(_ classes: ClassParameters, request: EvaluationRequest, input: inout RowSource, plan: SlicePlan,
                                     progress: (any ProgressObserver)?) throws(RaiError) -> EvalPartial {
        var layout = RowLayout()
        let labels = classes.kind == .multiLabel ? classes.labelColumns : [request.labelColumn]
        // Slots in the order messages list missing columns: labels, scores, prediction, weight.
        for column in labels + classes.scoreColumns + [classes.scoreArrayColumn, classes.predictionColumn, request.weightColumn].compactMap({ $0 }) {
            _ = layout.slot(column)
        }
        var tasks: [EvalTask] = []
        var counted: EvalClasses?
        let weight: Int?
        switch classes.kind {
        case .multiLabel:
            let rule = LabelRule(positiveLabel: request.positiveLabel)
            let flags = labels.map { layout.addFlag($0, meaning: .label, rule: rule) }
            tasks = zip(flags, classes.scoreColumns).map { EvalTask(label: $0, score: layout.addNumber($1, meaning: .score)) }
            weight = request.weightColumn.map { layout.addNumber($0, meaning: .weight) }
        case .multiClass:
            var scores = classes.scoreColumns.map { layout.addNumber($0, meaning: .score) }
            weight = request.weightColumn.map { layout.addNumber($0, meaning: .weight) }
            if let key = classes.scoreArrayColumn {
                let base = layout.addScoreArray(key, count: classes.names.count)
                scores = classes.names.indices.map { base + $0 }
            }
            let label = layout.addClass(request.labelColumn, meaning: .label, names: classes.names)
            let predicted = classes.predictionColumn.map { layout.addClass($0, meaning: .prediction, names: classes.names).classColumn }
            if let flags = label.flags { tasks = scores.indices.map { EvalTask(label: flags + $0, score: scores[$0]) } }
            counted = EvalClasses(count: classes.names.count, trueClass: label.classColumn, predicted: predicted, ranks: classes.rankDepth)
        }
        var parameters = EvalParameters(request)
        parameters.classes = classes
        return try run(request: request, input: &input, layout: &layout, plan: plan, tasks: tasks, weight: weight, classes: counted,
                       parameters: parameters, progress: progress)
    }

    /// Adds the slice columns and the row key, sizes the weights, and counts.
    private static func run(request: EvaluationRequest, input: inout RowSource, layout: inout RowLayout, plan: SlicePlan, tasks: [EvalTask],
                            weight: Int?, classes: EvalClasses?, parameters: EvalParameters,
                            progress: (any ProgressObserver)?) throws(RaiError) -> EvalPartial {
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
            return try run(Weighted.self, input, layout: layout, plan: plan, tasks: tasks, weight: weight, classes: classes,
                           parameters: parameters, request: request, progress: progress)
        }
        return try run(Unweighted.self, input, layout: layout, plan: plan, tasks: tasks, weight: nil, classes: classes,
                       parameters: parameters, request: request, progress: progress)
    }

    private static func run<W: Weighting>(
        _: W.Type, _ input: RowSource, layout: RowLayout, plan: SlicePlan, tasks: [EvalTask], weight: Int?, classes: EvalClasses?,
        parameters: EvalParameters, request: EvaluationRequest, progress: (any ProgressObserver)?
    ) throws(RaiError) -> EvalPartial {
        let collectors = parameters.scoreBudgetPerTask.map { budget in tasks.indices.map { ScoreCollector<W>(budget: budget, task: $0) } }
        let applier = collectors.map { ScoreApplier(collectors: $0, batches: request.threads + 2) }
        let run: EngineRun<EvalCounter<W>>
        do {
            run = try Engine.run(input, path: request.path, layout: layout, sliceColumns: plan.columns.count,
                                 options: request.engineOptions, progress: progress) {
                EvalCounter<W>(thresholds: request.thresholds, tasks: tasks, baseline: request.baselineScoreColumn != nil, classes: classes,
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
        if request.baselineScoreColumn != nil { totals.joint = CellTable(cellsPerGroup: bins * bins) }
        if let classes {
            totals.confusion = CellTable(cellsPerGroup: classes.confusionCells)
            if classes.ranks > 0 { totals.ranks = CellTable(cellsPerGroup: classes.rankCells) }
        }
        totals.bootstrap = request.bootstrap.map {
            BootstrapCounts(replicates: $0.replicates, seed: $0.seed, bins: bins, weighted: W.isWeighted)
        }
        var overflowed = !((applier?.finish() ?? true) && (collectors?.allSatisfy { $0.finish() } ?? true))
        for (counter, shared) in run.counters {
            overflowed = !counter.cells.add(to: &totals.cells, sharedIndex: shared) || overflowed
            if let joint = counter.joint { overflowed = !joint.add(to: &totals.joint!, sharedIndex: shared) || overflowed }
            if let confusion = counter.confusion { overflowed = !confusion.add(to: &totals.confusion!, sharedIndex: shared) || overflowed }
            if let ranks = counter.ranks, totals.ranks != nil { overflowed = !ranks.add(to: &totals.ranks!, sharedIndex: shared) || overflowed }
            if let bootstrap = totals.bootstrap, let replicates = counter.bootstrap {
                for local in shared.indices { replicates.add(local: local, to: bootstrap, shared: Int(shared[local])) }
            }
            overflowed = overflowed || counter.cells.hasOverflowed || counter.joint?.hasOverflowed == true
                || counter.confusion?.hasOverflowed == true || counter.ranks?.hasOverflowed == true
        }
        totals.cells.reserve(groups: run.combinations.count)
        totals.confusion?.reserve(groups: run.combinations.count)
        totals.ranks?.reserve(groups: run.combinations.count)
        if overflowed || !totals.totalsFit { throw .data(DataError(path: input.source.displayName, kind: .countOverflow)) }
        let partial = W.isWeighted ? EvalPartial.Totals.weighted(totals as! EvalTotals<Weighted>)
                                   : .unweighted(totals as! EvalTotals<Unweighted>)
        return EvalPartial(parameters: parameters, inputs: [run.input], combinations: run.combinations,
                           scale: layout.weightScale, totals: partial)
    }
}

/// What `rai eval` counted, added up over the workers, by shared combination of slice values.
struct EvalTotals<W: Weighting> {
    /// Per combination, for each task and threshold bin (`task * bins + bin`).
    var cells: CellTable
    /// Per combination, with a baseline model: the joint bin of both tasks (`candidate * bins + baseline`).
    var joint: CellTable?
    /// Per combination, multi-class: the confusion matrix (`true * K + predicted`), every row a
    /// positive amount.
    var confusion: CellTable?
    /// Per combination, multi-class with top-k beyond 1: each class's rank bin
    /// (`class * (depth + 1) + min(rank, depth)`), positive where the class is the true one.
    var ranks: CellTable?
    var bootstrap: BootstrapCounts?
    /// The score tables of each task, by combination; nil without AUC.
    var collectors: [ScoreCollector<W>]?
}
