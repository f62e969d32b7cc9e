/// What one worker thread counts: per combination of slice values and per threshold bin, the
/// positives and negatives.
///
/// A row belongs to one combination (its values in every slice column) and, through it, to one
/// slice of every spec; counting by combination costs one lookup and one update per row however
/// many specs there are, and slices are summed from their combinations at the end.
///
/// Thresholds t₀ < … < t₍k₋₁₎ cut scores into k+1 bins; a row's bin is the number of thresholds
/// strictly below its score, so at threshold i the predicted positives (score > tᵢ, as TFMA) are
/// the rows in bins above i. Score-table updates for AUC are appended to a `ScoreBatch` for the
/// `ScoreCollector`, so that one set of score tables serves all threads.
///
/// Combinations get local indices in the order this worker meets them and a shared index from
/// the `ComboRegistry`; `addCounts(to:)` adds the counts under the shared indices. Every amount
/// is an integer, so totals do not depend on how rows were split between threads or blocks.
public struct Accumulator<W: Weighting>: Sendable {
    public let plan: SlicePlan
    public let thresholds: [Double]
    public let registry: ComboRegistry
    /// Bins per score: thresholds + 1.
    private let scoreBins: Int
    /// Cells per group: `scoreBins`, or `scoreBins²` with a baseline model (the joint bin of both
    /// scores, so that flips between them can be counted).
    private let binCount: Int

    /// One interner per slice column (`plan.columns`).
    private var interners: [ValueInterner]
    private let keyMap = ComboKeyMap()
    /// The shared index of each local combination.
    private var sharedIndex: [Int32] = []
    private let counts: BinCounts
    /// Replicates for `--bootstrap`, by local combination.
    private let bootstrap: BootstrapCounts?

    public init(plan: SlicePlan, thresholds: [Double], registry: ComboRegistry, withBaseline: Bool = false,
                bootstrap: (replicates: Int, seed: UInt64)? = nil) {
        self.plan = plan
        self.thresholds = thresholds
        self.registry = registry
        scoreBins = thresholds.count + 1
        binCount = withBaseline ? scoreBins * scoreBins : scoreBins
        interners = Array(repeating: ValueInterner(), count: plan.columns.count)
        counts = BinCounts(binCount: binCount, weighted: W.isWeighted)
        self.bootstrap = bootstrap.map {
            BootstrapCounts(replicates: $0.replicates, seed: $0.seed, bins: thresholds.count + 1, weighted: W.isWeighted)
        }
    }

    /// The bin of `score`: how many thresholds lie strictly below it.
    @inline(__always)
    public func bin(of score: Double) -> Int {
        thresholds.withUnsafeBufferPointer { Self.bin(of: score, thresholds: $0) }
    }

