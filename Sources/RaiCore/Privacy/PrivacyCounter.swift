/// Which of a row's own values put it in a derived slice of `rai privacy` (TF Privacy's
/// `SlicingSpec`): its true class and whether the model classified it correctly. Each
/// combination of slice values is split into these four *groups* of the score tables
/// (`group = combination * 4 + part`), so slices by class and by correctness are unions of
/// groups, swept like any other slice.
enum AttackGroup {
    static let parts = 4

    @inline(__always)
    static func part(positive: Bool, correct: Bool) -> Int32 { (positive ? 2 : 0) | (correct ? 1 : 0) }

    static func isPositive(part: Int) -> Bool { part & 2 != 0 }
    static func isCorrect(part: Int) -> Bool { part & 1 != 0 }
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

    let member: Member
    /// The number column of the loss (read, or computed by a `LossRole`).
    let loss: Int
    /// The flag column of the true label, and the number column of the score, when known.
    let label: Int?
    let score: Int?
    let scoreKind: LossRole.ScoreKind
    let applier: ScoreApplier<Unweighted>
    private var batch: ScoreBatch<Unweighted.Amount>?

    init(member: Member, loss: Int, label: Int?, score: Int?, scoreKind: LossRole.ScoreKind, applier: ScoreApplier<Unweighted>) {
        self.member = member
        self.loss = loss
        self.label = label
        self.score = score
        self.scoreKind = scoreKind
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
        let members: UnsafeMutablePointer<Bool>?
        var constant = false
        switch member {
        case .column(let column): members = window.flags(column)
        case .constant(let value): members = nil; constant = value
        }
        let labels = label.map { window.flags($0) }, scores = score.map { window.numbers($0) }
        let kind = scoreKind
        for row in 0..<count {
            var part: Int32 = 0
            if let labels {
                let positive = labels[row]
                part = AttackGroup.part(positive: positive,
                                        correct: scores.map { LossRole.isCorrect(label: positive, score: $0[row], kind: kind) } ?? false)
            }
            let group = shared[Int(combos[row])] &* Int32(AttackGroup.parts) &+ part
            batch.appendReserved(key: ScoreTable<Unweighted.Amount>.orderKey(-losses[row]), positive: members?[row] ?? constant,
                                 amount: 1, weighted: false, group: group)
        }
    }
}
