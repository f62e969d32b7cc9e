import Foundation
import Testing

/// `rai eval --partial` and `rai merge`, run as a user would: the merged report of any split of a
/// file must equal the report of one run over the whole file.
@Suite("rai merge")
struct MergeCommandTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"
    let counting = ["--label", "label", "--score", "score", "--slice", "sex", "--slice", "race", "--slice", "sex,race",
                    "--thresholds", "0.3,0.5,0.7"]

    /// A fresh folder holding the fixture split into `parts` files by rows (round robin, so every
    /// part sees every kind of row), each with the header.
    func split(into parts: Int) throws -> (folder: String, files: [String]) {
        let folder = NSTemporaryDirectory() + "rai-merge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        var files: [String] = []
        for part in 0..<parts {
            let rows = lines.dropFirst().enumerated().filter { $0.offset % parts == part }.map(\.element)
            let path = folder + "/part-\(part).csv"
            try ([lines[0]] + rows).joined(separator: "\n").appending("\n").write(toFile: path, atomically: false, encoding: .utf8)
            files.append(path)
        }
        return (folder, files)
    }

    /// Writes each file's partial beside it and returns their paths.
    func partials(_ files: [String], _ flags: [String]) throws -> [String] {
        try files.map { file in
            let run = try RaiBinary.run(["eval", file] + flags + ["--partial", "-o", file + ".rai"])
            #expect(run.status == 0, "\(run.stderr)")
            return file + ".rai"
        }
    }

    /// The JSON report without its `input` section, which names the files.
    func withoutInput(_ json: String) throws -> NSDictionary {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return object.filter { $0.key != "input" } as NSDictionary
    }

    @Test("merging the partials of a split, in any order, gives the whole file's report and gate verdict")
    func mergeEqualsWhole() throws {
        let (folder, files) = try split(into: 3)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for flags in [counting, counting + ["--weight", "weight"], counting + ["--bootstrap", "20", "--row-id", "example_id"]] {
            let parts = try partials(files, flags)
            let gate = ["--gate", "gap(fpr, race, 0.5) <= 0.01", "--format", "json"]
            let whole = try RaiBinary.run(["eval", predictions] + flags + gate)
            let merged = try RaiBinary.run(["merge", parts[2], parts[0], parts[1]] + gate)
            #expect(whole.status == 1 && merged.status == 1, "\(merged.stderr)")
            #expect(try withoutInput(merged.stdout) == withoutInput(whole.stdout), "flags \(flags)")
            #expect(merged.stdout.contains("\"path\": \"3 parts\""))
            #expect(merged.stdout.contains("\"rows_read\": 1000"))
        }
    }

    @Test("a staged merge of merged partials equals merging all at once; a folder stands for its .rai files")
    func stagedMerge() throws {
        let (folder, files) = try split(into: 4)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let parts = try partials(files, counting)
        let left = try RaiBinary.run(["merge", parts[0], parts[1], "--partial", "-o", folder + "/left.part"])
        let right = try RaiBinary.run(["merge", parts[2], parts[3], "--partial", "-o", folder + "/right.part"])
        #expect(left.status == 0 && right.status == 0)
        let staged = try RaiBinary.run(["merge", folder + "/left.part", folder + "/right.part", "--format", "json"])
        let folderRun = try RaiBinary.run(["merge", folder, "--format", "json"])
        #expect(staged.status == 0 && folderRun.status == 0)
        #expect(staged.stdout == folderRun.stdout)
        #expect(staged.stdout.contains("\"parts\": ["))
    }

    @Test("counts merged twice are refused (exit 65): a merged partial with one of its parts, a copied partial")
    func countedTwice() throws {
        let (folder, files) = try split(into: 2)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let parts = try partials(files, counting)
        let merged = folder + "/merged.part"
        #expect(try RaiBinary.run(["merge", parts[0], parts[1], "--partial", "-o", merged]).status == 0)
        // A folder holding the parts and, by mistake, their merge.
        try FileManager.default.copyItem(atPath: merged, toPath: folder + "/all.rai")
        let copy = folder + "/copy.part"
        try FileManager.default.copyItem(atPath: parts[0], toPath: copy)
        for arguments in [[merged, parts[1]], [folder], [parts[0], copy]] {
            let run = try RaiBinary.run(["merge"] + arguments + ["--format", "json"])
            #expect(run.status == 65 && run.stderr.contains("counted twice") && run.stdout.isEmpty, "\(arguments): \(run.stderr)")
        }
    }

    @Test("partials that counted different things, damaged partials and other files are refused, naming the file")
    func refusals() throws {
        let (folder, files) = try split(into: 2)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try partials([files[0]], counting)[0]
        let other = try partials([files[1]], ["--label", "label", "--score", "score", "--slice", "race", "--thresholds", "0.3,0.5,0.7"])[0]
        let different = try RaiBinary.run(["merge", first, other])
        #expect(different.status == 65)
        #expect(different.stderr.contains(other) && different.stderr.contains("differ in slices"))

        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: first)))
        func write(_ bytes: [UInt8], _ name: String) throws -> String {
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
            return folder + "/" + name
        }
        let truncated = try write(Array(bytes.dropLast(40)), "truncated.rai")
        let damaged = try write(bytes.enumerated().map { $0.offset == 200 ? $0.element ^ 1 : $0.element }, "damaged.rai")
        for path in [truncated, damaged] {
            let run = try RaiBinary.run(["merge", first, path])
            #expect(run.status == 65 && run.stderr.contains("checksum"), "\(run.stderr)")
        }
        var newer = Array(bytes.prefix(8))
        newer.append(99)  // a format from a newer rai
        let future = try RaiBinary.run(["merge", try write(newer, "future.rai")])
        #expect(future.status == 65 && future.stderr.contains("newer rai"))
        let notPartial = try RaiBinary.run(["merge", files[0]])
        #expect(notPartial.status == 65 && notPartial.stderr.contains("not a rai partial result"))
        #expect(try RaiBinary.run(["merge", folder + "/missing.rai"]).status == 66)
        #expect(try RaiBinary.run(["merge"]).status == 64)
        let twice = try RaiBinary.run(["merge", first, folder + "/../" + URL(fileURLWithPath: folder).lastPathComponent + "/part-0.csv.rai"])
        #expect(twice.status == 64 && twice.stderr.contains("counted twice"), "\(twice.stderr)")
    }

    @Test("options that shape a report are refused with --partial; --row-id needs --bootstrap")
    func partialOptions() throws {
        for option in [["--gate", "gap(fpr, race, 0.5) <= 0.01"], ["--format", "json"], ["--reference", "race=white"]] {
            let run = try RaiBinary.run(["eval", predictions] + counting + option + ["--partial", "-o", "/dev/null"])
            #expect(run.status == 64)
            #expect(run.stderr.contains("'\(option[0])' shapes a report"))
        }
        let rowId = try RaiBinary.run(["eval", predictions] + counting + ["--row-id", "example_id"])
        #expect(rowId.status == 64 && rowId.stderr.contains("needs --bootstrap"))
    }

    @Test("--max-combinations stops a slice column that is an identifier")
    func maximumCombinations() throws {
        let run = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "example_id",
                                     "--max-combinations", "100"])
        #expect(run.status == 65)
        #expect(run.stderr.contains("100"))
        let allowed = try RaiBinary.run(["eval", predictions, "--label", "label", "--score", "score", "--slice", "example_id",
                                         "--max-combinations", "2000", "--format", "json"])
        #expect(allowed.status == 0)
    }

    @Test("a folder's partials whose names are not UTF-8 are found and opened by their bytes")
    func nonUTF8PartNames() throws {
        let run = try RaiBinary.shell("""
            mkdir parts && "$RAI" eval "$FIXTURES/predictions.csv" --label label --score score --slice race --partial \
              -o "$(printf 'parts/p\\xff.rai')" && "$RAI" merge parts --format json
            """)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"rows_read\": 1000"))
    }
}
