import Testing
@testable import RaiCore

@Suite("Score collectors")
struct ScoreCollectorTests {
    /// Rows as (group, score, positive), in a fixed pseudo-random order.
    var rows: [(Int32, Double, Bool)] {
        var state: UInt64 = 42
        return (0..<3000).map { _ in
            state = BootstrapCounts.mix(state &+ 0x9E37_79B9_7F4A_7C15)
            let score = Double(state % 100_000) / 100_000
            return (Int32(state >> 40 & 3), score, (state >> 20) & 1 == 1)
        }
    }

    func batch(_ rows: ArraySlice<(Int32, Double, Bool)>) -> ScoreBatch<UInt32> {
        let batch = ScoreBatch<UInt32>()
        for (group, score, positive) in rows {
            batch.appendRow(key: ScoreTable<UInt32>.orderKey(score), positive: positive, amount: 1)
            batch.appendGroup(group)
        }
        return batch
    }

    @Test("collectors of two shards merge into the collector of the whole, coarsened or not", arguments: [1 << 19, 500])
    func merge(budget: Int) throws {
        let all = rows
        let whole = ScoreCollector<Unweighted>(budget: budget)
        #expect(whole.apply(batch(all[...])) && whole.finish())
        let first = ScoreCollector<Unweighted>(budget: budget), second = ScoreCollector<Unweighted>(budget: budget)
        #expect(first.apply(batch(all[..<1100])) && second.apply(batch(all[1100...])))
        #expect(first.merge(second) && first.finish())
        let members = [[0, 1, 2, 3], [0], [1, 3]]
        #expect(first.level == whole.level)
        #expect(first.areasUnderCurve(sliceMembers: members) == whole.areasUnderCurve(sliceMembers: members))
        #expect(whole.areasUnderCurve(sliceMembers: members).allSatisfy { $0.isExact } == (budget > 3000))
    }
}
