/// One model's label and score as `rai eval` counts them: a flag column of the `DecodedWindow`
/// (positive or not) and a number column (the score). The baseline model is a second task with
/// the same label.
struct EvalTask: Sendable {
    let label: Int
    let score: Int
}

/// A multi-class model as `rai eval` counts it beyond its one-vs-rest tasks: each row's true
/// class and predicted class (the class column of `--prediction`, or the arg-max of the class
/// scores, ties to the first class) for the confusion matrix, and each class's rank among the
/// row's scores for top-k decisions.
struct EvalClasses: Sendable {
    let count: Int
    /// The class column of the true class.
    let trueClass: Int
    /// The class column of hard predictions, when there are no scores.
    let predicted: Int?
    /// Ranks 0 ..< `ranks` are counted apart, higher ones together in one more bin; a class is
    /// among the top k (k ≤ `ranks`) when its rank is below k. A class's rank is the number of
    /// classes scoring higher, plus those scoring the same that come before it, so rank 0 is the
    /// arg-max. With hard predictions the predicted class has rank 0 and the others rank 1.
    let ranks: Int

    /// Cells per group of the confusion matrix (`true * count + predicted`) and of the ranks
    /// (`class * (ranks + 1) + min(rank, ranks)`).
    var confusionCells: Int { count * count }
    var rankCells: Int { count * (ranks + 1) }
}

/// What `rai eval` counts on one worker, per combination of slice values: for each task and
/// threshold bin (`ThresholdBins`) the positives and negatives (`BinCounts`); with two tasks (a
/// baseline model), the joint bin of both, from which flips of decisions follow; the bootstrap
/// replicates; and every row's score update for AUC, in the block's `ScoreBatch`, applied to the
/// shared `ScoreCollector`s by the `ScoreApplier`.
struct EvalCounter<W: Weighting>: CombinationCounter {
    let thresholds: [Double]
    let tasks: [EvalTask]
    /// The number column of the weights, when weighted, and how they become integers.
    let weight: Int?
    let scale: WeightScale
    /// Bins per task: thresholds + 1.
    let bins: Int
    let cells: BinCounts
    /// With a baseline model (tasks 0 and 1): the joint bin of both.
    let joint: BinCounts?
    let classes: EvalClasses?
    let confusion: BinCounts?
    let ranks: BinCounts?
    let bootstrap: BootstrapCounts?
    let applier: ScoreApplier<W>?
    private var batch: ScoreBatch<W.Amount>?

    init(thresholds: [Double], tasks: [EvalTask], baseline: Bool, classes: EvalClasses?, weight: Int?, scale: WeightScale,
         bootstrap: (replicates: Int, seed: UInt64)?, applier: ScoreApplier<W>?) {
        self.thresholds = thresholds
        self.tasks = tasks
        self.weight = weight
        self.scale = scale
        self.classes = classes
        bins = thresholds.count + 1
        cells = BinCounts(cellsPerGroup: tasks.count * bins, weighted: W.isWeighted)
        joint = baseline ? BinCounts(cellsPerGroup: bins * bins, weighted: W.isWeighted) : nil
        confusion = classes.map { BinCounts(cellsPerGroup: $0.confusionCells, weighted: W.isWeighted) }
        ranks = classes.map { BinCounts(cellsPerGroup: $0.rankCells, weighted: W.isWeighted) }
        self.bootstrap = bootstrap.map {
            BootstrapCounts(replicates: $0.replicates, seed: $0.seed, bins: thresholds.count + 1, weighted: W.isWeighted)
        }
        self.applier = applier
    }

    /// The bootstrap draws each row's replicates from its key.
    var needsRowKeys: Bool { bootstrap != nil }

    mutating func reserveCombinations(_ count: Int) {
        cells.reserve(groups: count)
        joint?.reserve(groups: count)
        confusion?.reserve(groups: count)
        ranks?.reserve(groups: count)
        bootstrap?.reserve(groups: count)
    }

    mutating func beginBlock() {
        batch = applier?.emptyBatch()
    }

    mutating func endBlock() {
        if let batch { applier?.submit(batch) }
        batch = nil
    }

