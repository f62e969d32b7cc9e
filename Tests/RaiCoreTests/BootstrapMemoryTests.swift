import Foundation
import Testing
@testable import RaiCore

@Suite("Bootstrap memory budget")
struct BootstrapMemoryTests {
    @Test("the estimate per combination: replicates × (bins + 256 grid buckets) × 2 sums of 16 bytes, per worker and totals, plus half for growth")
    func estimate() {
        let memory = BootstrapMemory(replicates: 1000, thresholds: 1, threads: 2, budget: 1 << 30)
        #expect(memory.bytesPerTable == 1000 * (2 + 256) * 2 * 16)  // 8,256,000
        #expect(memory.bytesPerCombination == 8_256_000 * 3 * 3 / 2)  // 37,152,000
        #expect(memory.maximumCombinations == (1 << 30) / 37_152_000)  // 28
    }

    func request(budget: Int) -> EvaluationRequest {
        var request = EvaluationRequest(path: fixturesDirectory + "/predictions.csv", labelColumn: "label", scoreColumn: "score",
                                        slices: [["sex", "race"]], thresholds: [0.5], threads: 1)
        request.bootstrap = (replicates: 100, seed: 0)
        request.bootstrapMemoryBudget = budget
        return request
    }

    @Test("a run whose replicate tables would pass the budget is a usage error that gives the cost, not an allocation failure")
    func refused() throws {
        // 100 × 258 × 32 bytes = 825,600 per table, × 2 tables × 1.5 = 2,476,800 per combination:
        // 8 MiB holds 3 of the 15 combinations of sex × race.
        #expect {
            try Evaluator.evaluate(request(budget: 8 << 20))
        } throws: { error in
            guard case .usage(let message) = error as? RaiError else { return false }
            return message.contains("--bootstrap 100 takes about 2.4 MiB per combination of slice values")
                && message.contains("holds 3 combinations and the input has more") && message.contains("--bootstrap-memory")
        }
        // Not even one combination fits: refused before reading.
        var missing = request(budget: 1 << 20)
        missing.path = "/nonexistent.csv"
        #expect(throws: RaiError.usage(BootstrapMemory(replicates: 100, thresholds: 1, threads: 1, budget: 1 << 20).refusal.message)) {
            try Evaluator.evaluate(missing)
        }
        #expect(try Evaluator.evaluate(request(budget: 1 << 30)).slices.count > 1)
    }
}
