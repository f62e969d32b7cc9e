import Foundation

/// The data section of a card (Data Cards, Pushkarna et al. 2022): where the data came from and
/// how many rows, then the representation, label balance and missingness tables of a saved
/// `rai data --format json` report. Alone it is a data card; after a model card, its evaluation
/// data section.
public struct DataCard {
    public let blocks: [Block]

    /// Throws a data error when `data` is not a rai data JSON report.
    public init(data: Data, path: String, level: Int = 1) throws(RaiError) {
        guard let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any], report["command"] as? String == "data",
              report["schema_version"] as? Int == 1, let input = report["input"] as? [String: Any] else {
            throw .data(DataError(path: path, kind: .invalidJSON("not a rai data JSON report (schema_version 1); make one with rai data --format json")))
        }
        func text(_ value: Any?) -> String { (value as? Double).map { String(format: "%.4f", $0) } ?? "—" }
        func number(_ value: Any?) -> CardText { .own(text(value)) }
        func count(_ value: Any?) -> CardText { .own((value as? Int).map(String.init) ?? "—") }
        func interval(_ value: Any?) -> CardText {
            guard let pair = value as? [Double], pair.count == 2 else { return "—" }
            return .own(String(format: "[%.4f, %.4f]", pair[0], pair[1]))
        }
        var blocks: [Block] = [.heading(level: level, text: "Data card")]
        let rows = input["rows_used"] as? Int ?? 0
        blocks.append(.paragraph("Data: \((input["path"] as? String ?? "")) (\(own: input["format"] as? String ?? "")), \(own: String(rows)) rows used, \(own: String(input["rows_skipped"] as? Int ?? 0)) skipped."))
        if let against = report["against"] as? [String: Any] {
            blocks.append(.paragraph("Compared against \((against["path"] as? String ?? "")) (\(own: String(against["rows_used"] as? Int ?? 0)) rows)."))
        }
        if let gates = report["gates"] as? [[String: Any]], !gates.isEmpty {
            blocks.append(.heading(level: level + 1, text: "Checks"))
            blocks.append(.list(gates.map { gate in
                "\(own: gate["passed"] as? Bool == true ? "passed" : "failed"): \((gate["gate"] as? String ?? ""))"
            }))
        }
        blocks.append(.heading(level: level + 1, text: "Representation"))
        for table in report["representation"] as? [[String: Any]] ?? [] {
            let spec = (table["spec"] as? [String] ?? []).joined(separator: " × ")
            let slices = table["slices"] as? [[String: Any]] ?? []
            let withPopulation = slices.contains { $0["expected_share"] is Double }
            blocks.append(.paragraph("By \((spec)):"))
            blocks.append(.table(
                headers: ["slice", "rows", "share", "interval"] + (withPopulation ? ["expected", "observed / expected", "under-represented"] : []),
                rows: slices.map { share in
                    [.value(share["slice"] as? String ?? ""), count(share["rows"]), number(share["share"]), interval(share["interval"])]
                        + (withPopulation ? [number(share["expected_share"]), number(share["ratio"]),
                                             .own(share["under_represented"] as? Bool == true ? "yes" : "")] : [])
                }))
            if let fit = table["goodness_of_fit"] as? [String: Any], let p = fit["p_value"] as? Double {
                blocks.append(.paragraph("Chi-square goodness of fit to the reference population: p = \(own: String(format: "%.3g", p))."))
            }
        }
        blocks.append(.heading(level: level + 1, text: "Label balance"))
        if let balance = report["label_balance"] as? [String: Any] {
            blocks.append(.paragraph("Label \((balance["column"] as? String ?? "")): base rate \(own: text(balance["base_rate"])) overall."))
            for spec in balance["specs"] as? [[String: Any]] ?? [] {
                blocks.append(.paragraph("By \(((spec["spec"] as? [String] ?? []).joined(separator: " × "))): gap \(own: text(spec["gap"])), ratio \(own: text(spec["ratio"]))."))
                blocks.append(.table(headers: ["slice", "rows", "base rate", "interval", "differs from the rest"],
                                     rows: (spec["slices"] as? [[String: Any]] ?? []).map { rate in
                                         [.value(rate["slice"] as? String ?? ""), count(rate["rows"]), number(rate["base_rate"]),
                                          interval(rate["interval"]), .own(rate["significant"] as? Bool == true ? "yes" : "")]
                                     }))
            }
        } else {
            blocks.append(.placeholder("No label was given (run rai data with --label COLUMN)."))
        }
        blocks.append(.heading(level: level + 1, text: "Missingness"))
        blocks.append(.table(headers: ["column", "missing", "rate", "significantly more often missing in"],
                             rows: (report["missingness"] as? [[String: Any]] ?? []).map { column in
                                 [.value(column["column"] as? String ?? ""), count(column["missing"]), number(column["missing_rate"]),
                                  .value((column["significantly_higher_in"] as? [String] ?? []).joined(separator: ", "))]
                             }))
        self.blocks = blocks
    }

    public func markdown() -> String { DocumentRenderer.markdown(blocks) }
    public func html() -> String { DocumentRenderer.html(blocks, title: "Data card") }
}
