import Foundation
import Testing
@testable import RaiCore
@testable import RaiTables

@Suite("Poisson bootstrap")
struct BootstrapTests {
    func run(threads: Int, blockSize: Int, seed: UInt64 = 7) throws -> EvaluationResult {
        var request = EvaluationRequest(path: fixturesDirectory + "/predictions.csv", labelColumn: "label", scoreColumn: "score",
                                        weightColumn: "weight", slices: [["race"]], thresholds: [0.5], threads: threads,
                                        blockSize: blockSize)
        request.bootstrap = (replicates: 50, seed: seed)
        return try Evaluator.evaluate(request)
    }

    @Test("replicates are identical for any thread count and block size, and change with the seed")
    func determinism() throws {
        let reference = try run(threads: 1, blockSize: 1 << 20)
        #expect(reference.slices[0].bootstrap?.rates[0][0].count == 50)
        for (threads, block) in [(2, 100), (3, 4096)] {
            #expect(try run(threads: threads, blockSize: block).slices.map(\.bootstrap) == reference.slices.map(\.bootstrap))
        }
        #expect(try run(threads: 1, blockSize: 1 << 20, seed: 8).slices[0].bootstrap != reference.slices[0].bootstrap)
    }

    @Test("Poisson(1) draws have mean and variance 1")
    func poisson() {
        var state: UInt64 = 1
        var sum = 0.0, squares = 0.0
        let n = 200_000
        for _ in 0..<n {
            state = BootstrapCounts.mix(state &+ 0x9E37_79B9_7F4A_7C15)
            let x = Double(BootstrapCounts.poisson(state))
            sum += x
            squares += x * x
        }
        let mean = sum / Double(n)
        #expect(abs(mean - 1) < 0.01)
        #expect(abs(squares / Double(n) - mean * mean - 1) < 0.02)
    }

    @Test("percentile intervals use type-7 quantiles and ignore undefined replicates")
    func percentiles() throws {
        // 0…10: the 2.5% quantile is at position 0.25 → 0.25; the 97.5% at 9.75.
        let interval = try #require(FairnessAnalysis.percentileInterval((0...10).map { Double($0) } + [nil], confidence: 0.95))
        #expect(abs(interval.lower - 0.25) < 1e-12)
        #expect(abs(interval.upper - 9.75) < 1e-12)
        #expect(FairnessAnalysis.percentileInterval([1, nil], confidence: 0.95) == nil)
    }

    @Test("bootstrap intervals cover the point estimate and are reported in JSON")
    func intervals() throws {
        let result = try run(threads: 2, blockSize: 4096)
        let report = FairnessReport(result: result, version: "test")
        let fpr = try #require(report.analysis.specs[0].thresholds[0].rates.first { $0.rate == .falsePositiveRate })
        for comparison in fpr.comparisons where comparison.value != nil && !comparison.isSmall {
            let interval = try #require(comparison.bootstrapInterval)
            #expect(interval.lower <= comparison.value! && comparison.value! <= interval.upper, "\(comparison.slice)")
        }
        let json = ReportFormat.json.render(report)
        #expect(json.contains("\"largest_gap_bootstrap_interval\": ["))
        #expect(json.contains("\"auc_bootstrap_interval\": ["))
        #expect(json.contains("\"bootstrap_replicates\": 50"))
    }
}
