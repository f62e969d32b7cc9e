import Foundation

/// A blocking first-in, first-out queue between the reading thread and the workers.
final class BlockChannel<Item>: @unchecked Sendable {  // every field is touched only with `condition` locked
    private let condition = NSCondition()
    private var items: [Item] = []
    private var head = 0
    private var closed = false

    func send(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// The next item, waiting for one; nil once the channel is closed and drained.
    func receive() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Memory for one block of input, owned by the pipeline and reused once a worker is done with it.
final class BlockBuffer: @unchecked Sendable {  // one owner at a time: the reader fills it, hands it to one worker through the channel, gets it back the same way
    private(set) var memory: UnsafeMutableRawBufferPointer

    init(capacity: Int) {
        memory = .allocate(byteCount: capacity, alignment: 64)
    }

    deinit { memory.deallocate() }

    var capacity: Int { memory.count }

    /// Doubles the capacity, keeping the first `keeping` bytes.
    func grow(keeping: Int) {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: memory.count * 2, alignment: 64)
        larger.baseAddress!.copyMemory(from: memory.baseAddress!, byteCount: keeping)
        memory.deallocate()
        memory = larger
    }
}
