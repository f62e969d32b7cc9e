/// The score-table updates of one block of rows: for each row its score key, label, amount and
/// the shared indices of the slices it belongs to. Workers fill batches; the `ScoreCollector`
/// applies them. Batches are recycled, so their storage is allocated once.
public final class ScoreBatch<Amount: FixedWidthInteger & Sendable>: @unchecked Sendable {
    public let slicesPerRow: Int
    public private(set) var count = 0
    private(set) var keys: [UInt64] = []
    private(set) var positives: [Bool] = []
    private(set) var amounts: [Amount] = []
    private(set) var slices: [Int32] = []

    public init(slicesPerRow: Int) {
        self.slicesPerRow = slicesPerRow
    }

    public func removeAll() {
        count = 0
        keys.removeAll(keepingCapacity: true)
        positives.removeAll(keepingCapacity: true)
        amounts.removeAll(keepingCapacity: true)
        slices.removeAll(keepingCapacity: true)
    }

    /// Appends a row; its slices follow with `appendSlice`, exactly `slicesPerRow` of them.
    @inline(__always)
    public func appendRow(key: UInt64, positive: Bool, amount: Amount) {
        keys.append(key)
        positives.append(positive)
        amounts.append(amount)
        count += 1
    }

    @inline(__always)
    public func appendSlice(_ slice: Int32) {
        slices.append(slice)
    }
}
