import Foundation
import Synchronization

/// A single updating line on stderr for long runs: shown only after about a second, only when
/// stderr is a terminal and the caller asked for it, and erased when the run ends.
public final class ProgressReporter: @unchecked Sendable {
    private let totalBytes: Int?
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false

    public init(totalBytes: Int?) {
        self.totalBytes = totalBytes
    }

    /// Rows counted so far, added to by the workers as they finish blocks.
    let rows = Atomic<Int>(0)

    func update(bytes: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start > 1_000_000_000, now - lastDraw > 200_000_000 else { return }
        lastDraw = now
        let seconds = Double(now - start) / 1e9
        let rate = Double(bytes) / seconds / 1_048_576
        let rowsPerSecond = Double(rows.load(ordering: .relaxed)) / seconds
        var line = String(format: "rai: read %.0f MiB (%.0f MiB/s, %.1fM rows/s)", Double(bytes) / 1_048_576, rate, rowsPerSecond / 1e6)
        if let totalBytes, totalBytes > 0 {
            line += String(format: ", %.0f%%", min(100, 100 * Double(bytes) / Double(totalBytes)))
        }
        StandardError.write("\r\u{1B}[K" + line)
        drawn = true
    }

    func finish() {
        if drawn { StandardError.write("\r\u{1B}[K") }
    }
}
