import Testing
@testable import RaiCore

@Suite("Concurrent map")
struct ConcurrentMapTests {
    @Test("gives map's results in map's order, for any count")
    func sameAsMap() {
        for count in [0, 1, 2, 3, 17, 1000] {
            let values = (0..<count).map { $0 * 7 + 3 }
            #expect(values.concurrentMap { String($0 * $0) } == values.map { String($0 * $0) })
        }
    }
}
