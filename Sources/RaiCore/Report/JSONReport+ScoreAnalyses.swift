/// The JSON of a slice's calibration (`--calibration`) and curves (`--curves`); both are absent
/// unless asked for, and their values are null for a withheld slice, as its rates are.
extension JSONReport {
    /// At a `--top-n` / `--top-percent` point: its rule and the cut-off score (predicted positive
    /// when score >= cutoff; `threshold` is the score just below it).
    func writeTopRows(_ point: OperatingPoint, _ json: inout JSONWriter) {
        guard let rule = point.topRows, let threshold = point.threshold else { return }
        json.field("top_rows", .string(rule.description))
        json.field("cutoff", .number(threshold.nextUp))
    }

    func writeCalibration(_ calibration: Calibration, withheld: Bool, _ json: inout JSONWriter) {
        json.beginObject("calibration")
        for name in Calibration.metricNames {
            json.field(name, .number(withheld ? nil : calibration.value(of: name)))
        }
        json.field("exact", .bool(calibration.isExact))
        json.field("undefined_reason", .string(calibration.outOfRangeReason))
        json.beginArray("bins")
        for bin in withheld ? [] : calibration.bins {
            json.beginObject()
            json.field("lower", .number(bin.lower))
            json.field("upper", .number(bin.upper))
            json.field("count", bin.count.map { .integer($0) } ?? .null)
            json.field("weight", .number(bin.weight))
            json.field("mean_score", .number(bin.meanScore))
            json.field("observed_rate", .number(bin.observedRate))
            let interval = bin.interval(z: z)
            json.numberPair("interval", interval?.lower, interval?.upper)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    func writeCurves(_ curves: ScoreCurves, withheld: Bool, _ json: inout JSONWriter) {
        json.beginObject("curves")
        json.field("rule", .string("score >= threshold"))
        json.field("average_precision", .number(withheld ? nil : curves.averagePrecision))
        json.field("distinct_scores", .integer(curves.distinctScores))
        json.field("exact", .bool(curves.isExact))
        json.beginArray("points")
        for point in withheld ? [] : curves.points {
            json.beginObject()
            json.field("threshold", .number(point.threshold))
            json.field("tp", .number(point.truePositives))
            json.field("fp", .number(point.falsePositives))
            json.field("true_positive_rate", .number(curves.truePositiveRate(point)))
            json.field("false_positive_rate", .number(curves.falsePositiveRate(point)))
            json.field("precision", .number(curves.precision(point)))
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
