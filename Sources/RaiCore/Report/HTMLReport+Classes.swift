import Foundation

/// The HTML page of a multi-class or multi-label run.
///
/// Per slice spec: the whole model first (arg-max and top-k accuracy, macro AUC, and per
/// operating point the macro and micro averages of the class rates; for a multi-class model an
/// accuracy chart and one confusion-matrix heat-map per slice), then one view per class, which is
/// exactly a binary report's section for that class one-vs-rest (AUC chart, rate charts with
/// intervals and the reference, the table with differences and q-values). Every class is
/// rendered; the class selector beside the threshold and metric selectors (first class, or every
/// class) only filters, as they do, so the page reads with JavaScript off and prints whole.
extension HTMLReport {
    func classSubtitle(_ classes: ClassesResult) -> String {
        let kind = classes.kind == .multiClass ? "multi-class" : "multi-label"
        var out = "\(kind), \(classes.names.count) \(classes.kind == .multiClass ? "classes" : "tasks")"
        switch classes.kind {
        case .multiClass:
            out += " · label <code>\(HTMLText.escape(result.labelColumn))</code>"
            if let prediction = classes.predictionColumn {
                out += " · prediction <code>\(HTMLText.escape(prediction))</code> (hard predictions: no thresholds, no AUC)"
            } else if let array = classes.scoreArrayColumn {
                out += " · score array <code>\(HTMLText.escape(array))</code>"
            } else {
                out += " · class scores <code>\(HTMLText.escape(classes.scoreColumns.joined(separator: ", ")))</code>"
            }
        case .multiLabel:
            out += " · labels <code>\(HTMLText.escape(classes.labelColumns.joined(separator: ", ")))</code>"
            out += " · scores <code>\(HTMLText.escape(classes.scoreColumns.joined(separator: ", ")))</code>"
        }
        return out
    }

    func classControl(_ classes: ClassesResult) -> String {
        var out = " <label>\(classes.kind == .multiClass ? "Class" : "Task") <select id=\"class\"><option value=\"\">every \(classes.kind == .multiClass ? "class" : "task")</option>"
        for (index, name) in classes.names.enumerated() {
            out += "<option value=\"\(HTMLText.escape(name))\"\(index == 0 ? " selected" : "")>\(HTMLText.escape(name))</option>"
        }
        return out + "</select></label>"
    }

    func classSections(_ classes: ClassesResult) -> String {
        var out = ""
        if classes.kind == .multiClass, let overall = result.slices.first, let metrics = overall.classes {
            out += "<section class=\"spec\" aria-labelledby=\"spec-overall\"><h2 id=\"spec-overall\">overall</h2>"
            out += "<p class=\"note\">Whole model on every row: arg-max accuracy \(metrics.accuracy.map(number) ?? "—")"
            for (index, k) in classes.topK.enumerated() where k > 1 { out += ", top-\(k) accuracy \(metrics.topKAccuracy(index).map(number) ?? "—")" }
            if classes.hasScores { out += ", macro AUC \(metrics.macroAUC.map(number) ?? "—")" }
            out += ".</p>" + confusionMatrices([overall], classes: classes, id: "overall") + "</section>\n"
        }
        for spec in report.analysis.specs {
            let id = specID(spec)
            out += "<section class=\"spec\" aria-labelledby=\"spec-\(id)\"><h2 id=\"spec-\(id)\">\(HTMLText.escape(spec.name))</h2>" + specNote(spec)
            let slices = result.slices.filter { $0.features == spec.features }
            out += wholeModel(spec, slices: slices, classes: classes)
            for (index, one) in report.classes.enumerated() {
                let kind = classes.kind == .multiClass ? "Class" : "Task"
                out += "<div class=\"class-view active\" data-class=\"\(HTMLText.escape(one.name))\">"
                out += "<h3>\(kind) <q>\(HTMLText.escape(one.name))</q> by \(HTMLText.escape(spec.name)) (one-vs-rest)</h3>"
                if let classSpec = one.analysis.specs.first(where: { $0.features == spec.features }) {
                    out += specCharts(classSpec, in: one.report(in: report), classID: "k\(index)")
                }
                out += "</div>"
            }
            if classes.kind == .multiClass { out += confusionMatrices(slices, classes: classes, id: id) }
            out += "</section>\n"
        }
        return out
    }

