import Foundation

/// Writes bytes into a FIFO on a thread of its own, for tests that read a FIFO.
///
/// Opening a FIFO for writing blocks until a reader opens it; a test whose reader never comes
/// (the code under test failed before opening it) would then hang instead of failing. This writer
/// opens without blocking and retries until a reader is there, and gives up after `timeout`
/// seconds with a failure the test reports.
final class FIFOWriter: @unchecked Sendable {  // `failure` is written before `finished` is signalled, read after
    private let finished = DispatchSemaphore(value: 0)
    private var failure: String?

    init(path: String, contents: Data, timeout: TimeInterval = 60) {
        // A reader that stops early must not end the test process with SIGPIPE: write fails instead.
        signal(SIGPIPE, SIG_IGN)
        Thread { [self] in
            failure = Self.write(contents, to: path, timeout: timeout)
            finished.signal()
        }.start()
    }

    /// nil once every byte is written and the FIFO closed; else what went wrong, or that the writer
    /// is still not done after `seconds`.
    func wait(seconds: TimeInterval = 60) -> String? {
        finished.wait(timeout: .now() + seconds) == .success ? failure : "the FIFO writer is still running after \(seconds) s"
    }

    private static func write(_ contents: Data, to path: String, timeout: TimeInterval) -> String? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        var descriptor = open(path, O_WRONLY | O_NONBLOCK)
        // ENXIO: no reader has the FIFO open yet.
        while descriptor < 0 && errno == ENXIO && Date() < deadline {
            usleep(5_000)
            descriptor = open(path, O_WRONLY | O_NONBLOCK)
        }
        guard descriptor >= 0 else {
            return errno == ENXIO ? "no reader opened \(path) within \(timeout) s" : "cannot open \(path): errno \(errno)"
        }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return contents.withUnsafeBytes { bytes -> String? in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return "writing \(path) failed at byte \(offset): errno \(errno)"
                }
                offset += written
            }
            return nil
        }
    }
}
