/// The file format of partial results (`rai eval --partial`, `rai merge`), documented in the
/// README:
///
///     magic    8 bytes  89 52 41 49 0D 0A 1A 0A  ("\x89RAI\r\n\x1a\n": binary, and a text-mode
///                       transfer or a truncation to 7 bits shows)
///     version  LEB128   the format version, 3. Version 2 added multi-class and multi-label
///                       models (their classes after the parameters, their confusion and rank
///                       totals last), version 3 each input's count identity; older versions
///                       still read (without identities, which are then not checked)
///     body     …        the kind ("eval"), the writing rai's version, then the partial
///                       (`PartialWriter` encoding)
///     checksum 32 bytes SHA-256 of everything before it
///
/// A reader refuses a file without the magic, with a newer version, with a checksum that does not
/// match (truncated or damaged), or whose body does not decode exactly to its end.
public enum PartialFile {
    public static let magic: [UInt8] = [0x89, 0x52, 0x41, 0x49, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The format this rai writes, and the newest it reads.
    public static let version = 3

    /// The bytes of `partial`'s file.
    public static func encode(_ partial: EvalPartial, raiVersion: String) -> [UInt8] {
        var writer = PartialWriter()
        let format = version
        writer.unsigned(format)
        writer.string("eval")
        writer.string(raiVersion)
        partial.encode(into: &writer, format: format)
        var digest = SHA256()
        let bytes = magic + writer.bytes
        bytes.withUnsafeBytes { digest.update($0) }
        return bytes + digest.finalizeBytes()
    }

    /// The partial in `bytes`, read from `path` (for messages).
    public static func decode(_ bytes: [UInt8], path: String) throws(RaiError) -> (partial: EvalPartial, raiVersion: String) {
        func fail(_ reason: String) -> RaiError { .data(DataError(path: path, kind: .invalidPartial(reason))) }
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw fail("not a rai partial result (write one with 'rai eval … --partial -o FILE')")
        }
        var versionReader = PartialReader(bytes, from: magic.count)
        if let version = try? versionReader.unsigned(), version > UInt128(Self.version) {
            throw fail("written in partial format \(version) by a newer rai; this rai reads format \(Self.version)")
        }
        guard bytes.count >= magic.count + 32 else { throw fail("the file is truncated") }
        var digest = SHA256()
        bytes[0..<(bytes.count - 32)].withUnsafeBytes { digest.update($0) }
        guard digest.finalizeBytes() == Array(bytes[(bytes.count - 32)...]) else {
            throw fail("the checksum does not match: the file is truncated or damaged")
        }
        var reader = PartialReader(Array(bytes[0..<(bytes.count - 32)]), from: magic.count)
        do throws(PartialError) {
            let format = Int(try reader.unsigned())
            guard format >= 1 else { throw PartialError.malformed("format version 0 does not exist") }
            reader.formatVersion = format
            let kind = try reader.string()
            guard kind == "eval" else { throw PartialError.malformed("a partial of kind '\(kind)' cannot be read by rai eval or rai merge") }
            let raiVersion = try reader.string()
            let partial = try EvalPartial(from: &reader, format: format)
            guard reader.isAtEnd else { throw PartialError.malformed("bytes follow the content") }
            return (partial, raiVersion)
        } catch {
            switch error {
            case .truncated: throw fail("the content ends early")
            case .malformed(let reason): throw fail(reason)
            }
        }
    }
}

extension EvalPartial {
    func encode(into writer: inout PartialWriter, format: Int) {
        let p = parameters
        writer.string(p.labelColumn)
        writer.string(p.scoreColumn)
        writer.optional(p.weightColumn) { $0.string($1) }
        writer.optional(p.baselineScoreColumn) { $0.string($1) }
        writer.optional(p.positiveLabel) { $0.string($1) }
        writer.array(p.thresholds) { $0.double($1) }
        writer.array(p.slices) { writer, spec in writer.array(spec) { $0.string($1) } }
        writer.optional(p.scoreBudget) { $0.unsigned($1) }
        writer.optional(p.bootstrap) { writer, bootstrap in
            writer.unsigned(bootstrap.replicates)
            writer.unsigned(UInt128(bootstrap.seed))
        }
        writer.optional(p.rowIdColumn) { $0.string($1) }
        if format >= 2 {
            writer.optional(p.classes) { writer, classes in
                writer.string(classes.kind.rawValue)
                writer.array(classes.names) { $0.string($1) }
                writer.array(classes.scoreColumns) { $0.string($1) }
                writer.optional(classes.scoreArrayColumn) { $0.string($1) }
                writer.optional(classes.predictionColumn) { $0.string($1) }
                writer.array(classes.labelColumns) { $0.string($1) }
                writer.array(classes.topK) { $0.unsigned($1) }
            }
        }
        writer.array(inputs) { $0.input($1) }
        writer.signed(Int128(scale.exponent))
        writer.array(combinations) { writer, combination in writer.array(combination.values) { writer, value in writer.optional(value) { $0.data($1) } } }
        switch totals {
        case .unweighted(let totals): totals.encode(into: &writer, format: format)
        case .weighted(let totals): totals.encode(into: &writer, format: format)
        }
    }

