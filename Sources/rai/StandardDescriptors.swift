#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Descriptors 0, 1 and 2 held open for the whole run. Started with one of them closed
/// (`2>&-`), the next file rai opened would take its number, and a note meant for standard error
/// would land in the report or the input. A closed one is replaced by `/dev/null`, opened so that
/// using it still fails as the closed descriptor did: reading standard input or writing standard
/// output gives an error (EBADF) rather than an empty input or a report thrown away.
enum StandardDescriptors {
    static func reserve() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let replacement = open("/dev/null", descriptor == 0 ? O_WRONLY : O_RDONLY)
            if replacement >= 0 && replacement != descriptor {
                dup2(replacement, descriptor)
                close(replacement)
            }
        }
    }
}
