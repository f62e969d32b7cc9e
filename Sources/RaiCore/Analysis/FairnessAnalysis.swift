/// How each slice of a spec compares with a reference slice, and how far apart the slices of a
/// spec are, per threshold and rate: the answer to "is any group treated worse, and by how much".
///
/// Differences are slice − reference; ratios slice / reference. A spec's summary follows
/// Fairlearn's `MetricFrame.difference()` (largest − smallest value) and `ratio()` (smallest /
/// largest). Slices whose rate is undefined take no part in a summary; slices under
/// `minimumSliceSize` examples neither. Intervals are Wilson intervals for values and Newcombe's
/// for differences of disjoint groups, at `confidence`; the difference from overall, which
/// contains the slice, is derived from the slice-vs-rest one (`differenceFromOverall`).
///
/// Each slice's rates are tested against a comparison group: the reference slice when one was
/// chosen, otherwise the rest of the data (the overall slice contains the slice, so comparing the
/// two would not be a test of independent groups). Complementary rates share one test (FNR with
/// TPR, TNR with FPR, negative rate with positive rate, FDR with precision, recall is TPR), and
/// the p-values of all tests of the run are adjusted together with Benjamini–Hochberg; a
/// difference is `significant` when its q-value is at most 1 − confidence. Every test is Fisher's
/// exact test (`Significance.compare`), valid at the small p-values the correction keeps.
///
/// Cost: linear in slices, apart from sorting the p-values (every lookup is by position).
public struct FairnessAnalysis: Equatable, Sendable {
    public var confidence: Double
    public var minimumSliceSize: Int
    public var compareWithRest: Bool
    /// How many tests the Benjamini–Hochberg correction covered.
    public var testCount: Int
    public var specs: [SpecAnalysis]

    /// 1 − confidence, rounded to 12 decimals so that 0.95 gives 0.05 and not 0.050000000000000044.
    public var alpha: Double { ((1 - confidence) * 1e12).rounded() / 1e12 }

    public struct SpecAnalysis: Equatable, Sendable {
        public var features: [String]
        /// The reference slice's name (`overall` unless `--reference` chose a slice of the spec).
        public var reference: String
        public var thresholds: [ThresholdAnalysis]

        public var name: String { features.joined(separator: " × ") }
    }

    /// The analysis at one operating point (a threshold, or a top-k rule).
    public struct ThresholdAnalysis: Equatable, Sendable {
        public var point: OperatingPoint
        public var rates: [RateAnalysis]
        public var criteria: [Criterion]

        /// The threshold of a threshold operating point; NaN for a top-k one.
        public var threshold: Double { point.threshold ?? .nan }
    }

    public struct RateAnalysis: Equatable, Sendable {
        public var rate: ConfusionMatrix.Rate
        public var referenceValue: Double?
        /// Largest − smallest value over the spec's slices, and the slices attaining them.
        public var largestGap: Double?
        public var lowestSlice: String?
        public var highestSlice: String?
        /// Smallest / largest value.
        public var smallestRatio: Double?
        /// With `--bootstrap`: percentile interval of the largest gap over the replicates.
        public var gapBootstrapInterval: ConfidenceInterval?
        public var comparisons: [SliceComparison]
    }

    /// One slice of the spec; a rate's comparisons list the spec's slices in the result's order,
    /// so the same index is the same slice in every rate (names can coincide: a value may spell
    /// `a & b=c`).
    public struct SliceComparison: Equatable, Sendable {
        public var slice: String
        /// The slice's rows.
        public var examples: Int
        public var value: Double?
        public var interval: ConfidenceInterval?
        public var difference: Double?
        public var differenceInterval: ConfidenceInterval?
        public var ratio: Double?
        /// Left out of summaries: fewer examples than the minimum slice size.
        public var isSmall: Bool
        /// Two-sided p-value against the comparison group, its test, and the
        /// Benjamini–Hochberg q-value over the whole run.
        public var pValue: Double?
        public var test: Significance.Test?
        /// What the test compared with (`rest`, or the reference slice's name), the difference it
        /// tested (slice − that group) and Newcombe's interval for it (valid: the groups are
        /// disjoint).
        public var testedAgainst: String?
        public var testedDifference: Double?
        public var testedDifferenceInterval: ConfidenceInterval?
        public var qValue: Double?
        public var isSignificant: Bool = false
        /// With `--bootstrap`: percentile intervals of the value and of the difference from the
        /// reference over the replicates.
        public var bootstrapInterval: ConfidenceInterval?
        public var differenceBootstrapInterval: ConfidenceInterval?
    }

