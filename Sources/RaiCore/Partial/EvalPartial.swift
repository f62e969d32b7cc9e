/// Everything `rai eval` counted, before any metric: the parameters, the input's provenance, every
/// combination of slice values (by value), and per combination the bin counts, the joint bins of
/// a baseline model, the bootstrap replicates and the score tables behind AUC.
///
/// A report is built from a partial (`EvaluationResult.init(_:)`), whether it comes straight from
/// counting a file or from merging the partials of many files, so both give the same report.
/// Partials merge by combination *values* (each may have numbered them differently), in any order
/// and grouping, exactly: counts and weight sums are integers, score tables end at the level one
/// collector fed every row would (`ScoreCollector.merge`). Its size grows with the combinations
/// and the score budget, never with rows.
public struct EvalPartial: Sendable {
    public var parameters: EvalParameters
    /// The input of each part, in the order merged.
    public var inputs: [InputSummary]
    public var combinations: [Combination]
    /// How weights became integers (`WeightScale`).
    public var scale: WeightScale
    var totals: Totals

    /// The totals, with the amount type of weighted or unweighted counts.
    enum Totals: @unchecked Sendable {  // read-only once built, or owned by the one thread merging
        case unweighted(EvalTotals<Unweighted>)
        case weighted(EvalTotals<Weighted>)
    }

    /// Adds `other` into this partial; fails, naming the difference, when they counted different
    /// things. After an overflow this partial is partly merged and no longer usable.
    public mutating func merge(_ other: EvalPartial) throws(MergeError) {
        if let difference = parameters.firstDifference(from: other.parameters) {
            throw .differentParameters(difference)
        }
        let counted = Set(inputs.compactMap(\.countID))
        if let again = other.inputs.first(where: { $0.countID.map(counted.contains) == true }) {
            throw .countedTwice(again.path)
        }
        // Bring both to the finer weight scale: shifting fixed-point amounts left is exact.
        var other = other
        let finer = min(scale.exponent, other.scale.exponent)
        guard totals.shiftAmounts(left: scale.exponent - finer), other.totals.shiftAmounts(left: other.scale.exponent - finer) else {
            throw .overflow
        }
        scale = WeightScale(exponent: finer)
        // Each of other's combinations goes to this partial's combination with the same values.
        var index = Dictionary(uniqueKeysWithValues: combinations.enumerated().map { ($1, $0) })
        let map = other.combinations.map { combination -> Int in
            if let known = index[combination] { return known }
            combinations.append(combination)
            index[combination] = combinations.count - 1
            return combinations.count - 1
        }
        // This partial's totals leave `totals` while they change, so that the tables in them are
        // referenced once and change in place (see `EvalTotals.makeUnique`); a switch over both
        // totals at once would hold a second reference for its duration.
        let fitted: Bool
        switch other.totals {
        case .unweighted(let theirs):
            guard case .unweighted(var mine) = totals else { throw .differentParameters("weighted and unweighted counts") }
            totals = .empty
            fitted = mine.merge(theirs, map: map) && mine.totalsFit
            totals = .unweighted(mine)
        case .weighted(let theirs):
            guard case .weighted(var mine) = totals else { throw .differentParameters("weighted and unweighted counts") }
            totals = .empty
            fitted = mine.merge(theirs, map: map) && mine.totalsFit
            totals = .weighted(mine)
        }
        guard fitted else { throw .overflow }
        inputs += other.inputs
    }

    /// Why two partials cannot be merged.
    public enum MergeError: Error, Equatable {
        case differentParameters(String)
        case overflow
        /// The part holds counts of an input already merged (named by its path).
        case countedTwice(String)
    }

    /// Gives each input counted here that has no identity a new random one (`InputSummary.countID`).
    public mutating func identifyCounts() {
        var generator = SystemRandomNumberGenerator()
        for index in inputs.indices where inputs[index].countID == nil {
            let high = generator.next() as UInt64, low = generator.next() as UInt64
            inputs[index].countID = String(high, radix: 16) + "-" + String(low, radix: 16)
        }
    }
}