    init(from reader: inout PartialReader, format: Int) throws(PartialError) {
        let label = try reader.string(), score = try reader.string()
        let weight = try reader.optional { r throws(PartialError) in try r.string() }
        let baseline = try reader.optional { r throws(PartialError) in try r.string() }
        let positive = try reader.optional { r throws(PartialError) in try r.string() }
        let thresholds = try reader.array { r throws(PartialError) in try r.double() }
        guard thresholds.allSatisfy(\.isFinite), thresholds == Array(Set(thresholds)).sorted() else {
            throw .malformed("the thresholds are not sorted finite numbers")
        }
        // The same cap as rai eval's, so a merged report cannot grow past what one run may write.
        guard thresholds.count <= EvaluationRequest.maximumThresholds else {
            throw .malformed("more than \(EvaluationRequest.maximumThresholds) thresholds")
        }
        let slices = try reader.array { r throws(PartialError) in try r.array { r throws(PartialError) in try r.string() } }
        let budget = try reader.optional { r throws(PartialError) in try r.count() }
        let bootstrap = try reader.optional { r throws(PartialError) -> (replicates: Int, seed: UInt64) in
            let replicates = try r.count(limit: 10_000)
            let seed = try r.unsigned()
            guard seed <= UInt128(UInt64.max), replicates > 0 else { throw .malformed("the bootstrap parameters are out of range") }
            return (replicates, UInt64(seed))
        }
        let rowId = try reader.optional { r throws(PartialError) in try r.string() }
        parameters = EvalParameters(labelColumn: label, scoreColumn: score, weightColumn: weight, baselineScoreColumn: baseline,
                                    positiveLabel: positive, thresholds: thresholds, slices: slices, scoreBudget: budget,
                                    bootstrap: bootstrap, rowIdColumn: rowId)
        if format >= 2 {
            parameters.classes = try reader.optional { r throws(PartialError) -> ClassParameters in
                guard let kind = ClassParameters.Kind(rawValue: try r.string()) else { throw .malformed("an unknown kind of classes") }
                let names = try r.array { r throws(PartialError) in try r.string() }
                let scores = try r.array { r throws(PartialError) in try r.string() }
                let array = try r.optional { r throws(PartialError) in try r.string() }
                let prediction = try r.optional { r throws(PartialError) in try r.string() }
                let labels = try r.array { r throws(PartialError) in try r.string() }
                let topK = try r.array { r throws(PartialError) in try r.count(limit: 1 << 16) }
                guard names.count >= 1, names.count <= 1 << 16, topK.allSatisfy({ $0 >= 1 && $0 <= names.count }),
                      scores.isEmpty || scores.count == names.count, kind == .multiClass || labels.count == names.count else {
                    throw .malformed("the classes do not match their columns")
                }
                return ClassParameters(kind: kind, names: names, scoreColumns: scores, scoreArrayColumn: array, predictionColumn: prediction,
                                       labelColumns: labels, topK: topK)
            }
        }
        inputs = try reader.array { r throws(PartialError) in try r.input() }
        let exponent = try reader.signed()
        guard abs(exponent) < 2_000 else { throw .malformed("the weight scale is out of range") }
        scale = WeightScale(exponent: Int(exponent))
        let columns = parameters.plan.columns.count
        combinations = try reader.array { r throws(PartialError) -> Combination in
            let values = try r.array { r throws(PartialError) in try r.optional { r throws(PartialError) in try r.data() } }
            guard values.count == columns else { throw .malformed("a combination of slice values has \(values.count) values, not \(columns)") }
            return Combination(values: values)
        }
        guard Set(combinations).count == combinations.count else { throw .malformed("a combination of slice values is listed twice") }
        let tasks = parameters.classes.map { $0.hasScores ? $0.names.count : 0 } ?? (baseline == nil ? 1 : 2)
        if weight == nil {
            totals = .unweighted(try EvalTotals(from: &reader, parameters: parameters, tasks: tasks, groups: combinations.count))
        } else {
            totals = .weighted(try EvalTotals(from: &reader, parameters: parameters, tasks: tasks, groups: combinations.count))
        }
    }
}

