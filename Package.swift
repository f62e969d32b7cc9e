// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rai",
    products: [
        .executable(name: "rai", targets: ["rai"]),
        .library(name: "RaiCore", targets: ["RaiCore"]),
    ],
    targets: [
        .target(name: "RaiCore"),
        .executableTarget(name: "rai", dependencies: ["RaiCore"]),
        .testTarget(name: "RaiCoreTests", dependencies: ["RaiCore"]),
        .testTarget(name: "RaiEndToEndTests", dependencies: ["rai"]),
    ]
)
