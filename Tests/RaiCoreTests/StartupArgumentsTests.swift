import CRaiSupport
import Testing

/// The arguments CRaiSupport keeps at start-up are the ones `rai` falls back on where
/// `CommandLine` has none (the static build without /proc); here, with /proc, both must agree.
@Suite struct StartupArgumentsTests {
    @Test func startUpFunctionKeepsTheProcessArguments() throws {
        let count = Int(rai_startup_argc())
        #expect(count == Int(CommandLine.argc))
        let vector = try #require(rai_startup_argv())
        let kept = (0..<count).map { String(cString: vector[$0]!) }
        #expect(kept == CommandLine.arguments)
    }
}
