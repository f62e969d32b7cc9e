import Foundation
import Testing

/// `-o` and standard output: what may be replaced, how, and what every failure exits with.
@Suite("Output targets")
struct OutputTests {
    let predictions = RaiBinary.fixtures + "/predictions.csv"
    var evaluate: [String] { ["eval", predictions, "--label", "label", "--score", "score", "-q"] }

    /// The names in `directory`, sorted.
    func listing(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test("each run starts in its own empty folder, so a stray rai.json cannot change a test")
    func scratchWorkingDirectory() throws {
        let name = "rai-e2e-relative-\(UUID().uuidString).json"
        let first = try RaiBinary.run(evaluate + ["--format", "json", "-o", name])
        #expect(first.status == 0)
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/" + name))
        #expect(try RaiBinary.run(["card", name]).status == 66)
    }

    @Test("a directory is refused and left as it was (F1)", arguments: ["reports", "reports/", ".", "..", "/"])
    func directoryRefused(target: String) throws {
        let root = RaiBinary.scratchDirectory()
        let work = root + "/work"
        try FileManager.default.createDirectory(atPath: work + "/reports", withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: work + "/reports/old.json"))
        try Data("keep".utf8).write(to: URL(fileURLWithPath: root + "/keep.txt"))
        let run = try RaiBinary.run(evaluate + ["-o", target], in: work)
        #expect(run.status == 73)
        #expect(run.stderr == "Error: cannot write \(target): it is a directory; name a file\n")
        #expect(try listing(root) == ["keep.txt", "work"])
        #expect(try listing(work) == ["reports"])
        #expect(try listing(work + "/reports") == ["old.json"])
    }

    @Test("an empty name, a missing folder and a name ending in '/' give plain reasons (F35)", arguments: [
        ("", "Error: cannot write '': the file name is empty\n"),
        ("nodir/x.json", "Error: cannot write nodir/x.json: folder nodir: No such file or directory\n"),
        ("nodir/", "Error: cannot write nodir/: the name ends with '/', so it names a folder\n"),
    ])
    func plainReasons(target: String, message: String) throws {
        let run = try RaiBinary.run(evaluate + ["-o", target])
        #expect(run.status == 73)
        #expect(run.stderr == message)
    }

