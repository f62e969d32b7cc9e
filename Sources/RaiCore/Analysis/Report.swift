/// Everything a renderer needs: the per-slice result, the analysis of gaps, and the gates.
/// Renderers only format this; they compute nothing.
public struct Report: Equatable, Sendable {
    public var result: EvaluationResult
    public var analysis: FairnessAnalysis
    public var gates: [GateResult]
    public var version: String

    public init(result: EvaluationResult, analysis: FairnessAnalysis, gates: [GateResult], version: String) {
        self.result = result
        self.analysis = analysis
        self.gates = gates
        self.version = version
    }

    /// Builds the analysis and checks the gates.
    public init(result: EvaluationResult, references: [String: [String?]] = [:], confidence: Double = 0.95,
                minimumSliceSize: Int = 30, compareWithRest: Bool = false, gates: [Gate] = [], version: String) {
        let analysis = FairnessAnalysis(result: result, references: references, confidence: confidence,
                                        minimumSliceSize: minimumSliceSize, compareWithRest: compareWithRest)
        self.init(result: result, analysis: analysis, gates: gates.map { $0.evaluate(result, analysis) }, version: version)
    }

    public var failedGates: [GateResult] { gates.filter { !$0.passed } }

    /// `pass`, `fail`, or `no gates`.
    public var verdict: String {
        if gates.isEmpty { return "no gates" }
        return failedGates.isEmpty ? "pass" : "fail"
    }

    public var z: Double { ConfidenceInterval.zScore(confidence: analysis.confidence) }
}