    /// The central `confidence` share of `values` (type-7 quantiles, as numpy's default); nil
    /// when fewer than two values are defined.
    public static func percentileInterval(_ values: [Double?], confidence: Double) -> ConfidenceInterval? {
        let sorted = values.compactMap { $0 }.sorted()
        guard sorted.count >= 2 else { return nil }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        return ConfidenceInterval(lower: quantile((1 - confidence) / 2), upper: quantile(1 - (1 - confidence) / 2))
    }

    /// The rates that get a test of their own; the others are complements of these.
    static func testedRate(for rate: ConfusionMatrix.Rate) -> ConfusionMatrix.Rate {
        switch rate {
        case .falseNegativeRate, .recall: return .truePositiveRate
        case .trueNegativeRate: return .falsePositiveRate
        case .negativeRate: return .positiveRate
        case .falseDiscoveryRate: return .precision
        default: return rate
        }
    }

    /// A named fairness criterion, with Fairlearn's definition.
    public struct Criterion: Equatable, Sendable {
        public var name: String
        public var value: Double?
    }

    /// The named criteria rai computes per spec and threshold, and their definitions.
    public static let criterionNames = [
        "demographic_parity_difference",  // gap in positive_rate
        "demographic_parity_ratio",       // ratio in positive_rate
        "equal_opportunity_difference",   // gap in true_positive_rate
        "equalized_odds_difference",      // larger of the TPR and FPR gaps
        "equalized_odds_ratio",           // smaller of the TPR and FPR ratios
        "predictive_parity_difference",   // gap in precision
        "disparate_impact_ratio",         // ratio in positive_rate; four-fifths rule: ≥ 0.8
    ]

    public init(result: EvaluationResult, references: [String: [String?]] = [:], confidence: Double = 0.95,
                minimumSliceSize: Int = 0, compareWithRest: Bool = false) {
        self.confidence = confidence
        self.minimumSliceSize = minimumSliceSize
        self.compareWithRest = compareWithRest
        let z = ConfidenceInterval.zScore(confidence: confidence)
        let overall = result.slices[0]
        // Each spec's members, reference and comparator; then every (spec, threshold) analysed on
        // its own, spread over the cores.
        let plans = result.sliceSpecs.map { features in
            let members = result.slices.filter { $0.features == features }
            let chosen = references[features.joined(separator: ",")].flatMap { values in
                members.first { $0.values == values }
            }
            let reference = chosen ?? overall
            let comparator: SliceResult? = compareWithRest || chosen == nil ? nil : reference
            return (features: features, members: members, reference: reference, comparator: comparator)
        }
        let work = plans.indices.flatMap { spec in result.operatingPoints.indices.map { (spec: spec, index: $0) } }
        let steps = work.concurrentMap { spec, index in
            let plan = plans[spec]
            var step = Self.analyse(members: plan.members, reference: plan.reference, index: index, z: z,
                                    minimumSliceSize: minimumSliceSize, point: result.operatingPoints[index])
            Self.test(&step, members: plan.members, comparator: plan.comparator, overall: overall, index: index, z: z,
                      weighted: result.weightColumn != nil)
            Self.bootstrap(&step, members: plan.members, reference: plan.reference, index: index, confidence: confidence,
                           minimumSliceSize: minimumSliceSize)
            return step
        }
        let perSpec = result.operatingPoints.count
        specs = plans.indices.map { spec in
            SpecAnalysis(features: plans[spec].features, reference: plans[spec].reference.name,
                         thresholds: Array(steps[(spec * perSpec)..<((spec + 1) * perSpec)]))
        }
        testCount = 0
        adjust()
    }

