/// The tidy CSV rows of a slice's calibration and curves, after its AUC row:
/// - `mean_score`, `mean_label`, `calibration`, `brier`, `log_loss`, `ece`, `average_precision`
///   with an empty threshold;
/// - per reliability bin, `reliability_mean_score`, `reliability_observed_rate` (its Wilson
///   interval as lower and upper) and `reliability_weight`, in the threshold column the bin's
///   upper edge (scores in (lower, upper]);
/// - per curve point, `curve_true_positive_rate`, `curve_false_positive_rate` and
///   `curve_precision`, in the threshold column the point's threshold (predicted positive when
///   score >= threshold; empty for the last point, where nothing is).
extension CSVReport {
    func scoreRows(_ slice: SliceResult, spec: String, className: String?) -> String {
        var out = ""
        func add(_ threshold: Double?, _ metric: String, _ value: Double?, _ lower: Double? = nil, _ upper: Double? = nil) {
            out += row(className, spec, slice.name, number(threshold), nil, metric, [number(value), number(lower), number(upper), "", ""])
        }
        if let calibration = slice.calibration {
            for name in Calibration.metricNames { add(nil, name, calibration.value(of: name)) }
        }
        if let curves = slice.curves { add(nil, "average_precision", curves.averagePrecision) }
        for bin in slice.calibration?.bins ?? [] {
            add(bin.upper, "reliability_mean_score", bin.meanScore)
            let interval = bin.interval(z: report.z)
            add(bin.upper, "reliability_observed_rate", bin.observedRate, interval?.lower, interval?.upper)
            add(bin.upper, "reliability_weight", bin.weight)
        }
        if let curves = slice.curves {
            for point in curves.points {
                add(point.threshold, "curve_true_positive_rate", curves.truePositiveRate(point))
                add(point.threshold, "curve_false_positive_rate", curves.falsePositiveRate(point))
                add(point.threshold, "curve_precision", curves.precision(point))
            }
        }
        return out
    }
}
