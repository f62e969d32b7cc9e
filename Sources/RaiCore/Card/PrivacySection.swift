import Foundation

/// The model card's privacy section, from a saved `rai privacy --format json` report
/// (`rai card EVAL.json --privacy PRIVACY.json`): the threshold attack's verdict and gates, and
/// per slice the attack AUC, its interval, the advantage and the PPV beside the base rate.
enum PrivacySection {
    static func blocks(_ data: Data, path: String) throws(RaiError) -> [Block] {
        guard let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any], report["kind"] as? String == "privacy",
              let slices = report["slices"] as? [[String: Any]] else {
            throw .data(DataError(path: path, kind: .invalidJSON("not a rai privacy JSON report; make one with rai privacy --format json")))
        }
        var blocks: [Block] = [.heading(level: 2, text: "Privacy: membership inference")]
        let input = report["input"] as? [String: Any] ?? [:]
        blocks.append(.paragraph("A loss-threshold membership-inference attack (TensorFlow Privacy's threshold attack) on \(own: String(input["rows_used"] as? Int ?? 0)) predictions of training and held-out rows from \(input["path"] as? String ?? "?"): an attack AUC of 0.5 means the model's loss does not tell its training examples from others; the advantage is the attacker's largest TPR − FPR. Intervals: Hanley–McNeil. Verdict: \(report["verdict"] as? String ?? "no gates")."))
        if let gates = report["gates"] as? [[String: Any]], !gates.isEmpty {
            blocks.append(.table(headers: ["gate", "result", "observed"], rows: gates.map { gate in
                [.value(gate["gate"] as? String ?? ""), (gate["passed"] as? Bool ?? false) ? "pass" : "FAIL", .own(number(gate["observed"]))]
            }))
        }
        let rows: [[CardText]] = slices.map { slice in
            let interval = (slice["attack_auc_interval"] as? [Any]).map { "\(number($0.first))–\(number($0.last))" } ?? "—"
            return [.value(slice["name"] as? String ?? ""), .own(String(slice["members"] as? Int ?? 0)), .own(String(slice["non_members"] as? Int ?? 0)),
                    .own(number(slice["attack_auc"])), .own(interval), .own(number(slice["advantage"])), .own(number(slice["ppv"])),
                    .own(number(slice["base_rate"]))]
        }
        blocks.append(.table(headers: ["slice", "members", "non-members", "attack AUC", "interval", "advantage", "PPV", "base rate"], rows: rows))
        return blocks
    }

    private static func number(_ value: Any?) -> String {
        guard let value = value as? Double else { return "—" }
        return String(format: "%.3f", value)
    }
}