    mutating func count(_ window: DecodedWindow, shared: UnsafeBufferPointer<Int32>) {
        if tasks.count == 1 && bootstrap == nil && classes == nil {
            countOneTask(window, shared: shared)
        } else if let classes, !tasks.isEmpty, classes.predicted == nil, bootstrap == nil, joint == nil {
            countClassScores(classes, window, shared: shared)
        } else {
            countEveryTask(window, shared: shared)
        }
    }

    /// The usual case, one model and no bootstrap, in one tight loop.
    private func countOneTask(_ window: DecodedWindow, shared sharedIndex: UnsafeBufferPointer<Int32>) {
        let count = window.count
        let batch = self.batch
        batch?.reserve(additional: count)
        let cells = self.cells, combos = window.combos
        let scores = window.numbers(tasks[0].score), positives = window.flags(tasks[0].label)
        let weights = weight.map { window.numbers($0) }
        let scale = self.scale
        thresholds.withUnsafeBufferPointer { thresholds in
            for row in 0..<count {
                let combo = Int(combos[row])
                let score = scores[row]
                let bin = ThresholdBins.bin(of: score, thresholds: thresholds)
                let positive = positives[row]
                let fixed = W.isWeighted ? scale.fixed(weights.unsafelyUnwrapped[row]) : 1
                if W.isWeighted {
                    cells.add(group: combo, cell: bin, positive: positive, weight: fixed)
                } else {
                    cells.count(group: combo, cell: bin, positive: positive)
                }
                batch?.appendReserved(key: ScoreTable<W.Amount>.orderKey(score), positive: positive,
                                      amount: W.Amount(truncatingIfNeeded: fixed), weighted: W.isWeighted, group: sharedIndex[combo])
            }
        }
    }

    /// A multi-class model with class scores (task c: class c's flag and score), in one loop over
    /// raw pointers: each task's bin and score update, the arg-max found on the way (ties to the
    /// first class), and the ranks for top-k beyond 1.
    private func countClassScores(_ classes: EvalClasses, _ window: DecodedWindow, shared sharedIndex: UnsafeBufferPointer<Int32>) {
        let count = window.count, k = tasks.count, bins = self.bins, depth = classes.ranks
        let batch = self.batch
        batch?.reserve(additional: count)
        let weights = weight.map { window.numbers($0) }
        let scores = UnsafeMutablePointer<UnsafeMutablePointer<Double>>.allocate(capacity: k)
        let positives = UnsafeMutablePointer<UnsafeMutablePointer<Bool>>.allocate(capacity: k)
        defer {
            scores.deallocate()
            positives.deallocate()
        }
        for task in 0..<k {
            scores[task] = window.numbers(tasks[task].score)
            positives[task] = window.flags(tasks[task].label)
        }
        let actualClasses = window.classes(classes.trueClass), combos = window.combos
        let cells = self.cells, confusion = self.confusion.unsafelyUnwrapped, ranks = self.ranks
        let scale = self.scale
        // Top-k ranks: the row's `depth` best classes, in order (`leaders`), and each class's rank
        // bin (`rankBin`: its place among the leaders, else `depth`).
        let leaders = UnsafeMutablePointer<Int>.allocate(capacity: max(depth, 1))
        let rankBin = UnsafeMutablePointer<Int>.allocate(capacity: k)
        defer {
            leaders.deallocate()
            rankBin.deallocate()
        }
        thresholds.withUnsafeBufferPointer { thresholds in
            for row in 0..<count {
                let combo = Int(combos[row])
                let fixed = W.isWeighted ? scale.fixed(weights.unsafelyUnwrapped[row]) : 1
                let batchRow = batch?.appendReserved(amount: W.Amount(truncatingIfNeeded: fixed), weighted: W.isWeighted,
                                                     group: sharedIndex[combo])
                var best = 0
                var bestScore = -Double.infinity
                for task in 0..<k {
                    let score = scores[task][row], positive = positives[task][row]
                    if score > bestScore {
                        best = task
                        bestScore = score
                    }
                    let cell = task &* bins &+ ThresholdBins.bin(of: score, thresholds: thresholds)
                    if W.isWeighted {
                        cells.add(group: combo, cell: cell, positive: positive, weight: fixed)
                    } else {
                        cells.count(group: combo, cell: cell, positive: positive)
                    }
                    if let batchRow { batch.unsafelyUnwrapped.set(task: task, row: batchRow, key: ScoreTable<W.Amount>.orderKey(score), positive: positive) }
                }
                let actual = Int(actualClasses[row])
                if W.isWeighted {
                    confusion.add(group: combo, cell: actual &* k &+ best, positive: true, weight: fixed)
                } else {
                    confusion.count(group: combo, cell: actual &* k &+ best, positive: true)
                }
                guard depth > 0, let ranks else { continue }
                // A class's rank is its place in the order of (score descending, class ascending):
                // the classes scoring higher, and those scoring the same listed before it. Classes
                // come in ascending order, so a class enters the leaders only past those it
                // strictly outscores: O(k · depth) per row instead of comparing every pair.
                var filled = 0
                for c in 0..<k {
                    rankBin[c] = depth
                    let score = scores[c][row]
                    var place = filled
                    while place > 0 && score > scores[leaders[place &- 1]][row] { place &-= 1 }
                    guard place < depth else { continue }
                    var move = min(filled, depth &- 1)
                    while move > place {
                        leaders[move] = leaders[move &- 1]
                        move &-= 1
                    }
                    leaders[place] = c
                    if filled < depth { filled &+= 1 }
                }
                for place in 0..<filled { rankBin[leaders[place]] = place }
                for c in 0..<k {
                    ranks.add(group: combo, cell: c &* (depth &+ 1) &+ rankBin[c], positive: c == actual, weight: fixed)
                }
            }
        }
    }