extension EvalPartial.Totals {
    /// A placeholder for the time the real totals are out being changed.
    static var empty: Self { .unweighted(EvalTotals(cells: CellTable(cellsPerGroup: 0), collectors: nil)) }

    mutating func shiftAmounts(left bits: Int) -> Bool {
        guard bits > 0 else { return true }
        switch self {
        case .unweighted: return true
        case .weighted(var totals):
            self = .empty
            let shifted = totals.shiftAmounts(left: bits)
            self = .weighted(totals)
            return shifted
        }
    }
}

extension EvalTotals {
    /// Makes the score tables and replicates (classes) this value's own before they change, so
    /// that partials keep value semantics: merging into a copy never changes the original.
    /// Each is taken out of `self` before the check: a second reference held by `self` itself
    /// would make every table look shared, and every merge would copy every table.
    private mutating func makeUnique() {
        if var tables = collectors {
            collectors = nil
            for index in tables.indices where !isKnownUniquelyReferenced(&tables[index]) { tables[index] = tables[index].copy() }
            collectors = tables
        }
        if var replicates = bootstrap {
            bootstrap = nil
            if !isKnownUniquelyReferenced(&replicates) { replicates = replicates.copy() }
            bootstrap = replicates
        }
    }

    /// Adds `other`'s combination g into this one's combination `map[g]`; false on overflow.
    mutating func merge(_ other: EvalTotals, map: [Int]) -> Bool {
        makeUnique()
        let groups = (map.max() ?? -1) + 1
        cells.reserve(groups: groups)
        joint?.reserve(groups: groups)
        confusion?.reserve(groups: groups)
        ranks?.reserve(groups: groups)
        var fitted = true
        for (from, to) in map.enumerated() {
            if from < other.cells.groups { fitted = cells.add(other.cells, group: from, into: to) && fitted }
            if let theirs = other.joint, from < theirs.groups { fitted = joint?.add(theirs, group: from, into: to) != false && fitted }
            if let theirs = other.confusion, from < theirs.groups { fitted = confusion?.add(theirs, group: from, into: to) != false && fitted }
            if let theirs = other.ranks, from < theirs.groups { fitted = ranks?.add(theirs, group: from, into: to) != false && fitted }
            if let bootstrap, let theirs = other.bootstrap, from < theirs.groups { theirs.add(local: from, to: bootstrap, shared: to) }
        }
        if let collectors, let theirs = other.collectors {
            for (mine, other) in zip(collectors, theirs) { fitted = mine.merge(other, groups: map) && fitted }
        }
        return fitted
    }

    /// Whether the sums over every combination (the overall slice, the largest) fit their integers.
    var totalsFit: Bool {
        var overall = CellTable(cellsPerGroup: cells.cellsPerGroup, groups: 1)
        for group in 0..<cells.groups { guard overall.add(cells, group: group, into: 0) else { return false } }
        for table in [confusion, ranks].compactMap({ $0 }) {
            var sum = CellTable(cellsPerGroup: table.cellsPerGroup, groups: 1)
            for group in 0..<table.groups { guard sum.add(table, group: group, into: 0) else { return false } }
        }
        return true
    }

    /// Multiplies every weight amount by 2^`bits` (a finer `WeightScale`); false on overflow.
    mutating func shiftAmounts(left bits: Int) -> Bool {
        makeUnique()
        guard cells.shiftAmounts(left: bits) else { return false }
        if joint != nil { guard joint!.shiftAmounts(left: bits) else { return false } }
        if confusion != nil { guard confusion!.shiftAmounts(left: bits) else { return false } }
        if ranks != nil { guard ranks!.shiftAmounts(left: bits) else { return false } }
        if let bootstrap { guard bootstrap.shiftAmounts(left: bits) else { return false } }
        return collectors?.allSatisfy { $0.shiftAmounts(left: bits) } ?? true
    }
}
