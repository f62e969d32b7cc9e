import Foundation

/// A pass/fail check on the analysis, for CI: `KIND(ARGUMENTS) OP BOUND`.
///
/// ```
/// gap(false_positive_rate, race, 0.5) <= 0.05     largest − smallest FPR across race at 0.5
/// ratio(positive_rate, sex) >= 0.8                 smallest / largest, at every threshold
/// difference(fnr, race, 0.5) <= 0.1               largest |slice − reference|
/// min(auc, min_examples=100) >= 0.75              every slice of every spec with ≥ 100 rows
/// max(fpr, sex&race, 0.5) <= 0.3                  the worst slice of the sex × race cross
/// demographic_parity_ratio(sex, 0.5) >= 0.8       any named criterion (see FairnessAnalysis)
/// change(gap(fpr, race, 0.5)) <= 0.01             candidate − baseline (with --baseline-score)
/// max(flip_rate, race, 0.5) <= 0.1                 share of decisions that differ from the baseline
/// ```
/// Arguments are a metric (rates by TFMA name or short alias such as `fpr`; `auc` for min/max),
/// a slice spec (columns joined by `&`), a threshold, and the options `min_examples=N` (slices
/// with fewer rows are ignored; default: the analysis' minimum slice size) and `skip_undefined`
/// (slices where the metric is undefined are ignored instead of failing the gate), `skip_small`
/// (withheld slices, under the minimum slice size, are ignored; without it or `min_examples`
/// they fail the gate, with the reason) and `significant`
/// (a gap, ratio or difference fails only if a slice behind it differs significantly from its
/// comparison group after Benjamini–Hochberg correction). Without a
/// threshold the gate must hold at every threshold. Bounds with `<=`/`>=` are inclusive, as in
/// TFMA; `<` and `>` are strict.
public struct Gate: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case gap, ratio, difference, min, max, criterion
    }

    public enum Comparison: String, Sendable {
        case atMost = "<=", atLeast = ">=", below = "<", above = ">"

        func holds(_ value: Double, _ bound: Double) -> Bool {
            switch self {
            case .atMost: return value <= bound
            case .atLeast: return value >= bound
            case .below: return value < bound
            case .above: return value > bound
            }
        }
    }

    public var text: String
    public var kind: Kind
    /// A rate, `auc`, or the criterion's name.
    public var metric: String
    /// The spec's columns; empty for "every spec" (min/max only).
    public var spec: [String]
    public var threshold: Double?
    public var comparison: Comparison
    public var bound: Double
    public var minimumExamples: Int?
    public var skipUndefined: Bool
    /// With `skip_small`: withheld (small) slices in the gate's scope are ignored instead of
    /// failing the gate. An explicit `min_examples=N` also says which slices to skip.
    public var skipSmall = false
    /// With `significant`: a gap, ratio or difference over its bound fails the gate only when a
    /// slice responsible for it differs significantly from its comparison group after the
    /// Benjamini–Hochberg correction.
    public var requireSignificance = false
    /// `change(…)`: the value compared is the candidate's minus the baseline model's.
    public var isChange = false
    /// Named arguments other than `min_examples` (`class=cat`, `column=age`): what they mean is
    /// the command's; its `GateVocabulary` says which it accepts.
    public var qualifiers: [String: String] = [:]

    public var description: String { text }

    /// `top_k=K`: the gate is checked at the top-k operating point (multi-class).
    public var topK: Int? { qualifiers["top_k"].flatMap { Int($0) } }

    /// `top_n=N` or `top_percent=P`: the gate is checked at that top-rows operating point
    /// (`--top-n`, `--top-percent`); nil when neither is given or the value is not a number.
    public var topRows: TopRows? {
        if let n = qualifiers["top_n"] { return Int(n).map { .count($0) } }
        return qualifiers["top_percent"].flatMap { DecimalParser.parse($0) }.map { .percent($0) }
    }

    /// `class=NAME`: the one class a per-class gate checks (multi-class and multi-label).
    public var className: String? { qualifiers["class"] }

    /// Parses one gate in the words of `vocabulary` (the metrics, criteria and qualifiers of the
    /// command that checks it); the error message says what is wrong.
    public static func parse(_ text: String, vocabulary: GateVocabulary = .evaluation) throws(RaiError) -> Gate {
        func fail(_ why: String) -> RaiError { .usage("cannot read gate '\(text)': \(why)") }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("change("), let close = trimmed.lastIndex(of: ")") {
            let inner = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 7)..<close]
            var gate = try parse(inner + " " + trimmed[trimmed.index(after: close)...], vocabulary: vocabulary)
            gate.isChange = true
            gate.text = trimmed
            return gate
        }
        guard let open = trimmed.firstIndex(of: "("), let close = trimmed.lastIndex(of: ")"), open < close else {
            throw fail("expected KIND(ARGUMENTS) OP BOUND, e.g. gap(fpr, race, 0.5) <= 0.05")
        }
        let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).lowercased()
        let arguments = trimmed[trimmed.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let rest = trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard let comparison = [Comparison.atMost, .atLeast, .below, .above].first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw fail("expected <=, >=, < or > after the parenthesis")
        }
        let boundText = rest.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
        guard let bound = DecimalParser.parse(boundText) else { throw fail("bound '\(boundText)' is not a number") }

        var positional: [String] = []
        var minimumExamples: Int?
        var skipUndefined = false
        var skipSmall = false
        var requireSignificance = false
        var qualifiers: [String: String] = [:]
        for argument in arguments where !argument.isEmpty {
            if argument == "skip_small" {
                skipSmall = true
            } else if argument == "significant" {
                requireSignificance = true
            } else if argument == "skip_undefined" {
                skipUndefined = true
            } else if argument.hasPrefix("min_examples=") {
                guard let n = Int(argument.dropFirst("min_examples=".count)), n >= 0 else { throw fail("min_examples needs a whole number") }
                minimumExamples = n
            } else if let equals = argument.firstIndex(of: "=") {
                let key = argument[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                let value = argument[argument.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                guard vocabulary.qualifiers.contains(key) else {
                    let known = (["min_examples"] + vocabulary.qualifiers.sorted()).joined(separator: ", ")
                    throw fail("unknown option '\(key)='; this command takes \(known)")
                }
                guard !value.isEmpty else { throw fail("\(key)= needs a value") }
                guard qualifiers[key] == nil else { throw fail("\(key)= given twice") }
                qualifiers[key] = value
            } else {
                positional.append(argument)
            }
        }
        var gate = Gate(text: trimmed, kind: .gap, metric: "", spec: [], threshold: nil, comparison: comparison, bound: bound,
                        minimumExamples: minimumExamples, skipUndefined: skipUndefined, skipSmall: skipSmall,
                        requireSignificance: requireSignificance)
        gate.qualifiers = qualifiers
        if vocabulary.criteria.contains(name) {
            gate.kind = .criterion
            gate.metric = name
        } else if let kind = Kind(rawValue: name), kind != .criterion {
            gate.kind = kind
            guard !positional.isEmpty else { throw fail("\(name)() needs a metric first") }
            let metric = positional.removeFirst()
            guard let known = vocabulary.metric(metric) else {
                throw fail("unknown metric '\(metric)'; this command knows \(vocabulary.metricList)")
            }
            if known.extremaOnly && kind != .min && kind != .max {
                throw fail("\(known.name) can be bounded only with min() or max()")
            }
            gate.metric = known.name
        } else {
            let criteria = vocabulary.criteria.isEmpty ? "" : " or a criterion such as \(vocabulary.criteria.sorted()[0])"
            throw fail("unknown gate '\(name)'; use gap, ratio, difference, min, max\(criteria)")
        }
        for argument in positional {
            if let threshold = DecimalParser.parse(argument) {
                guard gate.threshold == nil else { throw fail("more than one threshold") }
                gate.threshold = threshold
            } else {
                guard gate.spec.isEmpty else { throw fail("more than one slice spec ('\(argument)')") }
                gate.spec = argument.split(whereSeparator: { $0 == "&" || $0 == "*" }).map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }
        if gate.spec.isEmpty && gate.kind != .min && gate.kind != .max && !gate.isScoreMetric {
            throw fail("\(name)() needs a slice spec, e.g. race or sex&race")
        }
        return gate
    }
}

/// The outcome of one gate.
public struct GateResult: Equatable, Sendable {
    public var gate: Gate
    public var passed: Bool
    /// The value compared with the bound (the worst one over thresholds), if any was defined.
    public var observed: Double?
    public var threshold: Double?
    /// The slices responsible: the pair behind a gap or ratio, the worst slice for min/max, or
    /// the slices whose metric was undefined.
    public var slices: [String]
    /// Why the gate failed without a value, or a note on what it skipped.
    public var reason: String?
    /// Where the reported value was found when that is a top-k operating point (multi-class).
    public var topK: Int? = nil
    /// Where the reported value was found when that is a `--top-n` / `--top-percent` point
    /// (`threshold` is then the threshold its cut-off implies).
    public var topRows: TopRows? = nil
    /// The class whose value is reported, for a per-class gate of a multi-class run.
    public var className: String? = nil
}

/// What gates are checked against: the candidate, and the baseline model when there is one.
public struct GateContext {
    public var result: EvaluationResult
    public var analysis: FairnessAnalysis
    public var baseline: EvaluationResult?
    public var baselineAnalysis: FairnessAnalysis?
    /// Multi-class and multi-label: each class as a binary model, with its analysis.
    public var classes: [FairnessReport.ClassReport] = []
    /// Multi-class: the whole model's correctness per slice (`EvaluationResult.wholeModelView`),
    /// for `accuracy` gates without `class=`.
    public var wholeModel: (result: EvaluationResult, analysis: FairnessAnalysis)?

    public init(result: EvaluationResult, analysis: FairnessAnalysis, baseline: EvaluationResult?, baselineAnalysis: FairnessAnalysis?) {
        self.result = result
        self.analysis = analysis
        self.baseline = baseline
        self.baselineAnalysis = baselineAnalysis
    }
}

extension Gate {
    public var isFlipMetric: Bool { metric.hasSuffix("flip_rate") || metric.hasSuffix("_to_positive_rate") || metric.hasSuffix("_to_negative_rate") }

    /// Checks the gate; `change(…)` gates and flip metrics need the baseline.
    public func evaluate(_ context: GateContext) -> GateResult {
        if !context.classes.isEmpty { return evaluatePerClass(context) }
        guard isChange || isFlipMetric else { return evaluate(context.result, context.analysis) }
        guard let baseline = context.baseline, let baselineAnalysis = context.baselineAnalysis else {
            return GateResult(gate: self, passed: false, observed: nil, threshold: threshold, slices: [],
                              reason: "needs a baseline model: add --baseline-score COLUMN")
        }
        if !isChange { return evaluate(context.result, context.analysis) }
        // Compare like with like: the inner check with no bound, on each model, per threshold.
        var inner = self
        inner.isChange = false
        let indices = metric == "auc" ? [0] : threshold.flatMap { t in context.result.thresholds.firstIndex(of: t).map { [$0] } }
            ?? Array(context.result.thresholds.indices)
        var worst: GateResult?
        for index in indices {
            inner.threshold = context.result.thresholds[index]
            let now = inner.evaluate(context.result, context.analysis)
            let before = inner.evaluate(baseline, baselineAnalysis)
            var step = GateResult(gate: self, passed: false, observed: nil, threshold: metric == "auc" ? nil : inner.threshold,
                                  slices: now.slices, reason: nil)
            guard let a = now.observed, let b = before.observed else {
                step.reason = "the value is undefined for the candidate or the baseline"
                return step
            }
            step.observed = a - b
            step.passed = comparison.holds(a - b, bound)
            if !step.passed { return step }
            if worst == nil || isCloser(a - b, than: worst!.observed!) { worst = step }
        }
        return worst ?? GateResult(gate: self, passed: false, observed: nil, threshold: threshold, slices: [], reason: "nothing to compare")
    }

    /// A multi-class or multi-label run: `accuracy` without `class=` or a threshold bounds the
    /// whole model's (arg-max, or top-k) accuracy per slice; any other gate is checked on each
    /// class as a binary model (the one `class=` names, else every class), and fails when any
    /// class fails it. The reported value is the first failure, else the one closest to failing.
    func evaluatePerClass(_ context: GateContext) -> GateResult {
        if metric == ConfusionMatrix.Rate.accuracy.rawValue && className == nil && threshold == nil, let whole = context.wholeModel {
            var gate = self
            if gate.topK == nil { gate.qualifiers["top_k"] = "1" }
            var outcome = gate.evaluate(whole.result, whole.analysis)
            outcome.gate = self
            return outcome
        }
        let chosen = context.classes.filter { className == nil || $0.name == className }
        guard !chosen.isEmpty else {
            return GateResult(gate: self, passed: false, observed: nil, threshold: threshold, slices: [],
                              reason: "no class named '\(className ?? "")'")
        }
        var worst: GateResult?
        for one in chosen {
            var outcome = evaluate(one.result, one.analysis)
            outcome.className = one.name
            if !outcome.passed { return outcome }
            if worst == nil || (outcome.observed != nil && (worst!.observed == nil || isCloser(outcome.observed!, than: worst!.observed!))) {
                worst = outcome
            }
        }
        return worst!
    }

    /// Checks the gate against `result` and `analysis`. Thresholds the gate names must be among
    /// those evaluated.
    public func evaluate(_ result: EvaluationResult, _ analysis: FairnessAnalysis) -> GateResult {
        let minimum = minimumExamples ?? analysis.minimumSliceSize
        var outcome = GateResult(gate: self, passed: true, observed: nil, threshold: threshold, slices: [], reason: nil)
        if !spec.isEmpty && !result.sliceSpecs.contains(spec) {
            outcome.passed = false
            outcome.reason = "the run has no slice spec \(spec.joined(separator: "&")); add --slice \(spec.joined(separator: ","))"
            return outcome
        }
        let indices: [Int]
        if isScoreMetric {
            return evaluateScoreMetric(result, analysis)
        } else if metric == "auc" {
            // AUC does not depend on the threshold.
            var step = evaluate(at: 0, result, analysis, minimum: minimum)
            step.threshold = nil
            return step
        } else if let topK {
            guard let index = result.operatingPoints.firstIndex(of: .topK(topK)) else {
                outcome.passed = false
                outcome.reason = "top_k=\(topK) was not counted; add it to --top-k"
                return outcome
            }
            indices = [index]
        } else if let topRows {
            guard let index = result.operatingPoints.firstIndex(where: { $0.topRows == topRows }) else {
                outcome.passed = false
                outcome.reason = "\(topRows) was not evaluated; add it with --top-n or --top-percent"
                return outcome
            }
            indices = [index]
        } else if let threshold {
            guard let index = result.operatingPoints.firstIndex(of: .threshold(threshold)) else {
                outcome.passed = false
                outcome.reason = "threshold \(threshold) was not evaluated; add it to --thresholds"
                return outcome
            }
            indices = [index]
        } else {
            // Top-rows and per-slice points are checked only when a gate names them.
            indices = result.operatingPoints.indices.filter { result.operatingPoints[$0].isCheckedByDefault }
        }
        // Evaluate at each operating point; report the first failure, else the value closest to failing.
        var worst: GateResult?
        for index in indices {
            var step = evaluate(at: index, result, analysis, minimum: minimum)
            step.threshold = result.operatingPoints[index].threshold
            step.topK = result.operatingPoints[index].topK
            step.topRows = result.operatingPoints[index].topRows
            if !step.passed { return step }
            if let value = step.observed, worst?.observed == nil || isCloser(value, than: worst!.observed!) { worst = step }
            if worst == nil { worst = step }
        }
        return worst ?? outcome
    }

    private func isCloser(_ value: Double, than other: Double) -> Bool {
        switch comparison {
        case .atMost, .below: return value > other
        case .atLeast, .above: return value < other
        }
    }

    private func evaluate(at index: Int, _ result: EvaluationResult, _ analysis: FairnessAnalysis, minimum: Int) -> GateResult {
        var outcome = GateResult(gate: self, passed: false, observed: nil, threshold: nil, slices: [], reason: nil)
        // Withheld slices cannot be used; unless the gate says how to skip them, it fails (TFMA's rule).
        if minimumExamples == nil && !skipSmall {
            let withheld = result.slices.filter {
                (spec.isEmpty ? !$0.isOverall || kind == .min || kind == .max : $0.features == spec) && $0.exampleCount < analysis.minimumSliceSize
            }
            if !withheld.isEmpty {
                outcome.slices = withheld.map(\.name)
                outcome.reason = "\(withheld.count) slice(s) have fewer than \(analysis.minimumSliceSize) examples and their rates are withheld; add skip_small (or min_examples=N) to ignore them"
                return outcome
            }
        }
        switch kind {
        case .min, .max:
            let slices = result.slices.filter { (spec.isEmpty || $0.features == spec) && $0.exampleCount >= minimum }
            var values: [(String, Double)] = []
            var undefined: [String] = []
            for slice in slices {
                let value: Double?
                switch metric {
                case "auc": value = slice.auc.value
                case "flip_rate": value = slice.baseline?.flips[index].flipRate
                case "negative_to_positive_rate": value = slice.baseline?.flips[index].negativeToPositiveRate
                case "positive_to_negative_rate": value = slice.baseline?.flips[index].positiveToNegativeRate
                default: value = slice.thresholds[index].counts.value(of: ConfusionMatrix.Rate(rawValue: metric)!)
                }
                if let value { values.append((slice.name, value)) } else { undefined.append(slice.name) }
            }
            if !undefined.isEmpty && !skipUndefined {
                outcome.slices = undefined
                outcome.reason = "\(metric) is undefined for \(undefined.count) slice(s) (zero denominator); add skip_undefined to ignore them"
                return outcome
            }
            guard let pick = kind == .min ? values.min(by: { $0.1 < $1.1 }) : values.max(by: { $0.1 < $1.1 }) else {
                outcome.reason = "no slice with at least \(minimum) examples has a defined \(metric)"
                return outcome
            }
            outcome.observed = pick.1
            outcome.slices = [pick.0]
        case .gap, .ratio, .difference, .criterion:
            guard let specAnalysis = analysis.specs.first(where: { $0.features == spec }) else { return outcome }
            let step = specAnalysis.thresholds[index]
            // The comparisons behind the value, for `significant`.
            var responsible: [FairnessAnalysis.SliceComparison] = []
            if kind == .criterion {
                let rates: [ConfusionMatrix.Rate] = metric.hasPrefix("equalized")
                    ? [.truePositiveRate, .falsePositiveRate]
                    : [metric.hasPrefix("equal_opportunity") ? .truePositiveRate : metric.hasPrefix("predictive") ? .precision : .positiveRate]
                // A criterion is a gap or ratio over the slices the analysis counts.
                for rate in rates {
                    let counted = step.rates.first { $0.rate == rate }!.comparisons.filter { !$0.isSmall && $0.value != nil }
                    guard counted.count >= 2 else {
                        outcome.slices = counted.map(\.slice)
                        outcome.reason = "too few slices to compare: \(counted.count) with a defined \(rate.rawValue) and at least \(analysis.minimumSliceSize) examples"
                        return outcome
                    }
                }
                outcome.observed = step.criteria.first { $0.name == metric }?.value
                let rate = step.rates.first { $0.rate == rates[0] }!
                outcome.slices = [rate.lowestSlice, rate.highestSlice].compactMap { $0 }
            } else {
                let rate = step.rates.first { $0.rate.rawValue == metric }!
                // The gate's own min_examples, when given, replaces the analysis' minimum slice size.
                let eligible = rate.comparisons.filter { $0.examples >= minimum }
                let undefined = eligible.filter { $0.value == nil }.map(\.slice)
                if !undefined.isEmpty && !skipUndefined {
                    outcome.slices = undefined
                    outcome.reason = "\(metric) is undefined for \(undefined.count) slice(s) (zero denominator); add skip_undefined to ignore them"
                    return outcome
                }
                let defined = eligible.filter { $0.value != nil }
                switch kind {
                case .gap, .ratio:
                    guard defined.count >= 2 else {
                        outcome.slices = defined.map(\.slice)
                        outcome.reason = "too few slices to compare: \(defined.count) with a defined \(metric) and at least \(minimum) examples"
                        return outcome
                    }
                    let low = defined.min(by: { $0.value! < $1.value! })!, high = defined.max(by: { $0.value! < $1.value! })!
                    outcome.observed = kind == .gap ? high.value! - low.value! : (high.value! == 0 ? nil : low.value! / high.value!)
                    outcome.slices = [low.slice, high.slice]
                    responsible = [low, high]
                default:
                    if let far = defined.filter({ $0.difference != nil }).max(by: { abs($0.difference!) < abs($1.difference!) }) {
                        outcome.observed = abs(far.difference!)
                        outcome.slices = [far.slice, specAnalysis.reference]
                        responsible = [far]
                    }
                }
            }
            guard outcome.observed != nil else {
                outcome.reason = "\(metric) is undefined here (too few slices with a defined value, or a zero largest value)"
                return outcome
            }
            outcome.passed = comparison.holds(outcome.observed!, bound)
            if !outcome.passed && requireSignificance && kind != .criterion && !responsible.contains(where: \.isSignificant) {
                outcome.passed = true
                outcome.reason = "over the bound, but no responsible slice differs significantly after correction"
            }
            return outcome
        }
        outcome.passed = comparison.holds(outcome.observed!, bound)
        return outcome
    }
}
