/// A value handed to threads that each touch a disjoint part of it (the compiler cannot see that
/// they do not race; the code that shares it says why).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}
