/// What one pass of `rai data` found in a file: per slice (overall first, then each spec's
/// slices in natural order), its rows, positive labels and column statistics.
public struct DataProfile: Sendable {
    public struct Slice: Sendable {
        /// The spec's columns; empty for overall.
        public var features: [String]
        /// One value per feature; nil where missing.
        public var values: [String?]
        /// `overall`, or `race=black & sex=female`, `(missing)` for a missing value.
        public var name: String
        public var rows: Int
        /// Rows whose label is positive; nil without `--label`.
        public var positives: Int?
        public var columns: [ColumnStatistics]
    }

    public var input: InputSummary
    public var sliceSpecs: [[String]]
    public var columns: [String]
    public var labelColumn: String?
    public var slices: [Slice]

    public var overall: Slice { slices[0] }

    public func slice(named name: String) -> Slice? { slices.first { $0.name == name } }
}

/// Runs `rai data`'s pass over a file on the one engine: a raw role per profiled column, the
/// label as a flag, the slice columns; one `ProfileCounter` per worker; then the workers'
/// profiles added up by combination and rolled up into slices.
public enum DataProfiler {
    public static func profile(_ request: DataRequest, progress: (any ProgressObserver)? = nil) throws(RaiError) -> DataProfile {
        let input = try RowSource.open(path: request.path, format: request.format, delimiter: request.delimiter,
                                       blockSize: request.engineOptions.blockSize, maximumLineLength: request.engineOptions.maximumLineLength,
                                       computeDigest: false)
        let columns = request.columns ?? input.header?.names ?? input.firstObjectKeys ?? []
        let plan = SlicePlan(specs: request.slices)
        var layout = RowLayout()
        if let label = request.labelColumn { _ = layout.slot(label) }
        let label = request.labelColumn.map { layout.addFlag($0, meaning: .label, rule: LabelRule(positiveLabel: request.positiveLabel)) }
        for column in columns { layout.addRaw(column) }
        layout.addSliceColumns(plan)
        let run = try Engine.run(input, path: request.path, layout: layout, sliceColumns: plan.columns.count,
                                 options: request.engineOptions, progress: progress) {
            ProfileCounter(columns: columns.count, label: label)
        }
        var totals = [CombinationProfile](repeating: CombinationProfile(columns: columns.count), count: run.combinations.count)
        for (counter, shared) in run.counters {
            for local in counter.rows.indices { totals[Int(shared[local])].merge(counter.profile(local)) }
        }
        let rollup = SliceRollup(plan: plan, combinations: run.combinations)
        let slices = rollup.slices.map { slice -> DataProfile.Slice in
            var merged = CombinationProfile(columns: columns.count)
            for member in slice.members { merged.merge(totals[member]) }
            let features = slice.spec.map { plan.names(ofSpec: $0) } ?? []
            let values = slice.values.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            return DataProfile.Slice(
                features: features, values: values,
                name: features.isEmpty ? "overall" : zip(features, values).map { "\($0)=\($1 ?? "(missing)")" }.joined(separator: " & "),
                rows: merged.rows, positives: label == nil ? nil : merged.positives,
                columns: zip(columns, merged.columns).map { ColumnStatistics(name: $0, profile: $1) })
        }
        return DataProfile(input: run.input, sliceSpecs: plan.specs.indices.map { plan.names(ofSpec: $0) }, columns: columns,
                           labelColumn: request.labelColumn, slices: slices)
    }
}
