#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CRaiSupport

/// Where a command writes its report or card: standard output, or the file named by `-o`. Every
/// command writes through this type, so all follow the same rules (README, *Output*):
///
/// - A directory is refused, never replaced. So are a file the command reads (same device and
///   inode, whatever the names), a missing or unwritable folder, a file the user may not write, a
///   symbolic link to nothing and one another user planted in a shared folder such as /tmp. `init` checks all of this, so a command makes its target before
///   it reads any input and fails in a moment, not after the whole evaluation.
/// - A regular file, new or existing, named directly or through symbolic links, is replaced
///   atomically: the bytes go to a temporary file with a random name in the same folder, created
///   with `O_CREAT|O_EXCL|O_NOFOLLOW` (a planted file or link is never followed or reused), then
///   `fsync` and `rename(2)` over the target, which keeps its mode. A reader sees the old file or
///   the whole new one, and of two runs writing the same file one whole report remains. The
///   temporary file is removed on any error, and on SIGINT, SIGTERM and SIGHUP.
/// - Anything else (a device such as `/dev/null`, a FIFO, a socket) is written in place, as the
///   shell's `>` does. `/dev/stdout`, `/dev/stderr` and `/dev/fd/N` are the open descriptors.
///
/// A reader that closes the pipe early (`EPIPE`) ends the writing quietly. That is not an error,
/// so the command keeps the status it would have had: a failed gate is still 1. The process must
/// ignore SIGPIPE for this. Any other failure while writing is `RaiError.writeFailed` (exit 74); a
/// target that cannot be made is `RaiError.cannotWrite` (exit 73).
public struct OutputTarget: Sendable {
    private enum Destination: Sendable {
        /// An open descriptor: standard output, `/dev/stdout`, `/dev/fd/N`.
        case descriptor(Int32)
        /// An existing file that is not a regular file, opened and written as it is.
        case inPlace(path: [CChar])
        /// A regular file, replaced by renaming a temporary file of `folder` over `path`. Both are
        /// file system names (`FileSystemName`), NUL-terminated.
        case replaced(path: [CChar], folder: [CChar])
        /// A file that is added to, never replaced nor truncated (`appendingTo:`); created when
        /// missing. A NUL-terminated file system name with no symbolic link at its end.
        case appended(path: [CChar])
    }

    /// The target as messages name it: the path as given, or "standard output".
    public let name: String
    private let destination: Destination

    /// Standard output.
    public static let standardOutput = OutputTarget(name: "standard output", destination: .descriptor(1))

    private init(name: String, destination: Destination) {
        self.name = name
        self.destination = destination
    }

