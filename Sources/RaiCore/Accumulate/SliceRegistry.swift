import Synchronization

/// A slice as values, independent of any thread's value ids: its spec (-1 for overall) and, per
/// feature of the spec, the value's bytes or nil when missing.
public struct SliceIdentity: Hashable, Sendable {
    public var spec: Int
    public var values: [[UInt8]?]

    public static let overall = SliceIdentity(spec: -1, values: [])
}

/// Numbers every slice seen by any thread, so that threads can send score updates for a slice
/// under one shared index. Threads ask only when they meet a slice for the first time.
public final class SliceRegistry: Sendable {
    private struct State {
        var identities: [SliceIdentity] = [.overall]
        var indices: [SliceIdentity: Int32] = [.overall: 0]
    }

    private let state = Mutex(State())

    public init() {}

    /// The shared index of `identity`, assigning the next one if it is new.
    public func index(of identity: SliceIdentity) -> Int32 {
        state.withLock { state in
            if let known = state.indices[identity] { return known }
            let index = Int32(state.identities.count)
            state.identities.append(identity)
            state.indices[identity] = index
            return index
        }
    }

    /// Every slice registered so far, by index.
    public var identities: [SliceIdentity] { state.withLock { $0.identities } }
}
