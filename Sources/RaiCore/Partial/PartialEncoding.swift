/// The byte encoding of partial results: integers as LEB128 variable-length numbers (zig-zag for
/// signed ones), so the small counts that fill most cells take a byte or two; strings and byte
/// strings with their length first; doubles as their bit patterns. Little-endian throughout, so a
/// partial written on one machine reads on any other.
struct PartialWriter {
    private(set) var bytes: [UInt8] = []

    mutating func unsigned(_ value: UInt128) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    mutating func unsigned(_ value: Int) { unsigned(UInt128(value)) }

    mutating func signed(_ value: Int128) {
        unsigned(UInt128(bitPattern: (value << 1) ^ (value >> 127)))
    }

    mutating func signed(_ value: Int64) { signed(Int128(value)) }

    mutating func wide(_ value: WideAmount) {
        unsigned(value.high)
        unsigned(value.low)
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func double(_ value: Double) { unsigned(UInt128(value.bitPattern)) }

    mutating func data(_ value: [UInt8]) {
        unsigned(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) { data(Array(value.utf8)) }

    mutating func optional<T>(_ value: T?, _ write: (inout PartialWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func array<T>(_ values: [T], _ write: (inout PartialWriter, T) -> Void) {
        unsigned(values.count)
        for value in values { write(&self, value) }
    }
}

/// Reads what `PartialWriter` wrote; any read past the end or malformed value is a `PartialError`.
struct PartialReader {
    private let bytes: [UInt8]
    private var position: Int
    /// The version of the file being read, for fields later versions added.
    var formatVersion = PartialFile.version

    init(_ bytes: [UInt8], from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func unsigned() throws(PartialError) -> UInt128 {
        // Most numbers (counts, score key steps) take one to nine bytes: gather those in 64 bits.
        var small: UInt64 = 0
        var smallShift: UInt64 = 0
        while smallShift < 63, position < bytes.count {
            let byte = bytes[position]
            small |= UInt64(byte & 0x7F) << smallShift
            if byte & 0x80 == 0 {
                position += 1
                return UInt128(small)
            }
            position += 1
            smallShift += 7
        }
        var value = UInt128(small)
        var shift = UInt128(smallShift)
        while true {
            guard position < bytes.count else { throw .truncated }
            let byte = bytes[position]
            position += 1
            guard shift < 128, shift < 126 || byte & 0x7F <= 3 else { throw .malformed("a number is too large") }
            value |= UInt128(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A count or index: a non-negative number that fits an Int and is at most `limit`.
    mutating func count(limit: Int = Int(Int32.max)) throws(PartialError) -> Int {
        let value = try unsigned()
        guard value <= UInt128(limit) else { throw .malformed("a count of \(value) is out of range") }
        return Int(value)
    }

    mutating func signed() throws(PartialError) -> Int128 {
        let raw = try unsigned()
        return Int128(bitPattern: raw >> 1) ^ -Int128(bitPattern: raw & 1)
    }

    mutating func signed64() throws(PartialError) -> Int64 {
        let value = try signed()
        guard let small = Int64(exactly: value) else { throw .malformed("a count is out of range") }
        return small
    }

    mutating func wide() throws(PartialError) -> WideAmount {
        let high = try unsigned()
        return WideAmount(high: high, low: try unsigned())
    }

    mutating func bool() throws(PartialError) -> Bool {
        guard position < bytes.count else { throw .truncated }
        let byte = bytes[position]
        position += 1
        guard byte <= 1 else { throw .malformed("a flag is neither 0 nor 1") }
        return byte == 1
    }

    mutating func double() throws(PartialError) -> Double {
        let bits = try unsigned()
        guard bits <= UInt128(UInt64.max) else { throw .malformed("a number is out of range") }
        return Double(bitPattern: UInt64(bits))
    }

    mutating func data() throws(PartialError) -> [UInt8] {
        let count = try count()
        guard bytes.count - position >= count else { throw .truncated }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func string() throws(PartialError) -> String {
        guard let text = String(validating: try data(), as: UTF8.self) else { throw .malformed("a name is not valid UTF-8") }
        return text
    }

    mutating func optional<T>(_ read: (inout PartialReader) throws(PartialError) -> T) throws(PartialError) -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout PartialReader) throws(PartialError) -> T) throws(PartialError) -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}

/// What can be wrong with a partial result file.
enum PartialError: Error, Equatable {
    /// The file ends before the content does.
    case truncated
    /// A value cannot be what the format says.
    case malformed(String)
}
