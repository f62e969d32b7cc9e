/// The one rule that turns scores into decisions: thresholds t₀ < … < t₍k₋₁₎ cut scores into k+1
/// bins, a row's bin is the number of thresholds strictly below its score, and at threshold i
/// the rows predicted positive (score > tᵢ, TFMA's rule) are those in the bins above i.
///
/// Counting a row once in its bin, instead of once per threshold, makes a row's cost independent
/// of the number of thresholds; the confusion counts at every threshold are then suffix sums.
public enum ThresholdBins {
    /// The bin of `score`: how many thresholds lie strictly below it.
    @inline(__always)
    public static func bin(of score: Double, thresholds t: UnsafeBufferPointer<Double>) -> Int {
        if t.count <= 16 {
            var bin = 0
            for threshold in t where score > threshold { bin &+= 1 }
            return bin
        }
        var low = 0
        var high = t.count
        while low < high {
            let mid = (low + high) / 2
            if score > t[mid] { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether a row in `bin` is predicted positive at threshold `index`.
    @inline(__always)
    public static func isPredictedPositive(bin: Int, threshold index: Int) -> Bool { bin > index }

    /// For each threshold i (bins.count − 1 of them), the total over the bins above i: the
    /// predicted positives at i. The last element of `total` is the sum of every bin.
    public static func amountsAbove<T: AdditiveArithmetic>(_ bins: [T]) -> (above: [T], total: T) {
        var running = T.zero
        var above = [T](repeating: .zero, count: max(0, bins.count - 1))
        for bin in stride(from: bins.count - 1, through: 1, by: -1) {
            running += bins[bin]
            above[bin - 1] = running
        }
        return (above, running + (bins.first ?? .zero))
    }
}
