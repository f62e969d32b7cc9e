import Foundation
import RaiCore

/// Writing to standard output, standard error and files. A closed pipe on standard output
/// (`rai … | head`) ends the program quietly with status 0, as good Unix tools do. Notes and errors
/// name files, columns and values from the input: they are printed through `TerminalText`.
enum Output {
    static func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    static func write(bytes: [UInt8]) {
        var bytes = bytes
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                exit(0)  // EPIPE or a closed descriptor: the reader is gone, nothing more to say.
            }
            offset += n
        }
        bytes.removeAll()
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.visible(text) + "\n").utf8))
    }

    /// Writes terminal control sequences as they are: only for the progress line, whose text rai
    /// composes itself.
    static func drawProgress(_ sequence: String) {
        FileHandle.standardError.write(Data(sequence.utf8))
    }

    static func error(_ error: RaiError, usage: String?) {
        var text = "Error: \(TerminalText.visible(error.message))\n"
        if let usage { text += "Usage: \(usage)\n  See '\(usage.split(separator: " ").prefix(2).joined(separator: " ")) --help'.\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes the whole report to a temporary file beside `path`, then renames it into place, so
    /// a reader never sees half a report.
    static func write(_ text: String, toFile path: String) throws(RaiError) {
        try write(bytes: Array(text.utf8), toFile: path)
    }

    static func write(bytes: [UInt8], toFile path: String) throws(RaiError) {
        let temporary = path + ".rai-partial"
        do {
            try bytes.withUnsafeBytes { try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0.baseAddress!), count: $0.count,
                                                 deallocator: .none).write(to: URL(fileURLWithPath: temporary)) }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
