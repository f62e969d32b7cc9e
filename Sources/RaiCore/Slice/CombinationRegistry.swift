import Synchronization

/// A combination of slice values: for each slice column of the plan, the value's bytes, or nil
/// when missing. Every row has exactly one; every slice is a union of combinations.
public struct Combination: Hashable, Sendable {
    public var values: [[UInt8]?]

    public init(values: [[UInt8]?]) {
        self.values = values
    }
}

/// Numbers every combination seen by any thread, so that threads can count and send score
/// updates under one shared index. Threads ask only when they meet a combination for the first
/// time. The number of combinations is capped: a slice column that holds an identifier (one
/// value per row) would otherwise make every later stage as large as the input.
public final class CombinationRegistry: Sendable {
    private struct State {
        var combinations: [Combination] = []
        var indices: [Combination: Int32] = [:]
    }

    private let state = Mutex(State())
    /// The most combinations accepted.
    public let limit: Int

    public init(limit: Int = Int(Int32.max)) {
        self.limit = min(limit, Int(Int32.max))
    }

    /// The shared index of `combination`, assigning the next one if it is new; nil when a new one
    /// would pass the limit.
    public func index(of combination: Combination) -> Int32? {
        state.withLock { state in
            if let known = state.indices[combination] { return known }
            guard state.combinations.count < limit else { return nil }
            let index = Int32(state.combinations.count)
            state.combinations.append(combination)
            state.indices[combination] = index
            return index
        }
    }

    /// Every combination registered so far, by index.
    public var combinations: [Combination] { state.withLock { $0.combinations } }
}
