import Foundation
import RaiTables

/// What `rai privacy` found: the threshold attack on every slice, and what it read.
public struct PrivacyResult: Sendable {
    public var input: InputSummary
    public var request: PrivacyRequest
    /// Overall, then by class, by loss percentile, by correctness, then each feature spec.
    public var slices: [AttackResult]
    /// A multi-class model's classes and score columns, as resolved against the input.
    public var classes: ClassParameters?
    /// Whether every distinct loss was kept apart in every slice.
    public var isExact: Bool { slices.allSatisfy(\.isExact) }

    /// Every spec a gate may name: the derived ones (`class`, `loss_percentile`, `correct`)
    /// and the `--slice` specs.
    public var sliceSpecs: [[String]] {
        var specs: [[String]] = []
        for slice in slices where !slice.features.isEmpty && !specs.contains(slice.features) { specs.append(slice.features) }
        return specs
    }

    /// A line describing the attack signal, for reports.
    public var lossDescription: String {
        if let loss = request.lossColumn { return "column '\(loss)'" }
        if request.classes != nil {
            return "cross-entropy of the true class in '\(request.labelColumn ?? "")' under the class scores (probabilities, clipped below at 1e-15)"
        }
        let kind = request.scoreKind == .logit ? "logit" : "probability, clipped to [1e-15, 1 − 1e-15]"
        return "binary cross-entropy of '\(request.labelColumn ?? "")' under '\(request.scoreColumn ?? "")' (\(kind))"
    }

    /// A line describing membership, for reports.
    public var membershipDescription: String {
        switch request.membership {
        case .column(_, let column, let value?): return "column '\(column)' equal to '\(value)'"
        case .column(_, let column, nil): return "column '\(column)' (1/true = member)"
        case .files(let train, let test): return "rows of '\(train)' are members, rows of '\(test)' are not"
        }
    }
}

/// Runs `rai privacy`: membership inference by loss threshold, per slice (TF Privacy's
/// membership-inference tests). It is eval's AUC computation with membership as the label and
/// −loss as the score: the `Engine` reads the file(s) with a `PrivacyCounter` per worker, which
/// feeds the shared `ScoreCollector` (one group per combination of slice values and part of a
/// `AttackGroup`), and each slice's attack is swept from those tables (`AttackSweep`).
public enum MembershipInference {
    public static func run(_ request: PrivacyRequest, progress: (any ProgressObserver)? = nil) throws(RaiError) -> PrivacyResult {
        let plan = SlicePlan(specs: request.slices)
        var counted: Counted
        switch request.membership {
        case .column(let path, let column, let value):
            counted = try count(path, member: .column(column, value), request: request, plan: plan, progress: progress)
        case .files(let train, let test):
            let members = try count(train, member: .constant(true), request: request, plan: plan, progress: progress)
            let others = try count(test, member: .constant(false), request: request, plan: plan, progress: progress)
            guard members.classNames == others.classNames else {
                throw .usage("the classes of \(train) (\(members.classNames.joined(separator: ", "))) and \(test) (\(others.classNames.joined(separator: ", "))) differ; name them with --classes")
            }
            counted = members
            counted.input = InputSummary.merged([members.input, others.input])
            // The test file's combinations join the train file's by their values.
            var indexOf = [Combination: Int](uniqueKeysWithValues: members.combinations.enumerated().map { ($1, $0) })
            var map: [Int] = []
            for combination in others.combinations {
                if indexOf[combination] == nil {
                    indexOf[combination] = counted.combinations.count
                    counted.combinations.append(combination)
                }
                map.append(indexOf[combination]!)
            }
            let parts = AttackGroup(classes: members.classNames.count).parts
            let groups = (0..<others.collector.tables.count).map { map[$0 / parts] * parts + $0 % parts }
            guard counted.collector.merge(others.collector, groups: groups) else {
                throw .data(DataError(path: test, kind: .countOverflow))
            }
        }
        return analyse(counted, plan: plan, request: request)
    }

    private enum MemberSource {
        case column(String, String?)
        case constant(Bool)
    }

    /// What was read: the score tables, the combinations of slice values, the input, and the
    /// true classes' names (one unnamed class without a label).
    struct Counted {
        var collector: ScoreCollector<Unweighted>
        var combinations: [Combination]
        var input: InputSummary
        var classNames: [String]
        var classes: ClassParameters?
    }

