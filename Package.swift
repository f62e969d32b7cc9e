// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rai",
    products: [
        .executable(name: "rai", targets: ["rai"]),
        .library(name: "RaiCore", targets: ["RaiCore"]),
    ],
    targets: [
        .target(name: "CRaiSupport"),
        .target(
            name: "RaiCore",
            dependencies: ["CRaiSupport"],
            // The hot loop mutates score tables (classes) row after row; dynamic exclusivity
            // checks on their properties cost a third of the run time. Accesses are confined to
            // one thread per table by design (see Evaluator).
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(name: "rai", dependencies: ["RaiCore"]),
        .testTarget(name: "RaiCoreTests", dependencies: ["RaiCore"]),
        .testTarget(name: "RaiEndToEndTests", dependencies: ["rai"]),
    ]
)
