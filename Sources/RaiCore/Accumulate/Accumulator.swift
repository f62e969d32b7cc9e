/// What one thread has counted so far: per slice and per threshold bin, the positives and
/// negatives, and per slice the score tables behind exact AUC.
///
/// Thresholds t₀ < … < t₍k₋₁₎ cut scores into k+1 bins; a row's bin is the number of thresholds
/// strictly below its score, so at threshold i the predicted positives (score > tᵢ, as TFMA) are
/// the rows in bins above i. The bin is found once per row and shared by every slice the row is
/// in. Accumulators merge (`merge(_:)`), and every amount is an integer, so the merged result does
/// not depend on how rows were split between threads or blocks.
public struct Accumulator<W: Weighting>: Sendable {
    public let plan: SlicePlan
    public let thresholds: [Double]
    /// The largest number of score buckets kept over all slices before tables are coarsened.
    public let scoreBudget: Int
    private let binCount: Int

    /// One interner per slice column (`plan.columns`).
    public private(set) var interners: [ValueInterner]
    private var keyMaps: [SliceKeyMap]
    /// For each slice: its spec (-1 for overall) and its value ids, one per column of the spec.
    public private(set) var sliceSpec: [Int] = [-1]
    public private(set) var sliceValues: [[UInt32]] = [[]]
    /// Flat `[slice * binCount + bin]` counts.
    public private(set) var positiveCounts: [Int64]
    public private(set) var negativeCounts: [Int64]
    public private(set) var positiveWeights: [Int128]
    public private(set) var negativeWeights: [Int128]
    public private(set) var scoreTables: [ScoreTable<W.Amount>]
    public private(set) var scoreLevel = 0
    private var scoreBuckets = 0

    public init(plan: SlicePlan, thresholds: [Double], scoreBudget: Int) {
        self.plan = plan
        self.thresholds = thresholds
        self.scoreBudget = scoreBudget
        binCount = thresholds.count + 1
        interners = Array(repeating: ValueInterner(), count: plan.columns.count)
        keyMaps = plan.specs.map { SliceKeyMap(columnCount: $0.count) }
        positiveCounts = Array(repeating: 0, count: binCount)
        negativeCounts = Array(repeating: 0, count: binCount)
        positiveWeights = W.isWeighted ? Array(repeating: 0, count: binCount) : []
        negativeWeights = W.isWeighted ? Array(repeating: 0, count: binCount) : []
        scoreTables = [ScoreTable()]
    }

    public var sliceCount: Int { sliceSpec.count }
    public var bins: Int { binCount }

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

    /// Counts one row. `ids` holds the row's value id for each slice column. Returns false when a
    /// count would overflow.
    @inline(__always)
    public mutating func add(ids: UnsafeBufferPointer<UInt32>, positive: Bool, score: Double, weight: Double) -> Bool {
        let bin = bin(of: score)
        let key = ScoreTable<W.Amount>.orderKey(score)
        let amount = W.amount(weight: weight)
        let fixedWeight = W.isWeighted ? FixedPoint.make(weight) : 0
        guard count(slice: 0, bin: bin, positive: positive, key: key, amount: amount, fixedWeight: fixedWeight) else { return false }
        for spec in 0..<plan.specs.count {
            let columns = plan.specs[spec]
            let slice: Int
            if let known = keyMaps[spec].index(of: ids, columns: columns) {
                slice = Int(known)
            } else {
                slice = addSlice(spec: spec, values: columns.map { ids[$0] })
                keyMaps[spec].insert(Int32(slice), for: ids, columns: columns)
            }
            guard count(slice: slice, bin: bin, positive: positive, key: key, amount: amount, fixedWeight: fixedWeight) else { return false }
        }
        if scoreBuckets > scoreBudget { return coarsenScores() }
        return true
    }

    @inline(__always)
    private mutating func count(slice: Int, bin: Int, positive: Bool, key: UInt64, amount: W.Amount, fixedWeight: Int128) -> Bool {
        let cell = slice &* binCount &+ bin
        if positive {
            positiveCounts[cell] &+= 1
            if W.isWeighted { positiveWeights[cell] &+= fixedWeight }
        } else {
            negativeCounts[cell] &+= 1
            if W.isWeighted { negativeWeights[cell] &+= fixedWeight }
        }
        guard let created = scoreTables[slice].add(key: key, positive: positive, amount: amount) else { return false }
        if created { scoreBuckets &+= 1 }
        return true
    }

