/// The score-table updates of one block of rows: for each row its score key, label, amount and
/// the shared indices of the slices it belongs to. Workers fill batches; the `ScoreCollector`
/// applies them. Batches are recycled, so their storage is allocated once and grown rarely; it is
/// raw memory because appending is on the per-row hot path.
public final class ScoreBatch<Amount: FixedWidthInteger & Sendable>: @unchecked Sendable {
    public let slicesPerRow: Int
    public private(set) var count = 0
    private var capacity = 0
    private(set) var keys: UnsafeMutablePointer<UInt64>
    private(set) var positives: UnsafeMutablePointer<Bool>
    private(set) var amounts: UnsafeMutablePointer<Amount>
    private(set) var slices: UnsafeMutablePointer<Int32>
    private var sliceCount = 0

    public init(slicesPerRow: Int) {
        self.slicesPerRow = slicesPerRow
        capacity = 1024
        keys = .allocate(capacity: capacity)
        positives = .allocate(capacity: capacity)
        amounts = .allocate(capacity: capacity)
        slices = .allocate(capacity: capacity * slicesPerRow)
    }

    deinit {
        keys.deallocate()
        positives.deallocate()
        amounts.deallocate()
        slices.deallocate()
    }

    public func removeAll() {
        count = 0
        sliceCount = 0
    }

    /// Appends a row; its slices follow with `appendSlice`, exactly `slicesPerRow` of them.
    @inline(__always)
    public func appendRow(key: UInt64, positive: Bool, amount: Amount) {
        if count == capacity { grow() }
        keys[count] = key
        positives[count] = positive
        amounts[count] = amount
        count += 1
    }

    @inline(__always)
    public func appendSlice(_ slice: Int32) {
        slices[sliceCount] = slice
        sliceCount += 1
    }

    /// The largest slice index in the batch.
    var largestSlice: Int32 {
        var largest: Int32 = 0
        for i in 0..<sliceCount where slices[i] > largest { largest = slices[i] }
        return largest
    }

    private func grow() {
        func enlarge<T>(_ pointer: inout UnsafeMutablePointer<T>, _ used: Int, _ newCapacity: Int) {
            let larger = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
            larger.moveInitialize(from: pointer, count: used)
            pointer.deallocate()
            pointer = larger
        }
        let newCapacity = capacity * 2
        enlarge(&keys, count, newCapacity)
        enlarge(&positives, count, newCapacity)
        enlarge(&amounts, count, newCapacity)
        enlarge(&slices, sliceCount, newCapacity * slicesPerRow)
        capacity = newCapacity
    }
}
