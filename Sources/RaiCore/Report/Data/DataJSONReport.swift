/// `rai data --format json`: every number of the analysis, documented in the README's
/// *JSON of rai data* section. `schema_version` counts changes that are not additions.
public struct DataJSONReport {
    public static let schemaVersion = 1
    let analysis: DataAnalysis
    let version: String

    public init(analysis: DataAnalysis, version: String) {
        self.analysis = analysis
        self.version = version
    }

    public func render() -> [UInt8] {
        var json = JSONWriter()
        let profile = analysis.profile
        json.beginObject()
        json.field("schema_version", .integer(Self.schemaVersion))
        json.field("command", .string("data"))
        json.field("rai_version", .string(version))
        Self.writeInput(&json, "input", profile.input)
        if let against = analysis.against { Self.writeInput(&json, "against", against.input) }
        json.beginObject("parameters")
        json.field("label", .string(profile.labelColumn))
        json.beginArray("slices")
        for spec in profile.sliceSpecs { json.inlineArray(nil, spec.map { .string($0) }) }
        json.endArray()
        json.inlineArray("columns", profile.columns.map { .string($0) })
        json.field("confidence", .number(analysis.options.confidence))
        json.field("min_slice_size", .integer(analysis.options.minimumSliceSize))
        json.beginArray("populations")
        for population in analysis.options.populations {
            json.beginObject()
            json.field("column", .string(population.column))
            json.beginObject("shares")
            for (value, share) in population.shares { json.field(value, .number(share)) }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.field("verdict", .string(analysis.failedGates.isEmpty ? "pass" : "fail"))
        json.beginArray("gates")
        for gate in analysis.gates {
            json.beginObject()
            json.field("gate", .string(gate.gate.text))
            json.field("passed", .bool(gate.passed))
            json.field("observed", .number(gate.observed))
            json.field("bound", .number(gate.gate.bound))
            json.inlineArray("slices", gate.slices.map { .string($0) })
            json.field("reason", .string(gate.reason))
            json.endObject()
        }
        json.endArray()
        json.beginArray("columns")
        for column in profile.overall.columns { writeColumn(&json, column, full: true) }
        json.endArray()
        writeSlices(&json)
        writeRepresentation(&json)
        writeLabelBalance(&json)
        writeMissingness(&json)
        writeDrift(&json)
        json.endObject()
        var bytes = json.bytes
        bytes.append(.lineFeed)
        return bytes
    }

    private static func writeInput(_ json: inout JSONWriter, _ key: String, _ input: InputSummary) {
        json.beginObject(key)
        json.field("path", .string(input.path))
        json.field("format", .string(input.format.rawValue))
        json.field("bytes", .integer(input.bytes))
        json.field("rows_read", .integer(input.rowsRead))
        json.field("rows_used", .integer(input.rowsUsed))
        json.field("rows_skipped", .integer(input.rowsSkipped))
        json.field("blank_lines", .integer(input.blankLines))
        json.skippedRows(input.skipped)
        json.endObject()
    }

    private func writeColumn(_ json: inout JSONWriter, _ column: ColumnStatistics, full: Bool) {
        json.beginObject()
        json.field("name", .string(column.name))
        json.field("type", .string(column.kind.rawValue))
        json.field("present", .integer(column.present))
        json.field("missing", .integer(column.missing))
        json.field("missing_rate", .number(column.missingRate))
        json.field("distinct", .number(column.distinct))
        json.field("distinct_exact", .bool(column.distinctIsExact))
        if full {
            if let top = column.topValues {
                json.beginArray("top_values")
                for (value, count) in top {
                    json.beginObject()
                    json.field("value", .string(value))
                    json.field("count", .integer(count))
                    json.endObject()
                }
                json.endArray()
            } else {
                json.field("top_values", .null)
            }
        }
        if let numeric = column.numeric {
            json.beginObject("numeric")
            json.field("min", .number(numeric.minimum))
            json.field("max", .number(numeric.maximum))
            json.field("mean", .number(numeric.mean))
            json.field("std", .number(numeric.standardDeviation))
            json.field("zeros", .integer(numeric.zeros))
            if full {
                json.beginObject("quantiles")
                for (level, value) in zip(ColumnStatistics.quantileLevels, numeric.quantiles) {
                    json.field(JSONWriter.format(level), .number(value))
                }
                json.endObject()
                json.field("quantiles_exact", .bool(numeric.quantilesAreExact))
            }
            json.endObject()
        }
        json.endObject()
    }

    private func writeSlices(_ json: inout JSONWriter) {
        let profile = analysis.profile
        json.beginArray("slices")
        for slice in profile.slices {
            json.beginObject()
            json.field("slice", .string(slice.name))
            json.inlineArray("spec", slice.features.map { .string($0) })
            json.inlineArray("values", slice.values.map { .string($0) })
            json.field("rows", .integer(slice.rows))
            json.field("share", .number(Double(slice.rows) / Double(profile.overall.rows)))
            if let positives = slice.positives {
                json.field("positives", .integer(positives))
                json.field("base_rate", .number(slice.rows == 0 ? nil : Double(positives) / Double(slice.rows)))
            }
            json.beginArray("columns")
            for column in slice.columns { writeColumn(&json, column, full: slice.features.isEmpty) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    private func writeRepresentation(_ json: inout JSONWriter) {
        json.beginArray("representation")
        for table in analysis.representation {
            json.beginObject()
            json.inlineArray("spec", table.features.map { .string($0) })
            if let fit = table.goodnessOfFit {
                json.beginObject("goodness_of_fit")
                json.field("test", .string("chi_square"))
                json.field("statistic", .number(fit.statistic))
                json.field("degrees_of_freedom", .integer(fit.degrees))
                json.field("p_value", .number(fit.p))
                json.endObject()
            } else {
                json.field("goodness_of_fit", .null)
            }
            json.beginArray("slices")
            for share in table.slices {
                json.beginObject()
                json.field("slice", .string(share.slice))
                json.inlineArray("values", share.values.map { .string($0) })
                json.field("rows", .integer(share.rows))
                json.field("share", .number(share.share))
                json.numberPair("interval", share.interval?.lower, share.interval?.upper)
                json.field("expected_share", .number(share.expected))
                json.field("ratio", .number(share.ratio))
                json.field("p_value", .number(share.pValue))
                json.field("q_value", .number(share.qValue))
                json.field("under_represented", .bool(share.underRepresented))
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    private func writeRate(_ json: inout JSONWriter, _ rate: DataAnalysis.Rate, count: String, value: String, flag: String, flagged: Bool) {
        json.beginObject()
        json.field("slice", .string(rate.slice))
        json.inlineArray("spec", rate.features.map { .string($0) })
        json.field("rows", .integer(rate.rows))
        json.field(count, .integer(rate.count))
        json.field(value, .number(rate.rate))
        json.numberPair("interval", rate.interval?.lower, rate.interval?.upper)
        json.field("rest_rate", .number(rate.restRate))
        json.field("p_value", .number(rate.pValue))
        json.field("q_value", .number(rate.qValue))
        json.field(flag, .bool(flagged))
        json.field("small", .bool(rate.isSmall))
        json.endObject()
    }

    private func writeLabelBalance(_ json: inout JSONWriter) {
        guard let overall = analysis.overallBaseRate else {
            json.field("label_balance", .null)
            return
        }
        json.beginObject("label_balance")
        json.field("column", .string(analysis.profile.labelColumn))
        json.field("rows", .integer(overall.rows))
        json.field("positives", .integer(overall.count))
        json.field("base_rate", .number(overall.rate))
        json.numberPair("interval", overall.interval?.lower, overall.interval?.upper)
        json.beginArray("specs")
        for balance in analysis.labelBalance {
            json.beginObject()
            json.inlineArray("spec", balance.features.map { .string($0) })
            json.field("gap", .number(balance.gap))
            json.field("ratio", .number(balance.ratio))
            json.field("lowest", .string(balance.lowest))
            json.field("highest", .string(balance.highest))
            json.beginArray("slices")
            for rate in balance.slices {
                writeRate(&json, rate, count: "positives", value: "base_rate", flag: "significant", flagged: rate.isSignificant)
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private func writeMissingness(_ json: inout JSONWriter) {
        json.beginArray("missingness")
        for column in analysis.missingness {
            json.beginObject()
            json.field("column", .string(column.column))
            json.field("rows", .integer(column.overall.rows))
            json.field("missing", .integer(column.overall.count))
            json.field("missing_rate", .number(column.overall.rate))
            json.inlineArray("significantly_higher_in", column.higher.map { .string($0) })
            json.beginArray("slices")
            let higher = Set(column.higher)
            for rate in column.slices {
                writeRate(&json, rate, count: "missing", value: "missing_rate", flag: "significantly_higher", flagged: higher.contains(rate.slice))
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    private func writeDrift(_ json: inout JSONWriter) {
        guard analysis.against != nil else {
            json.field("drift", .null)
            return
        }
        json.beginObject("drift")
        json.beginArray("columns")
        for column in analysis.profile.columns {
            let items = analysis.drift.filter { $0.column == column }
            guard let first = items.first else { continue }
            json.beginObject()
            json.field("column", .string(column))
            json.field("measure", .string(first.measure))
            json.field("overall", .number(items.first { $0.features.isEmpty }?.value))
            let largest = items.filter { $0.value != nil }.max { $0.value! < $1.value! }
            json.field("max", .number(largest?.value))
            json.field("max_slice", .string(largest?.slice))
            json.beginArray("slices")
            for item in items {
                json.beginObject()
                json.field("slice", .string(item.slice))
                json.field("value", .number(item.value))
                json.field("rows", .integer(item.rows))
                json.field("against_rows", .integer(item.againstRows))
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.beginArray("share_changes")
        for change in analysis.shareChanges {
            json.beginObject()
            json.field("slice", .string(change.slice))
            json.inlineArray("spec", change.features.map { .string($0) })
            json.field("share", .number(change.share))
            json.field("against_share", .number(change.againstShare))
            json.field("change", .number(change.change))
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
