/// Per group of rows (a combination of slice values) and threshold bin: counts of positives and
/// negatives and, when weighted, their fixed-point weight sums. Raw memory owned by one worker,
/// so the per-row updates are plain stores with no copy-on-write or bounds checks; it grows by
/// whole groups.
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

    let binCount: Int
    let weighted: Bool
    private var cells: UnsafeMutablePointer<Cell>
    private var capacity: Int
    private(set) var groups = 0

    init(binCount: Int, weighted: Bool) {
        self.binCount = binCount
        self.weighted = weighted
        capacity = 16 * binCount
        cells = .allocate(capacity: capacity)
    }

    deinit { cells.deallocate() }

    func addGroup() {
        if (groups + 1) * binCount > capacity {
            let larger = UnsafeMutablePointer<Cell>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: cells, count: groups * binCount)
            cells.deallocate()
            cells = larger
            capacity *= 2
        }
        (cells + groups * binCount).initialize(repeating: Cell(), count: binCount)
        groups += 1
    }

    private let positivesOffset = MemoryLayout<Cell>.offset(of: \Cell.positives)!
    private let negativesOffset = MemoryLayout<Cell>.offset(of: \Cell.negatives)!

    /// Counts one unweighted row without branching on its label (labels are as unpredictable as
    /// coin flips): the label picks the counter's offset in the cell.
    @inline(__always)
    func count(group: Int, bin: Int, positive: Bool) {
        let counter = UnsafeMutableRawPointer(cells + (group &* binCount &+ bin))
            .advanced(by: positive ? positivesOffset : negativesOffset)
            .assumingMemoryBound(to: Int64.self)
        counter.pointee &+= 1
    }

    @inline(__always)
    func add(group: Int, bin: Int, positive: Bool, weight: Int128, square: Int128) {
        let cell = cells + (group &* binCount &+ bin)
        if positive {
            cell.pointee.positives &+= 1
            if weighted {
                cell.pointee.positiveWeight &+= weight
                cell.pointee.positiveSquares &+= square
            }
        } else {
            cell.pointee.negatives &+= 1
            if weighted {
                cell.pointee.negativeWeight &+= weight
                cell.pointee.negativeSquares &+= square
            }
        }
    }

    func cell(group: Int, bin: Int) -> Cell { cells[group * binCount + bin] }
}