    /// Fills the bootstrap intervals of values, differences and gaps, when there are replicates.
    private static func bootstrap(_ step: inout ThresholdAnalysis, members: [SliceResult], reference: SliceResult, index: Int,
                                  confidence: Double, minimumSliceSize: Int) {
        guard let referenceReplicates = reference.bootstrap else { return }
        for r in step.rates.indices {
            let k = ConfusionMatrix.Rate.allCases.firstIndex(of: step.rates[r].rate)!
            let referenceValues = referenceReplicates.rates[index][k]
            var gaps = [Double?](repeating: nil, count: referenceValues.count)
            var lows = [Double](repeating: .infinity, count: referenceValues.count)
            var highs = [Double](repeating: -.infinity, count: referenceValues.count)
            for c in step.rates[r].comparisons.indices {
                let slice = members[c]
                guard let values = slice.bootstrap?.rates[index][k] else { continue }
                step.rates[r].comparisons[c].bootstrapInterval = percentileInterval(values, confidence: confidence)
                let differences = zip(values, referenceValues).map { a, b in a.flatMap { x in b.map { x - $0 } } }
                step.rates[r].comparisons[c].differenceBootstrapInterval = percentileInterval(differences, confidence: confidence)
                guard slice.exampleCount >= minimumSliceSize else { continue }
                for (replicate, value) in values.enumerated() {
                    guard let value else { continue }
                    lows[replicate] = min(lows[replicate], value)
                    highs[replicate] = max(highs[replicate], value)
                }
            }
            for replicate in gaps.indices where highs[replicate] >= lows[replicate] { gaps[replicate] = highs[replicate] - lows[replicate] }
            step.rates[r].gapBootstrapInterval = percentileInterval(gaps, confidence: confidence)
        }
    }

    /// Fills each comparison's p-value: the slice against `comparator`, or against the rest of
    /// the data when it is nil.
    private static func test(_ step: inout ThresholdAnalysis, members: [SliceResult], comparator: SliceResult?,
                             overall: SliceResult, index: Int, z: Double, weighted: Bool) {
        // A rate and its complement (FPR and TNR) test the same table: each table once.
        var outcomes: [ConfusionMatrix.Rate: [Int: (p: Double, test: Significance.Test)?]] = [:]
        for r in step.rates.indices {
            let tested = testedRate(for: step.rates[r].rate)
            // Small slices are withheld: they are neither tested nor counted in the correction.
            for c in step.rates[r].comparisons.indices where !step.rates[r].comparisons[c].isSmall {
                let slice = members[c]
                let mine = slice.thresholds[index]
                let other: ThresholdResult
                if let comparator {
                    guard comparator.values != slice.values else { continue }
                    other = comparator.thresholds[index]
                } else {
                    let all = overall.thresholds[index]
                    other = ThresholdResult(point: all.point, counts: all.counts - mine.counts, squares: all.squares - mine.squares)
                }
                func proportion(_ entry: ThresholdResult) -> (x: Double, n: Double) {
                    let (numerator, denominator) = tested.parts(of: entry.counts)
                    let n = entry.effectiveSize(of: tested)
                    return (denominator > 0 ? numerator / denominator * n : 0, n)
                }
                let known = outcomes[tested]?[c]
                let outcome = known ?? {
                    let (x1, n1) = proportion(mine), (x2, n2) = proportion(other)
                    return Significance.compare(x1, n1, x2, n2, weighted: weighted)
                }()
                if known == nil { outcomes[tested, default: [:]][c] = outcome }
                if let outcome {
                    step.rates[r].comparisons[c].pValue = outcome.p
                    step.rates[r].comparisons[c].test = outcome.test
                    step.rates[r].comparisons[c].testedAgainst = comparator?.name ?? "rest"
                    let rate = step.rates[r].rate
                    if let a = mine.counts.value(of: rate), let b = other.counts.value(of: rate),
                       let ia = mine.interval(of: rate, z: z), let ib = other.interval(of: rate, z: z) {
                        step.rates[r].comparisons[c].testedDifference = a - b
                        step.rates[r].comparisons[c].testedDifferenceInterval = ConfidenceInterval.newcombe(a, ia, b, ib)
                    }
                }
            }
        }
    }

