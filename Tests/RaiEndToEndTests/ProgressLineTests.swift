import Foundation
import Testing

/// The progress line: drawn on standard error only when it is a terminal (here the pseudo-terminal
/// of util-linux `script`) and the run lasts over a second, then erased; never with `--quiet`,
/// never into a pipe.
@Suite("Progress line")
struct ProgressLineTests {
    /// A run fed through a pipe that stalls for 1.5 s, with standard error on a terminal.
    func slowRun(_ flags: String) throws -> RaiRun {
        try RaiBinary.shell("""
            script -qec "(printf 'label,score\\\\n1,0.5\\\\n'; sleep 1.5; printf '0,0.2\\\\n') \\
              | \\"$RAI\\" eval - --label label --score score --input-format csv -o out.txt \(flags)" /dev/null
            """)
    }

    @Test("a slow run draws the line on a terminal and erases it; --quiet draws nothing")
    func drawnAndErased() throws {
        let shown = try slowRun("")
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\r\u{1B}[Krai: read "))
        #expect(shown.stdout.hasSuffix("\r\u{1B}[K"))
        let quiet = try slowRun("--quiet")
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("rai: read"))
    }

    @Test("standard error that is not a terminal gets no progress line")
    func notOnAPipe() throws {
        let run = try RaiBinary.shell("""
            (printf 'label,score\\n1,0.5\\n'; sleep 1.5; printf '0,0.2\\n') | "$RAI" eval - --label label --score score --input-format csv -o out.txt
            """)
        #expect(run.status == 0)
        #expect(!run.stderr.contains("rai: read"))
    }
}
