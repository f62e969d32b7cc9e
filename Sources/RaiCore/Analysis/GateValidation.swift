extension Gate {
    /// Refuses, before any row is read, a gate that could not be evaluated on what is counted: a
    /// slice spec or threshold that is not counted, a baseline comparison without a baseline, AUC
    /// without score tables. Otherwise such a gate would only fail at the end, or pass vacuously.
    /// The spec may list its columns in any order (`race&sex` is `--slice sex,race`); it is
    /// rewritten in the counted order, which evaluation compares with.
    public mutating func check(against parameters: EvalParameters) throws(RaiError) {
        if !spec.isEmpty {
            guard let counted = parameters.slices.first(where: { Set($0) == Set(spec) }) else {
                throw .usage("gate '\(text)' uses slice spec \(spec.joined(separator: "&")), which is not among the --slice flags")
            }
            spec = counted
        }
        if let text = qualifiers["top_k"] {
            guard let k = Int(text), k > 0 else { throw .usage("gate '\(text)': top_k= needs a positive whole number") }
            throw .usage("gate '\(self.text)' uses top_k=\(k), which applies only to multi-class runs")
        }
        if qualifiers["top_n"] != nil || qualifiers["top_percent"] != nil {
            guard qualifiers["top_n"] == nil || qualifiers["top_percent"] == nil else {
                throw .usage("gate '\(text)' names both top_n= and top_percent=; one operating point per gate")
            }
            switch topRows {
            case .count(let n)? where n > 0: break
            case .percent(let p)? where p > 0 && p <= 100: break
            default: throw .usage("gate '\(text)': top_n= needs a positive whole number, top_percent= a number above 0 and at most 100")
            }
            if threshold != nil || metric == "auc" || isScoreMetric || isChange || isFlipMetric {
                throw .usage("gate '\(text)' names a top-rows operating point, which applies to rates and criteria at no threshold")
            }
        }
        if className != nil {
            throw .usage("gate '\(text)' names a class, which applies only to multi-class and multi-label runs")
        }
        if let threshold, !parameters.thresholds.contains(threshold) {
            throw .usage("gate '\(text)' uses threshold \(threshold), which is not among --thresholds")
        }
        if (isChange || isFlipMetric) && parameters.baselineScoreColumn == nil {
            throw .usage("gate '\(text)' compares with a baseline model; add --baseline-score COLUMN")
        }
        if (metric == "auc" || isScoreMetric) && parameters.scoreBudget == nil {
            throw .usage("gate '\(text)' needs \(metric == "auc" ? "AUC" : "the score tables"), which --no-auc turns off")
        }
        if isScoreMetric && threshold != nil {
            throw .usage("gate '\(text)' names a threshold, but \(metric) holds for a slice's scores as a whole")
        }
    }
}
