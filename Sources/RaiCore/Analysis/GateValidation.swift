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
            guard let k = Int(text), k > 0 else { throw .usage("gate '\(self.text)': top_k= needs a positive whole number") }
            guard let classes = parameters.classes, classes.kind == .multiClass else {
                throw .usage("gate '\(self.text)' uses top_k=\(k), which applies only to multi-class runs")
            }
            guard classes.topKPoints.contains(k) else {
                throw .usage("gate '\(self.text)' uses top_k=\(k), which is not counted; add it to --top-k")
            }
            if threshold != nil { throw .usage("gate '\(self.text)' gives a threshold and top_k=; give one operating point") }
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
        if let className {
            guard let classes = parameters.classes else {
                throw .usage("gate '\(text)' names a class, which applies only to multi-class and multi-label runs")
            }
            try checkClass(className, among: classes.names)
        }
        if let classes = parameters.classes, !classes.hasScores {
            if threshold != nil { throw .usage("gate '\(text)' uses a threshold, but hard predictions (--prediction) have none; use top_k=1") }
            if metric == "auc" { throw .usage("gate '\(text)' needs AUC, which hard predictions (--prediction) do not have") }
        }
        if let threshold, !parameters.thresholds.contains(threshold) {
            throw .usage("gate '\(text)' uses threshold \(threshold), which is not among --thresholds")
        }
        if (isChange || isFlipMetric) && parameters.baselineScoreColumn == nil {
            throw .usage("gate '\(text)' compares with a baseline model; add --baseline-score COLUMN")
        }
        if (isScoreMetric || topRows != nil) && parameters.classes != nil {
            throw .usage("gate '\(text)' uses calibration, curves or a top-rows point, which are for binary models")
        }
        if (metric == "auc" || isScoreMetric) && parameters.scoreBudget == nil {
            throw .usage("gate '\(text)' needs \(metric == "auc" ? "AUC" : "the score tables"), which --no-auc turns off")
        }
        if isScoreMetric && threshold != nil {
            throw .usage("gate '\(text)' names a threshold, but \(metric) holds for a slice's scores as a whole")
        }
    }

    /// Refuses a `class=` that names none of `names` (unknown before the header is read when the
    /// classes come from a glob: then checked again once they are known).
    public func checkClass(_ name: String, among names: [String]) throws(RaiError) {
        guard names.isEmpty || names.contains(name) else {
            throw .usage("gate '\(text)' names class '\(name)', which is not one of the classes (\(names.joined(separator: ", ")))")
        }
    }
}
