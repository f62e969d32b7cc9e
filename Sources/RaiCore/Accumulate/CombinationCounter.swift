/// What a job counts per combination of slice values: one counter per worker thread, fed a window
/// of decoded rows at a time.
///
/// The engine finds each row's combination (`CombinationIndex`) and hands the counter whole
/// windows (`DecodedWindow`), from the fast window path and the row-by-row path alike, so a
/// counter has one way in. Counters index their state by *local* combination (dense, in the order
/// the worker met them); `shared[c]` gives the index every worker agrees on, by which their
/// counts are added up at the end and by which shared structures (score tables) are fed.
protocol CombinationCounter: Sendable {
    /// Whether windows must carry each row's key (`DecodedWindow.rowKeys`). Without a row id
    /// column the key is the row's byte offset, and the engine then reads every row through the
    /// row-by-row path, which knows it.
    var needsRowKeys: Bool { get }

    /// Grows to `count` local combinations; new ones start empty.
    mutating func reserveCombinations(_ count: Int)

    /// Called before the first window of each block and after its last.
    mutating func beginBlock()
    mutating func endBlock()

    /// Counts every row of `window`; `window.combos[r]` is row r's local combination.
    mutating func count(_ window: DecodedWindow, shared: UnsafeBufferPointer<Int32>)
}
