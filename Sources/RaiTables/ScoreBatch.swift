/// The score-table updates of one block of rows: for each row the shared index of its
/// combination of slice values and its amount, and for each task (a label and score pair, such
/// as the model and a baseline model) the score's order key and the label. Workers fill batches;
/// the `ScoreCollector` of each task applies them. Batches are recycled, so their storage is
/// allocated once and grown rarely; it is raw memory because appending is on the per-row hot path.
public final class ScoreBatch<Amount: FixedWidthInteger & Sendable>: @unchecked Sendable {  // one owner at a time, handed over by `ScoreApplier`
    public let tasks: Int
    /// Rows appended.
    public var count: Int { rows }
    @usableFromInline var rows = 0
    @usableFromInline var capacity = 0
    /// `keys[task * capacity + row]`; the same layout for `positives`.
    @usableFromInline var keyStorage: UnsafeMutablePointer<UInt64>
    @usableFromInline var positiveStorage: UnsafeMutablePointer<Bool>
    @usableFromInline private(set) var amounts: UnsafeMutablePointer<Amount>
    @usableFromInline private(set) var groups: UnsafeMutablePointer<Int32>

    public init(tasks: Int = 1) {
        self.tasks = tasks
        capacity = 1024
        keyStorage = .allocate(capacity: tasks * capacity)
        positiveStorage = .allocate(capacity: tasks * capacity)
        amounts = .allocate(capacity: capacity)
        groups = .allocate(capacity: capacity)
    }

    deinit {
        keyStorage.deallocate()
        positiveStorage.deallocate()
        amounts.deallocate()
        groups.deallocate()
    }

    public func removeAll() {
        rows = 0
    }

    /// The score keys of task `task`, one per row.
    @inline(__always)
    func keys(_ task: Int) -> UnsafeMutablePointer<UInt64> { keyStorage + task &* capacity }

    /// The labels of task `task`, one per row.
    @inline(__always)
    func positives(_ task: Int) -> UnsafeMutablePointer<Bool> { positiveStorage + task &* capacity }

    /// Makes room for `additional` more rows at once, so that appending them never grows.
    public func reserve(additional: Int) {
        while count + additional > capacity { grow() }
    }

    /// Appends a row of a single-task batch in room made by `reserve`. Unweighted amounts are not
    /// stored: every row counts 1 (`ScoreCollector.apply`).
    @inlinable @inline(__always)
    public func appendReserved(key: UInt64, positive: Bool, amount: Amount, weighted: Bool, group: Int32) {
        keyStorage[rows] = key
        positiveStorage[rows] = positive
        if weighted { amounts[rows] = amount }
        groups[rows] = group
        rows &+= 1
    }

    /// Appends a row in room made by `reserve`; its tasks' keys and labels follow with `set`.
    @inlinable @inline(__always)
    public func appendReserved(amount: Amount, weighted: Bool, group: Int32) -> Int {
        if weighted { amounts[rows] = amount }
        groups[rows] = group
        rows &+= 1
        return rows &- 1
    }

    /// Sets the score key and label of task `task` for row `row`.
    @inlinable @inline(__always)
    public func set(task: Int, row: Int, key: UInt64, positive: Bool) {
        keyStorage[task &* capacity &+ row] = key
        positiveStorage[task &* capacity &+ row] = positive
    }

    /// The largest group index in the batch.
    var largestGroup: Int32 {
        var largest: Int32 = 0
        for i in 0..<count where groups[i] > largest { largest = groups[i] }
        return largest
    }

    private func grow() {
        let newCapacity = capacity * 2
        func enlarge<T>(_ pointer: inout UnsafeMutablePointer<T>, columns: Int) {
            let larger = UnsafeMutablePointer<T>.allocate(capacity: columns * newCapacity)
            for column in 0..<columns {
                (larger + column * newCapacity).moveInitialize(from: pointer + column * capacity, count: count)
            }
            pointer.deallocate()
            pointer = larger
        }
        enlarge(&keyStorage, columns: tasks)
        enlarge(&positiveStorage, columns: tasks)
        enlarge(&amounts, columns: 1)
        enlarge(&groups, columns: 1)
        capacity = newCapacity
    }
}
