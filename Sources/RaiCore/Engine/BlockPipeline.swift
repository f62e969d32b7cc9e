import Foundation
import Synchronization

/// Reads the input in blocks of whole rows on the calling thread and hands them to worker
/// threads, with a fixed number of blocks in flight so memory stays flat however long the input is.
///
/// A regular file is mapped (`ByteSource.map`): blocks are ranges of the mapping, cut after their
/// last complete row (`BlockSplitter`), and each range's pages are released once its worker is
/// done. Anything else (a pipe) is read into a fixed set of recycled buffers, the partial row at
/// the end of one carried into the next. Workers stop early once a block has failed; blocks before
/// the failed one are still processed, so the error reported is the first in the file.
final class BlockPipeline: @unchecked Sendable {  // `digest` and `bytesRead` change only on the reading thread, and are read after the workers are joined
    private let source: ByteSource
    private let splitter: BlockSplitter
    private let threads: Int
    private let blockSize: Int
    /// A block grows for a row longer than itself only up to this many bytes.
    private let maximumLineLength: Int
    private let progress: ProgressCounter?
    /// Hashes every byte read after the first block, when provenance is asked for.
    var digest: SHA256?
    /// Bytes read by `run`, the first block included.
    private(set) var bytesRead = 0

    init(source: ByteSource, splitter: BlockSplitter, threads: Int, blockSize: Int, maximumLineLength: Int,
         progress: (any ProgressObserver)?) {
        self.maximumLineLength = maximumLineLength
        self.source = source
        self.splitter = splitter
        self.threads = threads
        self.blockSize = blockSize
        self.progress = progress.map(ProgressCounter.init)
    }

    /// One block for a worker: its complete rows, and the buffer to hand back once done (for a
    /// mapped file, a placeholder that only counts the blocks in flight).
    private struct PendingBlock: @unchecked Sendable {  // its pointer is into a buffer or mapping that outlives the block and that only the receiving worker reads
        var rows: UnsafeRawBufferPointer
        var index: Int
        var offset: Int
        var buffer: BlockBuffer
    }

    /// Runs `work(worker, rows, blockIndex, offset)` on every block; returns the reports sorted by
    /// block. `first` holds the first `filled` bytes of data rows, which start at `dataStart` in
    /// the source.
    func run(first: BlockBuffer, filled initial: Int, dataStart: Int,
             work: @escaping @Sendable (Int, UnsafeRawBufferPointer, Int, Int) -> BlockReport) throws(RaiError) -> [BlockReport] {
        let mapped = source.map()
        let free = BlockChannel<BlockBuffer>()
        let full = BlockChannel<PendingBlock>()
        for _ in 0..<(threads + 1) { free.send(BlockBuffer(capacity: mapped == nil ? blockSize : 1)) }
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
                        self.progress?.counted(rows: report.rows)
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
                    if let mapped { mapped.release(block.rows) }
                    free.send(block.buffer)
                }
                collected.withLock { $0.append(contentsOf: mine) }
                finished.leave()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }

        var readError: RaiError?
        if let mapped {
            readError = cutBlocks(of: mapped, from: dataStart, free: free, full: full,
                                  stopped: { firstFailure.load(ordering: .relaxed) != Int.max })
        } else {
            readError = readBlocks(first: first, filled: initial, dataStart: dataStart, free: free, full: full,
                                   stopped: { firstFailure.load(ordering: .relaxed) != Int.max })
        }
        full.close()
        finished.wait()
        progress?.observer.finish()
        if let readError { throw readError }
        return collected.withLock { $0 }.sorted { $0.index < $1.index }
    }

    /// Hands the mapped file's data rows to the workers in blocks of about `blockSize` bytes;
    /// returns the error of a row longer than the limit, if any.
    private func cutBlocks(of file: MappedFile, from dataStart: Int, free: BlockChannel<BlockBuffer>,
                           full: BlockChannel<PendingBlock>, stopped: () -> Bool) -> RaiError? {
        let bytes = file.bytes
        var start = dataStart
        var hashed = source.readPosition  // the first read was hashed already
        var index = 0
        while start < bytes.count && !stopped() {
            let placeholder = free.receive()!
            var length = min(blockSize, bytes.count - start)
            var complete = length
            while start + length < bytes.count {
                complete = splitter.completeRowsLength(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
                if complete > 0 { break }
                if length >= maximumLineLength {
                    free.send(placeholder)
                    return tooLong(rowAt: start)
                }
                length = min(2 * length, maximumLineLength, bytes.count - start)  // one row is longer than a block
                complete = length
            }
            let end = start + complete
            if digest != nil && end > hashed {
                digest!.update(UnsafeRawBufferPointer(rebasing: bytes[hashed..<end]))
                hashed = end
            }
            full.send(PendingBlock(rows: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), index: index,
                                   offset: start - dataStart, buffer: placeholder))
            index += 1
            start = end
            bytesRead = start - dataStart
            progress?.read(bytes: bytesRead)
        }
        return nil
    }

    /// The error for a row at byte `offset` of the input that is longer than the limit.
    private func tooLong(rowAt offset: Int) -> RaiError {
        .data(DataError(path: source.displayName, kind: .lineTooLong(limit: maximumLineLength, offset: offset)))
    }

    /// Reads blocks into recycled buffers and hands them to the workers; returns the read error
    /// that stopped it, if any.
    private func readBlocks(first: BlockBuffer, filled initial: Int, dataStart: Int, free: BlockChannel<BlockBuffer>,
                            full: BlockChannel<PendingBlock>, stopped: () -> Bool) -> RaiError? {
        var current = first
        var filled = initial
        var index = 0
        var offset = 0
        bytesRead = initial
        while true {
            var atEnd = false
            // A buffer grown for a long row is filled only up to the limit: a row that does not end
            // within it is too long.
            let fillEnd = min(current.capacity, maximumLineLength)
            while filled < fillEnd {
                let n: Int
                do {
                    n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: current.memory[filled..<fillEnd]))
                } catch {
                    return error
                }
                if n == 0 {
                    atEnd = true
                    break
                }
                if digest != nil { digest!.update(UnsafeRawBufferPointer(rebasing: current.memory[filled..<(filled + n)])) }
                filled += n
                bytesRead += n
            }
            progress?.read(bytes: bytesRead)
            let complete = atEnd ? filled : splitter.completeRowsLength(UnsafeRawBufferPointer(rebasing: current.memory[0..<filled]))
            if complete == 0 && !atEnd {
                guard filled < maximumLineLength else { return tooLong(rowAt: dataStart + offset) }
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
            full.send(PendingBlock(rows: UnsafeRawBufferPointer(rebasing: current.memory[0..<complete]), index: index,
                                   offset: offset, buffer: current))
            offset += complete
            index += 1
            guard let next, !stopped() else { return nil }
            current = next
        }
    }
}
