import Testing
@testable import RaiCore
@testable import RaiTables

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
        batch.reserve(additional: rows.count)
        for (group, score, positive) in rows {
            batch.appendReserved(key: ScoreTable<UInt32>.orderKey(score), positive: positive, amount: 1, weighted: false, group: group)
        }
        return batch
    }

    func collector(_ rows: ArraySlice<(Int32, Double, Bool)>, budget: Int) -> ScoreCollector<Unweighted> {
        let collector = ScoreCollector<Unweighted>(budget: budget)
        #expect(collector.apply(batch(rows)) && collector.finish())
        return collector
    }

    func areas(_ collector: ScoreCollector<Unweighted>, _ members: [[Int]]) -> [AreaUnderCurve] {
        collector.sweep(sliceMembers: members) { _ in AreaUnderCurveSum(unit: .rows) }.map(\.result)
    }

    let members = [[0, 1, 2, 3], [0], [1, 3]]

    @Test("shards merge into the collector of the whole, in any order and grouping, coarsened or not",
          arguments: [1 << 19, 2000, 500, 40])
    func merge(budget: Int) throws {
        let all = rows
        let whole = collector(all[...], budget: budget)
        let cuts = [0, 700, 1100, 2400, 3000]
        let shards = (0..<4).map { collector(all[cuts[$0]..<cuts[$0 + 1]], budget: budget) }
        // ((a + b) + c) + d
        let leftFirst = collector(all[0..<0], budget: budget)
        for shard in shards { #expect(leftFirst.merge(shard)) }
        // a + (b + (c + d)), built from fresh shards (merging changes the receiver only)
        let inner = collector(all[cuts[2]..<cuts[3]], budget: budget)
        #expect(inner.merge(collector(all[cuts[3]..<cuts[4]], budget: budget)))
        let middle = collector(all[cuts[1]..<cuts[2]], budget: budget)
        #expect(middle.merge(inner))
        let rightFirst = collector(all[cuts[0]..<cuts[1]], budget: budget)
        #expect(rightFirst.merge(middle))
        for merged in [leftFirst, rightFirst] {
            #expect(merged.level == whole.level)
            #expect(areas(merged, members) == areas(whole, members))
        }
        #expect(areas(whole, members).allSatisfy { $0.isExact } == (budget > 3000))
        // The shards had different levels when coarsened: merging across levels was exercised.
        if budget == 500 { #expect(Set(shards.map(\.level)).count > 1) }
    }

    @Test("merging maps groups: shards that numbered the same combinations differently agree")
    func mergeWithGroupMap() {
        let all = rows
        let whole = collector(all[...], budget: 1 << 19)
        let first = collector(all[..<1500], budget: 1 << 19)
        // The second shard numbers group g as 3 − g.
        let renumbered = all[1500...].map { (3 - $0.0, $0.1, $0.2) }
        let second = collector(renumbered[...], budget: 1 << 19)
        #expect(first.merge(second, groups: [3, 2, 1, 0]))
        #expect(areas(first, members) == areas(whole, members))
    }

    @Test("the sweep gives each slice the exact AUC of its rows, ties counting one half")
    func sweepIsExact() {
        let all = rows
        let whole = collector(all[...], budget: 1 << 19)
        for (slice, groups) in members.enumerated() {
            let mine = all.filter { groups.contains(Int($0.0)) }
            var pairs = 0.0, wins = 0.0
            for p in mine where p.2 {
                for n in mine where !n.2 {
                    pairs += 1
                    wins += p.1 > n.1 ? 1 : p.1 == n.1 ? 0.5 : 0
                }
            }
            #expect(areas(whole, members)[slice].value == wins / pairs)
        }
    }
}
