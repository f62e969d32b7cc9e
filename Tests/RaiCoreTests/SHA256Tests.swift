import Testing
@testable import RaiCore

/// SHA-256 against the NIST test vectors (FIPS 180-4 examples), and fed in pieces.
@Suite("SHA-256")
struct SHA256Tests {
    func digest(_ bytes: [UInt8]) -> String {
        var hash = SHA256()
        bytes.withUnsafeBytes { hash.update($0) }
        return hash.finalize()
    }

    @Test("NIST vectors: empty, abc, the two-block message, a million a's")
    func vectors() {
        #expect(digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("the digest does not depend on how the bytes are split into updates")
    func pieces() {
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let whole = digest(bytes)
        for cuts in [[1], [63, 64, 65], [55, 56, 57, 200], [128, 999]] {
            var hash = SHA256()
            var start = 0
            for cut in cuts + [bytes.count] {
                bytes[start..<cut].withUnsafeBytes { hash.update($0) }
                start = cut
            }
            #expect(hash.finalize() == whole, "cuts \(cuts)")
        }
    }
}