extension EvalTotals {
    func encode(into writer: inout PartialWriter, format: Int) {
        writer.cellTable(cells, weighted: W.isWeighted)
        writer.optional(joint) { $0.cellTable($1, weighted: W.isWeighted) }
        writer.optional(bootstrap) { writer, bootstrap in
            writer.array(bootstrap.binAmounts) { $0.signed($1) }
            writer.array(bootstrap.gridAmounts) { $0.signed($1) }
        }
        writer.optional(collectors) { writer, collectors in
            writer.array(collectors) { writer, collector in
                writer.unsigned(collector.level)
                writer.array(collector.bucketLists) { writer, buckets in
                    // Keys ascend: each is written as its difference from the one before.
                    var previous: UInt64 = 0
                    writer.array(buckets) { writer, bucket in
                        writer.unsigned(UInt128(bucket.key - previous))
                        previous = bucket.key
                        writer.signed(Int128(truncatingIfNeeded: bucket.positives))
                        writer.signed(Int128(truncatingIfNeeded: bucket.negatives))
                        writer.bool(bucket.isMixed)
                    }
                }
            }
        }
        if format >= 2 {
            writer.optional(confusion) { $0.cellTable($1, weighted: W.isWeighted) }
            writer.optional(ranks) { $0.cellTable($1, weighted: W.isWeighted) }
        }
    }

    init(from reader: inout PartialReader, parameters: EvalParameters, tasks: Int, groups: Int) throws(PartialError) {
        let bins = parameters.thresholds.count + 1
        cells = try reader.cellTable(cellsPerGroup: tasks * bins, groups: groups, weighted: W.isWeighted)
        joint = try reader.optional { r throws(PartialError) in try r.cellTable(cellsPerGroup: bins * bins, groups: groups, weighted: W.isWeighted) }
        guard (joint != nil) == (parameters.baselineScoreColumn != nil) else {
            throw .malformed("the baseline model's counts do not match its parameters")
        }
        let bootstrapAmounts = try reader.optional { r throws(PartialError) -> ([Int128], [Int128]) in
            (try r.array { r throws(PartialError) in try r.signed() }, try r.array { r throws(PartialError) in try r.signed() })
        }
        if let settings = parameters.bootstrap {
            guard let (binAmounts, gridAmounts) = bootstrapAmounts,
                  let decoded = BootstrapCounts(replicates: settings.replicates, seed: settings.seed, bins: bins, weighted: W.isWeighted,
                                                binAmounts: binAmounts, gridAmounts: gridAmounts),
                  decoded.groups <= groups else { throw .malformed("the bootstrap replicates do not match their parameters") }
            bootstrap = decoded
        } else {
            guard bootstrapAmounts == nil else { throw .malformed("bootstrap replicates without bootstrap parameters") }
            bootstrap = nil
        }
        let decodedCollectors = try reader.optional { r throws(PartialError) in
            try r.array { r throws(PartialError) -> (Int, [[ScoreTable<W.Amount>.Bucket]]) in
                let level = try r.count(limit: 63)
                let tables = try r.array { r throws(PartialError) -> [ScoreTable<W.Amount>.Bucket] in
                    var previous: UInt64 = 0
                    return try r.array { r throws(PartialError) -> ScoreTable<W.Amount>.Bucket in
                        let step = try r.unsigned()
                        guard step <= UInt128(UInt64.max - previous) else { throw .malformed("score keys do not ascend") }
                        previous += UInt64(step)
                        let positives = try r.signed(), negatives = try r.signed()
                        guard positives >= 0, negatives >= 0, let p = W.Amount(exactly: positives), let n = W.Amount(exactly: negatives),
                              previous != UInt64.max else { throw .malformed("a score table amount is out of range") }
                        return ScoreTable<W.Amount>.Bucket(key: previous, positives: p, negatives: n, isMixed: try r.bool())
                    }
                }
                guard tables.count <= groups else { throw .malformed("more score tables than combinations") }
                return (level, tables)
            }
        }
        if let budget = parameters.scoreBudgetPerTask {
            guard let decodedCollectors, decodedCollectors.count == tasks else { throw .malformed("the score tables do not match their parameters") }
            var built: [ScoreCollector<W>] = []
            for (task, (level, tables)) in decodedCollectors.enumerated() {
                guard let collector = ScoreCollector<W>(budget: budget, task: task, level: level, tables: tables) else {
                    throw .malformed("a score table does not fit its amounts")
                }
                built.append(collector)
            }
            collectors = built
        } else {
            guard decodedCollectors == nil else { throw .malformed("score tables without a score budget") }
            collectors = nil
        }
        if let classes = parameters.classes, classes.kind == .multiClass {
            let k = classes.names.count, depth = classes.rankDepth
            confusion = try reader.optional { r throws(PartialError) in try r.cellTable(cellsPerGroup: k * k, groups: groups, weighted: W.isWeighted) }
            ranks = try reader.optional { r throws(PartialError) in
                try r.cellTable(cellsPerGroup: k * (depth + 1), groups: groups, weighted: W.isWeighted)
            }
            guard confusion != nil, (ranks != nil) == (depth > 0) else { throw .malformed("the class counts do not match their parameters") }
        } else if reader.formatVersion >= 2 {
            // Binary and multi-label models have none, written as two absent tables.
            guard try reader.optional({ r throws(PartialError) in try r.bool() }) == nil,
                  try reader.optional({ r throws(PartialError) in try r.bool() }) == nil else {
                throw .malformed("class counts for a binary or multi-label model")
            }
        }
    }
}

