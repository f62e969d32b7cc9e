import Synchronization

/// A combination of slice values: for each slice column of the plan, the value's bytes, or nil
/// when missing. Every row has exactly one; every slice is a union of combinations.
public struct Combo: Hashable, Sendable {
    public var values: [[UInt8]?]
}

/// Numbers every combination seen by any thread, so that threads can count and send score
/// updates under one shared index. Threads ask only when they meet a combination for the first
/// time.
public final class ComboRegistry: Sendable {
    private struct State {
        var combos: [Combo] = []
        var indices: [Combo: Int32] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// The shared index of `combo`, assigning the next one if it is new.
    public func index(of combo: Combo) -> Int32 {
        state.withLock { state in
            if let known = state.indices[combo] { return known }
            let index = Int32(state.combos.count)
            state.combos.append(combo)
            state.indices[combo] = index
            return index
        }
    }

    /// Every combination registered so far, by index.
    public var combos: [Combo] { state.withLock { $0.combos } }
}
