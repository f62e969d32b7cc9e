/// Which of a row's own values put it in a derived slice of `rai privacy` (TF Privacy's
/// `SlicingSpec`): its true class and whether the model classified it correctly. Each
/// combination of slice values is split into `2 × classes` *groups* of the score tables
/// (`group = combination · parts + class · 2 + correct`), so slices by class and by correctness
/// are unions of groups, swept like any other slice. Without a label there is one class.
struct AttackGroup {
    let classes: Int
    var parts: Int { classes * 2 }

    @inline(__always)
    static func part(trueClass: Int, correct: Bool) -> Int32 { Int32(trueClass &* 2) | (correct ? 1 : 0) }

    func trueClass(ofGroup group: Int) -> Int { group % parts / 2 }
    func isCorrect(group: Int) -> Bool { group % parts & 1 != 0 }
}

/// What `rai privacy` counts on one worker: every row's attack score (−loss, so that members,
/// the attack's positives, are predicted by a high score) and membership, into the shared score
/// tables of its group. It is the score-table half of `EvalCounter` with membership as the label:
/// the attack's ROC per slice is swept from the same tables as eval's AUC.
struct PrivacyCounter: CombinationCounter {
    enum Member {
        /// A flag column of the window.
        case column(Int)
        /// Every row of the input (`--train` files are members, `--test` files are not).
        case constant(Bool)
    }

    /// What the row's true class and correctness are read from.
    enum Truth {
        /// No label: one class, correctness unknown.
        case none
        /// A binary label (a flag column) and, when known, the score (a number column): class 1
        /// is positive; correct when the score is above 0.5 (a logit above 0) for a positive.
        case binary(label: Int, score: Int?, kind: LossRole.ScoreKind)
        /// The true class (a class column) and each class's score: correct when the true class
        /// has the highest score (ties to the first class, as eval's arg-max).
        case multiClass(classColumn: Int, scores: [Int])
    }

    let member: Member
    /// The number column of the loss (read, or computed by a `LossRole`).
    let loss: Int
    let truth: Truth
    let groups: AttackGroup
    let applier: ScoreApplier<Unweighted>
    private var batch: ScoreBatch<Unweighted.Amount>?

    init(member: Member, loss: Int, truth: Truth, groups: AttackGroup, applier: ScoreApplier<Unweighted>) {
        self.member = member
        self.loss = loss
        self.truth = truth
        self.groups = groups
        self.applier = applier
    }

    var needsRowKeys: Bool { false }

    /// Nothing is kept per local combination: everything goes to the shared score tables.
    mutating func reserveCombinations(_ count: Int) {}

    mutating func beginBlock() {
        batch = applier.emptyBatch()
    }

    mutating func endBlock() {
        if let batch { applier.submit(batch) }
        batch = nil
    }

    mutating func count(_ window: DecodedWindow, shared: UnsafeBufferPointer<Int32>) {
        guard let batch else { return }
        let count = window.count
        batch.reserve(additional: count)
        let combos = window.combos, losses = window.numbers(loss)
        var members: UnsafeMutablePointer<Bool>?
        var constant = false
        switch member {
        case .column(let column): members = window.flags(column)
        case .constant(let value): constant = value
        }
        let parts = Int32(groups.parts)
        switch truth {
        case .none:
            for row in 0..<count {
                batch.appendReserved(key: ScoreTable<Unweighted.Amount>.orderKey(-losses[row]), positive: members?[row] ?? constant,
                                     amount: 1, weighted: false, group: shared[Int(combos[row])] &* parts)
            }
        case .binary(let label, let score, let kind):
            let labels = window.flags(label), scores = score.map { window.numbers($0) }
            for row in 0..<count {
                let positive = labels[row]
                let correct = scores.map { LossRole.isCorrect(label: positive, score: $0[row], kind: kind) } ?? false
                let part = AttackGroup.part(trueClass: positive ? 1 : 0, correct: correct)
                batch.appendReserved(key: ScoreTable<Unweighted.Amount>.orderKey(-losses[row]), positive: members?[row] ?? constant,
                                     amount: 1, weighted: false, group: shared[Int(combos[row])] &* parts &+ part)
            }
        case .multiClass(let classColumn, let scoreColumns):
            let classes = window.classes(classColumn), scores = scoreColumns.map { window.numbers($0) }
            for row in 0..<count {
                let actual = Int(classes[row])
                var predicted = 0
                for c in 1..<scores.count where scores[c][row] > scores[predicted][row] { predicted = c }
                let part = AttackGroup.part(trueClass: actual, correct: predicted == actual)
                batch.appendReserved(key: ScoreTable<Unweighted.Amount>.orderKey(-losses[row]), positive: members?[row] ?? constant,
                                     amount: 1, weighted: false, group: shared[Int(combos[row])] &* parts &+ part)
            }
        }
    }
}
