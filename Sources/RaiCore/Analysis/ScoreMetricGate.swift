/// Gates on what the score tables give per slice besides AUC: calibration (`ece`, `brier`,
/// `log_loss`, `calibration`, `mean_score`, `mean_label`) and `average_precision`. They hold for
/// a slice as a whole, at no threshold; besides `min` and `max`, `gap`, `ratio` and `difference`
/// compare them across a spec's slices, and without a spec across every slice but `overall`:
///
/// ```
/// max(ece, race) <= 0.05          gap(calibration, race) <= 0.1
/// max(brier) <= 0.2               min(average_precision, race) >= 0.6
/// ```
extension Gate {
    /// The metrics computed from the score tables per slice, which a gate may name.
    public static let scoreMetrics: [String] = Calibration.metricNames + ["average_precision"]

    public var isScoreMetric: Bool { Self.scoreMetrics.contains(metric) }

    /// Whether the gate needs calibration or curves computed: reports compute them for it.
    public var needsCalibration: Bool { Calibration.metricNames.contains(metric) }
    public var needsCurves: Bool { metric == "average_precision" }

    /// A slice's value of a score metric; nil when undefined or not computed.
    static func scoreMetric(_ metric: String, of slice: SliceResult) -> Double? {
        metric == "average_precision" ? slice.curves?.averagePrecision : slice.calibration?.value(of: metric)
    }

    /// Checks a gate on a score metric: the slices in scope (the spec's, or every slice), the
    /// same rules for withheld and undefined slices as rates, then the extreme, gap, ratio or
    /// largest difference from the spec's reference slice.
    func evaluateScoreMetric(_ result: EvaluationResult, _ analysis: FairnessAnalysis) -> GateResult {
        var outcome = GateResult(gate: self, passed: false, observed: nil, threshold: nil, slices: [], reason: nil)
        let extremum = kind == .min || kind == .max
        let scope = result.slices.filter { spec.isEmpty ? (extremum || !$0.isOverall) : $0.features == spec }
        if minimumExamples == nil && !skipSmall {
            let withheld = scope.filter { $0.exampleCount < analysis.minimumSliceSize }
            if !withheld.isEmpty {
                outcome.slices = withheld.map(\.name)
                outcome.reason = "\(withheld.count) slice(s) have fewer than \(analysis.minimumSliceSize) examples and their metrics are withheld; add skip_small (or min_examples=N) to ignore them"
                return outcome
            }
        }
        let minimum = minimumExamples ?? analysis.minimumSliceSize
        let eligible = scope.filter { $0.exampleCount >= minimum }
        let undefined = eligible.filter { Self.scoreMetric(metric, of: $0) == nil }.map(\.name)
        if !undefined.isEmpty && !skipUndefined {
            outcome.slices = undefined
            let why = eligible.first { $0.calibration?.outOfRangeReason != nil }?.calibration?.outOfRangeReason
                ?? "no positives, or no rows"
            outcome.reason = "\(metric) is undefined for \(undefined.count) slice(s) (\(why)); add skip_undefined to ignore them"
            return outcome
        }
        let values = eligible.compactMap { slice in Self.scoreMetric(metric, of: slice).map { (slice.name, $0) } }
        guard let low = values.min(by: { $0.1 < $1.1 }), let high = values.max(by: { $0.1 < $1.1 }) else {
            outcome.reason = "no slice with at least \(minimum) examples has a defined \(metric)"
            return outcome
        }
        switch kind {
        case .min, .max:
            let pick = kind == .min ? low : high
            outcome.observed = pick.1
            outcome.slices = [pick.0]
        case .gap, .ratio:
            guard values.count >= 2 else {
                outcome.slices = values.map(\.0)
                outcome.reason = "too few slices to compare: \(values.count) with a defined \(metric) and at least \(minimum) examples"
                return outcome
            }
            outcome.observed = kind == .gap ? high.1 - low.1 : (high.1 == 0 ? nil : low.1 / high.1)
            outcome.slices = [low.0, high.0]
        case .difference:
            let referenceName = analysis.specs.first { $0.features == spec }?.reference ?? "overall"
            guard let reference = result.slices.first(where: { $0.name == referenceName && ($0.isOverall || $0.features == spec) }),
                  let referenceValue = Self.scoreMetric(metric, of: reference) else {
                outcome.reason = "\(metric) of the reference slice \(referenceName) is undefined"
                return outcome
            }
            let far = values.max { abs($0.1 - referenceValue) < abs($1.1 - referenceValue) }!
            outcome.observed = abs(far.1 - referenceValue)
            outcome.slices = [far.0, referenceName]
        case .criterion:
            return outcome
        }
        guard let observed = outcome.observed else {
            outcome.reason = "\(metric) is undefined here (a zero largest value)"
            return outcome
        }
        outcome.passed = comparison.holds(observed, bound)
        return outcome
    }
}
