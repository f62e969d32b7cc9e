import Testing
@testable import RaiCore

@Suite("CSV scanning")
struct CSVScannerTests {
    /// Scans `text` with every column projected; returns each row's field texts (nil = missing).
    func rows(_ text: String, columns: Int, delimiter: UInt8 = .comma) -> [Result<[String?], DataProblem>] {
        scanAll(CSVRowScanner(delimiter: delimiter, columnCount: columns, slotOfColumn: Array(0..<columns)), text, slots: columns)
    }

    @Test("quotes, escaped quotes, delimiters and newlines inside quotes")
    func quoting() throws {
        let result = rows("a,\"b,c\",\"say \"\"hi\"\"\"\n\"multi\nline\",x,\"\"\n", columns: 3)
        #expect(try result[0].get() == ["a", "b,c", "say \"hi\""])
        #expect(try result[1].get() == ["multi\nline", "x", nil])
    }

    @Test("CRLF line endings, blank lines and a last row without newline")
    func lineEndings() throws {
        let result = rows("a,b\r\n\r\n\"c\",d\r\ne,f", columns: 2)
        #expect(result.count == 3)
        #expect(try result[0].get() == ["a", "b"])
        #expect(try result[1].get() == ["c", "d"])
        #expect(try result[2].get() == ["e", "f"])
    }

    @Test("empty cells are missing")
    func missing() throws {
        #expect(try rows(",x,\n", columns: 3)[0].get() == [nil, "x", nil])
    }

    @Test("a stray quote inside an unquoted field is literal")
    func strayQuote() throws {
        #expect(try rows("5\" screen,x\n", columns: 2)[0].get() == ["5\" screen", "x"])
    }

    @Test("malformed rows", arguments: [
        ("a,b,c\n", DataProblem.raggedRow(expected: 2, found: 3)),
        ("a\n", DataProblem.raggedRow(expected: 2, found: 1)),
        ("\"a,b\n", DataProblem.unterminatedQuote),
        ("\"a\"x,b\n", DataProblem.textAfterClosingQuote),
    ])
    func malformed(text: String, problem: DataProblem) {
        guard case .failure(let found) = rows(text, columns: 2).first else {
            Issue.record("expected a malformed row")
            return
        }
        #expect(found == problem)
    }

    /// F4: an unquoted field running past the end of its 64-byte chunk into a chunk without a
    /// separator trapped (the offset into the next chunk went negative).
    @Test("unquoted fields longer than a 64-byte chunk", arguments: [63, 64, 65, 127, 128, 129, 200, 1000])
    func longUnquotedFields(length: Int) throws {
        let long = String(repeating: "y", count: length)
        let result = rows("1,\(long)\n\(long),2\n3,\(long)", columns: 2)
        #expect(try result.map { try $0.get() } == [["1", long], [long, "2"], ["3", long]])
    }

    @Test("tab-separated values")
    func tsv() throws {
        #expect(try rows("a\tb,c\n", columns: 2, delimiter: .tab)[0].get() == ["a", "b,c"])
    }

    @Test("block splitter never cuts inside quotes")
    func splitter() {
        let splitter = BlockSplitter(format: .csv, delimiter: .comma)
        func cut(_ text: String) -> Int { Array(text.utf8).withUnsafeBytes { splitter.completeRowsLength($0) } }
        #expect(cut("a,b\nc,d\ne,") == 8)
        #expect(cut("a,\"b\nc\",d\ne") == 10)
        #expect(cut("a,\"b\nc") == 0)          // the newline is inside an open quote
        #expect(cut("x\"y,z\nw") == 6)         // a quote inside an unquoted field opens nothing
        #expect(cut("a,\"b\"") == 0)           // a closing quote at the end could still be doubled
        #expect(cut("no newline") == 0)
    }

