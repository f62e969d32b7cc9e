import Foundation
import Testing
@testable import RaiCore

@Suite("Evaluation of whole files")
struct EvaluatorTests {
    var handCSV: String { fixturesDirectory + "/golden/hand.csv" }
    var handJSONL: String { fixturesDirectory + "/golden/hand.jsonl" }

    @Test("hand-computed slices of Fixtures/golden/hand.csv at 0.5")
    func handComputed() throws {
        let result = try evaluate(path: handCSV, slices: [["group"]])
        #expect(result.slices.map(\.name) == ["overall", "group=a", "group=b", "group=(missing)"])
        // Overall: positives 0.9, 0.4, 0.7; negatives 0.8, 0.3, 0.2.
        // At 0.5: TP {0.9, 0.7}, FP {0.8}, FN {0.4}, TN {0.3, 0.2}.
        let overall = try #require(result.slice("overall"))
        #expect(overall.exampleCount == 6)
        #expect(overall.thresholds[0].counts == ConfusionMatrix(truePositives: 2, falsePositives: 1, trueNegatives: 2, falseNegatives: 1))
        // AUC: 0.9 beats 3 negatives, 0.7 beats 2, 0.4 beats 2 → 7 / 9.
        #expect(overall.auc.value == 7.0 / 9.0)
        // group=b: positive 0.4, negative 0.3; nothing predicted positive at 0.5.
        let b = try #require(result.slice("group=b"))
        #expect(b.thresholds[0].counts == ConfusionMatrix(truePositives: 0, falsePositives: 0, trueNegatives: 1, falseNegatives: 1))
        #expect(b.thresholds[0].counts.precision == nil)
        #expect(b.auc.value == 1)
        // The missing group holds one positive: AUC and FPR undefined.
        let missing = try #require(result.slice("group=(missing)"))
        #expect(missing.values == [nil])
        #expect(missing.auc.value == nil)
        #expect(missing.thresholds[0].counts.falsePositiveRate == nil)
    }

    @Test("CSV and JSONL versions of the same rows give the same slices")
    func csvEqualsJSONL() throws {
        let csv = try evaluate(path: handCSV, slices: [["group"]], thresholds: [0.1, 0.5, 0.75])
        let jsonl = try evaluate(path: handJSONL, slices: [["group"]], thresholds: [0.1, 0.5, 0.75])
        #expect(csv.slices == jsonl.slices)
        #expect(jsonl.input.blankLines == 1)
    }

    @Test("weights: every count is a weight sum, example_count stays rows")
    func weighted() throws {
        let result = try evaluate("""
            label,score,w,g
            1,0.9,2,a
            0,0.8,0.5,a
            1,0.2,1.5,b
            0,0.1,3,b

            """, weight: "w", slices: [["g"]])
        let overall = try #require(result.slice("overall"))
        // At 0.5: TP = 2 (0.9), FP = 0.5 (0.8), FN = 1.5 (0.2), TN = 3 (0.1).
        #expect(overall.thresholds[0].counts == ConfusionMatrix(truePositives: 2, falsePositives: 0.5, trueNegatives: 3, falseNegatives: 1.5))
        #expect(overall.exampleCount == 4)
        #expect(overall.weightedExampleCount == 7)
        #expect(overall.thresholds[0].counts.falsePositiveRate == 0.5 / 3.5)
        // Weighted AUC: positive 0.9 (2) beats 0.5 + 3; positive 0.2 (1.5) beats 3 → (7 + 4.5) / (3.5 · 3.5).
        #expect(abs(overall.auc.value! - 11.5 / 12.25) < 1e-15)
        #expect(result.slice("g=a")?.weightedExampleCount == 2.5)
    }

    @Test("the positive label may be any value; others are negative")
    func positiveLabel() throws {
        let result = try evaluate("income,p\n>50K,0.9\n<=50K,0.6\n\">50K\",0.3\n<=50K,0.1\n",
                                  label: "income", score: "p", positiveLabel: ">50K")
        #expect(result.slices[0].thresholds[0].counts == ConfusionMatrix(truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1))
    }

    @Test("thresholds: score > t is positive, so a score equal to t is not")
    func boundary() throws {
        let result = try evaluate("label,score\n1,0.5\n0,0.5\n1,0.6\n", thresholds: [0.6, 0.5])
        #expect(result.thresholds == [0.5, 0.6])
        #expect(result.slices[0].thresholds[0].counts.truePositives == 1)
        #expect(result.slices[0].thresholds[1].counts.truePositives == 0)
    }

