import Foundation
import RaiCore

/// A single updating line on standard error for long runs: shown only after about a second, only
/// when standard error is a terminal and `--quiet` is not given, and erased when the run ends.
final class TerminalProgress: ProgressObserver, @unchecked Sendable {  // called only by the one reading thread
    private let totalBytes: Int?
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false

    /// A progress line for reading `path`, or nil when none should be drawn.
    static func forInput(_ path: String, quiet: Bool) -> TerminalProgress? {
        guard !quiet, isatty(2) != 0 else { return nil }
        var info = stat()
        let size = path != "-" && stat(FileSystemName.bytes(path), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        return TerminalProgress(totalBytes: size)
    }

    private init(totalBytes: Int?) {
        self.totalBytes = totalBytes
    }

    func update(bytes: Int, rows: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start > 1_000_000_000, now - lastDraw > 200_000_000 else { return }
        lastDraw = now
        let seconds = Double(now - start) / 1e9
        let rate = Double(bytes) / seconds / 1_048_576
        var line = String(format: "rai: read %.0f MiB (%.0f MiB/s, %.1fM rows/s)", Double(bytes) / 1_048_576, rate, Double(rows) / seconds / 1e6)
        if let totalBytes, totalBytes > 0 {
            line += String(format: ", %.0f%%", min(100, 100 * Double(bytes) / Double(totalBytes)))
        }
        Output.drawProgress("\r\u{1B}[K" + line)
        drawn = true
    }

    func finish() {
        if drawn { Output.drawProgress("\r\u{1B}[K") }
    }
}
