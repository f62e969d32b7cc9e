/// Least-significant-digit radix sort of 64-bit keys, 8 bits per pass, skipping passes whose
/// digit is the same for every key (common: scores share their sign and exponent bits).
/// Linear in the number of keys; used where score tables are sorted (coarsening and AUC), often
/// on many small tables, so the digit is small enough that its counts cost nothing to clear.
public enum RadixSort {
    public static func sort(_ keys: inout [UInt64]) {
        var none: [UInt64] = []
        sort(&keys, carrying: &none, withPayload: false)
    }

    /// Sorts `keys`, moving each element of `payload` (one per key) along with its key. Stable.
    public static func sort(_ keys: inout [UInt64], carrying payload: inout [UInt64]) {
        precondition(payload.count == keys.count)
        sort(&keys, carrying: &payload, withPayload: true)
    }

    private static func sort(_ keys: inout [UInt64], carrying payload: inout [UInt64], withPayload: Bool) {
        let n = keys.count
        guard n > 1 else { return }
        if n < 64 {
            if withPayload {
                let order = (0..<n).sorted { (keys[$0], $0) < (keys[$1], $1) }
                payload = order.map { payload[$0] }
                keys = order.map { keys[$0] }
            } else {
                keys.sort()
            }
            return
        }
        // The counts of every digit of every pass, from one read of the keys.
        var counts = [Int](repeating: 0, count: 8 * 256)
        counts.withUnsafeMutableBufferPointer { counts in
            keys.withUnsafeBufferPointer { keys in
                for key in keys {
                    for pass in 0..<8 { counts[pass &* 256 &+ Int((key &>> UInt64(pass &* 8)) & 0xFF)] &+= 1 }
                }
            }
        }
        var scratchKeys = [UInt64](repeating: 0, count: n)
        var scratchPayload = [UInt64](repeating: 0, count: withPayload ? n : 0)
        for pass in 0..<8 {
            let shift = UInt64(pass * 8)
            if counts[pass * 256 + Int((keys[0] >> shift) & 0xFF)] == n { continue }
            var running = 0
            for digit in 0..<256 {
                let c = counts[pass * 256 + digit]
                counts[pass * 256 + digit] = running
                running += c
            }
            counts.withUnsafeMutableBufferPointer { counts in
                let offsets = counts.baseAddress! + pass * 256
                keys.withUnsafeBufferPointer { keys in
                    scratchKeys.withUnsafeMutableBufferPointer { toKeys in
                        payload.withUnsafeBufferPointer { payload in
                            scratchPayload.withUnsafeMutableBufferPointer { toPayload in
                                for i in 0..<n {
                                    let digit = Int((keys[i] &>> shift) & 0xFF)
                                    let to = offsets[digit]
                                    offsets[digit] = to &+ 1
                                    toKeys[to] = keys[i]
                                    if withPayload { toPayload[to] = payload[i] }
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &scratchKeys)
            if withPayload { swap(&payload, &scratchPayload) }
        }
    }
}
