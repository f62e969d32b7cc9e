import Testing
@testable import RaiCore

@Suite("Rates from confusion counts")
struct ConfusionMatrixTests {
    // TP 3, FP 1, TN 4, FN 2: 10 rows, 5 actual positives, 5 actual negatives, 4 predicted positive.
    let counts = ConfusionMatrix(truePositives: 3, falsePositives: 1, trueNegatives: 4, falseNegatives: 2)

    @Test("each rate matches its hand-computed value", arguments: [
        ("false_positive_rate", 0.2),          // 1 / (1 + 4)
        ("false_negative_rate", 0.4),          // 2 / (2 + 3)
        ("true_positive_rate", 0.6),           // 3 / (3 + 2)
        ("true_negative_rate", 0.8),           // 4 / (4 + 1)
        ("positive_rate", 0.4),                // (3 + 1) / 10
        ("negative_rate", 0.6),                // (4 + 2) / 10
        ("precision", 0.75),                   // 3 / (3 + 1)
        ("recall", 0.6),                       // same as TPR
        ("false_discovery_rate", 0.25),        // 1 / (1 + 3)
        ("false_omission_rate", 1.0 / 3.0),    // 2 / (2 + 4)
        ("accuracy", 0.7),                     // (3 + 4) / 10
    ])
    func rate(name: String, expected: Double) throws {
        let value = try #require(counts.rates.first { $0.name == name }?.value)
        #expect(abs(value - expected) < 1e-15)
    }

    @Test("weighted counts give weighted rates")
    func weighted() {
        // TP 1.5, FP 0.5, TN 2.0, FN 0.5.
        let weighted = ConfusionMatrix(truePositives: 1.5, falsePositives: 0.5, trueNegatives: 2, falseNegatives: 0.5)
        #expect(weighted.falsePositiveRate == 0.2)     // 0.5 / 2.5
        #expect(weighted.truePositiveRate == 0.75)     // 1.5 / 2.0
        #expect(abs(weighted.positiveRate! - 2.0 / 4.5) < 1e-15)  // (1.5 + 0.5) / 4.5
        #expect(weighted.precision == 0.75)            // 1.5 / 2.0
    }

    @Test("zero denominators are undefined, never zero")
    func zeroDenominators() {
        let empty = ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)
        #expect(empty.rates.allSatisfy { $0.value == nil })
        // Only negatives, none predicted positive: TPR, FNR, precision, FDR undefined.
        let negativesOnly = ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 5, falseNegatives: 0)
        #expect(negativesOnly.truePositiveRate == nil)
        #expect(negativesOnly.falseNegativeRate == nil)
        #expect(negativesOnly.precision == nil)
        #expect(negativesOnly.falseDiscoveryRate == nil)
        #expect(negativesOnly.falsePositiveRate == 0)
        #expect(negativesOnly.falseOmissionRate == 0)
        #expect(negativesOnly.accuracy == 1)
    }
}
