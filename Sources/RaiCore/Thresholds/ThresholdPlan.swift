/// What `rai thresholds` found: a threshold per slice of one spec, the metrics and cost each
/// gives, and the totals over the whole file.
public struct ThresholdPlan: Sendable {
    /// One slice's decision (or the whole file's, for the totals).
    public struct Decision: Sendable {
        /// `overall`, or the slice's name.
        public var name: String
        /// The slice's features and values (empty for the totals).
        public var features: [String]
        public var values: [String?]
        public var examples: Int
        /// Whether the strategy's parity constraint bound this slice: false for slices under the
        /// minimum slice size (and for the totals).
        public var constrained: Bool
        /// Predicted positive when score > threshold; nil for the totals of per-slice thresholds.
        public var threshold: Double?
        /// The randomised decision of a slice under equalized odds (then `threshold` is nil and
        /// the counts and cost are expected values).
        public var mix: ThresholdMix? = nil
        public var counts: ConfusionMatrix
        public var cost: Double

        public func value(of metric: ParityMetric) -> Double? {
            switch metric {
            case .positiveRate: return counts.positiveRate
            case .truePositiveRate: return counts.truePositiveRate
            case .falsePositiveRate: return counts.falsePositiveRate
            case .accuracy: return counts.accuracy
            }
        }
    }

    public var strategy: ThresholdStrategy
    public var costRatio: Double
    public var tolerance: Double
    public var minimumSliceSize: Int
    public var spec: [String]
    /// One per slice of the spec, in report order; empty when no choice meets the constraint.
    public var slices: [Decision]
    /// The whole file under the slices' thresholds.
    public var total: Decision?
    /// Why no thresholds were found, when none were.
    public var infeasibleReason: String?
    /// Whether every slice's scores were kept apart (see `ThresholdCandidates.isExact`).
    public var isExact: Bool
    public var input: InputSummary
    public var labelColumn: String
    public var scoreColumn: String
    public var weightColumn: String?

    /// Largest − smallest value of `metric` over the slices with a defined value and at least
    /// the minimum slice size.
    public func gap(_ metric: ParityMetric) -> Double? {
        let values = slices.filter { $0.examples >= minimumSliceSize }.compactMap { $0.value(of: metric) }
        guard let low = values.min(), let high = values.max() else { return nil }
        return high - low
    }
}
