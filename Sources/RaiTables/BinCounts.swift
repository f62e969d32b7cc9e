/// One cell of the counts: the rows of one group (a combination of slice values, or a slice) in
/// one bin, split by label. Amounts are weight sums (`WeightScale` units) when weighted and equal
/// to the counts otherwise; squares are Σw² (equal to the counts unweighted), for Kish's
/// effective sizes.
/// Every field is an integer, so cells add up exactly and in any order.
public struct BinCell: Equatable, Sendable {
    public var positives: Int64 = 0
    public var negatives: Int64 = 0
    public var positiveAmount: Int128 = 0
    public var negativeAmount: Int128 = 0
    public var positiveSquares = WideAmount.zero
    public var negativeSquares = WideAmount.zero

    public init() {}

    public static func += (cell: inout BinCell, other: BinCell) {
        let added = cell.adding(other)
        cell = added.sum
        precondition(!added.overflow, "a weight sum overflowed")
    }

    /// The cell-by-cell sum, and whether a weight sum overflowed (counts of rows cannot, and sums
    /// of squares of fewer than 2^68 rows cannot).
    public func adding(_ other: BinCell) -> (sum: BinCell, overflow: Bool) {
        var sum = BinCell()
        sum.positives = positives &+ other.positives
        sum.negatives = negatives &+ other.negatives
        let (positive, positiveOverflow) = positiveAmount.addingReportingOverflow(other.positiveAmount)
        let (negative, negativeOverflow) = negativeAmount.addingReportingOverflow(other.negativeAmount)
        sum.positiveAmount = positive
        sum.negativeAmount = negative
        sum.positiveSquares = positiveSquares + other.positiveSquares
        sum.negativeSquares = negativeSquares + other.negativeSquares
        return (sum, positiveOverflow || negativeOverflow)
    }

    public static func - (cell: BinCell, other: BinCell) -> BinCell {
        var difference = BinCell()
        difference.positives = cell.positives - other.positives
        difference.negatives = cell.negatives - other.negatives
        difference.positiveAmount = cell.positiveAmount - other.positiveAmount
        difference.negativeAmount = cell.negativeAmount - other.negativeAmount
        difference.positiveSquares = cell.positiveSquares - other.positiveSquares
        difference.negativeSquares = cell.negativeSquares - other.negativeSquares
        return difference
    }
}

extension BinCell: AdditiveArithmetic {
    public static var zero: BinCell { BinCell() }
    public static func + (a: BinCell, b: BinCell) -> BinCell {
        var sum = a
        sum += b
        return sum
    }
    public static func -= (cell: inout BinCell, other: BinCell) { cell = cell - other }
}

/// Cells by group and cell index (`cellsPerGroup` per group), as plain arrays: the totals of all
/// workers by shared combination, and then by slice.
public struct CellTable: Sendable, Equatable {
    public let cellsPerGroup: Int
    public private(set) var cells: [BinCell] = []

    public init(cellsPerGroup: Int, groups: Int = 0) {
        self.cellsPerGroup = cellsPerGroup
        cells = Array(repeating: BinCell(), count: groups * cellsPerGroup)
    }

    public var groups: Int { cellsPerGroup == 0 ? 0 : cells.count / cellsPerGroup }

    /// Makes room for `groups` groups, new ones empty.
    public mutating func reserve(groups: Int) {
        let needed = groups * cellsPerGroup
        if cells.count < needed { cells.append(contentsOf: repeatElement(BinCell(), count: needed - cells.count)) }
    }

    public subscript(group: Int, cell: Int) -> BinCell {
        get { cells[group * cellsPerGroup + cell] }
        set { cells[group * cellsPerGroup + cell] = newValue }
    }

    /// Multiplies every weight sum by 2^`bits` and every sum of squares by 2^(2·`bits`):
    /// fixed-point weights brought to a finer `WeightScale`. False when one would overflow.
    public mutating func shiftAmounts(left bits: Int) -> Bool {
        func shift(_ value: Int128) -> Int128? {
            value == 0 || (bits < 127 && value.magnitude.leadingZeroBitCount > bits + 1) ? value << bits : nil
        }
        for index in cells.indices {
            guard let positive = shift(cells[index].positiveAmount), let negative = shift(cells[index].negativeAmount),
                  let positiveSquares = cells[index].positiveSquares.shifted(left: 2 * bits),
                  let negativeSquares = cells[index].negativeSquares.shifted(left: 2 * bits) else { return false }
            cells[index].positiveAmount = positive
            cells[index].negativeAmount = negative
            cells[index].positiveSquares = positiveSquares
            cells[index].negativeSquares = negativeSquares
        }
        return true
    }

    /// Adds group `from` of `other` into group `to`; false when a weight sum overflowed.
    @discardableResult
    public mutating func add(_ other: CellTable, group from: Int, into to: Int) -> Bool {
        reserve(groups: to + 1)
        var overflow = false
        for cell in 0..<cellsPerGroup {
            let added = cells[to * cellsPerGroup + cell].adding(other.cells[from * other.cellsPerGroup + cell])
            cells[to * cellsPerGroup + cell] = added.sum
            overflow = overflow || added.overflow
        }
        return !overflow
    }