extension PartialWriter {
    mutating func cellTable(_ table: CellTable, weighted: Bool) {
        unsigned(table.groups)
        for cell in table.cells {
            signed(cell.positives)
            signed(cell.negatives)
            guard weighted else { continue }
            signed(cell.positiveAmount)
            signed(cell.negativeAmount)
            wide(cell.positiveSquares)
            wide(cell.negativeSquares)
        }
    }

    mutating func input(_ input: InputSummary) {
        string(input.path)
        string(input.format.rawValue)
        unsigned(input.rowsRead)
        unsigned(input.rowsUsed)
        unsigned(input.blankLines)
        unsigned(input.bytes)
        optional(input.sha256) { $0.string($1) }
        array(input.skipped) { writer, skip in
            writer.string(skip.reason)
            writer.unsigned(skip.count)
            writer.unsigned(skip.firstLine)
            writer.string(skip.example)
        }
        array(input.renamedColumns) { writer, column in
            writer.string(column.original)
            writer.string(column.renamed)
        }
        optional(input.countID) { $0.string($1) }
    }
}

extension PartialReader {
    mutating func cellTable(cellsPerGroup: Int, groups: Int, weighted: Bool) throws(PartialError) -> CellTable {
        let stored = try count()
        guard stored <= groups else { throw .malformed("more counts than combinations") }
        var table = CellTable(cellsPerGroup: cellsPerGroup, groups: groups)
        for group in 0..<stored {
            for index in 0..<cellsPerGroup {
                var cell = BinCell()
                cell.positives = try signed64()
                cell.negatives = try signed64()
                if weighted {
                    cell.positiveAmount = try signed()
                    cell.negativeAmount = try signed()
                    cell.positiveSquares = try wide()
                    cell.negativeSquares = try wide()
                } else {
                    cell.positiveAmount = Int128(cell.positives)
                    cell.negativeAmount = Int128(cell.negatives)
                    cell.positiveSquares = WideAmount(low: UInt128(max(0, cell.positives)))
                    cell.negativeSquares = WideAmount(low: UInt128(max(0, cell.negatives)))
                }
                guard cell.positives >= 0, cell.negatives >= 0, cell.positiveAmount >= 0, cell.negativeAmount >= 0 else {
                    throw .malformed("a count is negative")
                }
                table[group, index] = cell
            }
        }
        return table
    }

    mutating func input() throws(PartialError) -> InputSummary {
        let path = try string()
        guard let format = InputFormat(rawValue: try string()) else { throw .malformed("an unknown input format") }
        var input = InputSummary(path: path, format: format)
        input.rowsRead = try count(limit: .max)
        input.rowsUsed = try count(limit: .max)
        input.blankLines = try count(limit: .max)
        input.bytes = try count(limit: .max)
        input.sha256 = try optional { r throws(PartialError) in try r.string() }
        input.skipped = try array { r throws(PartialError) in
            SkippedRows(reason: try r.string(), count: try r.count(limit: .max), firstLine: try r.count(limit: .max), example: try r.string())
        }
        input.renamedColumns = try array { r throws(PartialError) in RenamedColumn(original: try r.string(), renamed: try r.string()) }
        if formatVersion >= 3 { input.countID = try optional { r throws(PartialError) in try r.string() } }
        return input
    }
}
