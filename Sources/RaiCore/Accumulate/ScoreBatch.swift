/// The score-table updates of one block of rows: for each row its score key, label, amount and
/// the shared index of its combination of slice values. Workers fill batches; the `ScoreCollector`
/// applies them. Batches are recycled, so their storage is allocated once and grown rarely; it is
/// raw memory because appending is on the per-row hot path.
public final class ScoreBatch<Amount: FixedWidthInteger & Sendable>: @unchecked Sendable {
    public private(set) var count = 0
    private var capacity = 0
    private(set) var keys: UnsafeMutablePointer<UInt64>
    /// The baseline model's score keys (unused without a baseline).
    private(set) var baselineKeys: UnsafeMutablePointer<UInt64>
    private(set) var positives: UnsafeMutablePointer<Bool>
    private(set) var amounts: UnsafeMutablePointer<Amount>
    private(set) var groups: UnsafeMutablePointer<Int32>

    public init() {
        capacity = 1024
        keys = .allocate(capacity: capacity)
        baselineKeys = .allocate(capacity: capacity)
        positives = .allocate(capacity: capacity)
        amounts = .allocate(capacity: capacity)
        groups = .allocate(capacity: capacity)
    }

    deinit {
        keys.deallocate()
        baselineKeys.deallocate()
        positives.deallocate()
        amounts.deallocate()
        groups.deallocate()
    }

    public func removeAll() {
        count = 0
    }

    /// Makes room for `additional` more rows at once, so that appending them never grows.
    public func reserve(additional: Int) {
        while count + additional > capacity { grow() }
    }

    /// Appends a row; its group follows with `appendGroup`.
    @inline(__always)
    public func appendRow(key: UInt64, baselineKey: UInt64 = 0, positive: Bool, amount: Amount) {
        if count == capacity { grow() }
        keys[count] = key
        baselineKeys[count] = baselineKey
        positives[count] = positive
        amounts[count] = amount
        count += 1
    }

    /// Appends a row without a baseline score, its group included, in room made by `reserve`.
    /// Unweighted amounts are not stored: every row counts 1 (`ScoreCollector.apply`).
    @inline(__always)
    func appendReserved(key: UInt64, positive: Bool, amount: Amount, weighted: Bool, group: Int32) {
        keys[count] = key
        positives[count] = positive
        if weighted { amounts[count] = amount }
        groups[count] = group
        count &+= 1
    }

    @inline(__always)
    public func appendGroup(_ group: Int32) {
        groups[count &- 1] = group
    }

    /// The largest group index in the batch.
    var largestGroup: Int32 {
        var largest: Int32 = 0
        for i in 0..<count where groups[i] > largest { largest = groups[i] }
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
        enlarge(&baselineKeys, count, newCapacity)
        enlarge(&positives, count, newCapacity)
        enlarge(&amounts, count, newCapacity)
        enlarge(&groups, count, newCapacity)
        capacity = newCapacity
    }
}
