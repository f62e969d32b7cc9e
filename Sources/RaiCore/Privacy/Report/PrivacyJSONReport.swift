/// The machine-readable `rai privacy` report (`"kind": "privacy"`), documented in the README.
struct PrivacyJSONReport {
    let report: PrivacyReport
    var result: PrivacyResult { report.result }

    func renderBytes() -> [UInt8] {
        var json = JSONWriter(capacity: 4_096 * max(1, result.slices.count))
        json.beginObject()
        json.field("schema_version", .integer(JSONReport.schemaVersion))
        json.field("kind", .string("privacy"))
        json.field("rai_version", .string(report.version))
        json.field("verdict", .string(report.failedGates.isEmpty ? "pass" : "fail"))
        json.beginArray("gates")
        for gate in report.gates {
            json.beginObject()
            json.field("gate", .string(gate.gate.text))
            json.field("passed", .bool(gate.passed))
            json.field("observed", .number(gate.observed))
            json.field("comparison", .string(gate.gate.comparison.rawValue))
            json.field("bound", .number(gate.gate.bound))
            json.inlineArray("slices", gate.slices.map { .string($0) })
            json.field("reason", .string(gate.reason))
            json.endObject()
        }
        json.endArray()
        writeInput(&json)
        writeParameters(&json)
        json.field("exact", .bool(result.isExact))
        json.beginArray("slices")
        for slice in result.slices { writeSlice(slice, &json) }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    private func writeInput(_ json: inout JSONWriter) {
        let input = result.input
        json.beginObject("input")
        json.field("path", .string(input.path))
        json.field("format", .string(input.format.rawValue))
        json.field("bytes", .integer(input.bytes))
        json.field("rows_read", .integer(input.rowsRead))
        json.field("rows_used", .integer(input.rowsUsed))
        json.field("rows_skipped", .integer(input.rowsSkipped))
        json.skippedRows(input.skipped)
        if !input.parts.isEmpty {
            json.beginArray("parts")
            for part in input.parts {
                json.beginObject()
                json.field("path", .string(part.path))
                json.field("rows_read", .integer(part.rowsRead))
                json.field("rows_used", .integer(part.rowsUsed))
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
    }

    private func writeParameters(_ json: inout JSONWriter) {
        let request = result.request
        json.beginObject("parameters")
        switch request.membership {
        case .column(_, let column, let value):
            json.field("member", .string(column))
            json.field("member_value", .string(value))
        case .files(let train, let test):
            json.field("train", .string(train))
            json.field("test", .string(test))
        }
        json.field("loss", .string(request.lossColumn))
        json.field("label", .string(request.labelColumn))
        json.field("positive_label", .string(request.positiveLabel))
        json.field("score", .string(request.scoreColumn))
        json.field("score_kind", .string(request.scoreKind.rawValue))
        if let classes = result.classes {
            json.inlineArray("classes", classes.names.map { .string($0) })
            json.inlineArray("class_scores", classes.scoreColumns.map { .string($0) })
            json.field("class_score_array", .string(classes.scoreArrayColumn))
        }
        json.field("loss_computed", .string(request.lossColumn != nil ? nil : request.classes == nil ? "binary_cross_entropy" : "class_cross_entropy"))
        json.field("probability_clip", .number(LossRole.clip))
        json.field("attack", .string("threshold"))
        json.field("auc_interval", .string("hanley_mcneil"))
        json.field("confidence", .number(request.confidence))
        json.field("min_slice_size", .integer(request.minimumSliceSize))
        json.beginArray("slices")
        for spec in request.slices { json.inlineArray(nil, spec.map { .string($0) }) }
        json.endArray()
        json.endObject()
    }

    private func writeSlice(_ slice: AttackResult, _ json: inout JSONWriter) {
        json.beginObject()
        json.beginObject("slice")
        for (feature, value) in zip(slice.features, slice.values) { json.field(feature, .string(value)) }
        json.endObject()
        json.field("name", .string(slice.name))
        json.field("kind", .string(slice.kind.rawValue))
        json.field("example_count", .integer(slice.examples))
        json.field("members", .integer(slice.members))
        json.field("non_members", .integer(slice.nonMembers))
        json.field("base_rate", .number(slice.baseRate))
        json.field("withheld", .bool(slice.isWithheld))
        json.field("withheld_reason", .string(slice.withheldReason))
        json.field("attack_auc", .number(slice.auc.value))
        json.numberPair("attack_auc_interval", slice.aucInterval?.lower, slice.aucInterval?.upper)
        json.field("auc_exact", .bool(slice.auc.isExact))
        json.field("auc_error_bound", .number(slice.auc.errorBound))
        json.field("advantage", .number(slice.advantage))
        json.field("advantage_chance_level", .number(slice.advantageChanceLevel))
        json.field("true_positive_rate", .number(slice.truePositiveRate))
        json.field("false_positive_rate", .number(slice.falsePositiveRate))
        json.field("ppv", .number(slice.positivePredictiveValue))
        json.field("loss_threshold", .number(slice.lossThreshold))
        if let curve = slice.curve {
            json.beginArray("roc_curve")
            for point in curve { json.inlineArray(nil, [.number(point.falsePositiveRate), .number(point.truePositiveRate)]) }
            json.endArray()
        }
        json.endObject()
    }
}
