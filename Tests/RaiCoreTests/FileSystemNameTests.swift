import Testing
@testable import RaiCore

@Suite("File system names")
struct FileSystemNameTests {
    @Test("an argument that is not UTF-8 shows its invalid bytes as \\x escapes and keeps them for the system", arguments: [
        ([0x62, 0x61, 0x64, 0xFF, 0x2E, 0x63, 0x73, 0x76], "bad\\xff.csv"),
        ([0xC3, 0xA9, 0xFF, 0x01], "é\\xff\u{01}"),
        ([0xC3, 0x41], "\\xc3A"),
        ([0x80, 0xE2, 0x82], "\\x80\\xe2\\x82"),
    ] as [([UInt8], String)])
    func invalidArgument(bytes: [UInt8], text: String) {
        let cString = bytes.map { CChar(bitPattern: $0) } + [0]
        #expect(FileSystemName.argument(cString) == text)
        #expect(FileSystemName.bytes(text) == cString)
    }

    @Test("a UTF-8 argument is itself")
    func validArgument() {
        let cString = Array("rapport-été.csv".utf8CString)
        #expect(FileSystemName.argument(cString) == "rapport-été.csv")
        #expect(FileSystemName.bytes("rapport-été.csv") == cString)
    }
}
