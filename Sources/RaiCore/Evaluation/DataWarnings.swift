extension EvaluationResult {
    /// What a person should know about the data before reading the numbers, one line each, as
    /// `warning: …` or `note: …`: renamed duplicate columns, weights or labels that make rates undefined
    /// (a positive label that never matches, `>50K` against `>50K.`, makes every row a negative
    /// without any error), slice columns no row has a value for, and rows skipped with
    /// `--skip-invalid`.
    public var dataWarnings: [String] {
        var lines: [String] = []
        for column in input.renamedColumns {
            lines.append("warning: duplicate column name '\(column.original)' renamed to '\(column.renamed)'")
        }
        if let classes, let overall = slices.first, overall.exampleCount > 0 {
            if weightColumn != nil && overall.weightedExampleCount == 0 {
                lines.append("warning: every weight is zero: every count is zero and every rate and AUC undefined")
            } else if let perClass = overall.classes?.perClass {
                // A class no row has (or, multi-label, a task with no positive) has undefined TPR, FNR and AUC.
                for (name, one) in zip(classes.names, perClass) where one.positives == 0 {
                    lines.append("warning: no row is of class '\(name)': its TPR, FNR, precision and AUC are undefined")
                }
            }
        } else if let overall = slices.first, overall.exampleCount > 0 {
            if weightColumn != nil && overall.weightedExampleCount == 0 {
                // Not "no positive label": there are positive labels, with no weight.
                lines.append("warning: every weight is zero: every count is zero and every rate and AUC undefined")
            } else if overall.positives == 0 {
                let hint = positiveLabel.map { "no label equals '\($0)'; check its exact spelling" } ?? "no row has a positive label"
                lines.append("warning: \(hint): every row counts as negative, so TPR, FNR, precision and AUC are undefined")
            } else if overall.negatives == 0 {
                lines.append("warning: every row has a positive label: FPR, TNR and AUC are undefined")
            }
        }
        for column in columnsWithoutValues {
            lines.append("warning: no row has a value for '\(column)', so every row is in the slice \(column)=(missing); check the column name")
        }
        if input.rowsSkipped > 0 {
            let reasons = input.skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
            lines.append("note: skipped \(input.rowsSkipped) of \(input.rowsRead) rows (\(reasons))")
        }
        return lines
    }

    /// Slice columns that no row has a value for: every row falls in their missing slice. Often
    /// a misspelt JSON Lines key, which, unlike a CSV column, cannot be checked against a header.
    public var columnsWithoutValues: [String] {
        var columns: [String] = []
        for spec in sliceSpecs {
            let members = slices.filter { $0.features == spec }
            for (position, column) in spec.enumerated() where !columns.contains(column) {
                if !members.isEmpty && members.allSatisfy({ $0.values[position] == nil }) { columns.append(column) }
            }
        }
        return columns
    }
}