    /// The block splitter has two ways to find the last row end of quoted text: 64-byte chunk masks
    /// (quote parity), which answer when every quote opens or closes a field, and a byte walk for
    /// the rest. Seeded draws, most of them for the masks and many with a quoted field across a
    /// chunk boundary, so that the quote state carried from chunk to chunk is exercised.
    @Test("block splitter agrees with the quoting rule, byte by byte, on seeded random quoted text",
          arguments: [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")])
    func splitterRandom(delimiter: UInt8) {
        /// Where the row scanner's rule (quotes open a field only at its start) ends the last
        /// complete row: the reference. Also whether a quote sits inside an unquoted field (then
        /// the masks decline) and whether a 64-byte chunk starts inside quotes.
        func reference(_ b: [UInt8]) -> (cut: Int, literalQuote: Bool, quotedAcrossChunks: Bool) {
            var atFieldStart = true, inQuotes = false, last = 0, i = 0
            var literalQuote = false, quotedAcrossChunks = false
            while i < b.count {
                let c = b[i]
                if i % 64 == 0 && inQuotes { quotedAcrossChunks = true }
                if inQuotes {
                    if c == .quote {
                        if i + 1 >= b.count { return (last, literalQuote, quotedAcrossChunks) }
                        if b[i + 1] == .quote { i += 2; continue }
                        inQuotes = false
                    }
                } else if atFieldStart && c == .quote {
                    inQuotes = true
                    atFieldStart = false
                } else if c == delimiter {
                    atFieldStart = true
                } else if c == .lineFeed {
                    atFieldStart = true
                    last = i + 1
                } else {
                    literalQuote = literalQuote || c == .quote
                    atFieldStart = false
                }
                i += 1
            }
            return (last, literalQuote, quotedAcrossChunks)
        }
        let splitter = BlockSplitter(format: .csv, delimiter: delimiter)
        let d = String(UnicodeScalar(delimiter))
        // Every quote of these opens or closes a field.
        let pieces = ["a", "bb", "\"q\"", "\"q\(d)r\"", "\"x\ny\"", "\"a\"\"b\"", "\"\"", "\r", "",
                      "\"" + String(repeating: "long\(d)quoted\n\"\"", count: 6) + "\""]
        // A quote inside an unquoted field: only the byte walk reads it right.
        let literals = ["5\" screen", "x\"", "a\"\"b"]
        var generator = SeededGenerator(seed: 0x5B11_7000 + UInt64(delimiter))
        let draws = 3000
        var maskDraws = 0, carryingDraws = 0
        for _ in 0..<draws {
            let withLiterals = generator.chance(15)
            var text = ""
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                text += withLiterals && generator.chance(20) ? literals.randomElement(using: &generator)!
                                                               : pieces.randomElement(using: &generator)!
                text += generator.chance(60) ? d : "\n"
            }
            // A quote left open ends some draws (in the middle, it would make later quotes literal).
            if generator.chance(20) { text += "\"unclosed" + (generator.chance(50) ? "\n" : "") }
            let bytes = Array(text.utf8)
            let cut = bytes.withUnsafeBytes { splitter.completeRowsLength($0) }
            let expected = reference(bytes)
            #expect(cut == expected.cut, "\(text.debugDescription)")
            if !expected.literalQuote {
                maskDraws += 1
                if expected.quotedAcrossChunks { carryingDraws += 1 }
            }
        }
        // The masks answer most draws, and many of those carry quote state from chunk to chunk.
        #expect(maskDraws * 100 >= draws * 80, "masks answered \(maskDraws) of \(draws)")
        #expect(carryingDraws * 100 >= draws * 60, "quotes carried across chunks in \(carryingDraws) of \(draws)")
    }

    @Test("duplicate header names become NAME_1, NAME_2")
    func duplicateHeader() throws {
        let header = try Array("a,b,a,\"a\",c\r\n1,2,3,4,5\n".utf8).withUnsafeBytes {
            try CSVHeader.parse($0, delimiter: .comma).get()
        }
        #expect(header.names == ["a", "b", "a_1", "a_2", "c"])
        #expect(header.renamed.map(\.renamed) == ["a_1", "a_2"])
        #expect(header.lines == 1)
    }
}
