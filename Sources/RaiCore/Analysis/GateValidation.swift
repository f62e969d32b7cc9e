extension Gate {
    /// Refuses, before any row is read, a gate that could not be evaluated on what is counted: a
    /// slice spec or threshold that is not counted, a baseline comparison without a baseline, AUC
    /// without score tables. Otherwise such a gate would only fail at the end, or pass vacuously.
    public func check(against parameters: EvalParameters) throws(RaiError) {
        if !spec.isEmpty && !parameters.slices.contains(spec) {
            throw .usage("gate '\(text)' uses slice spec \(spec.joined(separator: "&")), which is not among the --slice flags")
        }
        if let threshold, !parameters.thresholds.contains(threshold) {
            throw .usage("gate '\(text)' uses threshold \(threshold), which is not among --thresholds")
        }
        if (isChange || isFlipMetric) && parameters.baselineScoreColumn == nil {
            throw .usage("gate '\(text)' compares with a baseline model; add --baseline-score COLUMN")
        }
        if metric == "auc" && parameters.scoreBudget == nil {
            throw .usage("gate '\(text)' needs AUC, which --no-auc turns off")
        }
    }
}