    /// The whole model by slice: a table of accuracies and macro AUC, an arg-max accuracy chart
    /// (multi-class), and per operating point the macro and micro averages of the class rates.
    private func wholeModel(_ spec: FairnessAnalysis.SpecAnalysis, slices: [SliceResult], classes: ClassesResult) -> String {
        let multiClass = classes.kind == .multiClass
        let extraK = classes.topK.enumerated().filter { $0.element > 1 }
        var out = "<h3>Whole model by \(HTMLText.escape(spec.name))</h3>"
        if multiClass {
            let bars = slices.map { slice in
                BarChart.Bar(label: slice.name, value: report.isWithheld(slice) ? nil : slice.classes?.accuracy, interval: nil,
                             count: slice.exampleCount, isSmall: report.isWithheld(slice))
            }
            let title = "Accuracy (arg-max) by \(spec.name)"
            out += "<div class=\"charts\">" + figure(BarChart(title: title, bars: bars, reference: result.slices.first?.classes?.accuracy, referenceLabel: "overall"),
                                                     id: "c-\(specID(spec))-whole", metric: "accuracy", caption: title + " (dashed line: overall)") + "</div>"
        }
        out += "<div class=\"table-scroll\" tabindex=\"0\"><table class=\"sortable\"><caption>Whole model by slice; select a header to sort</caption><thead><tr>"
        out += "<th scope=\"col\" aria-sort=\"none\">slice</th><th scope=\"col\" class=\"num\">examples</th>"
        if multiClass {
            out += "<th scope=\"col\" class=\"num\">accuracy (arg-max)</th>"
            for (_, k) in extraK { out += "<th scope=\"col\" class=\"num\">top-\(k) accuracy</th>" }
        }
        if classes.hasScores { out += "<th scope=\"col\" class=\"num\">macro AUC</th>" }
        out += "</tr></thead><tbody>"
        let columns = (multiClass ? 1 + extraK.count : 0) + (classes.hasScores ? 1 : 0)
        for slice in slices {
            let small = report.isWithheld(slice)
            out += "<tr\(small ? " class=\"small\"" : "")><th scope=\"row\" data-value=\"\(HTMLText.escape(slice.name))\">\(HTMLText.escape(slice.name))\(small ? " <span class=\"tag\">small</span>" : "")</th>"
            out += cell(Double(slice.exampleCount), text: String(slice.exampleCount))
            if small {
                out += "<td class=\"num\" data-value=\"\" colspan=\"\(columns)\">withheld: \(HTMLText.escape(report.withheldReason))</td></tr>"
                continue
            }
            if multiClass {
                out += cell(slice.classes?.accuracy)
                for (index, _) in extraK { out += cell(slice.classes?.topKAccuracy(index)) }
            }
            if classes.hasScores { out += cell(slice.classes?.macroAUC) }
            out += "</tr>"
        }
        out += "</tbody></table></div>"
        let averaged: [ConfusionMatrix.Rate] = [.falsePositiveRate, .falseNegativeRate, .truePositiveRate, .precision]
        for (index, point) in classes.operatingPoints.enumerated() {
            out += "<div class=\"threshold\(point == primaryPoint ? " active" : "")\" data-threshold=\"\(point.description)\">"
            out += "<div class=\"table-scroll\" tabindex=\"0\"><table class=\"sortable\"><caption>Averages of the class rates at \(HTMLText.escape(pointPhrase(point))): macro = mean over the classes where the rate is defined, micro = the rate of the counts summed over classes</caption><thead><tr>"
            out += "<th scope=\"col\" aria-sort=\"none\">slice</th>"
            for rate in averaged {
                out += "<th scope=\"col\" class=\"num\">macro \(label(rate))</th><th scope=\"col\" class=\"num\">micro \(label(rate))</th>"
            }
            out += "</tr></thead><tbody>"
            for slice in slices {
                let small = report.isWithheld(slice)
                out += "<tr\(small ? " class=\"small\"" : "")><th scope=\"row\" data-value=\"\(HTMLText.escape(slice.name))\">\(HTMLText.escape(slice.name))\(small ? " <span class=\"tag\">small</span>" : "")</th>"
                if small {
                    out += "<td class=\"num\" data-value=\"\" colspan=\"\(2 * averaged.count)\">withheld: \(HTMLText.escape(report.withheldReason))</td></tr>"
                    continue
                }
                for rate in averaged {
                    out += cell(slice.classes?.macro(rate, at: index)) + cell(slice.classes?.micro(rate, at: index))
                }
                out += "</tr>"
            }
            out += "</tbody></table></div></div>"
        }
        return out
    }

    /// One heat-map per slice (counts are shown for small slices too: only rates are withheld).
    private func confusionMatrices(_ slices: [SliceResult], classes: ClassesResult, id: String) -> String {
        let rule = classes.hasScores ? "arg-max of the class scores, ties to the class listed first" : "the given prediction"
        let unit = result.weightColumn == nil ? "rows" : "weighted rows"
        var out = "<h3>Confusion matrices</h3><p class=\"note\">Rows: true class; columns: predicted class (\(rule)). Cells: \(unit); shade: the cell's share of its row (darker is more); the diagonal, in bold, is correct.</p><div class=\"confusions\">"
        for slice in slices {
            guard let matrix = slice.classes?.confusion else { continue }
            let caption = "\(slice.name) (\(slice.exampleCount) examples\(report.isWithheld(slice) ? ", small slice" : "")): rows = true class, columns = predicted class"
            out += ConfusionHeatMap(caption: caption, classes: classes.names, counts: matrix).html()
        }
        return out + "</div>"
    }

    static let classStyle = """
    .js .class-view{display:none}.js .class-view.active{display:block}
    .class-view{border-top:1px solid var(--line);margin-top:.8rem}.confusions{display:flex;flex-wrap:wrap;gap:0 1.5rem;overflow-x:auto}
    @media print{.class-view{display:block!important}}
    """

    /// Shows one class's views at a time (all with "every class"); runs after the page's script,
    /// whose error handler reports its errors too.
    static let classScript = """
    (function(){var d=document,c=d.getElementById('class');
    function showClass(){d.querySelectorAll('.class-view').forEach(function(v){v.classList.toggle('active',c.value===''||v.getAttribute('data-class')===c.value);});}
    c.addEventListener('change',showClass);showClass();})();
    """
}
