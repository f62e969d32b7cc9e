import Foundation

/// `rai eval --group-thresholds FILE`: a threshold per slice of one spec, as `rai thresholds
/// --format json` writes them, evaluated as one more operating point: each row is predicted
/// positive when its score is above its own slice's threshold. Every slice of every spec is
/// measured there (a `sex` slice mixes the race thresholds of its rows), from the score tables of
/// each combination of slice values, so it costs no second pass over the rows.
public struct GroupThresholds: Hashable, Sendable {
    /// The spec's columns, in the counted order.
    public var spec: [String]
    /// Each slice's threshold by its values in `spec` order (nil for a missing value).
    public var thresholds: [[String?]: Double]

    /// Reads the `spec` and `thresholds[]` (`slice`, `threshold`) of a `rai thresholds` JSON
    /// report; `counted` are the run's slice specs, one of which must be the file's.
    public static func parse(_ bytes: [UInt8], path: String, counted: [[String]]) throws(RaiError) -> GroupThresholds {
        func fail(_ why: String) -> RaiError { .usage("cannot read --group-thresholds \(path): \(why)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw fail("not a JSON object (write it with rai thresholds --format json)")
        }
        guard let named = object["spec"] as? [String], let entries = object["thresholds"] as? [[String: Any]] else {
            throw fail("no 'spec' list and 'thresholds' list")
        }
        guard let spec = counted.first(where: { Set($0) == Set(named) }) else {
            throw fail("its slices are by \(named.joined(separator: ",")), which is not among the --slice flags")
        }
        var thresholds: [[String?]: Double] = [:]
        for entry in entries {
            guard let slice = entry["slice"] as? [String: Any], let threshold = (entry["threshold"] as? NSNumber)?.doubleValue,
                  threshold.isFinite, Set(slice.keys) == Set(spec) else {
                throw fail("each threshold needs a 'slice' with the spec's columns and a numeric 'threshold'")
            }
            let values = spec.map { slice[$0] as? String }
            guard thresholds.updateValue(threshold, forKey: values) == nil else { throw fail("a slice is given twice") }
        }
        return GroupThresholds(spec: spec, thresholds: thresholds)
    }

    /// How reports title the point.
    public var heading: String { "per-slice thresholds by \(spec.joined(separator: " × "))" }
}
