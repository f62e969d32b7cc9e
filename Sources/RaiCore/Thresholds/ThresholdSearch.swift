/// How `rai thresholds` chooses each slice's threshold (the What-If Tool's strategies and
/// Fairlearn's `ThresholdOptimizer` constraints), always at least total cost, cost = FP ×
/// cost ratio + FN summed over the slices.
public enum ThresholdStrategy: String, CaseIterable, Sendable {
    /// One threshold for every slice.
    case single
    /// Each slice its own least-cost threshold, no constraint.
    case group
    /// Positive rates within `tolerance` of each other.
    case demographicParity = "demographic-parity"
    /// True positive rates within `tolerance`.
    case equalOpportunity = "equal-opportunity"
    /// Accuracies within `tolerance`.
    case equalAccuracy = "equal-accuracy"
    /// True and false positive rates equal, exactly, by randomising each slice (`EqualizedOdds`).
    case equalizedOdds = "equalized-odds"

    /// The rate a parity strategy equalises.
    var parityMetric: ParityMetric? {
        switch self {
        case .single, .group, .equalizedOdds: return nil
        case .demographicParity: return .positiveRate
        case .equalOpportunity: return .truePositiveRate
        case .equalAccuracy: return .accuracy
        }
    }
}

/// The search over every slice's candidates (one per distinct score). Deterministic thresholds
/// only: each slice gets one threshold, no randomisation, so equality holds within the
/// tolerance rather than exactly.
enum ThresholdSearch {
    /// Each group's chosen candidate index, or nil when no choice meets the constraint.
    /// `constrained` says which groups a parity constraint binds (the others, too small to
    /// constrain, take their least-cost threshold).
    static func choose(_ strategy: ThresholdStrategy, groups: [ThresholdCandidates], overall: ThresholdCandidates,
                       costRatio: Double, tolerance: Double, constrained: [Bool]) -> [Int]? {
        switch strategy {
        case .single:
            let best = cheapest(overall, among: 0..<overall.count, costRatio: costRatio)
            let threshold = overall.thresholds[best]
            return groups.map { candidateIndex($0, threshold: threshold) }
        case .group, .equalizedOdds:  // equalized odds then randomises the slices it binds
            return groups.map { cheapest($0, among: 0..<$0.count, costRatio: costRatio) }
        case .demographicParity, .equalOpportunity, .equalAccuracy:
            return parity(strategy.parityMetric!, groups: groups, costRatio: costRatio, tolerance: tolerance, constrained: constrained)
        }
    }

    /// The least-cost candidate in `range`; the first of equal costs (the lowest threshold).
    static func cheapest(_ candidates: ThresholdCandidates, among range: Range<Int>, costRatio: Double) -> Int {
        var best = range.lowerBound
        for k in range where candidates.cost(k, costRatio: costRatio) < candidates.cost(best, costRatio: costRatio) { best = k }
        return best
    }

    /// The candidate of a slice that decides as `score > threshold` does: the last one whose
    /// threshold is at most `threshold` (candidate 0, every row positive, when none is).
    static func candidateIndex(_ candidates: ThresholdCandidates, threshold: Double) -> Int {
        var low = 1, high = candidates.count  // the first candidate above the threshold, in 1...count
        while low < high {
            let middle = (low + high) / 2
            if candidates.thresholds[middle] <= threshold { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }

    /// Least total cost with every slice's `metric` in one window [L, L + tolerance]. The best
    /// window starts at some slice's attained value, so L runs over all of them in ascending
    /// order; each slice's candidates sorted by value form a sliding window whose least cost a
    /// monotone queue keeps, so the search is linear in the candidates after sorting. A slice
    /// where the metric is undefined (no positives for TPR), or not `constrained`, takes its
    /// least-cost threshold. Ties in cost keep the lowest window.
    static func parity(_ metric: ParityMetric, groups: [ThresholdCandidates], costRatio: Double, tolerance: Double,
                       constrained bound: [Bool]) -> [Int]? {
        struct Entry { var value: Double; var cost: Double; var index: Int }
        let lists: [[Entry]?] = zip(groups, bound).map { candidates, isBound in
            guard isBound, candidates.value(of: metric, at: 0) != nil else { return nil }
            return (0..<candidates.count).map { Entry(value: candidates.value(of: metric, at: $0)!, cost: candidates.cost($0, costRatio: costRatio), index: $0) }
                .sorted { ($0.value, $0.index) < ($1.value, $1.index) }
        }
        var choice = groups.map { cheapest($0, among: 0..<$0.count, costRatio: costRatio) }
        let free = groups.indices.filter { lists[$0] == nil }.reduce(0.0) { $0 + groups[$1].cost(choice[$1], costRatio: costRatio) }
        let constrained = groups.indices.filter { lists[$0] != nil }
        guard !constrained.isEmpty else { return choice }
        var bounds = constrained.flatMap { lists[$0]!.map(\.value) }
        bounds.sort()
        var low = [Int](repeating: 0, count: groups.count), high = low
        var queues = [[Int]](repeating: [], count: groups.count), heads = low
        var best = Double.infinity
        var previous = -Double.infinity
        for bound in bounds where bound != previous {
            previous = bound
            var total = free
            var feasible = true
            for g in constrained {
                let list = lists[g]!
                while high[g] < list.count && list[high[g]].value - bound <= tolerance {
                    while queues[g].count > heads[g] && list[queues[g].last!].cost > list[high[g]].cost { queues[g].removeLast() }
                    queues[g].append(high[g])
                    high[g] += 1
                }
                while low[g] < list.count && list[low[g]].value < bound { low[g] += 1 }
                while heads[g] < queues[g].count && queues[g][heads[g]] < low[g] { heads[g] += 1 }
                if heads[g] == queues[g].count {
                    feasible = false
                    break
                }
                total += list[queues[g][heads[g]]].cost
            }
            if feasible && total < best {
                best = total
                for g in constrained { choice[g] = lists[g]![queues[g][heads[g]]].index }
            }
        }
        return best.isFinite ? choice : nil
    }
}
