import Foundation
import Testing
@testable import RaiCore

@Suite("rai data: sketches and sums")
struct DataSketchTests {
    @Test("exact sums do not depend on the order of terms or on how they are split")
    func exactSumsAreOrderFree() {
        // 1e16 + 1 − 1e16 is 0 in floating point left to right, 1 exactly.
        var forward = ExactSum(squares: false), backward = ExactSum(squares: false)
        for value in [1e16, 1, -1e16] { forward.add(value) }
        for value in [-1e16, 1, 1e16].reversed() { backward.add(value) }
        #expect(forward.value == 1)
        #expect(backward.value == 1)
        // Squares: 1.5² + 2.5² + (−3)² = 2.25 + 6.25 + 9 = 17.5; twice each through `times`.
        var squares = ExactSum(squares: true)
        for value in [1.5, 2.5, -3] { squares.add(value, times: 2) }
        #expect(squares.value == 35)
        var negative = ExactSum(squares: false)
        for value in [-2.5, 1, -0.25] { negative.add(value) }
        #expect(negative.value == -1.75)
        var left = ExactSum(squares: false), right = ExactSum(squares: false), whole = ExactSum(squares: false)
        for k in 0..<1000 {
            let value = Double(k) * 0.1 - 37.3
            whole.add(value)
            if k % 3 == 0 { left.add(value) } else { right.add(value) }
        }
        right.merge(left)
        #expect(right == whole || right.value == whole.value)
        var plain = 0.0
        for k in 0..<1000 { plain += Double(k) * 0.1 - 37.3 }
        let difference = abs(whole.value - plain)
        #expect(difference < 1e-9)
    }

    @Test("quantile sketch: within 2⁻⁸ relative of the exact inverted-CDF quantile")
    func quantileSketchBound() {
        var generator = SplitMix(seed: 7)
        var values: [Double] = []
        var sketch = QuantileSketch()
        for _ in 0..<100_000 {
            // Log-normal-ish spread over several orders of magnitude, some negative.
            let value = (generator.unit() - 0.2) * exp(6 * generator.unit())
            values.append(value)
            sketch.add(value)
        }
        values.sort()
        let levels = [0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0]
        let estimates = sketch.quantiles(levels, minimum: values.first!, maximum: values.last!)!
        for (level, estimate) in zip(levels, estimates) {
            let exact = values[max(1, Int((level * Double(values.count)).rounded(.up))) - 1]
            #expect(abs(estimate - exact) <= QuantileSketch.relativeError * abs(exact), "q=\(level): \(estimate) vs \(exact)")
        }
    }

    @Test("HyperLogLog: within 5 % (three standard errors) on 200,000 distinct values, and merges like one")
    func distinctSketch() {
        var all = HyperLogLog(), even = HyperLogLog(), odd = HyperLogLog()
        for k in 0..<200_000 {
            var bytes = Array("value-\(k)".utf8)
            let hash = bytes.withUnsafeMutableBufferPointer { ValueInterner.hash($0.baseAddress!, $0.count) }
            all.add(hash: hash)
            if k % 2 == 0 { even.add(hash: hash) } else { odd.add(hash: hash) }
        }
        even.merge(odd)
        #expect(even == all)
        #expect(abs(all.estimate / 200_000 - 1) < 3 * HyperLogLog.standardError)
    }

