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

enum RaiBinary {
    /// The `rai` built beside this test bundle (SwiftPM builds it because this target depends on it).
    static let url: URL = {
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

    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> RaiRun {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
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
