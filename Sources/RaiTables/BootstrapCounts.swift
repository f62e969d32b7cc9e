/// Poisson bootstrap replicates of the counts (as TFMA's `num_bootstrap_samples`): in replicate r
/// every row counts m_r ~ Poisson(1) times, which resamples rows with replacement without knowing
/// the row count in advance. m_r is a function of the seed, the row's key and r alone: the key is
/// the hash of a row id column (`--row-id`), so replicates are the same however the rows are split
/// into files and merged, or else the row's byte offset, the same whatever the thread count or block
/// size (but not across a split into files).
///
/// Per combination of slice values and replicate: the threshold-bin counts (as the main counts)
/// and a histogram of scores on `gridSize` equal buckets of [0, 1] for AUC (scores outside are
/// clamped to the end buckets). The replicate AUC is thus on a grid; its bias is removed by
/// shifting the replicates so that their mean is the exact AUC (`EvaluationResult`).
public final class BootstrapCounts: @unchecked Sendable {  // one worker's, or the totals built after the workers finish
    public let replicates: Int
    public let seed: UInt64
    public let bins: Int
    public let weighted: Bool
    public static let gridSize = 256

    /// `[((group * replicates) + r) * bins + bin]`, positives then negatives interleaved.
    public private(set) var binAmounts: [Int128] = []
    /// `[((group * replicates) + r) * gridSize + bucket]`, positives then negatives interleaved.
    public private(set) var gridAmounts: [Int128] = []
    public private(set) var groups = 0

    public init(replicates: Int, seed: UInt64, bins: Int, weighted: Bool) {
        self.replicates = replicates
        self.seed = seed
        self.bins = bins
        self.weighted = weighted
    }

    /// Replicates read back from a partial result.
    public convenience init?(replicates: Int, seed: UInt64, bins: Int, weighted: Bool, binAmounts: [Int128], gridAmounts: [Int128]) {
        self.init(replicates: replicates, seed: seed, bins: bins, weighted: weighted)
        let binStride = replicates * bins * 2, gridStride = replicates * Self.gridSize * 2
        guard binStride > 0, binAmounts.count % binStride == 0,
              gridAmounts.count == binAmounts.count / binStride * gridStride else { return nil }
        self.binAmounts = binAmounts
        self.gridAmounts = gridAmounts
        groups = binAmounts.count / binStride
    }

    /// An independent copy.
    public func copy() -> BootstrapCounts {
        BootstrapCounts(replicates: replicates, seed: seed, bins: bins, weighted: weighted, binAmounts: binAmounts, gridAmounts: gridAmounts)
            ?? BootstrapCounts(replicates: replicates, seed: seed, bins: bins, weighted: weighted)
    }

    /// Multiplies every amount by 2^`bits`; false when one would overflow.
    public func shiftAmounts(left bits: Int) -> Bool {
        func shift(_ values: inout [Int128]) -> Bool {
            for index in values.indices {
                let value = values[index]
                guard value == 0 || (bits < 128 && value.magnitude.leadingZeroBitCount > bits + 1) else { return false }
                values[index] = value << bits
            }
            return true
        }
        return shift(&binAmounts) && shift(&gridAmounts)
    }

    /// Grows to `count` groups, the new ones empty.
    public func reserve(groups count: Int) {
        guard count > groups else { return }
        binAmounts.append(contentsOf: repeatElement(0, count: (count - groups) * replicates * bins * 2))
        gridAmounts.append(contentsOf: repeatElement(0, count: (count - groups) * replicates * Self.gridSize * 2))
        groups = count
    }

    /// The grid bucket of a score.
    @inline(__always)
    public static func bucket(of score: Double) -> Int {
        guard score > 0 else { return 0 }
        return min(gridSize - 1, Int(score * Double(gridSize)))
    }

    /// Adds one row to every replicate.
    public func add(group: Int, rowKey: UInt64, bin: Int, bucket: Int, positive: Bool, amount: Int128) {
        var state = Self.mix(seed ^ Self.mix(rowKey &+ 0x9E37_79B9_7F4A_7C15))
        let side = positive ? 0 : 1
        binAmounts.withUnsafeMutableBufferPointer { binCells in
            gridAmounts.withUnsafeMutableBufferPointer { gridCells in
                for r in 0..<replicates {
                    state = Self.mix(state &+ 0x9E37_79B9_7F4A_7C15)
                    let times = Self.poisson(state)
                    if times == 0 { continue }
                    let contribution = amount &* Int128(times)
                    let base = group &* replicates &+ r
                    binCells[(base &* bins &+ bin) &* 2 &+ side] &+= contribution
                    gridCells[(base &* Self.gridSize &+ bucket) &* 2 &+ side] &+= contribution
                }
            }
        }
    }

    /// Adds this worker's replicates of local group `local` into `totals` at `shared`.
    public func add(local: Int, to totals: BootstrapCounts, shared: Int) {
        totals.reserve(groups: shared + 1)
        let binStride = replicates * bins * 2, gridStride = replicates * Self.gridSize * 2
        for k in 0..<binStride { totals.binAmounts[shared * binStride + k] += binAmounts[local * binStride + k] }
        for k in 0..<gridStride { totals.gridAmounts[shared * gridStride + k] += gridAmounts[local * gridStride + k] }
    }

    /// SplitMix64's finaliser: a good 64-bit mix in a few instructions.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A Poisson(1) draw by inverting its distribution function with 53 random bits.
    @inline(__always)
    public static func poisson(_ bits: UInt64) -> Int {
        let u = Double(bits >> 11) * 0x1p-53
        // P(X ≤ k) for Poisson(1): e⁻¹ Σ 1/j!.
        if u < 0.36787944117144233 { return 0 }
        if u < 0.7357588823428847 { return 1 }
        if u < 0.9196986029286058 { return 2 }
        if u < 0.9810118431238462 { return 3 }
        if u < 0.9963401531726563 { return 4 }
        if u < 0.9994058151824183 { return 5 }
        if u < 0.9999167588507010 { return 6 }
        if u < 0.9999898508033990 { return 7 }
        if u < 0.9999989881586117 { return 8 }
        return 9
    }
}