    /// The confusion matrix and the ranks of one row of a multi-class model.
    private func countClasses(_ classes: EvalClasses, _ window: DecodedWindow, row: Int, combo: Int,
                              scores: [UnsafeMutablePointer<Double>], weight: Int128) {
        let actual = Int(window.classes(classes.trueClass)[row])
        let k = classes.count, top = classes.ranks
        var predicted = 0
        if let column = classes.predicted {
            predicted = Int(window.classes(column)[row])
        } else {
            for c in 1..<k where scores[c][row] > scores[predicted][row] { predicted = c }
        }
        confusion!.add(group: combo, cell: actual &* k &+ predicted, positive: true, weight: weight)
        guard top > 0 else { return }
        for c in 0..<k {
            var rank = 0
            if classes.predicted != nil {
                rank = c == predicted ? 0 : 1
            } else {
                let score = scores[c][row]
                for j in 0..<k where scores[j][row] > score || (j < c && scores[j][row] == score) { rank &+= 1 }
            }
            ranks!.add(group: combo, cell: c &* (top &+ 1) &+ min(rank, top), positive: c == actual, weight: weight)
        }
    }

    /// Every task, the joint bins of two tasks and the bootstrap.
    private func countEveryTask(_ window: DecodedWindow, shared sharedIndex: UnsafeBufferPointer<Int32>) {
        let count = window.count
        let batch = self.batch
        batch?.reserve(additional: count)
        let weights = weight.map { window.numbers($0) }
        let scores = tasks.map { window.numbers($0.score) }, positives = tasks.map { window.flags($0.label) }
        var rowBins = [Int](repeating: 0, count: tasks.count)
        thresholds.withUnsafeBufferPointer { thresholds in
            for row in 0..<count {
                let combo = Int(window.combos[row])
                let fixed = W.isWeighted ? scale.fixed(weights.unsafelyUnwrapped[row]) : 1
                let batchRow = batch?.appendReserved(amount: W.Amount(truncatingIfNeeded: fixed), weighted: W.isWeighted,
                                                     group: sharedIndex[combo])
                for task in tasks.indices {
                    let score = scores[task][row], positive = positives[task][row]
                    let bin = ThresholdBins.bin(of: score, thresholds: thresholds)
                    rowBins[task] = bin
                    cells.add(group: combo, cell: task &* bins &+ bin, positive: positive, weight: fixed)
                    if let batchRow { batch?.set(task: task, row: batchRow, key: ScoreTable<W.Amount>.orderKey(score), positive: positive) }
                }
                joint?.add(group: combo, cell: rowBins[0] &* bins &+ rowBins[1], positive: positives[0][row], weight: fixed)
                if let classes { countClasses(classes, window, row: row, combo: combo, scores: scores, weight: fixed) }
                bootstrap?.add(group: combo, rowKey: window.rowKeys[row], bin: rowBins[0],
                               bucket: BootstrapCounts.bucket(of: scores[0][row]), positive: positives[0][row], amount: fixed)
            }
        }
    }
}
