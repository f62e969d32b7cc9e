/// Everything `rai data` keeps about one column over a set of rows (one combination of slice
/// values, then a slice): how many values are missing and present, and either the exact count of
/// each distinct value (up to `ValueTally.capacity` of them) or, past that, a `ValueSummary`.
///
/// Which of the two a set of rows ends with depends only on its number of distinct values: a
/// merge of tallies that no longer fits becomes a summary. So every statistic is the same on any
/// number of threads, block sizes and partial files.
struct ColumnProfile: Sendable, Equatable {
    /// Rows where the value is absent, null or empty.
    var missing = 0
    /// Rows with a value.
    var present = 0
    /// Exact counts while the values fit; nil once summarised.
    private(set) var tally: ValueTally? = ValueTally()
    /// The summary once the values do not fit a tally.
    private(set) var summary: ValueSummary?

    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count > 0 else {
            missing += 1
            return
        }
        present += 1
        let hash = ValueInterner.hash(bytes.baseAddress!, bytes.count)
        if tally != nil {
            if tally!.add(bytes, hash: hash) { return }
            summarise()
        }
        summary!.add(bytes, hash: hash)
    }

    private mutating func summarise() {
        summary = ValueSummary(tally!)
        tally = nil
    }

    mutating func merge(_ other: ColumnProfile) {
        missing += other.missing
        present += other.present
        if var merged = tally, let otherTally = other.tally {
            if merged.merge(otherTally) {
                tally = merged
                return
            }
        }
        if tally != nil { summarise() }
        if let otherSummary = other.summary {
            summary!.merge(otherSummary)
        } else if let otherTally = other.tally {
            summary!.merge(ValueSummary(otherTally))
        }
    }

    /// The summary of the values, whether they were tallied or not.
    var valueSummary: ValueSummary { summary ?? ValueSummary(tally!) }
}
