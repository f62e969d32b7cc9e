/// A value handed to threads that each touch a disjoint part of it (the compiler cannot see that
/// they do not race; the code that shares it says why).
struct UncheckedSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
