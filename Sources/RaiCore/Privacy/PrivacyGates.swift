extension GateVocabulary {
    /// `rai privacy`'s words: the attack's metrics, bounded per slice with `min`/`max`
    /// (`max(attack_auc, race) <= 0.6`, `max(advantage) <= 0.1`).
    public static let privacy = GateVocabulary(metrics: [
        Metric("attack_auc", aliases: ["auc"], extremaOnly: true),
        Metric("advantage", aliases: ["attacker_advantage"], extremaOnly: true),
        Metric("ppv", aliases: ["positive_predictive_value"], extremaOnly: true),
    ])
}

extension AttackResult {
    /// The value of a `GateVocabulary.privacy` metric; nil when withheld or undefined.
    func value(of metric: String) -> Double? {
        switch metric {
        case "attack_auc": return auc.value
        case "advantage": return advantage
        case "ppv": return positivePredictiveValue
        default: return nil
        }
    }
}

extension Gate {
    /// Checks a `min`/`max` gate of `GateVocabulary.privacy` against the attack's slices, with
    /// eval's rules: without a spec every slice counts (overall, derived and feature slices);
    /// slices under the minimum size fail the gate unless `skip_small` or `min_examples=N` says
    /// to skip them; slices whose metric is undefined (no members, no non-members, no threshold
    /// better than chance for `ppv`) fail it unless `skip_undefined`.
    public func evaluate(_ result: PrivacyResult) -> GateResult {
        var outcome = GateResult(gate: self, passed: false, observed: nil, threshold: nil, slices: [], reason: nil)
        if !spec.isEmpty && !result.sliceSpecs.contains(spec) {
            outcome.reason = "the run has no slice spec \(spec.joined(separator: "&")); add --slice \(spec.joined(separator: ","))"
            return outcome
        }
        let minimum = minimumExamples ?? result.request.minimumSliceSize
        let inScope = result.slices.filter { spec.isEmpty || $0.features == spec }
        let small = inScope.filter { $0.examples < result.request.minimumSliceSize }
        if minimumExamples == nil && !skipSmall && !small.isEmpty {
            outcome.slices = small.map(\.name)
            outcome.reason = "\(small.count) slice(s) have fewer than \(result.request.minimumSliceSize) examples and their attack metrics are withheld; add skip_small (or min_examples=N) to ignore them"
            return outcome
        }
        var values: [(String, Double)] = []
        var undefined: [String] = []
        for slice in inScope where slice.examples >= minimum && !(skipSmall && slice.examples < result.request.minimumSliceSize) {
            if let value = slice.value(of: metric) { values.append((slice.name, value)) } else { undefined.append(slice.name) }
        }
        if !undefined.isEmpty && !skipUndefined {
            outcome.slices = undefined
            outcome.reason = "\(metric) is undefined for \(undefined.count) slice(s) (no members or no non-members); add skip_undefined to ignore them"
            return outcome
        }
        guard let pick = kind == .min ? values.min(by: { $0.1 < $1.1 }) : values.max(by: { $0.1 < $1.1 }) else {
            outcome.reason = "no slice with at least \(minimum) examples has a defined \(metric)"
            return outcome
        }
        outcome.observed = pick.1
        outcome.slices = [pick.0]
        outcome.passed = comparison.holds(pick.1, bound)
        return outcome
    }
}
