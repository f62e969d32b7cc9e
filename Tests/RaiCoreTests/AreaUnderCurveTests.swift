import Testing
@testable import RaiCore

@Suite("Exact AUC")
struct AreaUnderCurveTests {
    @Test("ties count one half")
    func ties() {
        // Positives at 0.5 and 0.9, negatives at 0.1 and 0.5. Pairs (pos, neg):
        // (0.9, 0.1) 1, (0.9, 0.5) 1, (0.5, 0.1) 1, (0.5, 0.5) ½ → 3.5 / 4 = 0.875.
        let auc = AreaUnderCurve(sortedBuckets: [
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
        let auc = AreaUnderCurve(sortedBuckets: [
            (positives: 0, negatives: 2, isMixed: false),
            (positives: 1, negatives: 0, isMixed: false),
            (positives: 0, negatives: 1, isMixed: false),
            (positives: 3, negatives: 0, isMixed: false),
        ])
        #expect(abs(auc.value! - 11.0 / 12.0) < 1e-15)
    }

    @Test("undefined without positives or without negatives")
    func undefined() {
        #expect(AreaUnderCurve(sortedBuckets: [(positives: 3, negatives: 0, isMixed: false)]).value == nil)
        #expect(AreaUnderCurve(sortedBuckets: [(positives: 0, negatives: 2, isMixed: false)]).value == nil)
        #expect(AreaUnderCurve(sortedBuckets: []).value == nil)
    }

    @Test("a mixed bucket bounds the error by half its pairs")
    func mixedBound() {
        // One bucket with 2 positives and 2 negatives of different scores: counted as ties (½),
        // true value anywhere in [0, 1]; bound = (2·2)/2 / (2·2) = 0.5.
        let auc = AreaUnderCurve(sortedBuckets: [(positives: 2, negatives: 2, isMixed: true)])
        #expect(auc.value == 0.5)
        #expect(!auc.isExact)
        #expect(auc.errorBound == 0.5)
    }
}