    @inline(__always)
    static func bin(of score: Double, thresholds t: UnsafeBufferPointer<Double>) -> Int {
        if t.count <= 16 {
            var bin = 0
            for threshold in t where score > threshold { bin &+= 1 }
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

    /// The value id of a slice column's bytes; nil when a new value is not valid UTF-8.
    @inline(__always)
    public mutating func intern(column: Int, _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        interners[column].intern(base, start, end)
    }

    /// Counts one row and appends its score update to `batch`. `ids` holds the row's value id
    /// for each slice column.
    @inline(__always)
    public mutating func add(ids: UnsafeBufferPointer<UInt32>, positive: Bool, score: Double, baselineScore: Double? = nil,
                             weight: Double, rowOffset: Int = 0, batch: ScoreBatch<W.Amount>?) {
        let combo: Int
        if let known = keyMap.index(of: ids) {
            combo = Int(known)
        } else {
            combo = addCombo(Array(ids))
            keyMap.insert(Int32(combo), for: ids)
        }
        let scoreBin = bin(of: score)
        var cell = scoreBin
        if let baselineScore { cell = cell &* scoreBins &+ bin(of: baselineScore) }
        if let bootstrap {
            bootstrap.add(group: combo, rowOffset: rowOffset, bin: scoreBin, bucket: BootstrapCounts.bucket(of: score),
                          positive: positive, amount: W.isWeighted ? FixedPoint.make(weight) : 1)
        }
        counts.add(group: combo, bin: cell, positive: positive,
                   weight: W.isWeighted ? FixedPoint.make(weight) : 0, square: W.isWeighted ? FixedPoint.square(weight) : 0)
        if let batch {
            batch.appendRow(key: ScoreTable<W.Amount>.orderKey(score),
                            baselineKey: baselineScore.map { ScoreTable<W.Amount>.orderKey($0) } ?? 0,
                            positive: positive, amount: W.amount(weight: weight))
            batch.appendGroup(sharedIndex[combo])
        }
    }

    /// Runs `body` on the interner of slice column `column`, in place.
    @inline(__always)
    mutating func withInterner<R>(column: Int, _ body: (inout ValueInterner) -> R) -> R {
        interners.withUnsafeMutableBufferPointer { body(&$0[column]) }
    }

    /// Whether `addRows` can count for this accumulator: it leaves the baseline model and the
    /// bootstrap to `add`.
    var countsWholeBlocks: Bool { binCount == scoreBins && bootstrap == nil }

    /// Counts every row of `rows`, as `add` would one by one (without baseline or bootstrap, see
    /// `countsWholeBlocks`), and appends their score updates to `batch`.
    mutating func addRows(_ rows: DecodedRows, batch: ScoreBatch<W.Amount>?) {
        let count = rows.count
        batch?.reserve(additional: count)
        // First each row's combination, then its counts: two short loops rather than one long one.
        let combos = rows.combos
        findCombos(rows, into: combos)
        let counts = self.counts, thresholds = self.thresholds
        let scores = rows.scores, positives = rows.positives, weights = rows.weights
        thresholds.withUnsafeBufferPointer { thresholds in
            sharedIndex.withUnsafeBufferPointer { sharedIndex in
                for row in 0..<count {
                    let combo = Int(combos[row])
                    let score = scores[row]
                    let bin = Self.bin(of: score, thresholds: thresholds)
                    let positive = positives[row]
                    let weight = W.isWeighted ? weights[row] : 1
                    if W.isWeighted {
                        counts.add(group: combo, bin: bin, positive: positive, weight: FixedPoint.make(weight), square: FixedPoint.square(weight))
                    } else {
                        counts.count(group: combo, bin: bin, positive: positive)
                    }
                    batch?.appendReserved(key: ScoreTable<W.Amount>.orderKey(score), positive: positive, amount: W.amount(weight: weight),
                                          weighted: W.isWeighted, group: sharedIndex[combo])
                }
            }
        }
    }

    /// The local combination of each row of `rows`, adding combinations met for the first time.
    private mutating func findCombos(_ rows: DecodedRows, into combos: UnsafeMutablePointer<Int32>) {
        let count = rows.count
        let columns = plan.columns.count
        let idColumns = (0..<columns).map { rows.ids(column: $0) }
        let keyMap = self.keyMap
        let ids = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, columns))
        defer { ids.deallocate() }
        idColumns.withUnsafeBufferPointer { idColumns in
            for row in 0..<count {
                // Up to four ids below 0xFFFF pack into one key (`ComboKeyMap.packedKey`).
                var packed: UInt64 = 0
                var fits = columns <= 4
                for column in 0..<columns {
                    let id = idColumns[column][row]
                    ids[column] = id
                    fits = fits && id < 0xFFFF
                    packed |= UInt64(truncatingIfNeeded: id) &<< UInt64(16 &* column)
                }
                let key = UnsafeBufferPointer(start: ids, count: columns)
                if let known = fits ? keyMap.index(packed: packed) : keyMap.index(of: key) {
                    combos[row] = known
                } else {
                    let combo = addCombo(Array(key))
                    keyMap.insert(Int32(combo), for: key)
                    combos[row] = Int32(combo)
                }
            }
        }
    }

    private mutating func addCombo(_ ids: [UInt32]) -> Int {
        let combo = Combo(values: ids.enumerated().map { column, id in
            id == ValueInterner.missingID ? nil : Array(interners[column].bytes(of: id))
        })
        sharedIndex.append(registry.index(of: combo))
        counts.addGroup()
        bootstrap?.addGroup()
        return sharedIndex.count - 1
    }