    @Test("the input itself, by any name, is refused before it is read (F3)")
    func inputRefused() throws {
        let directory = RaiBinary.scratchDirectory()
        let input = directory + "/p.csv"
        try FileManager.default.copyItem(atPath: predictions, toPath: input)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.csv", withDestinationPath: "p.csv")
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        for (file, output) in [("p.csv", "p.csv"), ("link.csv", "p.csv"), ("p.csv", "link.csv")] {
            let run = try RaiBinary.run(["eval", file, "--label", "label", "--score", "score", "-o", output], in: directory)
            #expect(run.status == 73)
            #expect(run.stderr == "Error: cannot write \(output): it is the input file \(file)\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original)
        let viaStandardInput = try RaiBinary.shell("\"$RAI\" eval - --label label --score score --input-format csv -o p.csv < p.csv", in: directory)
        #expect(viaStandardInput.status == 73)
        #expect(viaStandardInput.stderr == "Error: cannot write p.csv: it is the file on standard input\n")
        // Checked before reading: invalid data on standard input is never looked at.
        let socketPath = RaiBinary.scratchDirectory() + "/socket"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in socketPath.utf8.enumerated() { path[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        for target in ["/", "/dev/fd/9", socketPath] {
            let beforeReading = try RaiBinary.run(["eval", "-", "--label", "label", "--score", "score", "-o", target], stdin: Data("junk".utf8))
            #expect(beforeReading.status == 73)
        }
    }

    @Test("rai merge and eval --partial follow the same rules: a part is never overwritten")
    func mergeOutput() throws {
        let directory = RaiBinary.scratchDirectory()
        let partial = try RaiBinary.run(evaluate + ["--slice", "race", "--partial", "-o", "p.rai"], in: directory)
        #expect(partial.status == 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: directory + "/p.rai"))
        let ontoPart = try RaiBinary.run(["merge", "p.rai", "-o", "p.rai"], in: directory)
        #expect(ontoPart.status == 73)
        #expect(ontoPart.stderr == "Error: cannot write p.rai: it is the input file p.rai\n")
        let partialOntoPart = try RaiBinary.run(["merge", "p.rai", "--partial", "-o", "p.rai"], in: directory)
        #expect(partialOntoPart.status == 73)
        let ontoFolder = try RaiBinary.run(["merge", "p.rai", "-o", "."], in: directory)
        #expect(ontoFolder.status == 73)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/p.rai")) == original)
        #expect(try listing(directory) == ["p.rai"])
    }

    @Test("a FIFO and a link to standard output are written into, not replaced (F2)")
    func nonRegularTargets() throws {
        let directory = RaiBinary.scratchDirectory()
        let fifo = try RaiBinary.shell("""
            mkfifo fifo && { timeout -s KILL 20 cat fifo > received & } && "$RAI" eval "$FIXTURES/predictions.csv" --label label --score score -q -o fifo \
            && wait && test -p fifo && wc -c < received
            """, in: directory)
        #expect(fifo.status == 0)
        let expected = try RaiBinary.run(evaluate)
        #expect(fifo.stdout == "\(expected.stdout.utf8.count)\n")
        let link = try RaiBinary.shell("""
            ln -s /proc/self/fd/1 mystdout && "$RAI" eval "$FIXTURES/predictions.csv" --label label --score score -q -o mystdout | wc -c \
            && test -L mystdout && "$RAI" eval "$FIXTURES/predictions.csv" --label label --score score -q -o /dev/stdout | wc -c
            """, in: directory)
        #expect(link.status == 0)
        #expect(link.stdout == "\(expected.stdout.utf8.count)\n\(expected.stdout.utf8.count)\n")
    }

    @Test("a regular file is replaced through its links, keeping its mode; planted files are never followed (F11, F37)")
    func regularTargets() throws {
        let directory = RaiBinary.scratchDirectory()
        let setUp = try RaiBinary.shell("""
            echo old > real.json && chmod 640 real.json && ln -s real.json out.json \
            && echo precious > victim.txt && ln -s "$PWD/victim.txt" report.json.rai-partial
            """, in: directory)
        #expect(setUp.status == 0)
        #expect(try RaiBinary.run(evaluate + ["--format", "json", "-o", "out.json"], in: directory).status == 0)
        #expect(try RaiBinary.run(evaluate + ["--format", "json", "-o", "report.json"], in: directory).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/real.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/out.json") == "real.json")
        #expect(try String(contentsOfFile: directory + "/real.json", encoding: .utf8).contains("\"schema_version\": 1"))
        #expect(try String(contentsOfFile: directory + "/victim.txt", encoding: .utf8) == "precious\n")
        #expect(try listing(directory) == ["out.json", "real.json", "report.json", "report.json.rai-partial", "victim.txt"])
        let dangling = try RaiBinary.shell("ln -s nowhere dangling.json && \"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score -o dangling.json", in: directory)
        #expect(dangling.status == 73)
        #expect(dangling.stderr.contains("it is a symbolic link to a file that does not exist"))
    }

    @Test("file names that are not UTF-8 are opened and created by their bytes, shown with \\x escapes (F36)")
    func nonUTF8Names() throws {
        let directory = RaiBinary.scratchDirectory()
        let run = try RaiBinary.shell("""
            cp "$FIXTURES/predictions.csv" $'bad\\xffname.csv' && "$RAI" eval $'bad\\xffname.csv' --label label --score score --format json -o $'r\\xe9port\\xff.json' \
            && ls $'r\\xe9port\\xff.json' > /dev/null && "$RAI" eval $'missing\\xff.csv' --label label --score score
            """, in: directory)
        #expect(run.status == 66)
        #expect(run.stderr == "Error: cannot read missing\\xff.csv: No such file or directory\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names.count == 2)
    }

    @Test("a link another user planted in a shared folder is not followed", .enabled(if: geteuid() == 0, "needs root to give the link away"))
    func plantedLinkInSharedFolder() throws {
        let directory = RaiBinary.scratchDirectory()
        let setUp = try RaiBinary.shell("""
            mkdir shared && chmod 1777 shared && echo precious > victim.txt && ln -s "$PWD/victim.txt" shared/report.json \
            && chown -h 65534 shared/report.json
            """, in: directory)
        #expect(setUp.status == 0)
        let run = try RaiBinary.run(evaluate + ["-o", directory + "/shared/report.json"])
        #expect(run.status == 73)
        #expect(run.stderr.contains("it is a symbolic link that another user owns in a shared folder"))
        #expect(try String(contentsOfFile: directory + "/victim.txt", encoding: .utf8) == "precious\n")
    }

    @Test("write errors exit 74 and say why; a failed -o keeps the old file and leaves nothing behind (F5)", arguments: [
        ("\"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score > /dev/full", "writing standard output failed: No space left on device"),
        ("\"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score >&-", "writing standard output failed: Bad file descriptor"),
        ("\"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score -o /dev/full", "writing /dev/full failed: No space left on device"),
        // (A coverage build would write its profile under the same file size limit, and say so
        // on stderr: it goes to /dev/null here.)
        ("echo old > out.txt; trap '' XFSZ; ulimit -f 1; LLVM_PROFILE_FILE=/dev/null \"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score --format json -o out.txt",
         "writing out.txt failed: File too large"),
    ])
    func writeErrors(script: String, message: String) throws {
        let directory = RaiBinary.scratchDirectory()
        let run = try RaiBinary.shell(script, in: directory)
        #expect(run.status == 74)
        #expect(run.stderr == "Error: \(message)\n")
        let left = try listing(directory)
        #expect(left.isEmpty || left == ["out.txt"])
        if left == ["out.txt"] { #expect(try String(contentsOfFile: directory + "/out.txt", encoding: .utf8) == "old\n") }
    }

    @Test("a reader that stops early ends rai quietly and keeps the gate's verdict (F5)", arguments: [
        ("gap(fpr, race, 0.5, skip_small) <= 0.01", "1"),
        ("gap(fpr, race, 0.5, skip_small) <= 1", "0"),
    ])
    func brokenPipe(gate: String, status: String) throws {
        let run = try RaiBinary.shell("""
            "$RAI" eval "$FIXTURES/predictions.csv" --label label --score score --slice race --slice region,age_group --format csv -q \
            --gate '\(gate)' | head -c 10 > /dev/null; echo ${PIPESTATUS[0]}
            """)
        #expect(run.stdout == status + "\n")
        #expect(run.stderr.isEmpty)
    }

    @Test("a closed standard error never crashes a run (F19)")
    func closedStandardError() throws {
        let failing = try RaiBinary.shell("\"$RAI\" eval nope.csv --label label --score score 2>&-")
        #expect(failing.status == 66)
        #expect(failing.stdout.isEmpty)
        let warning = try RaiBinary.shell("\"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score --positive-label zzz --format json 2>&-")
        #expect(warning.status == 0)
        #expect(warning.stdout.contains("\"schema_version\": 1"))
        let toFile = try RaiBinary.shell("\"$RAI\" eval \"$FIXTURES/predictions.csv\" --label label --score score --positive-label zzz -o out.txt 2>&- && cat out.txt")
        #expect(toFile.status == 0)
        #expect(!toFile.stdout.contains("warning"))
    }

    @Test("concurrent runs writing one file leave one whole report (F12)")
    func concurrentWriters() throws {
        let directory = RaiBinary.scratchDirectory()
        let reports = try ["0.5", "0.6"].map { threshold in
            try RaiBinary.run(evaluate + ["--slice", "region,age_group", "--thresholds", threshold, "--format", "json"]).stdout
        }
        for _ in 0..<8 {
            let run = try RaiBinary.shell("""
                for t in 0.5 0.6; do "$RAI" eval "$FIXTURES/predictions.csv" --label label --score score -q --slice region,age_group \
                --thresholds $t --format json -o same.json & done; wait
                """, in: directory)
            #expect(run.stderr.isEmpty)
            #expect(reports.contains(try String(contentsOfFile: directory + "/same.json", encoding: .utf8)))
            #expect(try listing(directory) == ["same.json"])
        }
    }

    @Test("SIGTERM while the report is written removes the temporary file (F12)")
    func interruptedWrite() throws {
        let directory = RaiBinary.scratchDirectory()
        // One slice value of 1 MB makes a 13 MB report, long enough to write that the signal lands.
        let value = String(repeating: "x", count: 1_000_000)
        let rows = (0..<40).map { "\($0 % 2),0.\($0 % 10),\($0 % 2 == 1 ? value : "a")\n" }.joined()
        let input = RaiBinary.temporary("label,score,g\n" + rows)
        var interrupted = 0
        for _ in 0..<20 where interrupted < 2 {
            let process = try RaiBinary.start(["eval", input, "--label", "label", "--score", "score", "--slice", "g", "--thresholds", "0.5",
                                               "--format", "json", "-q", "-o", "out.json"], in: directory)
            while process.isRunning, try listing(directory).isEmpty { usleep(100) }
            process.signal(SIGTERM)
            let killed = process.waitUntilExit() == SIGTERM
            // Killed before the rename nothing may be left; killed after it, the whole report.
            let left = try listing(directory)
            #expect(left.isEmpty || left == ["out.json"])
            if killed && left.isEmpty { interrupted += 1 }
            if left == ["out.json"] { try FileManager.default.removeItem(atPath: directory + "/out.json") }
        }
        #expect(interrupted > 0)
    }
}
