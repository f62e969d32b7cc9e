/// The words a command's gates may use: one gate grammar (`Gate.parse`) for every command, each
/// with its own metrics, named criteria and qualifiers (`class=`, `column=`). A gate that names a
/// word its command does not know is refused when it is parsed, before any row is read.
public struct GateVocabulary: Sendable {
    /// A metric a gate may bound.
    public struct Metric: Sendable {
        /// The name gates and reports use (TFMA's where there is one).
        public var name: String
        /// Other spellings accepted for it (`fpr`).
        public var aliases: [String]
        /// Whether it is bounded per slice only (`min`/`max`), not compared across slices.
        public var extremaOnly: Bool

        public init(_ name: String, aliases: [String] = [], extremaOnly: Bool = false) {
            self.name = name
            self.aliases = aliases
            self.extremaOnly = extremaOnly
        }
    }

    public var metrics: [Metric]
    /// Named criteria, `criterion(spec[, threshold]) OP BOUND`.
    public var criteria: Set<String>
    /// Qualifier names accepted as `name=value` (besides `min_examples`).
    public var qualifiers: Set<String>

    public init(metrics: [Metric], criteria: Set<String> = [], qualifiers: Set<String> = []) {
        self.metrics = metrics
        self.criteria = criteria
        self.qualifiers = qualifiers
    }

    /// The metric spelled `text` (case-insensitive, by name or alias).
    public func metric(_ text: String) -> Metric? {
        let lowered = text.lowercased()
        return metrics.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The metric names, for messages.
    var metricList: String { metrics.map(\.name).joined(separator: ", ") }

    /// `rai eval`'s words: the rates by TFMA name and alias, AUC and the flip rates (per slice
    /// only), calibration and average precision (per slice or across slices), the named
    /// fairness criteria, `top_n=N` and `top_percent=P` for top-rows operating points, and for
    /// multi-class runs `class=NAME` and `top_k=K`.
    public static let evaluation = GateVocabulary(
        metrics: ConfusionMatrix.Rate.allCases.map { rate in
            Metric(rate.rawValue, aliases: ConfusionMatrix.Rate.aliases.filter { $0.value == rate }.map(\.key).sorted())
        } + ["auc", "flip_rate", "negative_to_positive_rate", "positive_to_negative_rate"].map { Metric($0, extremaOnly: true) }
          + [Metric("ece", aliases: ["expected_calibration_error"]), Metric("brier", aliases: ["brier_score"]), Metric("log_loss"),
             Metric("calibration"), Metric("mean_score"), Metric("mean_label"), Metric("average_precision", aliases: ["ap"])],
        criteria: Set(FairnessAnalysis.criterionNames),
        qualifiers: ["class", "top_k", "top_n", "top_percent"])
}