    private mutating func addSlice(spec: Int, values: [UInt32]) -> Int {
        sliceSpec.append(spec)
        sliceValues.append(values)
        positiveCounts.append(contentsOf: repeatElement(0, count: binCount))
        negativeCounts.append(contentsOf: repeatElement(0, count: binCount))
        if W.isWeighted {
            positiveWeights.append(contentsOf: repeatElement(0, count: binCount))
            negativeWeights.append(contentsOf: repeatElement(0, count: binCount))
        }
        scoreTables.append(ScoreTable(level: scoreLevel))
        return sliceSpec.count - 1
    }

    /// Coarsens every score table to the smallest level at which the bucket total fits the budget.
    ///
    /// The level is chosen from the data alone (the smallest that fits), never from the order rows
    /// arrived in, so accumulators of different row subsets end at levels no higher than the level
    /// the whole data needs, and merging them gives the same tables as one accumulator would.
    private mutating func coarsenScores() -> Bool {
        // Buckets i and i+1 of a sorted table merge at extra shift d exactly when their ids agree
        // above bit d, i.e. when their highest differing bit is below d.
        var mergesAt = [Int](repeating: 0, count: 65)
        for table in scoreTables {
            let ids = table.sortedBucketIDs()
            for i in ids.indices.dropFirst() {
                let differingBits = 64 - (ids[i - 1] ^ ids[i]).leadingZeroBitCount
                mergesAt[differingBits] += 1
            }
        }
        var total = scoreBuckets
        var extra = 0
        while total > scoreBudget && scoreLevel + extra < 63 {
            extra += 1
            total -= mergesAt[extra]
        }
        return setScoreLevel(scoreLevel + extra)
    }

    private mutating func setScoreLevel(_ level: Int) -> Bool {
        guard level > scoreLevel else { return true }
        scoreLevel = level
        var fitted = true
        scoreBuckets = 0
        for index in scoreTables.indices {
            fitted = scoreTables[index].coarsen(to: level) && fitted
            scoreBuckets += scoreTables[index].count
        }
        return fitted
    }

    /// Adds everything `other` counted. Value ids differ between accumulators, so `other`'s slices
    /// are matched to these by the bytes of their values. Returns false on overflow.
    public mutating func merge(_ other: Accumulator) -> Bool {
        precondition(thresholds == other.thresholds && plan == other.plan)
        let level = max(scoreLevel, other.scoreLevel)
        guard setScoreLevel(level) else { return false }
        let translated: [[UInt32]] = other.interners.indices.map { column in
            (0..<UInt32(other.interners[column].count)).map { id in
                id == ValueInterner.missingID ? id : interners[column].intern(other.interners[column].bytes(of: id))!
            }
        }
        var ids = [UInt32](repeating: 0, count: plan.columns.count)
        for otherSlice in 0..<other.sliceCount {
            let slice: Int
            let spec = other.sliceSpec[otherSlice]
            if spec < 0 {
                slice = 0
            } else {
                let columns = plan.specs[spec]
                for (position, column) in columns.enumerated() {
                    ids[column] = translated[column][Int(other.sliceValues[otherSlice][position])]
                }
                slice = ids.withUnsafeBufferPointer { buffer in
                    if let known = keyMaps[spec].index(of: buffer, columns: columns) { return Int(known) }
                    let created = addSlice(spec: spec, values: columns.map { buffer[$0] })
                    keyMaps[spec].insert(Int32(created), for: buffer, columns: columns)
                    return created
                }
            }
            for bin in 0..<binCount {
                let mine = slice * binCount + bin
                let theirs = otherSlice * binCount + bin
                positiveCounts[mine] += other.positiveCounts[theirs]
                negativeCounts[mine] += other.negativeCounts[theirs]
                if W.isWeighted {
                    positiveWeights[mine] += other.positiveWeights[theirs]
                    negativeWeights[mine] += other.negativeWeights[theirs]
                }
            }
            var table = other.scoreTables[otherSlice]
            if table.level < level { guard table.coarsen(to: level) else { return false } }
            scoreBuckets -= scoreTables[slice].count
            guard scoreTables[slice].merge(table) else { return false }
            scoreBuckets += scoreTables[slice].count
        }
        if scoreBuckets > scoreBudget { return coarsenScores() }
        return true
    }
}