    @Test("a tally keeps at most 1,000 distinct values; a merge past that is refused")
    func tallyCapacity() {
        var tally = ValueTally(), other = ValueTally()
        func add(_ tally: inout ValueTally, _ text: String) -> Bool {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { buffer in
                tally.add(UnsafeBufferPointer(buffer), hash: ValueInterner.hash(buffer.baseAddress!, buffer.count))
            }
        }
        for k in 0..<600 { #expect(add(&tally, "a\(k)")) }
        for k in 0..<600 { #expect(add(&other, "b\(k)")) }
        #expect(add(&tally, "a5"))
        var merged = tally
        let fits = merged.merge(other)
        #expect(!fits)
        for k in 600..<1000 { #expect(add(&tally, "a\(k)")) }
        #expect(!add(&tally, "one too many"))
        #expect(tally.counts[tally.distinct - 1] == 1)
    }

    @Test("a column's statistics are the same however its rows are split and merged")
    func profilesMergeOrderFree() {
        func profile(_ values: [Int]) -> ColumnProfile {
            var profile = ColumnProfile()
            for value in values {
                var bytes = Array(String(Double(value) / 7).utf8)
                bytes.withUnsafeMutableBufferPointer { profile.add(UnsafeBufferPointer($0)) }
            }
            return profile
        }
        let values = (0..<5_000).map { ($0 * 7919) % 3_001 }
        let whole = ColumnStatistics(name: "x", profile: profile(values))
        var merged = profile(Array(values[2_500...]))
        merged.merge(profile(Array(values[..<700])))
        merged.merge(profile(Array(values[700..<2_500])))
        let parts = ColumnStatistics(name: "x", profile: merged)
        #expect(whole.distinct == parts.distinct)
        #expect(!whole.distinctIsExact)
        #expect(whole.numeric!.mean == parts.numeric!.mean)
        #expect(whole.numeric!.standardDeviation == parts.numeric!.standardDeviation)
        #expect(whole.numeric!.quantiles == parts.numeric!.quantiles)
        #expect(whole.bins == parts.bins)
    }
}

@Suite("rai data: tests and distances")
struct DataMeasureTests {
    @Test("exact binomial test as SciPy's binomtest", arguments: [
        // P(X ≤ 3 | 10, ½) = 176/1024 = 0.171875, doubled by symmetry.
        (3, 10, 0.5, 0.34375),
        // binomtest(3, 6, 0.6): 1 − P(X = 4) = 1 − 15·0.6⁴·0.4² = 1 − 0.31104.
        (3, 6, 0.6, 0.68896),
        (7, 20, 0.13, 0.010347382134523306),
        (0, 50, 0.1, 0.008373696343230033),
        (520, 1000, 0.5, 0.2174482932041415),
    ])
    func binomial(k: Int, n: Int, p: Double, expected: Double) {
        let p = BinomialTest(trials: n, proportion: p).pValue(k)
        #expect(abs(p - expected) <= 1e-12 * max(1, expected * 1e3))
    }

    @Test("chi-square upper tail: exp(−x/2) for 2 degrees of freedom; SciPy's chi2.sf for 4")
    func chiSquare() {
        #expect(abs(ChiSquareTest.upperRegularizedGamma(1, 42.28 / 2) - exp(-21.14)) < 1e-20)
        #expect(abs(ChiSquareTest.upperRegularizedGamma(2, 3.5 / 2) - 0.477878344488724) < 1e-12)
        let fit = ChiSquareTest.goodnessOfFit(observed: [30, 70], expected: [50, 50])!
        // (30 − 50)²/50 + (70 − 50)²/50 = 8 + 8 = 16 on 1 df.
        #expect(fit.statistic == 16)
        #expect(fit.degrees == 1)
    }

    @Test("L-infinity and Jensen–Shannon distances")
    func distances() {
        // |3/4 − 1/2| = 1/4 for x, |1/4 − 1/2| for y.
        #expect(DriftMeasures.lInfinity(["x": 3, "y": 1], ["x": 1, "y": 1]) == 0.25)
        #expect(DriftMeasures.jensenShannon([Int32(1): 5], [Int32(2): 3]) == 1)
        #expect(DriftMeasures.jensenShannon([Int32(1): 5, 2: 5], [Int32(1): 1, 2: 1]) == 0)
        #expect(DriftMeasures.lInfinity([String: Int](), ["x": 1]) == nil)
        // Bins: four per power of two.
        #expect(DriftMeasures.bin(20) == DriftMeasures.bin(23.9))
        #expect(DriftMeasures.bin(20) != DriftMeasures.bin(24))
        #expect(DriftMeasures.bin(-1) < DriftMeasures.bin(0))
        #expect(DriftMeasures.bin(sketchBucket: QuantileSketch.bucket(30)) == DriftMeasures.bin(30))
        #expect(DriftMeasures.bin(sketchBucket: QuantileSketch.bucket(-30)) == DriftMeasures.bin(-30))
    }
}

@Suite("rai data: the analysis of a small file, by hand")
struct DataAnalysisTests {
    let path = fixturesDirectory + "/data-small.csv"
    let againstPath = fixturesDirectory + "/data-small-against.csv"

    func analysis(threads: Int = 1, blockSize: Int = EvaluationRequest.defaultBlockSize, windows: Bool = true) throws -> DataAnalysis {
        var request = DataRequest(path: path, labelColumn: "label", slices: [["group"], ["tone"]])
        request.threads = threads
        request.blockSize = blockSize
        request.countsInWindows = windows
        var against = request
        against.path = againstPath
        var options = DataAnalysis.Options()
        options.minimumSliceSize = 0
        options.populations = [PopulationSpec(column: "group", shares: [("a", 0.6)])]
        options.gates = try ["min(share, group) >= 0.5", "gap(base_rate, group) <= 0.3", "max(missing_rate, group, column=age) <= 0.34",
                             "max(js, column=age) <= 0.5", "max(linf, column=city) <= 0.7"].map { text throws in
            var gate = try Gate.parse(text, vocabulary: .data)
            try gate.check(slices: request.slices, label: true, against: true, populations: options.populations, columns: nil)
            return gate
        }
        return DataAnalysis(profile: try DataProfiler.profile(request), against: try DataProfiler.profile(against), options: options)
    }

    @Test("counts, shares, base rates, missingness, statistics, drift and gates")
    func handComputed() throws {
        let result = try analysis()
        let profile = result.profile
        #expect(profile.columns == ["id", "label", "group", "tone", "age", "city"])
        // Natural order: MST-1, MST-2, MST-10 (not MST-1, MST-10, MST-2).
        #expect(profile.slices.map(\.name) == ["overall", "group=a", "group=b", "tone=MST-1", "tone=MST-2", "tone=MST-10"])
        let age = profile.overall.columns[4]
        #expect(age.kind == .numeric && age.present == 4 && age.missing == 2)
        // Ages 20, 30, 40, 50: mean 35, sample variance (225 + 25 + 25 + 225) / 3.
        #expect(age.numeric!.mean == 35)
        #expect(abs(age.numeric!.standardDeviation! - (500.0 / 3).squareRoot()) < 1e-12)
        // Ranks ⌈q·4⌉: 1, 1, 2, 3, 4.
        #expect(age.numeric!.quantiles == [20, 20, 30, 40, 50])
        let city = profile.overall.columns[5]
        #expect(city.kind == .categorical && city.distinct == 2 && city.topValues!.map(\.value) == ["y", "x"])
        #expect(profile.overall.columns[1].kind == .numeric)
        // Representation: a is 3 of 6 rows against 0.6 expected; binomtest(3, 6, 0.6) = 0.68896.
        let a = result.representation[0].slices[0]
        #expect(a.share == 0.5 && a.expected == 0.6 && abs(a.ratio! - 0.5 / 0.6) < 1e-15)
        #expect(abs(a.pValue! - 0.68896) < 1e-12)
        #expect(!a.underRepresented)
        // Base rates 2/3 and 1/3: gap 1/3, ratio 1/2.
        let balance = result.labelBalance[0]
        #expect(abs(balance.gap! - 1.0 / 3) < 1e-15 && balance.ratio == 0.5)
        #expect(result.overallBaseRate!.rate == 0.5)
        // Age is missing in rows 3 (a) and 5 (b): 1/3 in each group.
        let ageMissing = result.missingness[4]
        #expect(ageMissing.overall.rate == 2.0 / 6)
        let groupRates: [Double?] = ageMissing.slices.prefix(2).map(\.rate)
        let third: Double? = 1.0 / 3
        #expect(groupRates == [third, third])
        // Drift: city x 2/5 against 3/4 → L∞ 0.35; ages share one bin of four → JS 0.75 bits.
        let overallCity = result.drift.first { $0.column == "city" && $0.slice == "overall" }!
        #expect(overallCity.measure == "linf" && abs(overallCity.value! - 0.35) < 1e-15)
        let overallAge = result.drift.first { $0.column == "age" && $0.slice == "overall" }!
        #expect(overallAge.measure == "js" && abs(overallAge.value! - 0.75) < 1e-15)
        #expect(result.shareChanges.first { $0.slice == "group=a" }!.change == 0.25)
        #expect(result.gates.map(\.passed) == [true, false, true, false, false])
        // City in group b: y, y against x, x, y → |1 − 1/3|; in tone MST-10, y against x → 1, the largest.
        #expect(result.drift.first { $0.column == "city" && $0.slice == "group=b" }!.value.map { abs($0 - 2.0 / 3) < 1e-15 } == true)
        #expect(result.gates[4].observed == 1)
        #expect(result.gates[4].slices == ["tone=MST-10 (city)"])
        #expect(result.gates[1].observed.map { abs($0 - 1.0 / 3) < 1e-15 } == true)
    }

    @Test("the same numbers on any thread count, block size and decoding path")
    func independentOfSplitting() throws {
        let reference = try DataJSONReport(analysis: analysis(), version: "test").render()
        for (threads, blockSize, windows) in [(2, 64, true), (3, 100, false), (1, 64, false)] {
            let split = try analysis(threads: threads, blockSize: blockSize, windows: windows)
            #expect(DataJSONReport(analysis: split, version: "test").render() == reference)
        }
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