    /// Reads one file into a score collector.
    private static func count(_ path: String, member: MemberSource, request: PrivacyRequest, plan: SlicePlan,
                              progress: (any ProgressObserver)?) throws(RaiError) -> Counted {
        var input = try RowSource.open(path: path, format: request.format, delimiter: request.delimiter,
                                       blockSize: request.engineOptions.blockSize, maximumLineLength: request.engineOptions.maximumLineLength,
                                       computeDigest: false)
        var layout = RowLayout()
        var memberRole = PrivacyCounter.Member.constant(false)
        switch member {
        case .column(let column, let value):
            memberRole = .column(layout.addFlag(column, meaning: .member, rule: LabelRule(positiveLabel: value)))
        case .constant(let value):
            memberRole = .constant(value)
        }
        var truth = PrivacyCounter.Truth.none
        var classNames = [""]
        var resolved: ClassParameters?
        var loss: Int?
        if let classRequest = request.classes, let labelColumn = request.labelColumn {
            var arrayLength: Int?
            if case .array(let key) = classRequest.scores, classRequest.names.isEmpty {
                arrayLength = try Engine.firstArrayLength(&input, key: key)
                guard arrayLength != nil else {
                    throw .usage("no row of the first MiB has an array under '\(key)'; name its classes with --classes a,b,c")
                }
            }
            let classes = try classRequest.resolve(available: input.header?.names ?? input.firstObjectKeys, arrayLength: arrayLength)
            var scores = classes.scoreColumns.map { layout.addNumber($0, meaning: .score) }
            if let key = classes.scoreArrayColumn {
                let base = layout.addScoreArray(key, count: classes.names.count)
                scores = classes.names.indices.map { base + $0 }
            }
            let label = layout.addClass(labelColumn, meaning: .label, names: classes.names).classColumn
            truth = .multiClass(classColumn: label, scores: scores)
            classNames = classes.names
            resolved = classes
            if request.lossColumn == nil { loss = layout.addLoss(.trueClass(classColumn: label, scores: scores)) }
        } else if let labelColumn = request.labelColumn {
            let label = layout.addFlag(labelColumn, meaning: .label, rule: LabelRule(positiveLabel: request.positiveLabel))
            let score = request.scoreColumn.map { layout.addNumber($0, meaning: .score) }
            truth = .binary(label: label, score: score, kind: request.scoreKind)
            classNames = ["0", "1"]
            if request.lossColumn == nil, let score { loss = layout.addLoss(.binary(label: label, score: score, kind: request.scoreKind)) }
        }
        if let column = request.lossColumn {
            // Number roles come before computed losses and score arrays: a loss column is read
            // like a score, so it joins them when there are none of those yet.
            guard layout.losses.isEmpty && layout.scoreArrays.isEmpty else {
                throw .usage("--loss with --class-score-array is not supported; give class scores as columns (--class-scores)")
            }
            loss = layout.addNumber(column, meaning: .loss)
        }
        guard let loss else { throw .usage("give --loss COLUMN, or --label and --score (or class scores) to compute the loss") }
        layout.addSliceColumns(plan)
        let collector = ScoreCollector<Unweighted>(budget: request.scoreBudget)
        let applier = ScoreApplier(collectors: [collector], batches: request.threads + 2)
        let groups = AttackGroup(classes: classNames.count)
        let run = try Engine.run(input, path: path, layout: layout, sliceColumns: plan.columns.count, options: request.engineOptions,
                                 progress: progress) {
            PrivacyCounter(member: memberRole, loss: loss, truth: truth, groups: groups, applier: applier)
        }
        guard applier.finish() && collector.finish() else { throw .data(DataError(path: input.source.displayName, kind: .countOverflow)) }
        return Counted(collector: collector, combinations: run.combinations, input: run.input, classNames: classNames, classes: resolved)
    }

    /// A slice to attack: what it is, and the groups of the score tables it is made of.
    private struct SliceDefinition {
        var kind: AttackResult.Kind
        var features: [String]
        var values: [String?]
        var groups: [Int]
    }

