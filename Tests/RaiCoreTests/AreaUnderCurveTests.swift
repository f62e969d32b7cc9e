import Testing
@testable import RaiCore
@testable import RaiTables

/// The AUC sum every slice's AUC and every bootstrap replicate's goes through, fed buckets in
/// ascending score order.
private func areaUnderCurve(sortedBuckets buckets: [(positives: Int128, negatives: Int128, isMixed: Bool)],
                            unit: AmountUnit = .rows) -> AreaUnderCurve {
    var sum = AreaUnderCurveSum(unit: unit)
    for bucket in buckets { sum.visit(positives: bucket.positives, negatives: bucket.negatives, isMixed: bucket.isMixed) }
    return sum.result
}

@Suite("Exact AUC")
struct AreaUnderCurveTests {
    @Test("ties count one half")
    func ties() {
        // Positives at 0.5 and 0.9, negatives at 0.1 and 0.5. Pairs (pos, neg):
        // (0.9, 0.1) 1, (0.9, 0.5) 1, (0.5, 0.1) 1, (0.5, 0.5) ½ → 3.5 / 4 = 0.875.
        let auc = areaUnderCurve(sortedBuckets: [
            (positives: 0, negatives: 1, isMixed: false),  // 0.1
            (positives: 1, negatives: 1, isMixed: false),  // 0.5
            (positives: 1, negatives: 0, isMixed: false),  // 0.9
        ])
        #expect(auc.value == 0.875)
        #expect(auc.isExact)
        #expect(auc.errorBound == 0)
    }

    @Test("weights multiply pairs")
    func weighted() {
        // Negative 0.2 (w 2), positive 0.4 (w 1), negative 0.6 (w 1), positive 0.8 (w 3).
        // P = 4, N = 3. Positive 0.4 beats weight 2 of negatives; 0.8 beats all 3.
        // (1·2 + 3·3) / (4·3) = 11/12.
        let auc = areaUnderCurve(sortedBuckets: [
            (positives: 0, negatives: 2, isMixed: false),
            (positives: 1, negatives: 0, isMixed: false),
            (positives: 0, negatives: 1, isMixed: false),
            (positives: 3, negatives: 0, isMixed: false),
        ])
        #expect(abs(auc.value! - 11.0 / 12.0) < 1e-15)
    }

    @Test("undefined without positives or without negatives")
    func undefined() {
        #expect(areaUnderCurve(sortedBuckets: [(positives: 3, negatives: 0, isMixed: false)]).value == nil)
        #expect(areaUnderCurve(sortedBuckets: [(positives: 0, negatives: 2, isMixed: false)]).value == nil)
        #expect(areaUnderCurve(sortedBuckets: []).value == nil)
    }

    @Test("a mixed bucket bounds the error by half its pairs")
    func mixedBound() {
        // One bucket with 2 positives and 2 negatives of different scores: counted as ties (½),
        // true value anywhere in [0, 1]; bound = (2·2)/2 / (2·2) = 0.5.
        let auc = areaUnderCurve(sortedBuckets: [(positives: 2, negatives: 2, isMixed: true)])
        #expect(auc.value == 0.5)
        #expect(!auc.isExact)
        #expect(auc.errorBound == 0.5)
    }

    @Test("fixed-point weights give the same AUC as the weights they stand for")
    func fixedPointWeights() {
        // The weighted example above in fixed-point units of a scale whose reference is 2⁻⁷⁰
        // (one unit is 2⁻¹³⁴ of weight): the unit cancels in the ratio.
        let one: Int128 = 1 << 64
        let auc = areaUnderCurve(sortedBuckets: [
            (positives: 0, negatives: 2 * one, isMixed: false),
            (positives: one, negatives: 0, isMixed: false),
            (positives: 0, negatives: one, isMixed: false),
            (positives: 3 * one, negatives: 0, isMixed: false),
        ], unit: .weights(WeightScale(exponent: -70)))
        #expect(abs(auc.value! - 11.0 / 12.0) < 1e-15)
    }
}

@Suite("Amount units")
struct AmountUnitTests {
    @Test("128-bit sums convert to the nearest double, as the standard library's conversion does")
    func conversion() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = BootstrapCounts.mix(state &+ 0x9E37_79B9_7F4A_7C15)
            return state
        }
        var values: [Int128] = [0, 1, -1, Int128(Int64.max), Int128(Int64.max) + 1, Int128(Int64.min) - 1, .max, .min + 1,
                                Int128(1) << 100 | 1 << 46, Int128(1) << 100 | 1 << 47, (Int128(1) << 100 | 1 << 47) + 1]
        for _ in 0..<20_000 {
            let bits = Int(next() % 127)
            let raw = Int128(bitPattern: UInt128(next()) << 64 | UInt128(next()))
            values.append(raw >> bits)
        }
        for value in values { #expect(AmountUnit.double(value) == Double(value), "\(value)") }
    }
}
