import CRaiSupport

/// Finds delimiters and line feeds in a block 64 bytes at a time, as a bit mask per chunk.
///
/// Finding each field's end byte by byte makes every field wait for the previous one through a
/// chain of dependent loads and mispredicted branches. Here a 64-byte chunk is compared at once
/// (SSE2 compares and `movemask` in `rai_separator_mask64`), and field ends are read off the
/// mask with a trailing-zero count.
struct SeparatorIndex {
    private let delimiter: UInt8
    private var chunkStart = Int.min / 2
    private var mask: UInt64 = 0

    init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// Forgets the current chunk; call when moving to another block.
    mutating func reset() {
        chunkStart = Int.min / 2
    }

    /// The offset of the first delimiter or LF at or after `from`, or `end`.
    @inline(__always)
    mutating func next(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        // One unsigned comparison tests both `from < chunkStart` and `from >= chunkStart + 64`.
        if UInt(bitPattern: from &- chunkStart) >= 64 { load(base, chunk: from, end: end) }
        let remaining = mask & (~0 &<< UInt64(from &- chunkStart))
        if remaining != 0 { return chunkStart &+ remaining.trailingZeroBitCount }
        // A field longer than what is left of the chunk: whole chunks after it until one holds a
        // separator. `from` now lies before `chunkStart`, so only the whole mask counts.
        while true {
            let following = chunkStart &+ 64
            if following >= end { return end }
            load(base, chunk: following, end: end)
            if mask != 0 { return chunkStart &+ mask.trailingZeroBitCount }
        }
    }

    @inline(__always)
    private mutating func load(_ base: UnsafePointer<UInt8>, chunk: Int, end: Int) {
        assert(chunk >= 0 && chunk < end, "a chunk starts inside the block")
        chunkStart = chunk
        if chunk + 64 <= end {
            mask = rai_separator_mask64(base + chunk, delimiter)
        } else {
            var bits: UInt64 = 0
            for k in 0..<(end - chunk) where base[chunk + k] == delimiter || base[chunk + k] == .lineFeed {
                bits |= 1 &<< UInt64(k)
            }
            mask = bits
        }
    }
}
