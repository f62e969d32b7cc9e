/// The machine-readable report. Its layout is versioned by `schemaVersion` and documented in the
/// README; fields are only ever added within a version.
public struct JSONReport {
    public static let schemaVersion = 1

    let report: FairnessReport
    var result: EvaluationResult { report.result }
    var z: Double { report.z }

    public init(report: FairnessReport) {
        self.report = report
    }

    public func render() -> String { String(decoding: renderBytes(), as: UTF8.self) }

    public func renderBytes() -> [UInt8] {
        // About 8 KiB per slice and threshold (counts, rates, intervals and the analysis'
        // comparisons); reserved at once rather than grown by copies.
        // A multi-class report holds that for every class at every operating point, with more
        // comparisons per rate: about 16 KiB each, reserved whole so that growing never copies it.
        let capacity = result.classes.map { 16_384 * result.slices.count * ($0.names.count * $0.operatingPoints.count + 1) }
            ?? 10_240 * result.slices.count * max(1, result.thresholds.count)
        var json = JSONWriter(capacity: capacity)
        json.beginObject()
        json.field("schema_version", .integer(Self.schemaVersion))
        json.field("rai_version", .string(report.version))
        json.field("verdict", .string(report.verdict.rawValue))
        writeGates(&json)
        writeInput(&json)
        writeParameters(&json)
        json.field("auc_exact", .bool(result.aucExact))
        json.beginArray("slices")
        for slice in result.slices { writeSlice(slice, &json) }
        json.endArray()
        writeAnalysis(&json)
        if let classes = result.classes { writeClasses(classes, &json) }
        json.endObject()
        return json.bytes
    }

    private func writeGates(_ json: inout JSONWriter) {
        json.beginArray("gates")
        for gate in report.gates {
            json.beginObject()
            json.field("gate", .string(gate.gate.text))
            json.field("passed", .bool(gate.passed))
            json.field("observed", .number(gate.observed))
            json.field("comparison", .string(gate.gate.comparison.rawValue))
            json.field("bound", .number(gate.gate.bound))
            json.field("threshold", .number(gate.threshold))
            if let rule = gate.topRows { json.field("top_rows", .string(rule.description)) }
            json.inlineArray("slices", gate.slices.map { .string($0) })
            json.field("reason", .string(gate.reason))
            if result.classes != nil {
                json.field("class", .string(gate.className))
                json.field("top_k", gate.topK.map { .integer($0) } ?? .null)
            }
            json.endObject()
        }
        json.endArray()
    }

