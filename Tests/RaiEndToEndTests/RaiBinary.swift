import Foundation

/// Runs the built `rai` executable as a user would and captures what it prints.
struct RaiRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Output read on another thread, handed back once that thread is done.
private final class Collected: @unchecked Sendable {
    private(set) var data = Data()
    func set(_ value: Data) { data = value }
}

/// A `rai` process started by `RaiBinary.start`.
struct RunningRai {
    let pid: pid_t

    var isRunning: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == 0
    }

    func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits for the end; returns the signal that ended the process, or 0 if it exited.
    func waitUntilExit() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f
    }
}

enum RaiBinary {
    /// The `rai` named by `RAI_BINARY` (CI runs these tests against the release build that way),
    /// else the one built beside this test bundle (SwiftPM builds it because this target depends
    /// on it).
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["RAI_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates {
            let binary = directory.appendingPathComponent("rai")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        var root = URL(fileURLWithPath: #filePath)
        while root.lastPathComponent != "Tests" { root.deleteLastPathComponent() }
        return root.deletingLastPathComponent().appendingPathComponent(".build/debug/rai")
    }()

    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("Fixtures").path
    }()

    /// Runs `rai` with `arguments` in `directory`, by default a new empty folder, so that
    /// neither a `rai.json` nor any other file where the tests happen to run changes the result.
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
                    in directory: String? = nil) throws -> RaiRun {
        try execute(url, arguments, stdin: stdin, environment: environment, in: directory)
    }

    /// Runs a bash `script`, for redirections and pipes, in `directory` (by default a new empty
    /// folder), with `$RAI` the binary and `$FIXTURES` the fixtures folder.
    static func shell(_ script: String, in directory: String? = nil) throws -> RaiRun {
        try execute(URL(fileURLWithPath: "/bin/bash"), ["-c", script],
                    environment: ["RAI": url.path, "FIXTURES": fixtures], in: directory)
    }

    /// Starts `rai` in `directory` with no signal blocked. (A `Process` inherits the test
    /// thread's signal mask, in which SIGINT and SIGTERM are blocked.)
    static func start(_ arguments: [String], in directory: String) throws -> RunningRai {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        // The shell changes to `directory`, then becomes rai.
        let shell = ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory, url.path] + arguments
        let argv = shell.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let failure = posix_spawn(&pid, "/bin/sh", nil, &attributes, argv, environ)
        guard failure == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
        return RunningRai(pid: pid)
    }

    /// A new, empty folder.
    static func scratchDirectory() -> String {
        let path = NSTemporaryDirectory() + "rai-e2e-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    private static func execute(_ executable: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String],
                                in directory: String?) throws -> RaiRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? scratchDirectory())
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // rai may stop reading early (an error in the input): that is EPIPE here, not a signal.
        signal(SIGPIPE, SIG_IGN)
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try? input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large report cannot fill a pipe and stall.
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            collected.set(out.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let outData = collected.data
        return RaiRun(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporary(_ contents: String, extension ext: String = "csv") -> String {
        temporary(bytes: Array(contents.utf8), extension: ext)
    }

    static func temporary(bytes: [UInt8], extension ext: String = "csv") -> String {
        let path = NSTemporaryDirectory() + "rai-e2e-\(UUID().uuidString).\(ext)"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}
