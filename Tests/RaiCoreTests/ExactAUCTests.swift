import Testing
@testable import RaiCore
@testable import RaiTables

/// The AUC that ships: score tables swept in ascending score order into `AreaUnderCurveSum`,
/// checked against its definition, pair by pair: over every positive–negative pair, 1 when the
/// positive scores higher and ½ on a tie, each pair counting the product of its rows' weights.
@Suite("Exact AUC against pairwise counting")
struct ExactAUCTests {
    struct Row {
        var group: Int32
        var score: Double
        var positive: Bool
        var weight: Double
    }

    /// Slices as unions of the four groups: ties between groups must count as ties in the slice.
    static let members = [[0, 1, 2, 3], [0], [1, 3], [2], [0, 2, 3]]

    /// Seeded rows in four groups over `distinctScores` scores (few: many ties), negative ones
    /// and both zeros among them; weights are sums of powers of two, so that pairwise sums are exact.
    static func rows(seed: UInt64, count: Int, distinctScores: Int) -> [Row] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let step = Int.random(in: 0..<distinctScores, using: &g)
            var score = Double(step - distinctScores / 4) / Double(distinctScores)
            if score == 0 && g.chance(50) { score = -0.0 }
            return Row(group: Int32.random(in: 0..<4, using: &g), score: score, positive: g.chance(40),
                       weight: [0.5, 1, 2.25, 3, 0.125, 0][Int.random(in: 0..<6, using: &g)])
        }
    }

    /// The definition: Σ over positive–negative pairs of w⁺·w⁻·[s⁺ > s⁻ + ½·(s⁺ = s⁻)] / Σ w⁺·w⁻.
    static func pairwise(_ rows: [Row], weighted: Bool) -> Double? {
        var area = 0.0, pairs = 0.0
        for p in rows where p.positive {
            for n in rows where !n.positive {
                let w = weighted ? p.weight * n.weight : 1
                pairs += w
                if p.score > n.score { area += w } else if p.score == n.score { area += w / 2 }
            }
        }
        return pairs > 0 ? area / pairs : nil
    }

    static func unweightedAreas(_ rows: [Row], budget: Int) -> [AreaUnderCurve] {
        let batch = ScoreBatch<UInt32>()
        batch.reserve(additional: rows.count)
        for row in rows {
            batch.appendReserved(key: ScoreTable<UInt32>.orderKey(row.score), positive: row.positive, amount: 1,
                                 weighted: false, group: row.group)
        }
        let collector = ScoreCollector<Unweighted>(budget: budget)
        #expect(collector.apply(batch) && collector.finish())
        return collector.sweep(sliceMembers: members) { _ in AreaUnderCurveSum(unit: .rows) }.map(\.result)
    }

    static func weightedAreas(_ rows: [Row], budget: Int) -> [AreaUnderCurve] {
        let scale = WeightScale(reference: 3)
        let batch = ScoreBatch<Int128>()
        batch.reserve(additional: rows.count)
        for row in rows {
            batch.appendReserved(key: ScoreTable<Int128>.orderKey(row.score), positive: row.positive,
                                 amount: scale.fixed(row.weight), weighted: true, group: row.group)
        }
        let collector = ScoreCollector<Weighted>(budget: budget)
        #expect(collector.apply(batch) && collector.finish())
        return collector.sweep(sliceMembers: members) { _ in AreaUnderCurveSum(unit: .weights(scale)) }.map(\.result)
    }

    @Test("exact AUC equals pairwise counting, with ties within and across groups, weighted or not",
          arguments: [(1, 12), (2, 200), (3, 5000)])
    func againstPairs(seed: UInt64, distinctScores: Int) throws {
        let rows = Self.rows(seed: seed, count: 1500, distinctScores: distinctScores)
        for weighted in [false, true] {
            let areas = weighted ? Self.weightedAreas(rows, budget: 1 << 20) : Self.unweightedAreas(rows, budget: 1 << 20)
            for (members, area) in zip(Self.members, areas) {
                let slice = rows.filter { members.contains(Int($0.group)) }
                let expected = try #require(Self.pairwise(slice, weighted: weighted))
                let value = try #require(area.value)
                #expect(abs(value - expected) <= 1e-12, "weighted: \(weighted), groups \(members)")
                #expect(area.isExact && area.errorBound == 0)
            }
        }
    }

    @Test("coarsened by a small budget, AUC stays within its error bound of pairwise counting")
    func coarsenedWithinBound() throws {
        let rows = Self.rows(seed: 4, count: 1500, distinctScores: 5000)
        for weighted in [false, true] {
            let areas = weighted ? Self.weightedAreas(rows, budget: 64) : Self.unweightedAreas(rows, budget: 64)
            for (members, area) in zip(Self.members, areas) {
                let expected = try #require(Self.pairwise(rows.filter { members.contains(Int($0.group)) }, weighted: weighted))
                let value = try #require(area.value)
                #expect(!area.isExact && area.errorBound > 0)
                #expect(abs(value - expected) <= area.errorBound + 1e-12, "weighted: \(weighted), groups \(members)")
            }
        }
    }

    @Test("a slice without positives or without negatives has no AUC")
    func undefined() {
        let rows = [Row(group: 0, score: 0.5, positive: true, weight: 1), Row(group: 1, score: 0.2, positive: false, weight: 1)]
        let areas = Self.unweightedAreas(rows, budget: 1 << 20)
        #expect(areas[0].value == 1)
        #expect(areas[1].value == nil && areas[3].value == nil)
    }
}
