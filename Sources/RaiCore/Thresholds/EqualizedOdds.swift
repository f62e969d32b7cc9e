/// Equalized odds (equal TPR and FPR across slices) solved as Fairlearn's `ThresholdOptimizer`
/// does: deterministic thresholds cannot equalise two rates at once, so each slice randomises.
/// Each slice's achievable (FPR, TPR) points form the convex hull of its ROC points; the
/// overall curve is the lowest of the slices' upper hulls at each FPR (a point every slice can
/// reach), and the least-cost point (x*, y*) on it is the common operating point. A slice then
/// mixes the two hull vertices around x* (reaching its hull at x*) and, with probability
/// `ignoreProbability`, ignores the scores and predicts positive with probability x* (a point
/// on the diagonal), which lowers its TPR to y* while its FPR stays x*. Unlike Fairlearn, which
/// evaluates a grid of 1,000 FPRs, x* is exact: the cost is convex and piecewise linear in x, so
/// its minimum is at a hull vertex or where two slices' hulls cross next to the best vertex.
enum EqualizedOdds {
    /// A vertex of a slice's upper ROC hull: candidate `index` at (FPR, TPR).
    struct Vertex { var x: Double; var y: Double; var index: Int }

    /// A slice's randomised decision at the common point.
    struct Outcome {
        var mix: ThresholdMix
        var counts: ConfusionMatrix
    }

    /// The upper convex hull of a slice's ROC points from (0, 0) to (1, 1), by increasing FPR.
    /// Needs positives and negatives (both rates defined).
    static func hull(_ candidates: ThresholdCandidates) -> [Vertex] {
        var hull: [Vertex] = []
        // The last candidate predicts nothing positive, the first everything: reversed, FPR and TPR ascend.
        for k in stride(from: candidates.count - 1, through: 0, by: -1) {
            let point = Vertex(x: candidates.falsePositives[k] / candidates.negatives, y: candidates.truePositives[k] / candidates.positives, index: k)
            while hull.count >= 2 {
                let o = hull[hull.count - 2], a = hull[hull.count - 1]
                // Drop a unless o → a → point turns clockwise (a strictly above the chord).
                if (a.x - o.x) * (point.y - o.y) - (a.y - o.y) * (point.x - o.x) >= 0 { hull.removeLast() } else { break }
            }
            hull.append(point)
        }
        return hull
    }

    /// The hull segment at `x`: the last vertex at or left of x, and the fraction of the way to
    /// the next one (0 when x is a vertex).
    static func segment(_ hull: [Vertex], at x: Double) -> (Int, Double) {
        var low = 0, high = hull.count  // the first vertex right of x
        while low < high {
            let middle = (low + high) / 2
            if hull[middle].x <= x { low = middle + 1 } else { high = middle }
        }
        let i = max(low - 1, 0)
        guard i + 1 < hull.count, hull[i].x < x else { return (i, 0) }
        return (i, (x - hull[i].x) / (hull[i + 1].x - hull[i].x))
    }

    static func height(_ hull: [Vertex], at x: Double) -> Double {
        let (i, fraction) = segment(hull, at: x)
        return fraction == 0 ? hull[i].y : hull[i].y + fraction * (hull[i + 1].y - hull[i].y)
    }

    /// The least-cost common point and each group's randomised decision there.
    static func solve(_ groups: [ThresholdCandidates], costRatio: Double) -> [Outcome] {
        let hulls = groups.map(hull)
        let negatives = groups.reduce(0) { $0 + $1.negatives }, positives = groups.reduce(0) { $0 + $1.positives }
        func lowest(_ x: Double) -> Double { hulls.map { height($0, at: x) }.min()! }
        func cost(_ x: Double) -> Double { negatives * x * costRatio + positives * (1 - lowest(x)) }
        var xs = Array(Set(hulls.flatMap { $0.map(\.x) }))
        xs.sort()
        var best = 0
        for i in xs.indices where cost(xs[i]) < cost(xs[best]) { best = i }
        // Between neighbouring vertices every hull is linear: the lowest can only change where two cross.
        var x = xs[best], least = cost(x)
        for (a, b) in [(best - 1, best), (best, best + 1)] where a >= 0 && b < xs.count {
            let low = hulls.map { height($0, at: xs[a]) }, high = hulls.map { height($0, at: xs[b]) }
            for g in hulls.indices { for h in hulls.indices where h > g {
                let da = low[g] - low[h], db = high[g] - high[h]
                guard da * db < 0 else { continue }
                let crossing = xs[a] + da / (da - db) * (xs[b] - xs[a])
                if cost(crossing) < least { least = cost(crossing); x = crossing }
            } }
        }
        let y = lowest(x)
        return zip(groups, hulls).map { group, hull in
            let (i, fraction) = segment(hull, at: x)
            let next = fraction == 0 ? i : i + 1
            let reached = height(hull, at: x)
            let ignore = reached > x ? (reached - y) / (reached - x) : 0
            func rate(_ amounts: [Double], _ total: Double) -> Double {
                (1 - ignore) * ((1 - fraction) * amounts[hull[i].index] + fraction * amounts[hull[next].index]) + ignore * x * total
            }
            let tp = rate(group.truePositives, group.positives), fp = rate(group.falsePositives, group.negatives)
            let mix = ThresholdMix(threshold: group.thresholds[hull[i].index], lowerThreshold: group.thresholds[hull[next].index],
                                   lowerProbability: fraction, ignoreProbability: ignore, constantRate: x)
            return Outcome(mix: mix, counts: ConfusionMatrix(truePositives: tp, falsePositives: fp, trueNegatives: group.negatives - fp,
                                                             falseNegatives: group.positives - tp))
        }
    }
}

/// A slice's randomised decision under equalized odds: with probability `ignoreProbability`
/// predict positive with probability `constantRate` whatever the score; otherwise predict
/// `score > lowerThreshold` with probability `lowerProbability`, else `score > threshold`.
public struct ThresholdMix: Sendable, Equatable {
    public var threshold: Double
    public var lowerThreshold: Double
    public var lowerProbability: Double
    public var ignoreProbability: Double
    public var constantRate: Double
}