    /// The target `path` names (`nil` or `-`: standard output), checked against the rules above.
    /// `inputs` are the files the command will read (`-` is standard input); the target may not be
    /// one of them.
    public init(path: String?, reading inputs: [String]) throws(RaiError) {
        guard let path, path != "-" else {
            self = .standardOutput
            return
        }
        name = path
        if let descriptor = Self.namedDescriptor(path) {
            let flags = fcntl(descriptor, F_GETFL)
            guard flags >= 0 else { throw .cannotWrite(path: path, reason: Self.describe(errno)) }
            guard flags & O_ACCMODE != O_RDONLY else { throw .cannotWrite(path: path, reason: "it is not open for writing") }
            destination = .descriptor(descriptor)
            return
        }
        guard !path.isEmpty else { throw .cannotWrite(path: "''", reason: "the file name is empty") }
        let systemPath = FileSystemName.bytes(path)
        var info = stat()
        guard stat(systemPath, &info) == 0 else {
            let reason = errno
            var link = stat()
            if reason == ENOENT && lstat(systemPath, &link) == 0 {
                throw .cannotWrite(path: path, reason: "it is a symbolic link to a file that does not exist")
            }
            guard reason == ENOENT else { throw .cannotWrite(path: path, reason: Self.describe(reason)) }
            if path.hasSuffix("/") { throw .cannotWrite(path: path, reason: "the name ends with '/', so it names a folder") }
            let folder = Self.folder(of: systemPath)
            try Self.checkWritableFolder(folder, for: path)
            destination = .replaced(path: systemPath, folder: folder)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw .cannotWrite(path: path, reason: "it is a directory; name a file")
        case S_IFSOCK:
            throw .cannotWrite(path: path, reason: "it is a socket, which cannot be opened as a file")
        case S_IFREG:
            if let input = Self.input(among: inputs, sameFileAs: info) {
                throw .cannotWrite(path: path, reason: input == "-" ? "it is the file on standard input" : "it is the input file \(input)")
            }
            try Self.refusePlantedLink(systemPath, for: path)
            // Through symbolic links to the file they name, so that the link stays a link.
            guard let resolved = realpath(systemPath, nil) else { throw .cannotWrite(path: path, reason: Self.describe(errno)) }
            let target = Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved) + 1))
            free(resolved)
            guard access(target, W_OK) == 0 else { throw .cannotWrite(path: path, reason: Self.describe(errno)) }
            let folder = Self.folder(of: target)
            try Self.checkWritableFolder(folder, for: path)
            destination = .replaced(path: target, folder: folder)
        default:
            guard access(systemPath, W_OK) == 0 else { throw .cannotWrite(path: path, reason: Self.describe(errno)) }
            destination = .inPlace(path: systemPath)
        }
    }

    /// A file that another program owns and reads after rai, such as GitHub's job summary
    /// (`$GITHUB_STEP_SUMMARY`): rai adds its bytes at the end (`O_APPEND`) and never truncates,
    /// replaces or removes it, so what others wrote there stays. The rules of `init(path:reading:)`
    /// apply otherwise: a directory, a socket, an input file, a planted symbolic link, a missing
    /// folder are refused (73) before any input is read, a FIFO that no program reads when it is
    /// written (rather than waiting forever); a missing file is created; symbolic
    /// links are followed here, once, and the file is then opened without following any.
    public init(appendingTo path: String, reading inputs: [String]) throws(RaiError) {
        // `/dev/stdout` and `/dev/fd/N` are the open descriptors, written as they are.
        if Self.namedDescriptor(path) != nil {
            self = try OutputTarget(path: path, reading: inputs)
            return
        }
        name = path
        guard !path.isEmpty else { throw .cannotWrite(path: "''", reason: "the file name is empty") }
        let systemPath = FileSystemName.bytes(path)
        var info = stat()
        guard stat(systemPath, &info) == 0 else {
            let reason = errno
            var link = stat()
            if reason == ENOENT && lstat(systemPath, &link) == 0 {
                throw .cannotWrite(path: path, reason: "it is a symbolic link to a file that does not exist")
            }
            guard reason == ENOENT else { throw .cannotWrite(path: path, reason: Self.describe(reason)) }
            if path.hasSuffix("/") { throw .cannotWrite(path: path, reason: "the name ends with '/', so it names a folder") }
            try Self.checkWritableFolder(Self.folder(of: systemPath), for: path)
            destination = .appended(path: systemPath)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw .cannotWrite(path: path, reason: "it is a directory; name a file")
        case S_IFSOCK:
            throw .cannotWrite(path: path, reason: "it is a socket, which cannot be opened as a file")
        default:
            if let input = Self.input(among: inputs, sameFileAs: info) {
                throw .cannotWrite(path: path, reason: input == "-" ? "it is the file on standard input" : "it is the input file \(input)")
            }
            try Self.refusePlantedLink(systemPath, for: path)
            guard let resolved = realpath(systemPath, nil) else { throw .cannotWrite(path: path, reason: Self.describe(errno)) }
            let target = Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved) + 1))
            free(resolved)
            guard access(target, W_OK) == 0 else { throw .cannotWrite(path: path, reason: Self.describe(errno)) }
            destination = .appended(path: target)
        }
    }

    /// Whether the target is a terminal (binary output is refused there, colour is used there).
    public var isTerminal: Bool {
        if case .descriptor(let descriptor) = destination { return isatty(descriptor) != 0 }
        return false
    }

    /// Writes `text` as UTF-8.
    public func write(_ text: String) throws(RaiError) {
        try write(Array(text.utf8))
    }

    /// Writes `bytes` whole, as the rules above say.
    public func write(_ bytes: [UInt8]) throws(RaiError) {
        switch destination {
        case .descriptor(let descriptor):
            try writeInPlace(bytes, to: descriptor)
        case .inPlace(let path):
            var descriptor: Int32
            repeat { descriptor = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC) } while descriptor < 0 && errno == EINTR
            guard descriptor >= 0 else { throw .cannotWrite(path: name, reason: Self.describe(errno)) }
            defer { close(descriptor) }
            try writeInPlace(bytes, to: descriptor)
        case .replaced(let path, let folder):
            try replace(path, in: folder, with: bytes)
        case .appended(let path):
            var descriptor: Int32
            // Without blocking: a FIFO that no program reads would otherwise hold the job forever
            // (open waits for a reader); it is refused (ENXIO) and the writes then block as usual.
            repeat {
                descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC | O_NONBLOCK, 0o666)
            } while descriptor < 0 && errno == EINTR
            guard descriptor >= 0 else {
                throw .cannotWrite(path: name, reason: errno == ENXIO ? "it is a FIFO that no program is reading" : Self.describe(errno))
            }
            defer { close(descriptor) }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
            var info = stat()
            if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                throw .cannotWrite(path: name, reason: "it is a directory; name a file")
            }
            try writeInPlace(bytes, to: descriptor)
        }
    }

    private func writeInPlace(_ bytes: [UInt8], to descriptor: Int32) throws(RaiError) {
        let failure = Self.writeAll(bytes, to: descriptor)
        if failure != 0 && failure != EPIPE { throw .writeFailed(path: name, reason: Self.describe(failure)) }
    }

    private func replace(_ path: [CChar], in folder: [CChar], with bytes: [UInt8]) throws(RaiError) {
        var existing = stat()
        let exists = stat(path, &existing) == 0
        if exists && (existing.st_mode & S_IFMT) == S_IFDIR {
            throw .cannotWrite(path: name, reason: "it is a directory; name a file")
        }
        let (temporary, descriptor) = try createTemporary(in: folder, besides: path)
        var failure: Int32 = 0
        if exists {
            // The new file takes the place of the old one: same owner where allowed, same mode.
            _ = fchown(descriptor, existing.st_uid, existing.st_gid)
            if fchmod(descriptor, existing.st_mode & 0o777) != 0 { failure = errno }
        }
        if failure == 0 { failure = Self.writeAll(bytes, to: descriptor) }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 { unlink(temporary) }
        rai_temporary_unregister()
        guard failure == 0 else { throw .writeFailed(path: name, reason: Self.describe(failure)) }
        // The rename itself reaches the disk with the folder.
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// A new, empty temporary file in `folder`, registered for removal on a signal. Its name is
    /// hidden, random and says whose it is: `.rai-<16 hex digits>-<target name>`.
    private func createTemporary(in folder: [CChar], besides path: [CChar]) throws(RaiError) -> ([CChar], Int32) {
        let fileName = path.dropLast().split(separator: CChar(UInt8(ascii: "/"))).last ?? []
        let base = fileName.prefix(64)
        for _ in 0..<16 {
            let random = String(UInt64.random(in: .min ... .max), radix: 16)
            let prefix = "/.rai-" + String(repeating: "0", count: 16 - random.count) + random + "-"
            let temporary = Array(folder.dropLast()) + prefix.utf8.map { CChar(bitPattern: $0) } + Array(base) + [0]
            guard rai_temporary_register(temporary) == 0 else {
                throw .cannotWrite(path: name, reason: Self.describe(ENAMETOOLONG))
            }
            var descriptor: Int32
            repeat {
                descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            } while descriptor < 0 && errno == EINTR
            if descriptor >= 0 { return (temporary, descriptor) }
            let reason = errno
            rai_temporary_unregister()
            if reason != EEXIST { throw .cannotWrite(path: name, reason: Self.describe(reason)) }
        }
        throw .cannotWrite(path: name, reason: "no free temporary file name in its folder")
    }

    /// Writes all of `bytes`, across partial writes, interruptions and a non-blocking descriptor
    /// that is full. Returns 0, or the `errno` of the failure.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer -> Int32 in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                    continue
                }
                if n == 0 { return EIO }
                switch errno {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                case let failure:
                    return failure
                }
            }
            return 0
        }
    }

    /// The descriptor `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` stands for.
    /// Writing to it, rather than opening the name again, keeps the shell's redirection as it is:
    /// appending stays appending, a pipe stays a pipe.
    private static func namedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// The input among `inputs` that is the file `info` describes, if any.
    private static func input(among inputs: [String], sameFileAs info: stat) -> String? {
        inputs.first { input in
            var other = stat()
            let found = input == "-" ? fstat(0, &other) == 0 : stat(FileSystemName.bytes(input), &other) == 0
            return found && other.st_dev == info.st_dev && other.st_ino == info.st_ino
        }
    }

    /// Refuses a symbolic link that another user left in a shared folder (world-writable and
    /// sticky, such as /tmp), as the kernel's `protected_symlinks` refuses to follow it for `>`:
    /// otherwise a link planted as `/tmp/report.json` would make rai replace the file it names.
    private static func refusePlantedLink(_ path: [CChar], for name: String) throws(RaiError) {
        var link = stat()
        guard lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK else { return }
        var folder = stat()
        guard stat(Self.folder(of: path), &folder) == 0 else { return }
        let shared = folder.st_mode & S_ISVTX != 0 && folder.st_mode & S_IWOTH != 0
        if shared && link.st_uid != geteuid() && link.st_uid != folder.st_uid {
            throw .cannotWrite(path: name, reason: "it is a symbolic link that another user owns in a shared folder")
        }
    }

    private static func checkWritableFolder(_ folder: [CChar], for path: String) throws(RaiError) {
        let shown = String(decoding: folder.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var info = stat()
        guard stat(folder, &info) == 0 else { throw .cannotWrite(path: path, reason: "folder \(shown): \(describe(errno))") }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .cannotWrite(path: path, reason: "\(shown) is not a folder") }
        guard access(folder, W_OK | X_OK) == 0 else { throw .cannotWrite(path: path, reason: "folder \(shown): \(describe(errno))") }
    }

    /// The folder part of the NUL-terminated `path`: `.` for a bare name, `/` for a name at the root.
    private static func folder(of path: [CChar]) -> [CChar] {
        guard let slash = path.lastIndex(of: CChar(UInt8(ascii: "/"))) else { return Array(".".utf8CString) }
        return slash == 0 ? Array("/".utf8CString) : Array(path[..<slash]) + [0]
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