    @Test("results are identical for any thread count and block size")
    func invariance() throws {
        let path = fixturesDirectory + "/predictions.csv"
        let reference = try evaluate(path: path, weight: "weight", slices: [["sex"], ["race"], ["sex", "race"]], thresholds: [0.3, 0.5])
        for (threads, block) in [(2, 64), (3, 1000), (2, 4096), (1, 97)] {
            let other = try evaluate(path: path, weight: "weight", slices: [["sex"], ["race"], ["sex", "race"]],
                                     thresholds: [0.3, 0.5], threads: threads, blockSize: block)
            #expect(other.slices == reference.slices, "threads \(threads), block \(block)")
        }
    }

    @Test("a quoted newline across a block edge is read correctly")
    func quotedNewlineAcrossBlocks() throws {
        var text = "label,score,note\n"
        for i in 0..<200 { text += "\(i % 2),0.\(i % 10)5,\"line one\nline, two \"\"\(i)\"\"\"\n" }
        let whole = try evaluate(text, slices: [["note"]])
        for block in [64, 65, 100, 333] {
            #expect(try evaluate(text, slices: [["note"]], threads: 2, blockSize: block).slices == whole.slices)
        }
        #expect(whole.slices.count == 201)
    }

    @Test("a small score budget coarsens AUC, bounds its error, and stays thread-invariant")
    func scoreBudget() throws {
        let path = fixturesDirectory + "/predictions.csv"
        // Enough combinations (sex × race) that coarsening and the AUC sweep split their work.
        let slices = [["race"], ["sex", "race"]]
        let exact = try evaluate(path: path, slices: slices)
        let coarse = try evaluate(path: path, slices: slices, scoreBudget: 200)
        let coarseThreaded = try evaluate(path: path, slices: slices, threads: 2, blockSize: 2000, scoreBudget: 200)
        #expect(exact.aucExact)
        #expect(!coarse.aucExact)
        #expect(coarse.slices == coarseThreaded.slices)
        #expect(exact.slices.map(\.name) == coarse.slices.map(\.name))
        for (a, b) in zip(exact.slices, coarse.slices) {
            // Coarsening merges scores, never positives with negatives: AUC is defined in the same slices.
            #expect((a.auc.value == nil) == (b.auc.value == nil), "\(a.name)")
            if let exactValue = a.auc.value, let coarseValue = b.auc.value {
                #expect(abs(exactValue - coarseValue) <= b.auc.errorBound + 1e-12, "\(a.name)")
            }
        }
        // The bound is not vacuous: some slice's AUC moved, and every moved one within its bound.
        #expect(zip(exact.slices, coarse.slices).contains { $0.auc.value != $1.auc.value && $1.auc.errorBound > 0 })
    }

    @Test("skip-invalid counts each reason and the first line")
    func skipInvalid() throws {
        let result = try evaluate("label,score\n1,0.9\n2,0.5\n0,abc\n0,\n1,0.3,extra\n0,0.1\n", skipInvalid: true)
        #expect(result.input.rowsRead == 6)
        #expect(result.input.rowsUsed == 2)
        #expect(result.input.skipped.map(\.reason) == ["invalid_label", "invalid_score", "missing_score", "ragged_row"])
        #expect(result.input.skipped.map(\.firstLine) == [3, 4, 5, 6])
    }

