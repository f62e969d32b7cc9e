/// Finds delimiters and line feeds in a block 64 bytes at a time, as a bit mask per chunk.
///
/// Finding each field's end byte by byte makes every field wait for the previous one through a
/// chain of dependent loads and mispredicted branches. Here the bytes of a 64-byte chunk are
/// compared as eight words at once (no branch per byte), the matches compressed into one 64-bit
/// mask, and field ends are read off the mask with a trailing-zero count.
struct SeparatorIndex {
    private let delimiters: UInt64
    private var chunkStart = Int.min / 2
    private var mask: UInt64 = 0

    init(delimiter: UInt8) {
        delimiters = 0x0101_0101_0101_0101 &* UInt64(delimiter)
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
        while true {
            let remaining = mask & (~0 &<< UInt64(from &- chunkStart))
            if remaining != 0 { return chunkStart &+ remaining.trailingZeroBitCount }
            let following = chunkStart &+ 64
            if following >= end { return end }
            load(base, chunk: following, end: end)
            if mask != 0 { return chunkStart &+ mask.trailingZeroBitCount }
        }
    }

    @inline(__always)
    private mutating func load(_ base: UnsafePointer<UInt8>, chunk: Int, end: Int) {
        chunkStart = chunk
        if chunk + 64 <= end {
            var bits: UInt64 = 0
            for word in 0..<8 {
                let value = UnsafeRawPointer(base + chunk + word * 8).loadUnaligned(as: UInt64.self).littleEndian
                bits |= Self.matches(value, delimiters, 0x0A0A_0A0A_0A0A_0A0A) &<< UInt64(word &* 8)
            }
            mask = bits
        } else {
            var bits: UInt64 = 0
            let delimiter = UInt8(truncatingIfNeeded: delimiters)
            for k in 0..<(end - chunk) where base[chunk + k] == delimiter || base[chunk + k] == .lineFeed {
                bits |= 1 &<< UInt64(k)
            }
            mask = bits
        }
    }

    /// An 8-bit mask of the bytes of `value` equal to a byte of `a` or of `b`.
    @inline(__always)
    private static func matches(_ value: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Exact zero-byte test: a byte's high bit ends up set only when the byte was zero.
        func zeros(_ v: UInt64) -> UInt64 { ~(((v & low) &+ low) | v | low) }
        let high = zeros(value ^ a) | zeros(value ^ b)
        // Gather the eight high bits into the low byte.
        return ((high >> 7) &* 0x0102_0408_1020_4080) >> 56
    }
}
