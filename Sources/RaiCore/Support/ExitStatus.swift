/// Process exit statuses, following sysexits(3) where one applies.
///
/// A CI job keys on these: `1` is kept for "the model failed a fairness gate", so that a broken
/// input (65/66) or a mistyped flag (64) is never mistaken for a verdict about the model.
public struct ExitStatus: Equatable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The evaluation ran and every gate (if any) passed.
    public static let success = ExitStatus(0)
    /// The evaluation ran and at least one fairness gate failed.
    public static let gateFailed = ExitStatus(1)
    /// The command line was wrong: unknown flag, missing value, bad threshold list (EX_USAGE).
    public static let usage = ExitStatus(64)
    /// The input was read but is not valid prediction data (EX_DATAERR).
    public static let dataError = ExitStatus(65)
    /// The input file could not be opened or read (EX_NOINPUT).
    public static let noInput = ExitStatus(66)
    /// The output could not be written (EX_CANTCREAT).
    public static let cannotCreate = ExitStatus(73)
    /// An I/O error while reading or writing (EX_IOERR).
    public static let ioError = ExitStatus(74)

    public var description: String { String(rawValue) }
}