    static func analyse(_ counted: Counted, plan: SlicePlan, request: PrivacyRequest) -> PrivacyResult {
        let collector = counted.collector, combinations = counted.combinations
        let attackGroups = AttackGroup(classes: counted.classNames.count)
        let parts = attackGroups.parts
        let groupCount = combinations.count * parts
        // Members (positives) and non-members of each group.
        var groupTotals = [(members: Int128, nonMembers: Int128)](repeating: (0, 0), count: groupCount)
        for (group, table) in collector.tables.enumerated() where group < groupCount {
            table.forEachSlot { slot, _ in
                let bucket = table.bucket(at: slot)
                groupTotals[group].members += Int128(bucket.positives)
                groupTotals[group].nonMembers += Int128(bucket.negatives)
            }
        }
        let everything = Array(0..<groupCount)
        var definitions = [SliceDefinition(kind: .entireDataset, features: [], values: [], groups: everything)]
        if request.slicesByClass {
            for (index, name) in counted.classNames.enumerated() {
                definitions.append(SliceDefinition(kind: .trueClass, features: ["class"], values: [name],
                                                   groups: everything.filter { attackGroups.trueClass(ofGroup: $0) == index }))
            }
        }
        let percentileAt = definitions.count
        if request.slicesByCorrectness {
            for correct in [false, true] {
                definitions.append(SliceDefinition(kind: .correctness, features: ["correct"], values: [correct ? "true" : "false"],
                                                   groups: everything.filter { attackGroups.isCorrect(group: $0) == correct }))
            }
        }
        let rollup = SliceRollup(plan: plan, combinations: combinations)
        for slice in rollup.slices {
            guard let spec = slice.spec else { continue }
            definitions.append(SliceDefinition(kind: .feature, features: plan.names(ofSpec: spec),
                                               values: slice.values.map { $0.map { String(decoding: $0, as: UTF8.self) } },
                                               groups: slice.members.flatMap { combination in (0..<parts).map { combination * parts + $0 } }))
        }
        let totals = definitions.map { definition in
            definition.groups.reduce((members: Int128(0), nonMembers: Int128(0))) {
                ($0.members + groupTotals[$1].members, $0.nonMembers + groupTotals[$1].nonMembers)
            }
        }
        let sweeps = collector.sweep(sliceMembers: definitions.map(\.groups)) { index in
            AttackSweep(members: totals[index].members, nonMembers: totals[index].nonMembers, keepsCurve: request.curves)
        }
        var slices = zip(definitions, sweeps).map { definition, sweep in
            result(definition.kind, features: definition.features, values: definition.values, sweep: sweep, request: request)
        }
        // Loss percentiles of the whole data set: a first sweep for each tenth's totals, a second for its attack.
        let rows = totals[0].members + totals[0].nonMembers
        let split = collector.sweep(sliceMembers: [everything]) { _ in PercentileSplit(rows: rows) }[0]
        let attacks = collector.sweep(sliceMembers: [everything]) { _ in
            PercentileSplit(rows: rows, totals: split.totals, keepsCurve: request.curves)
        }[0].attacks!
        let percentiles = attacks.enumerated().compactMap { bucket, sweep in
            sweep.members + sweep.nonMembers == 0 ? nil
                : result(.lossPercentile, features: ["loss_percentile"], values: [PercentileSplit.name(of: bucket)], sweep: sweep, request: request)
        }
        slices.insert(contentsOf: percentiles, at: percentileAt)
        // Derived slices no row falls in (every label the same, say) are left out.
        slices.removeAll { $0.kind != .feature && $0.kind != .entireDataset && $0.examples == 0 }
        return PrivacyResult(input: counted.input, request: request, slices: slices, classes: counted.classes)
    }

    private static func result(_ kind: AttackResult.Kind, features: [String], values: [String?], sweep: AttackSweep,
                               request: PrivacyRequest) -> AttackResult {
        let members = Int(sweep.members), nonMembers = Int(sweep.nonMembers)
        var result = AttackResult(kind: kind, features: features, values: values, members: members, nonMembers: nonMembers,
                                  withheldReason: nil, auc: .undefined, isExact: sweep.isExact)
        if members + nonMembers < request.minimumSliceSize {
            result.withheldReason = "fewer than \(request.minimumSliceSize) examples"
        } else if members == 0 {
            result.withheldReason = "no members (training examples) in the slice"
        } else if nonMembers == 0 {
            result.withheldReason = "no non-members (held-out examples) in the slice"
        }
        guard result.withheldReason == nil else { return result }
        result.auc = sweep.area.result
        if let value = result.auc.value {
            result.aucInterval = .hanleyMcNeil(auc: value, positives: members, negatives: nonMembers,
                                               z: ConfidenceInterval.zScore(confidence: request.confidence))
        }
        result.advantage = sweep.advantage
        let alpha = 1 - request.confidence
        result.advantageChanceLevel = (-log(alpha / 2) / 2).squareRoot() * (1 / Double(members) + 1 / Double(nonMembers)).squareRoot()
        if sweep.hasThreshold {
            let tp = Double(sweep.truePositives), predicted = Double(sweep.predictedMembers)
            result.truePositiveRate = tp / Double(members)
            result.falsePositiveRate = (predicted - tp) / Double(nonMembers)
            result.positivePredictiveValue = predicted > 0 ? tp / predicted : nil
            result.lossThreshold = sweep.lossThreshold
        }
        if request.curves {
            result.curve = sweep.rocPoints.map { ROCPoint(falsePositiveRate: $0.fpr, truePositiveRate: $0.tpr) }
        }
        return result
    }
}
