import Foundation
import RaiTables

/// The memory the Poisson bootstrap's replicate tables take, known before counting.
///
/// Per combination of slice values, every worker and the totals each keep, per replicate, the
/// positives and negatives of every threshold bin and of the 256 buckets of the AUC grid as
/// 16-byte sums (`BootstrapCounts`): 8.06 KiB per replicate with one threshold, so 7.9 MiB for
/// `--bootstrap 1000`, times the worker count plus one. The tables grow by doubling as
/// combinations appear, which costs up to half as much again; the estimate counts that too, so it
/// is an upper bound (measured on 200k rows sliced by region × race, 306 combinations: the peak
/// resident size above a run without bootstrap was 0.85 of it with one thread and 0.66–0.77 with
/// two). A run whose
/// tables would pass the budget is refused with usage status when the first combination over
/// it appears, before its tables are allocated, instead of failing to allocate midway.
public struct BootstrapMemory: Sendable, Equatable {
    public let replicates: Int
    public let thresholds: Int
    public let threads: Int
    /// The most bytes the tables may take.
    public let budget: Int

    /// Half the memory this process may use (`ProcessMemory.available`).
    public static var defaultBudget: Int { ProcessMemory.available / 2 }

    public init(replicates: Int, thresholds: Int, threads: Int, budget: Int) {
        self.replicates = replicates
        self.thresholds = thresholds
        self.threads = threads
        self.budget = budget
    }

    /// One table's bytes per combination: replicates × (threshold bins + grid buckets) × 2 sums.
    public var bytesPerTable: Int {
        replicates * (thresholds + 1 + BootstrapCounts.gridSize) * 2 * MemoryLayout<Int128>.stride
    }

    /// Every worker's table and the totals, with room for growth.
    public var bytesPerCombination: Int { bytesPerTable * (threads + 1) * 3 / 2 }

    /// The most combinations of slice values the budget holds.
    public var maximumCombinations: Int { budget / bytesPerCombination }

    /// The usage error of a run that would pass the budget: what it costs and how to lower it.
    public var refusal: RaiError {
        let cost = "--bootstrap \(replicates) takes about \(Self.format(bytesPerCombination)) per combination of slice values "
            + "(\(Self.format(bytesPerTable)) of replicate counts in each of \(threads) worker\(threads == 1 ? "" : "s") and the totals, "
            + "and room to grow)"
        let over = maximumCombinations < 1
            ? "more than the bootstrap memory limit of \(Self.format(budget)) for even one combination"
            : "the bootstrap memory limit of \(Self.format(budget)) holds \(maximumCombinations) combinations and the input has more"
        return .usage(cost + "; " + over + ". Lower --bootstrap, slice by fewer or coarser columns, use fewer --threads, "
            + "or raise --bootstrap-memory")
    }

    /// `bytes` in KiB, MiB or GiB with two significant decimals.
    static func format(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }
}
