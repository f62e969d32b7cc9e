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
    /// Whether the values outgrew the tally and are summarised instead.
    private(set) var isSummarised = false
    /// Exact counts while the values fit; emptied once summarised.
    private var exactCounts = ValueTally()
    /// The summary once the values do not fit a tally.
    private var summary = ValueSummary()

    /// The exact counts, unless summarised.
    var tally: ValueTally? { isSummarised ? nil : exactCounts }

    @inline(__always)
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count > 0 else {
            missing += 1
            return
        }
        present += 1
        let hash = ValueInterner.hash(bytes.baseAddress!, bytes.count)
        if !isSummarised {
            if exactCounts.add(bytes, hash: hash) { return }
            summarise()
        }
        summary.add(bytes, hash: hash)
    }

    private mutating func summarise() {
        summary = ValueSummary(exactCounts)
        exactCounts = ValueTally()
        isSummarised = true
    }

    mutating func merge(_ other: ColumnProfile) {
        missing += other.missing
        present += other.present
        if !isSummarised && !other.isSummarised {
            var merged = exactCounts
            if merged.merge(other.exactCounts) {
                exactCounts = merged
                return
            }
        }
        if !isSummarised { summarise() }
        summary.merge(other.isSummarised ? other.summary : ValueSummary(other.exactCounts))
    }

    /// The summary of the values, whether they were tallied or not.
    var valueSummary: ValueSummary { isSummarised ? summary : ValueSummary(exactCounts) }
}
