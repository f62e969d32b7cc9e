import CRaiSupport

/// The separators, line feeds and quotes of 64-byte chunks of CSV, as bit masks, and what follows
/// from them about quoting; shared by the block scanner and the block splitter.
enum CSVChunkMasks {
    /// The masks of the 64 bytes at `chunk`, or of the bytes left before `end`, read through a
    /// zero-padded copy (zero is none of the bytes sought).
    @inline(__always)
    static func load(_ base: UnsafePointer<UInt8>, chunk: Int, end: Int, delimiter: UInt8) -> rai_csv_masks {
        assert(chunk >= 0 && chunk < end, "a chunk starts inside the bytes")
        if chunk &+ 64 <= end { return rai_csv_masks64(base + chunk, delimiter) }
        var padded = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &padded) { copy in
            copy.copyMemory(from: UnsafeRawBufferPointer(start: base + chunk, count: end - chunk))
            return rai_csv_masks64(copy.baseAddress!.assumingMemoryBound(to: UInt8.self), delimiter)
        }
    }

    /// The bytes inside quotes: bit i set from an opening quote up to the byte before its closing
    /// quote, i.e. when an odd number of quotes come up to byte i (a prefix XOR), continuing
    /// `inside` (all ones when the previous chunk ended inside quotes). A doubled quote inside a
    /// field toggles twice, so it leaves the field open, as it should.
    @inline(__always)
    static func insideQuotes(_ quotes: UInt64, continuing inside: UInt64) -> UInt64 {
        var within = quotes
        within ^= within &<< 1
        within ^= within &<< 2
        within ^= within &<< 4
        within ^= within &<< 8
        within ^= within &<< 16
        within ^= within &<< 32
        return within ^ inside
    }

    /// All ones when the chunk whose `insideQuotes` mask is `within` ends inside quotes, else zero.
    @inline(__always)
    static func endsInside(_ within: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: within) &>> 63)
    }
}
