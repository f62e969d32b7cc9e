/// Least-significant-digit radix sort of 64-bit keys, 16 bits per pass, skipping passes whose
/// digit is the same for every key (common: scores share their sign and exponent bits).
/// Linear in the number of keys; used where score tables are sorted (coarsening and AUC).
enum RadixSort {
    static func sort(_ keys: inout [UInt64]) {
        var none: [UInt64] = []
        sort(&keys, carrying: &none, withPayload: false)
    }

    /// Sorts `keys`, moving each element of `payload` (one per key) along with its key. Stable.
    static func sort(_ keys: inout [UInt64], carrying payload: inout [UInt64]) {
        precondition(payload.count == keys.count)
        sort(&keys, carrying: &payload, withPayload: true)
    }

    private static func sort(_ keys: inout [UInt64], carrying payload: inout [UInt64], withPayload: Bool) {
        let n = keys.count
        guard n > 1 else { return }
        if n < 256 {
            if withPayload {
                let order = (0..<n).sorted { (keys[$0], $0) < (keys[$1], $1) }
                payload = order.map { payload[$0] }
                keys = order.map { keys[$0] }
            } else {
                keys.sort()
            }
            return
        }
        var scratchKeys = [UInt64](repeating: 0, count: n)
        var scratchPayload = [UInt64](repeating: 0, count: withPayload ? n : 0)
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            for i in counts.indices { counts[i] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFFFF)] += 1 }
            if counts[Int((keys[0] >> shift) & 0xFFFF)] == n { continue }
            var running = 0
            for i in counts.indices {
                let c = counts[i]
                counts[i] = running
                running += c
            }
            for i in 0..<n {
                let digit = Int((keys[i] >> shift) & 0xFFFF)
                let to = counts[digit]
                counts[digit] = to + 1
                scratchKeys[to] = keys[i]
                if withPayload { scratchPayload[to] = payload[i] }
            }
            swap(&keys, &scratchKeys)
            if withPayload { swap(&payload, &scratchPayload) }
        }
    }
}
