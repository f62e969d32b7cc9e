import Synchronization

/// Told how far a long read has come, so that a front end can show it; the library itself draws
/// nothing (the terminal line is the executable's `TerminalProgress`).
public protocol ProgressObserver: AnyObject, Sendable {
    /// Called by the reading thread after each block with the input's bytes read and the rows
    /// counted so far.
    func update(bytes: Int, rows: Int)
    /// Called once when reading is over, whether it succeeded or not.
    func finish()
}

/// The rows the workers have counted, for `ProgressObserver.update`.
final class ProgressCounter: Sendable {
    let observer: any ProgressObserver
    private let rows = Atomic<Int>(0)

    init(_ observer: any ProgressObserver) { self.observer = observer }

    func counted(rows count: Int) { rows.add(count, ordering: .relaxed) }

    func read(bytes: Int) { observer.update(bytes: bytes, rows: rows.load(ordering: .relaxed)) }
}