    /// Adds this worker's bootstrap replicates to `totals`, by shared combination index.
    public func addBootstrap(to totals: BootstrapCounts) {
        guard let bootstrap else { return }
        for local in sharedIndex.indices { bootstrap.add(local: local, to: totals, shared: Int(sharedIndex[local])) }
    }

    /// Adds this worker's counts to `totals`, by shared combination index.
    public func addCounts(to totals: inout BinTotals) {
        for local in sharedIndex.indices {
            let shared = Int(sharedIndex[local])
            totals.reserve(groups: shared + 1)
            for bin in 0..<binCount {
                let to = shared * binCount + bin
                let cell = counts.cell(group: local, bin: bin)
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

/// Counts by group (a shared combination index, or a slice) and bin. Amounts are row counts when
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

    mutating func reserve(groups: Int) {
        let cells = groups * binCount
        guard positiveCounts.count < cells else { return }
        let extra = cells - positiveCounts.count
        positiveCounts.append(contentsOf: repeatElement(0, count: extra))
        negativeCounts.append(contentsOf: repeatElement(0, count: extra))
        positiveAmounts.append(contentsOf: repeatElement(0, count: extra))
        negativeAmounts.append(contentsOf: repeatElement(0, count: extra))
        positiveSquares.append(contentsOf: repeatElement(0, count: extra))
        negativeSquares.append(contentsOf: repeatElement(0, count: extra))
    }

    /// An amount in the units of the metrics: rows, or weight.
    public func value(_ amount: Int128) -> Double { isWeighted ? FixedPoint.double(amount) : Double(amount) }

    /// A sum of squares as a double.
    public func squareValue(_ amount: Int128) -> Double { isWeighted ? FixedPoint.squareValue(amount) : Double(amount) }

    /// The per-model totals of joint (candidate bin × baseline bin) totals: summed over the
    /// baseline's bins for the candidate, over the candidate's for the baseline.
    func marginal(bins: Int, candidate: Bool) -> BinTotals {
        var result = BinTotals(binCount: bins, isWeighted: isWeighted)
        let groups = positiveCounts.count / binCount
        result.reserve(groups: groups)
        for group in 0..<groups {
            for a in 0..<bins {
                for b in 0..<bins {
                    let from = group * binCount + a * bins + b
                    let to = group * bins + (candidate ? a : b)
                    result.positiveCounts[to] += positiveCounts[from]
                    result.negativeCounts[to] += negativeCounts[from]
                    result.positiveAmounts[to] += positiveAmounts[from]
                    result.negativeAmounts[to] += negativeAmounts[from]
                    result.positiveSquares[to] += positiveSquares[from]
                    result.negativeSquares[to] += negativeSquares[from]
                }
            }
        }
        return result
    }

    /// Flips between the baseline and the candidate for `group`, from joint totals.
    func flips(slice group: Int, bins: Int, thresholds: [Double]) -> [FlipCounts] {
        thresholds.indices.map { index in
            var up: Int128 = 0, down: Int128 = 0, total: Int128 = 0
            for a in 0..<bins {
                for b in 0..<bins {
                    let cell = group * binCount + a * bins + b
                    let amount = positiveAmounts[cell] + negativeAmounts[cell]
                    total += amount
                    // Candidate bin a, baseline bin b: positive at threshold i when above bin i.
                    if a > index && b <= index { up += amount }
                    if a <= index && b > index { down += amount }
                }
            }
            return FlipCounts(threshold: thresholds[index], negativeToPositive: value(up), positiveToNegative: value(down),
                              total: value(total))
        }
    }

    /// Adds group `from` of `other` into group `to` of these totals.
    mutating func add(_ other: BinTotals, group from: Int, into to: Int) {
        reserve(groups: to + 1)
        for bin in 0..<binCount {
            let a = to * binCount + bin, b = from * binCount + bin
            positiveCounts[a] += other.positiveCounts[b]
            negativeCounts[a] += other.negativeCounts[b]
            positiveAmounts[a] += other.positiveAmounts[b]
            negativeAmounts[a] += other.negativeAmounts[b]
            positiveSquares[a] += other.positiveSquares[b]
            negativeSquares[a] += other.negativeSquares[b]
        }
    }
}