    /// Benjamini–Hochberg over every test of the run (each tested rate once per slice and
    /// threshold; complementary rates reuse their twin's result).
    private mutating func adjust() {
        var analyses = [self]
        Self.adjustTogether(&analyses)
        self = analyses[0]
    }

    /// Benjamini–Hochberg over every test of several analyses of one run together (a multi-class
    /// run's classes): q-values, significance and `testCount` then refer to all their tests.
    public static func adjustTogether(_ analyses: inout [FairnessAnalysis]) {
        var pValues: [Double] = []
        var positions: [(Int, Int, Int, Int, Int)] = []
        for a in analyses.indices {
            let specs = analyses[a].specs
            for s in specs.indices {
                for t in specs[s].thresholds.indices {
                    for r in specs[s].thresholds[t].rates.indices where testedRate(for: specs[s].thresholds[t].rates[r].rate) == specs[s].thresholds[t].rates[r].rate {
                        for c in specs[s].thresholds[t].rates[r].comparisons.indices {
                            if let p = specs[s].thresholds[t].rates[r].comparisons[c].pValue {
                                pValues.append(p)
                                positions.append((a, s, t, r, c))
                            }
                        }
                    }
                }
            }
        }
        let q = Significance.benjaminiHochberg(pValues)
        for (k, (a, s, t, r, c)) in positions.enumerated() {
            analyses[a].specs[s].thresholds[t].rates[r].comparisons[c].qValue = q[k]
            analyses[a].specs[s].thresholds[t].rates[r].comparisons[c].isSignificant = q[k] <= analyses[a].alpha
        }
        for a in analyses.indices {
            analyses[a].testCount = pValues.count
            analyses[a].copyComplements()
        }
    }

    /// Complements share their twin's test.
    private mutating func copyComplements() {
        for s in specs.indices {
            for t in specs[s].thresholds.indices {
                let rates = specs[s].thresholds[t].rates
                for r in rates.indices {
                    let twin = Self.testedRate(for: rates[r].rate)
                    guard twin != rates[r].rate, let source = rates.first(where: { $0.rate == twin }) else { continue }
                    for c in rates[r].comparisons.indices {
                        let match = source.comparisons[c]
                        specs[s].thresholds[t].rates[r].comparisons[c].pValue = match.pValue
                        specs[s].thresholds[t].rates[r].comparisons[c].test = match.test
                        specs[s].thresholds[t].rates[r].comparisons[c].testedAgainst = match.testedAgainst
                        specs[s].thresholds[t].rates[r].comparisons[c].qValue = match.qValue
                        specs[s].thresholds[t].rates[r].comparisons[c].isSignificant = match.isSignificant
                    }
                }
            }
        }
    }