    func writeAnalysis(_ json: inout JSONWriter) {
        let analysis = report.analysis
        json.beginObject("analysis")
        json.field("confidence", .number(analysis.confidence))
        json.field("min_slice_size", .integer(analysis.minimumSliceSize))
        json.field("withheld_slices", .integer(report.withheldSummary.slices))
        json.field("withheld_rows", .integer(report.withheldSummary.rows))
        json.field("compared_with", .string(analysis.compareWithRest ? "rest" : "reference, else rest"))
        json.field("alpha", .number(analysis.alpha))
        json.field("tests", .integer(analysis.testCount))
        json.beginArray("specs")
        for spec in analysis.specs {
            json.beginObject()
            json.inlineArray("spec", spec.features.map { .string($0) })
            json.field("reference", .string(spec.reference))
            json.beginArray("thresholds")
            for step in spec.thresholds {
                json.beginObject()
                json.field("threshold", .number(step.point.threshold))
                if hasTopK { json.field("top_k", step.point.topK.map { .integer($0) } ?? .null) }
                writeTopRows(step.point, &json)
                json.beginObject("criteria")
                for criterion in step.criteria { json.field(criterion.name, .number(criterion.value)) }
                let impact = step.criteria.first { $0.name == "disparate_impact_ratio" }?.value
                json.field("four_fifths_rule_passed", impact.map { .bool($0 >= 0.8) } ?? .null)
                json.endObject()
                json.beginObject("rates")
                for rate in step.rates {
                    json.beginObject(rate.rate.rawValue)
                    json.field("reference_value", .number(rate.referenceValue))
                    json.field("largest_gap", .number(rate.largestGap))
                    json.field("lowest_slice", .string(rate.lowestSlice))
                    json.field("highest_slice", .string(rate.highestSlice))
                    json.field("smallest_ratio", .number(rate.smallestRatio))
                    if report.result.bootstrapReplicates != nil {
                        json.numberPair("largest_gap_bootstrap_interval", rate.gapBootstrapInterval?.lower, rate.gapBootstrapInterval?.upper)
                    }
                    json.beginArray("slices")
                    for comparison in rate.comparisons {
                        json.beginObject()
                        json.field("slice", .string(comparison.slice))
                        let withheld = comparison.isSmall
                        json.field("value", .number(withheld ? nil : comparison.value))
                        json.field("difference", .number(withheld ? nil : comparison.difference))
                        let interval = withheld ? nil : comparison.differenceInterval
                        json.numberPair("difference_interval", interval?.lower, interval?.upper)
                        json.field("ratio", .number(withheld ? nil : comparison.ratio))
                        json.field("small", .bool(comparison.isSmall))
                        json.field("test", .string(comparison.test?.rawValue))
                        json.field("tested_against", .string(comparison.testedAgainst))
                        json.field("tested_difference", .number(comparison.testedDifference))
                        json.numberPair("tested_difference_interval", comparison.testedDifferenceInterval?.lower, comparison.testedDifferenceInterval?.upper)
                        json.field("p_value", .number(comparison.pValue))
                        json.field("q_value", .number(comparison.qValue))
                        json.field("significant", .bool(comparison.isSignificant))
                        if report.result.bootstrapReplicates != nil && !withheld {
                            json.numberPair("bootstrap_interval", comparison.bootstrapInterval?.lower, comparison.bootstrapInterval?.upper)
                            json.numberPair("difference_bootstrap_interval", comparison.differenceBootstrapInterval?.lower,
                                            comparison.differenceBootstrapInterval?.upper)
                        }
                        json.endObject()
                    }
                    json.endArray()
                    json.endObject()
                }
                json.endObject()
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private func writeInput(_ json: inout JSONWriter) {
        let input = result.input
        json.beginObject("input")
        json.field("path", .string(input.path))
        json.field("format", .string(input.format.rawValue))
        json.field("bytes", .integer(input.bytes))
        if let sha256 = input.sha256 { json.field("sha256", .string(sha256)) }
        json.field("rows_read", .integer(input.rowsRead))
        json.field("rows_used", .integer(input.rowsUsed))
        json.field("rows_skipped", .integer(input.rowsSkipped))
        json.field("blank_lines", .integer(input.blankLines))
        json.skippedRows(input.skipped)
        json.beginArray("renamed_columns")
        for column in input.renamedColumns {
            json.beginObject()
            json.field("original", .string(column.original))
            json.field("renamed", .string(column.renamed))
            json.endObject()
        }
        json.endArray()
        if !input.parts.isEmpty {
            json.beginArray("parts")
            for part in input.parts {
                json.beginObject()
                json.field("path", .string(part.path))
                json.field("format", .string(part.format.rawValue))
                json.field("bytes", .integer(part.bytes))
                json.field("rows_read", .integer(part.rowsRead))
                json.field("rows_used", .integer(part.rowsUsed))
                json.field("rows_skipped", .integer(part.rowsSkipped))
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
    }

    private func writeParameters(_ json: inout JSONWriter) {
        json.beginObject("parameters")
        json.field("label", .string(result.labelColumn))
        json.field("score", .string(result.scoreColumn))
        json.field("weight", .string(result.weightColumn))
        json.field("baseline_score", .string(result.baselineScoreColumn))
        json.field("positive_label", .string(result.positiveLabel))
        json.field("prediction_rule", .string("score > threshold"))
        json.field("auc", .bool(result.aucComputed))
        json.field("bootstrap_replicates", result.bootstrapReplicates.map { .integer($0) } ?? .null)
        json.field("bootstrap_seed", result.bootstrapSeed.map { .integer(Int(truncatingIfNeeded: $0)) } ?? .null)
        json.inlineArray("thresholds", result.thresholds.map { .number($0) })
        if let bins = result.scoreAnalyses.calibrationBins { json.field("calibration_bins", .integer(bins)) }
        if let points = result.scoreAnalyses.curvePoints { json.field("curve_points", .integer(points)) }
        if !result.scoreAnalyses.topRows.isEmpty { json.inlineArray("top_rows", result.scoreAnalyses.topRows.map { .string($0.description) }) }
        json.beginArray("slices")
        for spec in result.sliceSpecs {
            json.inlineArray(nil, spec.map { .string($0) })
        }
        json.endArray()
        if let classes = result.classes {
            json.beginObject("classes")
            json.field("kind", .string(classes.kind.rawValue))
            json.inlineArray("names", classes.names.map { .string($0) })
            json.inlineArray("score_columns", classes.scoreColumns.map { .string($0) })
            json.field("score_array", .string(classes.scoreArrayColumn))
            json.field("prediction", .string(classes.predictionColumn))
            json.inlineArray("label_columns", classes.labelColumns.map { .string($0) })
            json.inlineArray("top_k", classes.topK.map { .integer($0) })
            json.endObject()
        }
        json.endObject()
    }

    /// Whether operating points include top-k ones: entries then say which (`top_k`).
    private var hasTopK: Bool { result.operatingPoints.contains { $0.topK != nil } }

    /// Multi-class and multi-label: each class's one-vs-rest slices and analysis, written as a
    /// binary model's `slices` and `analysis`.
    private func writeClasses(_ classes: ClassesResult, _ json: inout JSONWriter) {
        json.beginArray("classes")
        for one in report.classes {
            let view = JSONReport(report: one.report(in: report))
            json.beginObject()
            json.field("class", .string(one.name))
            json.field("auc_exact", .bool(one.result.aucExact))
            json.beginArray("slices")
            for slice in one.result.slices { view.writeSlice(slice, &json) }
            json.endArray()
            view.writeAnalysis(&json)
            json.endObject()
        }
        json.endArray()
    }

    /// A multi-class slice's whole-model metrics: arg-max and top-k accuracy, macro AUC, the
    /// confusion matrix, and per operating point the macro and micro averages of the class rates.
    private func writeWholeModel(_ metrics: SliceClasses, withheld: Bool, _ json: inout JSONWriter) {
        guard let classes = result.classes else { return }
        if classes.kind == .multiClass {
            json.field("accuracy", .number(withheld ? nil : metrics.accuracy))
            json.beginObject("top_k_accuracy")
            for (index, k) in classes.topK.enumerated() { json.field(String(k), .number(withheld ? nil : metrics.topKAccuracy(index))) }
            json.endObject()
        }
        json.field("macro_auc", .number(withheld || !classes.hasScores ? nil : metrics.macroAUC))
        if let confusion = metrics.confusion {
            json.beginArray("confusion_matrix")
            for row in confusion { json.inlineArray(nil, row.map { .number($0) }) }
            json.endArray()
        }
        json.beginArray("averages")
        for (index, point) in classes.operatingPoints.enumerated() {
            json.beginObject()
            json.field("threshold", .number(point.threshold))
            json.field("top_k", point.topK.map { .integer($0) } ?? .null)
            for (name, average) in [("macro", metrics.macro), ("micro", metrics.micro)] {
                json.beginObject(name)
                for rate in ConfusionMatrix.Rate.allCases { json.field(rate.rawValue, .number(withheld ? nil : average(rate, index))) }
                json.endObject()
            }
            json.endObject()
        }
        json.endArray()
    }

    func writeSlice(_ slice: SliceResult, _ json: inout JSONWriter) {
        json.beginObject()
        json.beginObject("slice")
        for (feature, value) in zip(slice.features, slice.values) { json.field(feature, .string(value)) }
        json.endObject()
        json.field("name", .string(slice.name))
        json.field("example_count", .integer(slice.exampleCount))
        json.field("weighted_example_count", .number(slice.weightedExampleCount))
        json.field("positives", .number(slice.positives))
        json.field("negatives", .number(slice.negatives))
        let withheld = report.isWithheld(slice)
        json.field("withheld", .bool(withheld))
        json.field("withheld_reason", .string(withheld ? report.withheldReason : nil))
        json.field("auc", .number(withheld ? nil : slice.auc.value))
        json.field("auc_exact", .bool(slice.auc.isExact))
        json.field("auc_error_bound", .number(slice.auc.errorBound))
        if let bootstrap = slice.bootstrap, !withheld {
            let interval = FairnessAnalysis.percentileInterval(bootstrap.auc, confidence: report.analysis.confidence)
            json.numberPair("auc_bootstrap_interval", interval?.lower, interval?.upper)
        }
        if let calibration = slice.calibration { writeCalibration(calibration, withheld: withheld, &json) }
        if let curves = slice.curves { writeCurves(curves, withheld: withheld, &json) }
        writeThresholds(slice.thresholds, withheld: withheld, &json)
        if let metrics = slice.classes { writeWholeModel(metrics, withheld: withheld, &json) }
        if let baseline = slice.baseline {
            json.beginObject("baseline")
            json.field("auc", .number(withheld ? nil : baseline.auc.value))
            json.field("auc_change", .number(withheld ? nil : slice.auc.value.flatMap { a in baseline.auc.value.map { a - $0 } }))
            json.beginArray("thresholds")
            for (index, entry) in baseline.thresholds.enumerated() {
                let flips = baseline.flips[index]
                json.beginObject()
                json.field("threshold", .number(entry.threshold))
                json.field("flip_rate", .number(flips.flipRate))
                json.field("negative_to_positive_rate", .number(flips.negativeToPositiveRate))
                json.field("positive_to_negative_rate", .number(flips.positiveToNegativeRate))
                writeCountsAndRates(entry.counts, withheld: withheld, &json)
                json.beginObject("change")
                for rate in ConfusionMatrix.Rate.allCases {
                    let now = slice.thresholds[index].counts.value(of: rate), before = entry.counts.value(of: rate)
                    json.field(rate.rawValue, .number(withheld ? nil : now.flatMap { a in before.map { a - $0 } }))
                }
                json.endObject()
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endObject()
    }

    /// The four counts, always shown, and every rate, null when the slice is withheld.
    private func writeCountsAndRates(_ counts: ConfusionMatrix, withheld: Bool, _ json: inout JSONWriter) {
        json.field("tp", .number(counts.truePositives))
        json.field("fp", .number(counts.falsePositives))
        json.field("tn", .number(counts.trueNegatives))
        json.field("fn", .number(counts.falseNegatives))
        for rate in counts.rates { json.field(rate.name, .number(withheld ? nil : rate.value)) }
    }

    private func writeThresholds(_ thresholds: [ThresholdResult], withheld: Bool, _ json: inout JSONWriter) {
        json.beginArray("thresholds")
        for entry in thresholds {
            json.beginObject()
            json.field("threshold", .number(entry.point.threshold))
            if hasTopK { json.field("top_k", entry.point.topK.map { .integer($0) } ?? .null) }
            writeTopRows(entry.point, &json)
            writeCountsAndRates(entry.counts, withheld: withheld, &json)
            json.beginObject("intervals")
            for rate in ConfusionMatrix.Rate.allCases {
                let bounds = withheld ? nil : entry.interval(of: rate, z: report.z)
                json.numberPair(rate.rawValue, bounds?.lower, bounds?.upper)
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
    }
}
