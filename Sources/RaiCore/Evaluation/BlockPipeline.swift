import Foundation
import Synchronization

/// Reads the input in blocks of whole rows on the calling thread and hands them to worker
/// threads, recycling a fixed set of buffers so memory stays flat however long the input is.
///
/// The reader cuts each block after its last complete row (`BlockSplitter`) and carries the
/// partial row into the next buffer. Workers stop early once a block has failed; blocks before
/// the failed one are still processed, so the error reported is the first in the file.
final class BlockPipeline: @unchecked Sendable {
    private let source: ByteSource
    private let splitter: BlockSplitter
    private let threads: Int
    private let blockSize: Int
    private let progress: ProgressReporter?
    /// Hashes every byte read after the first block, when provenance is asked for.
    var digest: SHA256?
    /// Bytes read by `run`, the first block included.
    private(set) var bytesRead = 0

    init(source: ByteSource, splitter: BlockSplitter, threads: Int, blockSize: Int, progress: ProgressReporter?) {
        self.source = source
        self.splitter = splitter
        self.threads = threads
        self.blockSize = blockSize
        self.progress = progress
    }

    /// Runs `work(worker, rows, blockIndex)` on every block; returns the reports sorted by block.
    func run(first: BlockBuffer, filled initial: Int,
             work: @escaping @Sendable (Int, UnsafeRawBufferPointer, Int, Int) -> BlockReport) throws(RaiError) -> [BlockReport] {
        let free = BlockChannel<BlockBuffer>()
        let full = BlockChannel<BlockBuffer>()
        for _ in 0..<(threads + 1) { free.send(BlockBuffer(capacity: blockSize)) }
        let firstFailure = Atomic<Int>(Int.max)
        let collected = Mutex<[BlockReport]>([])
        let finished = DispatchGroup()
        for worker in 0..<threads {
            finished.enter()
            let thread = Thread {
                var mine: [BlockReport] = []
                while let block = full.receive() {
                    if block.index < firstFailure.load(ordering: .relaxed) {
                        let report = work(worker, block.rows, block.index, block.offset)
                        self.progress?.rows.add(report.rows, ordering: .relaxed)
                        if report.failure != nil {
                            var current = firstFailure.load(ordering: .relaxed)
                            while report.index < current {
                                let (exchanged, original) = firstFailure.compareExchange(expected: current, desired: report.index, ordering: .relaxed)
                                if exchanged { break }
                                current = original
                            }
                        }
                        mine.append(report)
                    }
                    free.send(block)
                }
                collected.withLock { $0.append(contentsOf: mine) }
                finished.leave()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }

        var readError: RaiError?
        var current = first
        var filled = initial
        var index = 0
        var offset = 0
        bytesRead = initial
        reading: while true {
            var atEnd = false
            while filled < current.capacity {
                let n: Int
                do {
                    n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: current.memory[filled...]))
                } catch {
                    readError = error
                    break reading
                }
                if n == 0 {
                    atEnd = true
                    break
                }
                if digest != nil { digest!.update(UnsafeRawBufferPointer(rebasing: current.memory[filled..<(filled + n)])) }
                filled += n
                bytesRead += n
            }
            progress?.update(bytes: bytesRead)
            let complete = atEnd ? filled : splitter.completeRowsLength(UnsafeRawBufferPointer(rebasing: current.memory[0..<filled]))
            if complete == 0 && !atEnd {
                current.grow(keeping: filled)  // one row is longer than a block
                continue
            }
            var next: BlockBuffer?
            if !atEnd {
                let buffer = free.receive()!
                let carry = filled - complete
                while buffer.capacity < carry { buffer.grow(keeping: 0) }
                buffer.memory.baseAddress!.copyMemory(from: current.memory.baseAddress! + complete, byteCount: carry)
                filled = carry
                next = buffer
            }
            current.count = complete
            current.index = index
            current.offset = offset
            offset += complete
            index += 1
            full.send(current)
            guard let next, firstFailure.load(ordering: .relaxed) == Int.max else { break }
            current = next
        }
        full.close()
        finished.wait()
        progress?.finish()
        if let readError { throw readError }
        return collected.withLock { $0 }.sorted { $0.index < $1.index }
    }
}
