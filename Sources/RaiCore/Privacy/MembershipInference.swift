import Foundation
import RaiTables

/// What `rai privacy` found: the threshold attack on every slice, and what it read.
public struct PrivacyResult: Sendable {
    public var input: InputSummary
    public var request: PrivacyRequest
    /// Overall, then by class, by loss percentile, by correctness, then each feature spec.
    public var slices: [AttackResult]
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
        var counted: (collector: ScoreCollector<Unweighted>, combinations: [Combination], input: InputSummary)
        switch request.membership {
        case .column(let path, let column, let value):
            counted = try count(path, member: .column(column, value), request: request, plan: plan, progress: progress)
        case .files(let train, let test):
            let members = try count(train, member: .constant(true), request: request, plan: plan, progress: progress)
            let others = try count(test, member: .constant(false), request: request, plan: plan, progress: progress)
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
            let groups = (0..<others.collector.tables.count).map { map[$0 / AttackGroup.parts] * AttackGroup.parts + $0 % AttackGroup.parts }
            guard counted.collector.merge(others.collector, groups: groups) else {
                throw .data(DataError(path: test, kind: .countOverflow))
            }
        }
        return analyse(counted.collector, combinations: counted.combinations, plan: plan, input: counted.input, request: request)
    }

    private enum MemberSource {
        case column(String, String?)
        case constant(Bool)
    }

    /// Reads one file into a score collector.
    private static func count(_ path: String, member: MemberSource, request: PrivacyRequest, plan: SlicePlan,
                              progress: (any ProgressObserver)?) throws(RaiError)
        -> (collector: ScoreCollector<Unweighted>, combinations: [Combination], input: InputSummary) {
        let input = try RowSource.open(path: path, format: request.format, delimiter: request.delimiter,
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
        let label = request.labelColumn.map { layout.addFlag($0, meaning: .label, rule: LabelRule(positiveLabel: request.positiveLabel)) }
        let score = request.scoreColumn.map { layout.addNumber($0, meaning: .score) }
        let loss: Int
        if let column = request.lossColumn {
            loss = layout.addNumber(column, meaning: .loss)
        } else {
            guard let label, let score else { throw .usage("give --loss COLUMN, or --label and --score to compute the loss") }
            loss = layout.addLoss(label: label, score: score, kind: request.scoreKind)
        }
        layout.addSliceColumns(plan)
        let collector = ScoreCollector<Unweighted>(budget: request.scoreBudget)
        let applier = ScoreApplier(collectors: [collector], batches: request.threads + 2)
        let run = try Engine.run(input, path: path, layout: layout, sliceColumns: plan.columns.count, options: request.engineOptions,
                                 progress: progress) {
            PrivacyCounter(member: memberRole, loss: loss, label: label, score: request.slicesByCorrectness ? score : nil,
                           scoreKind: request.scoreKind, applier: applier)
        }
        guard applier.finish() && collector.finish() else { throw .data(DataError(path: input.source.displayName, kind: .countOverflow)) }
        return (collector, run.combinations, run.input)
    }

    /// A slice to attack: what it is, and the groups of the score tables it is made of.
    private struct SliceDefinition {
        var kind: AttackResult.Kind
        var features: [String]
        var values: [String?]
        var groups: [Int]
    }

    static func analyse(_ collector: ScoreCollector<Unweighted>, combinations: [Combination], plan: SlicePlan,
                        input: InputSummary, request: PrivacyRequest) -> PrivacyResult {
        let parts = AttackGroup.parts
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
            for positive in [false, true] {
                definitions.append(SliceDefinition(kind: .trueClass, features: ["class"], values: [positive ? "1" : "0"],
                                                   groups: everything.filter { AttackGroup.isPositive(part: $0 % parts) == positive }))
            }
        }
        let percentileAt = definitions.count
        if request.slicesByCorrectness {
            for correct in [false, true] {
                definitions.append(SliceDefinition(kind: .correctness, features: ["correct"], values: [correct ? "true" : "false"],
                                                   groups: everything.filter { AttackGroup.isCorrect(part: $0 % parts) == correct }))
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
        return PrivacyResult(input: input, request: request, slices: slices)
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
        if sweep.thresholdKey != nil {
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
