import Foundation

/// One self-contained HTML page: inline CSS and SVG, no external fonts, scripts or styles.
///
/// The verdict and gates come first; then, per slice spec, a bar chart per headline metric with
/// intervals and the reference as a line, and a sortable table; then provenance. Every threshold
/// is rendered, so the page reads with JavaScript off and prints whole; the small inline script
/// only shows one threshold and one metric at a time, and sorts tables.
public struct HTMLReport {
    let report: FairnessReport
    var result: EvaluationResult { report.result }

    /// The metrics charted per threshold (all rates are in the tables and JSON).
    static let chartedRates: [ConfusionMatrix.Rate] = [
        .falsePositiveRate, .falseNegativeRate, .truePositiveRate, .positiveRate, .precision, .accuracy,
    ]

    public init(report: FairnessReport) {
        self.report = report
    }

    public func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        let style = Self.style + (result.classes != nil ? ConfusionHeatMap.style + Self.classStyle : "")
        out += "<title>rai fairness report — \(HTMLText.escape(result.input.path))</title>\n<style>\(style)</style>\n</head>\n<body>\n"
        out += "<header><h1>Fairness report</h1><p class=\"subtitle\">\(HTMLText.escape(result.input.path)) · "
        out += result.classes.map(classSubtitle) ?? "label <code>\(HTMLText.escape(result.labelColumn))</code> · score <code>\(HTMLText.escape(result.scoreColumn))</code>"
        if let weight = result.weightColumn { out += " · weighted by <code>\(HTMLText.escape(weight))</code>" }
        out += " · predicted positive when score &gt; threshold"
        if let classes = result.classes, classes.kind == .multiClass { out += ", or at top-k when among the k highest class scores" }
        out += "</p></header>\n<main>\n"
        out += verdict()
        out += controls()
        if let classes = result.classes {
            out += classSections(classes)
        } else {
            for spec in report.analysis.specs { out += section(spec, in: report) }
        }
        out += provenance()
        out += "</main>\n<script>\(Self.script)</script>\n"
        if result.classes != nil { out += "<script>\(Self.classScript)</script>\n" }
        out += "</body>\n</html>\n"
        return out
    }

    private var primaryThreshold: Double { result.thresholds[report.primaryThresholdIndex] }

    private func verdict() -> String {
        var out = "<section id=\"verdict\" aria-labelledby=\"verdict-title\">"
        switch report.verdict {
        case .pass: out += "<h2 id=\"verdict-title\" class=\"pass\">✔ PASS — all \(report.gates.count) gates passed</h2>"
        case .fail: out += "<h2 id=\"verdict-title\" class=\"fail\">✘ FAIL — \(report.failedGates.count) of \(report.gates.count) gates failed</h2>"
        case .noGates: out += "<h2 id=\"verdict-title\">No gates were set</h2><p>Add <code>--gate</code> to check fairness bounds in CI.</p>"
        }
        if !report.gates.isEmpty {
            out += "<div class=\"table-scroll\" tabindex=\"0\"><table class=\"gates\"><thead><tr><th>result</th><th>gate</th><th>observed</th><th>threshold</th><th>slices</th></tr></thead><tbody>"
            for gate in report.gatesFailedFirst {
                out += "<tr class=\"\(gate.passed ? "pass" : "fail")\"><td>\(gate.passed ? "✔ pass" : "✘ FAIL")</td>"
                out += "<td><code>\(HTMLText.escape(gate.gate.text))</code></td><td>\(gate.observed.map { number($0) } ?? "—")</td>"
                out += "<td>\(gate.topRows.map { $0.description } ?? gate.threshold.map { JSONWriter.format($0) } ?? "all")</td>"
                out += "<td>\(HTMLText.escape(gate.slices.joined(separator: " vs ")))\(gate.reason.map { " — " + HTMLText.escape($0) } ?? "")</td></tr>"
            }
            out += "</tbody></table></div>"
        }
        let (slices, rows) = report.withheldSummary
        if slices > 0 {
            out += "<p class=\"note\">\(slices) slice(s) with fewer than \(report.analysis.minimumSliceSize) examples "
            out += "(\(rows) rows in all) are shown in grey with their size; their rates are withheld and they take no part in gaps, tests or gates.</p>"
        }
        return out + "</section>\n"
    }

    private func controls() -> String {
        var out = "<nav class=\"controls\" aria-label=\"Chart controls\"><label>Threshold <select id=\"threshold\">"
        let points = result.classes?.operatingPoints ?? result.operatingPoints
        for point in points {
            let selected = point == primaryPoint ? " selected" : ""
            out += "<option value=\"\(point.description)\"\(selected)>\(pointLabel(point))</option>"
        }
        out += "</select></label> <label>Metric <select id=\"metric\"><option value=\"all\">all charted metrics</option>"
        for rate in Self.chartedRates { out += "<option value=\"\(rate.rawValue)\">\(label(rate))</option>" }
        out += "</select></label>"
        if let classes = result.classes { out += classControl(classes) }
        return out + "</nav>\n"
    }

    /// The operating point shown first: the gated one, else threshold 0.5 (or the middle one),
    /// else, with hard predictions only, the prediction (top-1).
    var primaryPoint: OperatingPoint {
        guard let classes = result.classes else { return .threshold(primaryThreshold) }
        if let gated = report.gates.first(where: { $0.gate.topK != nil || $0.gate.threshold != nil }) {
            if let k = gated.gate.topK { return .topK(k) }
            if let t = gated.gate.threshold, classes.hasScores { return .threshold(t) }
        }
        return classes.hasScores && !result.thresholds.isEmpty ? .threshold(primaryThreshold) : .topK(1)
    }

    /// `0.5`, or `top-1` for a top-k operating point (the selector's and headings' words).
    func pointLabel(_ point: OperatingPoint) -> String {
        point.topK.map { "top-\($0)" } ?? point.description
    }

    /// `threshold 0.5`, or `top-1 (among the 1 highest scores)`: what a heading says.
    func pointPhrase(_ point: OperatingPoint) -> String {
        guard let k = point.topK else { return "threshold \(point.description)" }
        if result.classes?.hasScores == false { return "the prediction (top-1)" }
        return "top-\(k) (the class among the \(k) highest scores)"
    }

    /// A spec's section of a binary report, or of one class of a multi-class report (`part`
    /// with that class's report, nested one heading level deeper, its ids prefixed).
    func section(_ spec: FairnessAnalysis.SpecAnalysis, in part: FairnessReport, classID: String? = nil) -> String {
        var out = "<section class=\"spec\" aria-labelledby=\"spec-\(specID(spec))\"><h2 id=\"spec-\(specID(spec))\">\(HTMLText.escape(spec.name))</h2>"
        out += specNote(spec)
        return out + specCharts(spec, in: part, classID: classID) + "</section>\n"
    }

    func specID(_ spec: FairnessAnalysis.SpecAnalysis) -> String {
        spec.features.joined(separator: "-").map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    func specNote(_ spec: FairnessAnalysis.SpecAnalysis) -> String {
        var out = "<p class=\"note\">Reference: <strong>\(HTMLText.escape(spec.reference))</strong> (dashed line). Whiskers: \(JSONWriter.format(report.analysis.confidence * 100))% Wilson intervals. "
        out += "q: Benjamini–Hochberg adjusted p-value over all \(report.analysis.testCount) tests of the run; ★ marks a difference significant at q ≤ \(JSONWriter.format(report.analysis.alpha)).</p>"
        return out
    }

    /// The AUC chart, then per operating point the rate charts and the table, of `part`'s
    /// result (the binary model, or one class one-vs-rest).
    func specCharts(_ spec: FairnessAnalysis.SpecAnalysis, in part: FairnessReport, classID: String?) -> String {
        let result = part.result
        let slices = result.slices.filter { $0.features == spec.features }
        let specID = (classID.map { "\($0)-" } ?? "") + specID(spec)
        let heading = classID == nil ? "h3" : "h4"
        var out = ""
        // AUC does not depend on the threshold (and hard predictions have none).
        if result.aucComputed || classID == nil {
            let aucBars = slices.map { slice in
                BarChart.Bar(label: slice.name, value: report.isWithheld(slice) ? nil : slice.auc.value, interval: nil,
                             count: slice.exampleCount, isSmall: report.isWithheld(slice))
            }
            // The dashed line is the spec's reference slice, as on the rate charts.
            let referenceAUC = (slices.first { $0.name == spec.reference } ?? result.slices.first)?.auc.value
            out += "<div class=\"charts\">" + figure(BarChart(title: "AUC by \(spec.name)", bars: aucBars, reference: referenceAUC, referenceLabel: spec.reference),
                          id: "c-\(specID)-auc", metric: "auc", caption: "AUC by \(spec.name) (threshold-free)") + "</div>"
            out += scoreAnalyses(slices, specName: spec.name, specID: specID)
        }
        for (index, step) in spec.thresholds.enumerated() {
            let active = step.point == primaryPoint ? " active" : ""
            let at = classID == nil ? HTMLText.escape(step.point.heading) : pointPhrase(step.point)
            out += "<div class=\"threshold\(active)\" data-threshold=\"\(step.point.description)\"><\(heading)>At \(at)</\(heading)><div class=\"charts\">"
            for analysis in step.rates where Self.chartedRates.contains(analysis.rate) {
                let bars = analysis.comparisons.map { comparison in
                    BarChart.Bar(label: comparison.slice, value: comparison.isSmall ? nil : comparison.value,
                                 interval: comparison.isSmall ? nil : comparison.interval,
                                 count: comparison.examples, isSmall: comparison.isSmall)
                }
                let title = "\(label(analysis.rate)) by \(spec.name) at \(step.point.topK.map { "top-\($0)" } ?? step.point.heading)"
                let gap = analysis.largestGap.map { " — largest gap \(number($0)) (\(analysis.lowestSlice ?? "") vs \(analysis.highestSlice ?? ""))" } ?? ""
                out += figure(BarChart(title: title, bars: bars, reference: analysis.referenceValue, referenceLabel: spec.reference),
                              id: "c-\(specID)-\(index)-\(analysis.rate.rawValue)", metric: analysis.rate.rawValue, caption: title + gap)
            }
            out += "</div>" + table(step, slices: slices)
            out += "</div>"
        }
        return out
    }

    func figure(_ chart: BarChart, id: String, metric: String, caption: String) -> String {
        "<figure class=\"chart\" data-metric=\"\(metric)\">\(chart.svg(id: id))<figcaption>\(HTMLText.escape(caption))</figcaption></figure>"
    }

    private func table(_ step: FairnessAnalysis.ThresholdAnalysis, slices: [SliceResult]) -> String {
        let shown: [ConfusionMatrix.Rate] = [.falsePositiveRate, .falseNegativeRate, .positiveRate, .precision]
        let at = step.point.topK == nil ? HTMLText.escape(step.point.heading) : pointLabel(step.point)
        var out = "<div class=\"table-scroll\" tabindex=\"0\"><table class=\"sortable\"><caption>Slices at \(at); select a header to sort</caption><thead><tr>"
        out += "<th scope=\"col\" aria-sort=\"none\">slice</th><th scope=\"col\" class=\"num\">examples</th><th scope=\"col\" class=\"num\">AUC</th>"
        for rate in shown {
            out += "<th scope=\"col\" class=\"num\">\(label(rate)) <span class=\"unit\">[interval]</span></th><th scope=\"col\" class=\"num\">Δ vs reference <span class=\"unit\">[q]</span></th>"
        }
        out += "</tr></thead><tbody>"
        // A rate's comparisons list the spec's slices in this order (see `SliceComparison`).
        for (position, slice) in slices.enumerated() {
            let small = slice.exampleCount < report.analysis.minimumSliceSize
            out += "<tr\(small ? " class=\"small\"" : "")><th scope=\"row\" data-value=\"\(HTMLText.escape(slice.name))\">\(HTMLText.escape(slice.name))\(small ? " <span class=\"tag\">small</span>" : "")</th>"
            out += cell(Double(slice.exampleCount), text: String(slice.exampleCount))
            if small {
                out += "<td class=\"num\" data-value=\"\" colspan=\"\(1 + 2 * shown.count)\">withheld: \(HTMLText.escape(report.withheldReason))</td></tr>"
                continue
            }
            out += cell(slice.auc.value)
            for rate in shown {
                let comparison = step.rates.first { $0.rate == rate }?.comparisons[position]
                let interval = comparison?.interval.map { " <span class=\"unit\">[\(number($0.lower)), \(number($0.upper))]</span>" } ?? ""
                out += cell(comparison?.value, suffix: interval)
                var note = ""
                if let q = comparison?.qValue {
                    note = " <span class=\"unit\">q \(q < 0.001 ? "&lt;0.001" : String(format: "%.3f", q))</span>"
                    if comparison?.isSignificant == true { note += " <strong title=\"significant after Benjamini–Hochberg correction\">★</strong>" }
                }
                out += cell(comparison?.difference, signed: true, suffix: note)
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    func cell(_ value: Double?, text: String? = nil, signed: Bool = false, suffix: String = "") -> String {
        guard let value else { return "<td class=\"num\" data-value=\"\">—</td>" }
        // A difference that rounds to zero is shown as 0.000, never −0.000.
        let rounded = abs(value) < 0.0005 ? 0 : value
        let shown = text ?? (signed && rounded > 0 ? "+" : "") + number(rounded)
        return "<td class=\"num\" data-value=\"\(value)\">\(shown)\(suffix)</td>"
    }

    private func provenance() -> String {
        let input = result.input
        var out = "<section id=\"provenance\"><h2>Provenance</h2><dl>"
        out += "<dt>File</dt><dd><code>\(HTMLText.escape(input.path))</code> (\(input.format.rawValue), \(input.bytes) bytes)</dd>"
        out += "<dt>SHA-256</dt><dd><code>\(input.sha256 ?? "not computed")</code></dd>"
        out += "<dt>Rows</dt><dd>\(input.rowsRead) read, \(input.rowsUsed) used, \(input.rowsSkipped) skipped"
        if !input.skipped.isEmpty { out += " (" + HTMLText.escape(input.skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")) + ")" }
        out += "</dd><dt>Parameters</dt><dd>thresholds \(result.thresholds.map { JSONWriter.format($0) }.joined(separator: ", "))"
        out += "; slices " + HTMLText.escape(result.sliceSpecs.map { $0.joined(separator: " × ") }.joined(separator: ", "))
        if let positive = result.positiveLabel { out += "; positive label <code>\(HTMLText.escape(positive))</code>" }
        out += "; minimum slice size \(report.analysis.minimumSliceSize); confidence \(JSONWriter.format(report.analysis.confidence))</dd>"
        out += "<dt>AUC</dt><dd>\(result.aucComputed ? (result.aucExact ? "exact" : "approximate for some slices (see auc_error_bound in JSON)") : "not computed")</dd>"
        out += "<dt>Generated by</dt><dd>rai \(HTMLText.escape(report.version))</dd></dl></section>\n"
        return out
    }

    func label(_ rate: ConfusionMatrix.Rate) -> String {
        rate.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    func number(_ value: Double) -> String { String(format: "%.3f", value) }

    static let style = """
    :root{--ink:#1a202c;--muted:#4a5568;--bar:#2b6cb0;--small:#a0aec0;--ref:#9b2c2c;--line:#e2e8f0;--pass:#276749;--fail:#c53030}
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:1100px;padding:1rem 1.5rem;line-height:1.4}
    h1,h2,h3,p,dd,figcaption,caption{overflow-wrap:anywhere}h1{margin:.2rem 0}.subtitle,.note{color:var(--muted)}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
    h2.pass{color:var(--pass)}h2.fail{color:var(--fail)}
    .table-scroll{overflow-x:auto;max-width:100%;margin:.6rem 0 1.4rem}table{border-collapse:collapse;font-size:.85rem}th,td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;color:var(--muted);padding:.2rem 0}
    tr.fail td{color:var(--fail);font-weight:600}tr.small{color:var(--muted)}.tag{font-size:.75em;border:1px solid var(--small);border-radius:3px;padding:0 .25em}
    table.sortable th{cursor:pointer}.unit{color:var(--muted);font-size:.85em;white-space:nowrap}
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,480px),1fr));gap:.5rem 1.5rem}
    figure.chart{margin:.4rem 0 1rem;min-width:0}figcaption{font-size:.85rem;color:var(--muted)}
    svg.chart{max-width:100%;height:auto}svg .grid{stroke:var(--line)}svg .tick{fill:var(--muted)}
    svg .label{fill:var(--ink)}svg .label.small{fill:var(--muted);font-style:italic}svg .bar{fill:var(--bar)}
    svg .bar.small{fill:var(--small)}svg .whisker{stroke:var(--ink);stroke-width:1.5}svg .value{fill:var(--ink)}svg .value.inside{fill:#fff}
    svg .value:not(.inside),svg .note{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}svg .note{fill:var(--muted);font-style:italic}
    svg .reference{stroke:var(--ref);stroke-width:2;stroke-dasharray:5 3}svg .reference-label{fill:var(--ref)}
    nav.controls{display:none;position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid var(--line)}
    .js nav.controls{display:block}.js .threshold{display:none}.js .threshold.active{display:block}
    .js.metric-filter figure.chart[data-metric]:not(.metric-active){display:none}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
    @media (max-width:600px){body{padding:.75rem}}
    @media print{nav.controls{display:none!important}.threshold,figure.chart{display:block!important}section.spec{break-before:page}}
    """

    static let script = """
    (function(){var d=document,root=d.documentElement,errors=[];
    window.addEventListener('error',function(e){errors.push(String(e.message));d.body.setAttribute('data-errors',errors.join(' | '));});
    root.classList.add('js');
    var t=d.getElementById('threshold'),m=d.getElementById('metric');
    function showThreshold(){d.querySelectorAll('.threshold').forEach(function(s){s.classList.toggle('active',s.getAttribute('data-threshold')===t.value);});}
    function showMetric(){var all=m.value==='all';root.classList.toggle('metric-filter',!all);
    d.querySelectorAll('figure.chart').forEach(function(f){var k=f.getAttribute('data-metric');f.classList.toggle('metric-active',all||k===m.value||k==='auc');});}
    t.addEventListener('change',showThreshold);m.addEventListener('change',showMetric);showThreshold();showMetric();
    d.querySelectorAll('table.sortable').forEach(function(table){var heads=table.querySelectorAll('thead th');
    heads.forEach(function(th,i){th.addEventListener('click',function(){var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
    var up=th.getAttribute('aria-sort')!=='ascending';heads.forEach(function(h){h.setAttribute('aria-sort','none');});th.setAttribute('aria-sort',up?'ascending':'descending');
    rows.sort(function(a,b){var x=a.cells[i].getAttribute('data-value'),y=b.cells[i].getAttribute('data-value');
    var p=parseFloat(x),q=parseFloat(y),c=(isNaN(p)||isNaN(q))?String(x).localeCompare(String(y)):p-q;return up?c:-c;});
    rows.forEach(function(r){body.appendChild(r);});});});});
    d.body.setAttribute('data-charts',String(d.querySelectorAll('svg.chart').length));d.body.setAttribute('data-ready','true');})();
    """
}
