/// How a slice's rows become predicted positive or negative: the decision rule behind one set of
/// confusion counts. Every per-slice metric, analysis and gate is computed per operating point,
/// and a binary run has one per threshold.
///
/// - `threshold(t)`: predicted positive when the score is strictly greater than `t` (TFMA's rule).
/// - `topRows(n or p%)`: the n (or p%) highest scores of the whole file are predicted positive,
///   as Aequitas' `rank_abs` / `rank_pct`: every row scoring at least the cut-off (the n-th
///   highest score), ties at the cut-off included; `threshold` is the score just below the
///   cut-off, so that the rule is `score > threshold` as at any threshold (see `TopRows`).
/// - `topK(k)`: multi-class, one class at a time: the class is predicted positive for a row when
///   it is among the row's `k` highest class scores (TFMA's `top_k_list`); ties go to the class
///   listed first. `topK(1)` is the arg-max, and, with hard predictions, the predicted class.
public enum OperatingPoint: Hashable, Sendable, CustomStringConvertible {
    case threshold(Double)
    case topK(Int)
    case topRows(TopRows, threshold: Double)
    /// `--group-thresholds`: each row against its own slice's threshold.
    case perSlice(GroupThresholds)

    /// Whether a gate that names no operating point checks this one: thresholds and top-k do;
    /// top-rows and per-slice points only when a gate names them.
    public var isCheckedByDefault: Bool {
        switch self {
        case .threshold, .topK: return true
        case .topRows, .perSlice: return false
        }
    }

    /// The threshold, for a threshold operating point, and the one a top-rows point implies.
    public var threshold: Double? {
        if case .threshold(let value) = self { return value }
        if case .topRows(_, let value) = self { return value }
        return nil
    }

    /// The top-n or top-percent rule, for a top-rows point.
    public var topRows: TopRows? {
        if case .topRows(let rule, _) = self { return rule }
        return nil
    }

    /// k, for a top-k operating point.
    public var topK: Int? {
        if case .topK(let k) = self { return k }
        return nil
    }

    /// How reports title the point: `threshold 0.5`, `top_k=1`, or `top_n=500 (score ≥ 0.8123)`.
    public var heading: String {
        switch self {
        case .threshold(let value): return "threshold \(JSONWriter.format(value))"
        case .topK: return description
        case .topRows(let rule, let threshold): return "\(rule) (score ≥ \(JSONWriter.format(threshold.nextUp)))"
        case .perSlice(let thresholds): return thresholds.heading
        }
    }

    /// `0.5` or `top_k=1`, as gates and reports write it.
    public var description: String {
        switch self {
        case .threshold(let value): return JSONWriter.format(value)
        case .topK(let k): return "top_k=\(k)"
        case .topRows(let rule, _): return rule.description
        case .perSlice: return "group_thresholds"
        }
    }
}

/// `--top-n N` or `--top-percent P`: which of the file's highest scores are predicted positive.
public enum TopRows: Hashable, Sendable, CustomStringConvertible {
    case count(Int)
    case percent(Double)

    /// `top_n=500` or `top_percent=10`, as gates and reports write it.
    public var description: String {
        switch self {
        case .count(let n): return "top_n=\(n)"
        case .percent(let p): return "top_percent=\(JSONWriter.format(p))"
        }
    }

    /// The cut-off: the lowest of the highest scores that reach this many rows (n, or p% of
    /// `total`), walking `scores` (ascending, with the rows at each) from the top; every row at
    /// the cut-off is selected, so ties may select more. Nil without rows.
    func cutoff(scores: [Double], rows: [Double], total: Double) -> Double? {
        let wanted: Double
        switch self {
        case .count(let n): wanted = Double(n)
        case .percent(let p): wanted = p / 100 * total
        }
        var selected = 0.0
        for index in scores.indices.reversed() {
            selected += rows[index]
            if selected >= wanted { return scores[index] }
        }
        return scores.first
    }
}
