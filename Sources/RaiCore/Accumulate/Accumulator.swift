/// What one worker thread counts: per slice and per threshold bin, the positives and negatives.
///
/// Thresholds t₀ < … < t₍k₋₁₎ cut scores into k+1 bins; a row's bin is the number of thresholds
/// strictly below its score, so at threshold i the predicted positives (score > tᵢ, as TFMA) are
/// the rows in bins above i. The bin is found once per row and shared by every slice the row is
/// in. Score-table updates for AUC are not applied here but appended to a `ScoreBatch` for the
/// `ScoreCollector`, so that one set of score tables serves all threads.
///
/// Slices get local indices in the order this worker meets them and a shared index from the
/// `SliceRegistry`; `addCounts(to:)` adds the counts under the shared indices. Every amount is an
/// integer, so totals do not depend on how rows were split between threads or blocks.
public struct Accumulator<W: Weighting>: Sendable {
    public let plan: SlicePlan
    public let thresholds: [Double]
    public let registry: SliceRegistry
    private let binCount: Int

    /// One interner per slice column (`plan.columns`).
    private var interners: [ValueInterner]
    private let keyMap = SliceKeyMap()
    /// All specs' columns, one after another, and where each spec's run starts.
    private let specColumns: [Int]
    private let specStarts: [Int]
    /// The shared index of each local slice; local slice 0 is overall.
    private var sharedIndex: [Int32] = [0]
    private let counts: BinCounts

    public init(plan: SlicePlan, thresholds: [Double], registry: SliceRegistry) {
        self.plan = plan
        self.thresholds = thresholds
        self.registry = registry
        binCount = thresholds.count + 1
        interners = Array(repeating: ValueInterner(), count: plan.columns.count)
        specColumns = plan.specs.flatMap { $0 }
        specStarts = plan.specs.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        counts = BinCounts(binCount: binCount, weighted: W.isWeighted)
        counts.addSlice()
    }

    /// The bin of `score`: how many thresholds lie strictly below it.
    @inline(__always)
    public func bin(of score: Double) -> Int {
        thresholds.withUnsafeBufferPointer { t in
            if t.count <= 16 {
                var bin = 0
                for threshold in t where score > threshold { bin += 1 }
                return bin
            }
            var low = 0
            var high = t.count
            while low < high {
                let mid = (low + high) / 2
                if score > t[mid] { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    /// The value id of a slice column's bytes; nil when a new value is not valid UTF-8.
    @inline(__always)
    public mutating func intern(column: Int, _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        interners[column].intern(base, start, end)
    }

    /// Counts one row and appends its score update to `batch`. `ids` holds the row's value id
    /// for each slice column.
    @inline(__always)
    public mutating func add(ids: UnsafeBufferPointer<UInt32>, positive: Bool, score: Double, weight: Double,
                             batch: ScoreBatch<W.Amount>?) {
        let bin = bin(of: score)
        let fixedWeight = W.isWeighted ? FixedPoint.make(weight) : 0
        let square = W.isWeighted ? FixedPoint.square(weight) : 0
        batch?.appendRow(key: ScoreTable<W.Amount>.orderKey(score), positive: positive, amount: W.amount(weight: weight))
        counts.add(slice: 0, bin: bin, positive: positive, weight: fixedWeight, square: square)
        batch?.appendSlice(0)
        let specCount = specStarts.count - 1
        specColumns.withUnsafeBufferPointer { allColumns in
            for spec in 0..<specCount {
                let columns = UnsafeBufferPointer(rebasing: allColumns[specStarts[spec]..<specStarts[spec + 1]])
                let slice: Int
                if let known = keyMap.index(spec: spec, columns: columns, ids: ids) {
                    slice = Int(known)
                } else {
                    slice = addSlice(spec: spec, values: columns.map { ids[$0] })
                    keyMap.insert(Int32(slice), spec: spec, columns: columns, ids: ids)
                }
                counts.add(slice: slice, bin: bin, positive: positive, weight: fixedWeight, square: square)
                batch?.appendSlice(sharedIndex[slice])
            }
        }
    }

    private mutating func addSlice(spec: Int, values: [UInt32]) -> Int {
        let columns = plan.specs[spec]
        let identity = SliceIdentity(spec: spec, values: zip(columns, values).map { column, id in
            id == ValueInterner.missingID ? nil : Array(interners[column].bytes(of: id))
        })
        sharedIndex.append(registry.index(of: identity))
        counts.addSlice()
        return sharedIndex.count - 1
    }

    /// Adds this worker's counts to `totals`, by shared slice index.
    public func addCounts(to totals: inout BinTotals) {
        for local in sharedIndex.indices {
            let shared = Int(sharedIndex[local])
            totals.reserve(slices: shared + 1)
            for bin in 0..<binCount {
                let to = shared * binCount + bin
                let cell = counts.cell(slice: local, bin: bin)
                totals.positiveCounts[to] += cell.positives
                totals.negativeCounts[to] += cell.negatives
                totals.positiveAmounts[to] += W.isWeighted ? cell.positiveWeight : Int128(cell.positives)
                totals.negativeAmounts[to] += W.isWeighted ? cell.negativeWeight : Int128(cell.negatives)
                totals.positiveSquares[to] += W.isWeighted ? cell.positiveSquares : Int128(cell.positives)
                totals.negativeSquares[to] += W.isWeighted ? cell.negativeSquares : Int128(cell.negatives)
            }
        }
    }
}

/// Counts of all workers together, by shared slice index and bin. Amounts are row counts when
/// unweighted, `FixedPoint` weights when weighted.
public struct BinTotals: Sendable {
    public let binCount: Int
    public let isWeighted: Bool
    public var positiveCounts: [Int64] = []
    public var negativeCounts: [Int64] = []
    public var positiveAmounts: [Int128] = []
    public var negativeAmounts: [Int128] = []
    /// Σw² per cell (`FixedPoint.square` units when weighted; equal to the counts otherwise).
    public var positiveSquares: [Int128] = []
    public var negativeSquares: [Int128] = []

    public init(binCount: Int, isWeighted: Bool) {
        self.binCount = binCount
        self.isWeighted = isWeighted
    }

    mutating func reserve(slices: Int) {
        let cells = slices * binCount
        guard positiveCounts.count < cells else { return }
        let extra = cells - positiveCounts.count
        positiveCounts.append(contentsOf: repeatElement(0, count: extra))
        negativeCounts.append(contentsOf: repeatElement(0, count: extra))
        positiveAmounts.append(contentsOf: repeatElement(0, count: extra))
        negativeAmounts.append(contentsOf: repeatElement(0, count: extra))
        positiveSquares.append(contentsOf: repeatElement(0, count: extra))
        negativeSquares.append(contentsOf: repeatElement(0, count: extra))
    }

    /// A sum of squares as a double.
    public func squareValue(_ amount: Int128) -> Double { isWeighted ? FixedPoint.squareValue(amount) : Double(amount) }

    /// An amount in the units of the metrics: rows, or weight.
    public func value(_ amount: Int128) -> Double { isWeighted ? FixedPoint.double(amount) : Double(amount) }
}