    /// The cells `range` of one group.
    public func cells(ofGroup group: Int, _ range: Range<Int>) -> [BinCell] {
        Array(cells[(group * cellsPerGroup + range.lowerBound)..<(group * cellsPerGroup + range.upperBound)])
    }
}

/// One worker's counts by local group and cell. Raw memory, so the per-row updates are plain
/// stores with no copy-on-write or bounds checks; it grows by whole groups.
///
/// The counts live apart from the weight sums, two 8-byte counters per cell, so that the cells
/// an unweighted run touches at random (every group × cell) fit the core's first-level cache.
public final class BinCounts: @unchecked Sendable {  // owned by one worker thread
    /// The weight sums of a cell.
    @usableFromInline
    struct Sums {
        @usableFromInline var positiveWeight: Int128 = 0
        @usableFromInline var negativeWeight: Int128 = 0
        @usableFromInline var positiveSquares = WideAmount.zero
        @usableFromInline var negativeSquares = WideAmount.zero
    }

    @usableFromInline let cellsPerGroup: Int
    let weighted: Bool
    /// `tallies[2 * cell]` counts negatives, `tallies[2 * cell + 1]` positives.
    @usableFromInline var tallies: UnsafeMutablePointer<Int64>
    /// Allocated only when weighted.
    @usableFromInline var sums: UnsafeMutablePointer<Sums>?
    private var capacity: Int
    public private(set) var groups = 0
    /// Set when a weight sum wrapped around; the run then stops with a count-overflow error.
    @usableFromInline var overflowed = false

    /// Whether a weight sum wrapped around; the run then stops with a count-overflow error.
    public var hasOverflowed: Bool { overflowed }

    public init(cellsPerGroup: Int, weighted: Bool) {
        self.cellsPerGroup = cellsPerGroup
        self.weighted = weighted
        capacity = 16 * cellsPerGroup
        tallies = .allocate(capacity: 2 * capacity)
        sums = weighted ? .allocate(capacity: capacity) : nil
    }

    deinit {
        tallies.deallocate()
        sums?.deallocate()
    }

    /// Grows to `count` groups, the new ones empty.
    public func reserve(groups count: Int) {
        while groups < count { addGroup() }
    }

    private func addGroup() {
        let used = groups * cellsPerGroup
        if used + cellsPerGroup > capacity {
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
        (tallies + 2 * used).initialize(repeating: 0, count: 2 * cellsPerGroup)
        sums.map { ($0 + used).initialize(repeating: Sums(), count: cellsPerGroup) }
        groups += 1
    }

    /// Counts one row without branching on its label (labels are as unpredictable as coin
    /// flips): the label picks the counter. A count cannot overflow: it is at most the rows read.
    @inlinable @inline(__always)
    public func count(group: Int, cell: Int, positive: Bool) {
        tallies[2 &* (group &* cellsPerGroup &+ cell) &+ (positive ? 1 : 0)] &+= 1
    }

    /// Counts one row of fixed-point weight `weight` (`WeightScale`).
    @inlinable @inline(__always)
    public func add(group: Int, cell: Int, positive: Bool, weight: Int128) {
        let index = group &* cellsPerGroup &+ cell
        count(group: group, cell: cell, positive: positive)
        guard let sums else { return }
        let square = WideAmount.square(weight)
        if positive {
            add(&sums[index].positiveWeight, weight)
            sums[index].positiveSquares += square
        } else {
            add(&sums[index].negativeWeight, weight)
            sums[index].negativeSquares += square
        }
    }

    @inlinable @inline(__always)
    func add(_ sum: inout Int128, _ amount: Int128) {
        let (result, overflow) = sum.addingReportingOverflow(amount)
        sum = result
        if overflow { overflowed = true }
    }

    /// The cell `cell` of local group `group`, amounts filled in from the counts when unweighted.
    public func cell(group: Int, cell: Int) -> BinCell {
        let index = group * cellsPerGroup + cell
        var result = BinCell()
        result.positives = tallies[2 * index + 1]
        result.negatives = tallies[2 * index]
        if let sums {
            result.positiveAmount = sums[index].positiveWeight
            result.negativeAmount = sums[index].negativeWeight
            result.positiveSquares = sums[index].positiveSquares
            result.negativeSquares = sums[index].negativeSquares
        } else {
            result.positiveAmount = Int128(result.positives)
            result.negativeAmount = Int128(result.negatives)
            result.positiveSquares = WideAmount(low: UInt128(result.positives))
            result.negativeSquares = WideAmount(low: UInt128(result.negatives))
        }
        return result
    }

    /// Adds every local group into `totals` at its shared index; false when a weight sum overflowed.
    public func add(to totals: inout CellTable, sharedIndex: [Int32]) -> Bool {
        var overflow = false
        for local in 0..<min(groups, sharedIndex.count) {
            let shared = Int(sharedIndex[local])
            totals.reserve(groups: shared + 1)
            for cell in 0..<cellsPerGroup {
                let added = totals[shared, cell].adding(self.cell(group: local, cell: cell))
                totals[shared, cell] = added.sum
                overflow = overflow || added.overflow
            }
        }
        return !overflow
    }
}
