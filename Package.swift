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
        // The tables rows are counted into, mutated row after row through class references: the
        // one target built without dynamic exclusivity checks, which would cost half the run time
        // there. Each table is used by one thread at a time (each type says how).
        .target(
            name: "RaiTables",
            dependencies: ["CRaiSupport"],
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))]
        ),
        .target(name: "RaiCore", dependencies: ["RaiTables", "CRaiSupport"]),
        .executableTarget(name: "rai", dependencies: ["RaiCore", "CRaiSupport"]),
        .testTarget(name: "RaiCoreTests", dependencies: ["RaiCore", "RaiTables"]),
        .testTarget(name: "RaiEndToEndTests", dependencies: ["rai"]),
    ]
)
