// swift-tools-version:6.0
import Foundation
import PackageDescription

// A libFuzzer target for rai's input scanners, kept out of the main package so that `swift build`
// and `swift test` there never need the fuzzer runtime. Build and run from this folder:
//
//     swift build --sanitize=fuzzer
//     .build/debug/FuzzScanners -max_len=1024 -dict=scanners.dict -runs=10000000 /tmp/rai-corpus
//
// The harness reaches internal types through `@testable import`, which debug builds allow; a
// release build needs `-Xswiftc -enable-testing`.
//
// The main package is a path dependency; its identity is the name of the folder it is checked out
// in, so it is derived here rather than spelled out.
let raiPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "RaiFuzz",
    dependencies: [.package(path: raiPackage.path)],
    targets: [
        .executableTarget(
            name: "FuzzScanners",
            dependencies: [.product(name: "RaiCore", package: raiPackage.lastPathComponent)],
            // libFuzzer provides `main`.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