    /// The interval of slice − overall. Overall contains the slice, so Newcombe's interval, which
    /// takes two independent groups, does not apply. But with D the amounts in the rate's
    /// denominator, overall = (D_slice · slice + D_rest · rest) / (D_slice + D_rest), so
    /// slice − overall = D_rest / (D_slice + D_rest) · (slice − rest): the interval is Newcombe's
    /// for the two disjoint groups slice and rest, scaled by that share. When the slice is all the
    /// data, the difference is exactly 0.
    static func differenceFromOverall(_ entry: ThresholdResult, _ overall: ThresholdResult, rate: ConfusionMatrix.Rate,
                                      value: Double, interval: ConfidenceInterval, z: Double) -> ConfidenceInterval? {
        let rest = ThresholdResult(point: entry.point, counts: overall.counts - entry.counts,
                                   squares: overall.squares - entry.squares)
        let restAmount = rate.parts(of: rest.counts).denominator, allAmount = rate.parts(of: overall.counts).denominator
        guard restAmount > 0, allAmount > 0 else { return ConfidenceInterval(lower: 0, upper: 0) }
        guard let restValue = rest.counts.value(of: rate), let restInterval = rest.interval(of: rate, z: z) else { return nil }
        let share = restAmount / allAmount
        let versusRest = ConfidenceInterval.newcombe(value, interval, restValue, restInterval)
        return ConfidenceInterval(lower: share * versusRest.lower, upper: share * versusRest.upper)
    }

    private static func analyse(members: [SliceResult], reference: SliceResult, index: Int, z: Double,
                                minimumSliceSize: Int, point: OperatingPoint) -> ThresholdAnalysis {
        let referenceEntry = reference.thresholds[index]
        let rates = ConfusionMatrix.Rate.allCases.map { rate -> RateAnalysis in
            let referenceValue = referenceEntry.counts.value(of: rate)
            let referenceInterval = referenceEntry.interval(of: rate, z: z)
            var comparisons: [SliceComparison] = []
            for slice in members {
                let entry = slice.thresholds[index]
                let value = entry.counts.value(of: rate)
                let interval = entry.interval(of: rate, z: z)
                var comparison = SliceComparison(slice: slice.name, examples: slice.exampleCount, value: value, interval: interval,
                                                 isSmall: slice.exampleCount < minimumSliceSize)
                if let value, let referenceValue {
                    comparison.difference = value - referenceValue
                    comparison.ratio = referenceValue == 0 ? nil : value / referenceValue
                    if let interval, let referenceInterval, slice.values != reference.values || slice.features != reference.features {
                        comparison.differenceInterval = reference.isOverall
                            ? differenceFromOverall(entry, referenceEntry, rate: rate, value: value, interval: interval, z: z)
                            : ConfidenceInterval.newcombe(value, interval, referenceValue, referenceInterval)
                    }
                }
                comparisons.append(comparison)
            }
            let counted = comparisons.filter { !$0.isSmall && $0.value != nil }
            var analysis = RateAnalysis(rate: rate, referenceValue: referenceValue, comparisons: comparisons)
            if let low = counted.min(by: { $0.value! < $1.value! }), let high = counted.max(by: { $0.value! < $1.value! }) {
                analysis.largestGap = high.value! - low.value!
                analysis.lowestSlice = low.slice
                analysis.highestSlice = high.slice
                analysis.smallestRatio = high.value! == 0 ? nil : low.value! / high.value!
            }
            return analysis
        }
        func rate(_ r: ConfusionMatrix.Rate) -> RateAnalysis { rates.first { $0.rate == r }! }
        let tpr = rate(.truePositiveRate), fpr = rate(.falsePositiveRate), selection = rate(.positiveRate)
        func larger(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { x in b.map { max(x, $0) } } }
        func smaller(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { x in b.map { min(x, $0) } } }
        let criteria = [
            Criterion(name: "demographic_parity_difference", value: selection.largestGap),
            Criterion(name: "demographic_parity_ratio", value: selection.smallestRatio),
            Criterion(name: "equal_opportunity_difference", value: tpr.largestGap),
            Criterion(name: "equalized_odds_difference", value: larger(tpr.largestGap, fpr.largestGap)),
            Criterion(name: "equalized_odds_ratio", value: smaller(tpr.smallestRatio, fpr.smallestRatio)),
            Criterion(name: "predictive_parity_difference", value: rate(.precision).largestGap),
            Criterion(name: "disparate_impact_ratio", value: selection.smallestRatio),
        ]
        return ThresholdAnalysis(point: point, rates: rates, criteria: criteria)
    }
}
