/// Everything a renderer needs: the per-slice result, the analysis of gaps, and the gates. (Named
/// apart from the `Report/` folder, which holds the renderers of this one model.) Renderers
/// format it; where one shows a derived number (a Wilson or percentile interval), it calls the
/// analysis' function for it rather than computing its own.
public struct FairnessReport: Equatable, Sendable {
    public var result: EvaluationResult
    public var analysis: FairnessAnalysis
    public var gates: [GateResult]
    public var version: String
    /// The same analysis of the baseline model, with `--baseline-score`.
    public var baselineAnalysis: FairnessAnalysis?
    /// Multi-class and multi-label: each class's one-vs-rest result and its analysis, in class
    /// order, their significance corrected together (Benjamini–Hochberg over all classes).
    public var classes: [ClassReport] = []

    /// One class of a multi-class or multi-label run, as a binary model: its one-vs-rest result
    /// (`EvaluationResult.oneVsRest`) and that result's analysis.
    public struct ClassReport: Equatable, Sendable {
        public var name: String
        public var result: EvaluationResult
        public var analysis: FairnessAnalysis

        /// The same report for this class alone, as a binary model's, for the renderers.
        public func report(in whole: FairnessReport) -> FairnessReport {
            FairnessReport(result: result, analysis: analysis, gates: [], version: whole.version)
        }
    }

    public init(result: EvaluationResult, analysis: FairnessAnalysis, baselineAnalysis: FairnessAnalysis? = nil,
                gates: [GateResult], version: String) {
        self.result = result
        self.analysis = analysis
        self.baselineAnalysis = baselineAnalysis
        self.gates = gates
        self.version = version
    }

    /// Builds the analysis and checks the gates.
    public init(result: EvaluationResult, references: [String: [String?]] = [:], confidence: Double = 0.95,
                minimumSliceSize: Int = 30, compareWithRest: Bool = false, gates: [Gate] = [], version: String) {
        var analysis = FairnessAnalysis(result: result, references: references, confidence: confidence,
                                        minimumSliceSize: minimumSliceSize, compareWithRest: compareWithRest)
        var classReports: [ClassReport] = []
        var wholeModel: (EvaluationResult, FairnessAnalysis)?
        if let classes = result.classes {
            let views = classes.names.indices.map { result.oneVsRest($0) }
            var analyses = views.map {
                FairnessAnalysis(result: $0, references: references, confidence: confidence, minimumSliceSize: minimumSliceSize,
                                 compareWithRest: compareWithRest)
            }
            FairnessAnalysis.adjustTogether(&analyses)
            analysis.testCount = analyses.first?.testCount ?? 0
            classReports = classes.names.indices.map { ClassReport(name: classes.names[$0], result: views[$0], analysis: analyses[$0]) }
            if classes.kind == .multiClass {
                let view = result.wholeModelView()
                wholeModel = (view, FairnessAnalysis(result: view, references: references, confidence: confidence,
                                                     minimumSliceSize: minimumSliceSize, compareWithRest: compareWithRest))
            }
        }
        let baseline = result.baselineResult()
        let baselineAnalysis = baseline.map {
            FairnessAnalysis(result: $0, references: references, confidence: confidence, minimumSliceSize: minimumSliceSize,
                             compareWithRest: compareWithRest)
        }
        var context = GateContext(result: result, analysis: analysis, baseline: baseline, baselineAnalysis: baselineAnalysis)
        context.classes = classReports
        context.wholeModel = wholeModel
        self.init(result: result, analysis: analysis, baselineAnalysis: baselineAnalysis,
                  gates: gates.map { $0.evaluate(context) }, version: version)
        classes = classReports
    }

    public var failedGates: [GateResult] { gates.filter { !$0.passed } }

    /// Gates in the order reports list them: failures first.
    public var gatesFailedFirst: [GateResult] { failedGates + gates.filter(\.passed) }

    /// The threshold reports show first: the one a gate names, else 0.5, else the middle one.
    public var primaryThresholdIndex: Int {
        let thresholds = result.thresholds
        if let gated = gates.compactMap(\.gate.threshold).first, let index = thresholds.firstIndex(of: gated) { return index }
        if thresholds.isEmpty { return 0 }
        return thresholds.firstIndex(of: 0.5) ?? thresholds.count / 2
    }

    /// Whether a slice's rates are withheld: it has fewer examples than `--min-slice-size`, so
    /// its rates swing with a handful of rows. Its counts are still shown.
    public func isWithheld(_ slice: SliceResult) -> Bool { slice.exampleCount < analysis.minimumSliceSize }

    /// Why rates are withheld, as reports say it.
    public var withheldReason: String { "fewer than \(analysis.minimumSliceSize) examples (--min-slice-size)" }

    /// How many slices, and rows in them, are withheld.
    public var withheldSummary: (slices: Int, rows: Int) {
        let small = result.slices.filter(isWithheld)
        return (small.count, small.reduce(0) { $0 + $1.exampleCount })
    }

    /// What the gates say about the model, as a whole.
    public enum Verdict: String, Sendable {
        case pass
        case fail
        case noGates = "no gates"
    }

    public var verdict: Verdict {
        if gates.isEmpty { return .noGates }
        return failedGates.isEmpty ? .pass : .fail
    }

    public var z: Double { ConfidenceInterval.zScore(confidence: analysis.confidence) }

    /// The rates whose gaps reports compare with the baseline.
    public static let headlineRates: [ConfusionMatrix.Rate] = [.falsePositiveRate, .falseNegativeRate, .positiveRate, .precision]

    /// Per spec, the largest gap of each headline rate now and with the baseline model, at the
    /// threshold with index `index`; empty without a baseline.
    public func gapChanges(at index: Int) -> [(spec: String, gaps: [(rate: ConfusionMatrix.Rate, now: Double?, before: Double?)])] {
        guard let baselineAnalysis else { return [] }
        return zip(analysis.specs, baselineAnalysis.specs).map { now, before in
            (now.name, Self.headlineRates.map { rate in
                (rate, now.thresholds[index].rates.first { $0.rate == rate }?.largestGap,
                 before.thresholds[index].rates.first { $0.rate == rate }?.largestGap)
            })
        }
    }
}