    /// F22: a stray opening quote made one malformed row of the 891 lines up to the next quote,
    /// and the report said "1 row skipped" while 890 rows vanished.
    @Test("skip-invalid counts every line a malformed row swallows, and says which")
    func strayQuoteSwallowsRows() throws {
        var text = "label,score,g,note\n"
        for i in 0..<1000 {
            let note = i == 10 ? "\"he said hi" : i == 900 ? "bye\" end" : "ok"
            text += "\(i % 2),0.\(i % 10),\(i % 2 == 0 ? "a" : "b"),\(note)\n"
        }
        for threads in [1, 2] {
            let result = try evaluate(text, slices: [["g"]], skipInvalid: true, threads: threads, blockSize: 4096)
            #expect(result.input.rowsRead == 1000)
            #expect(result.input.rowsUsed == 109)
            #expect(result.input.skipped.map(\.count) == [891])
            #expect(result.input.skipped.first?.example.hasSuffix(
                ":12:4: text after the closing quote of a quoted field (the row runs on to line 902, 891 lines: a quote may be missing or stray)") == true)
        }
        // The rows after the malformed one are read as they are, whatever ended it.
        let after = try evaluate("label,score,note\n1,0.5,\"x\"y,\"multi\nline\"\n0,0.5,z\n", skipInvalid: true)
        #expect(after.input.rowsRead == 3)
        #expect(after.input.rowsUsed == 1)
    }

    @Test("bad input fails with the file, line and column", arguments: [
        ("label,score\n1,0.5\n0,x\n", 3, 2, "invalid_score"),
        ("label,score\n1,0.5\n5,0.5\n", 3, 1, "invalid_label"),
        ("label,score,note\n1,0.5,\"a\nb\"\n1,0.5\n", 4, nil, "ragged_row"),
        ("label,score\n1,0.5\n\"0,0.5\n", 3, 1, "unterminated_quote"),
        ("label,score\n1,\n", 2, 2, "missing_score"),
        ("label,score\n", nil, nil, "no_data_rows"),
        ("", nil, nil, "empty_file"),
        ("label,scor\n1,0.5\n", 1, nil, "missing_columns"),
        // F26: CR-only line endings made the file one header row.
        ("label,score,g\r1,0.9,a\r0,0.2,b\r", 1, nil, "cr_line_endings"),
        // F27: only blank lines; blank lines before a header are skipped and counted.
        ("\n\n\n", nil, nil, "no_header"),
        ("\n\r\nlabel,score\n1,0.5\n0,x\n", 5, 2, "invalid_score"),
        ("\n\nlabel,scor\n1,0.5\n", 3, nil, "missing_columns"),
    ] as [(String, Int?, Int?, String)])
    func badInput(text: String, line: Int?, column: Int?, reason: String) throws {
        let error = try #require(dataError { try evaluate(text) })
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.kind.reasonCode == reason)
    }

    /// F29: weights above 2^31 were 'not a finite number'. Weights have any scale up to 1e±120
    /// now (`scaleOutOfRange`); what is refused is a weight far from the first rows' largest, with a
    /// message saying so.
    @Test("weights beyond 2^31 are read; one far above the first rows' is refused as too large")
    func largeWeights() throws {
        for weights in [("2147483649", "1"), ("1e10", "3e9"), ("1e100", "2e100")] {
            let result = try evaluate("label,score,w\n1,0.9,\(weights.0)\n0,0.2,\(weights.1)\n", weight: "w")
            #expect(result.input.rowsUsed == 2)
        }
        let firstRows = String(repeating: "1,0.9,1\n", count: 1000)
        let error = dataError { try evaluate("label,score,w\n" + firstRows + "0,0.2,1e10\n", weight: "w") }
        #expect(error?.kind == .weightTooLarge("1e10", reference: 1))
        #expect(error?.line == 1002)
    }

    @Test("weights must be finite and non-negative")
    func badWeights() throws {
        #expect(dataError { try evaluate("label,score,w\n1,0.5,-1\n", weight: "w") }?.kind == .negativeWeight("-1"))
        #expect(dataError { try evaluate("label,score,w\n1,0.5,nan\n", weight: "w") }?.kind == .invalidWeight("nan"))
    }

    @Test("invalid UTF-8 in a slice value stops the run")
    func invalidUTF8() throws {
        let path = temporaryFile(bytes: Array("label,score,g\n1,0.5,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        let error = try #require(dataError { try evaluate(path: path, slices: [["g"]]) })
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 2)
        #expect(error.column == 3)
    }

    /// F28: invalid UTF-8 in a header name that is not used is accepted, as in an unused value.
    @Test("invalid UTF-8 in an unused header name is accepted")
    func invalidUTF8InUnusedName() throws {
        let path = temporaryFile(bytes: Array("label,score,g,".utf8) + [0xFF] + Array("\n1,0.5,a,b\n".utf8))
        #expect(try evaluate(path: path, slices: [["g"]]).input.rowsUsed == 1)
    }

    @Test("a byte order mark is not part of the first column name")
    func byteOrderMark() throws {
        let path = temporaryFile(bytes: [0xEF, 0xBB, 0xBF] + Array("label,score\n1,0.5\n".utf8))
        #expect(try evaluate(path: path).input.rowsUsed == 1)
    }

    @Test("the error reported is the first in the file, whatever the threads")
    func firstError() throws {
        var text = "label,score\n"
        for i in 0..<500 { text += i == 123 || i == 400 ? "1,bad\n" : "1,0.5\n" }
        let error = try #require(dataError { try evaluate(text, threads: 2, blockSize: 64) })
        #expect(error.line == 125)
    }
}

@Suite("Messy headers")
struct MessyHeaderTests {
    @Test("a column that differs by spaces or case is suggested")
    func suggestion() throws {
        let error = try #require(dataError { try evaluate("age, Label, score\n30, 1, 0.5\n") })
        #expect(error.description.hasSuffix("; the columns are: age, ' Label', ' score'; did you mean ' Label', ' score'?"))
    }
}
