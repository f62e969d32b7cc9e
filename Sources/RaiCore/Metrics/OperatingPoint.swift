/// How a slice's rows become predicted positive or negative: the decision rule behind one set of
/// confusion counts. Every per-slice metric, analysis and gate is computed per operating point,
/// and a binary run has one per threshold.
///
/// - `threshold(t)`: predicted positive when the score is strictly greater than `t` (TFMA's rule).
/// - `topK(k)`: multi-class, one class at a time: the class is predicted positive for a row when
///   it is among the row's `k` highest class scores (TFMA's `top_k_list`); ties go to the class
///   listed first. `topK(1)` is the arg-max, and, with hard predictions, the predicted class.
public enum OperatingPoint: Hashable, Sendable, CustomStringConvertible {
    case threshold(Double)
    case topK(Int)

    /// The threshold, for a threshold operating point.
    public var threshold: Double? {
        if case .threshold(let value) = self { return value }
        return nil
    }

    /// k, for a top-k operating point.
    public var topK: Int? {
        if case .topK(let k) = self { return k }
        return nil
    }

    /// `0.5` or `top_k=1`, as gates and reports write it.
    public var description: String {
        switch self {
        case .threshold(let value): return JSONWriter.format(value)
        case .topK(let k): return "top_k=\(k)"
        }
    }
}
