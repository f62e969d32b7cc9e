/// Per group of rows (a combination of slice values) and threshold bin: counts of positives and
/// negatives and, when weighted, their fixed-point weight sums. Raw memory owned by one worker,
/// so the per-row updates are plain stores with no copy-on-write or bounds checks; it grows by
/// whole groups.
///
/// The counts live apart from the weight sums, two 8-byte counters per cell, so that the cells
/// an unweighted run touches at random (every group × bin) fit the core's first-level cache.
final class BinCounts: @unchecked Sendable {
    struct Cell {
        var positives: Int64 = 0
        var negatives: Int64 = 0
        var positiveWeight: Int128 = 0
        var negativeWeight: Int128 = 0
        /// Σw² in units of 2⁻³², for effective sample sizes.
        var positiveSquares: Int128 = 0
        var negativeSquares: Int128 = 0
    }

    /// The weight sums of a cell.
    private struct Sums {
        var positiveWeight: Int128 = 0
        var negativeWeight: Int128 = 0
        var positiveSquares: Int128 = 0
        var negativeSquares: Int128 = 0
    }

    let binCount: Int
    let weighted: Bool
    /// `tallies[2 * cell]` counts negatives, `tallies[2 * cell + 1]` positives.
    private var tallies: UnsafeMutablePointer<Int64>
    /// Allocated only when weighted.
    private var sums: UnsafeMutablePointer<Sums>?
    private var capacity: Int
    private(set) var groups = 0

    init(binCount: Int, weighted: Bool) {
        self.binCount = binCount
        self.weighted = weighted
        capacity = 16 * binCount
        tallies = .allocate(capacity: 2 * capacity)
        sums = weighted ? .allocate(capacity: capacity) : nil
    }

    deinit {
        tallies.deallocate()
        sums?.deallocate()
    }

    func addGroup() {
        let used = groups * binCount
        if used + binCount > capacity {
            let largerTallies = UnsafeMutablePointer<Int64>.allocate(capacity: 4 * capacity)
            largerTallies.moveInitialize(from: tallies, count: 2 * used)
            tallies.deallocate()
            tallies = largerTallies
            if let sums {
                let largerSums = UnsafeMutablePointer<Sums>.allocate(capacity: 2 * capacity)
                largerSums.moveInitialize(from: sums, count: used)
                sums.deallocate()
                self.sums = largerSums
            }
            capacity *= 2
        }
        (tallies + 2 * used).initialize(repeating: 0, count: 2 * binCount)
        sums.map { ($0 + used).initialize(repeating: Sums(), count: binCount) }
        groups += 1
    }

    /// Counts one row without branching on its label (labels are as unpredictable as coin
    /// flips): the label picks the counter.
    @inline(__always)
    func count(group: Int, bin: Int, positive: Bool) {
        tallies[2 &* (group &* binCount &+ bin) &+ (positive ? 1 : 0)] &+= 1
    }

    @inline(__always)
    func add(group: Int, bin: Int, positive: Bool, weight: Int128, square: Int128) {
        let cell = group &* binCount &+ bin
        count(group: group, bin: bin, positive: positive)
        guard let sums else { return }
        if positive {
            sums[cell].positiveWeight &+= weight
            sums[cell].positiveSquares &+= square
        } else {
            sums[cell].negativeWeight &+= weight
            sums[cell].negativeSquares &+= square
        }
    }

    func cell(group: Int, bin: Int) -> Cell {
        let index = group * binCount + bin
        let weights = sums?[index] ?? Sums()
        return Cell(positives: tallies[2 * index + 1], negatives: tallies[2 * index],
                    positiveWeight: weights.positiveWeight, negativeWeight: weights.negativeWeight,
                    positiveSquares: weights.positiveSquares, negativeSquares: weights.negativeSquares)
    }
}
