/// What a job reads from each row: the columns it needs, each once, and the role each plays.
///
/// A command describes its input as roles instead of fixed slots: *flags* (a label or a
/// membership column, decoded to true/false by a `LabelRule`), *numbers* (a score, a weight, a
/// loss: finite decimals, with the checks and transform of their kind), *classes* (a multi-class
/// label or prediction, decoded to a class index and, for a label, one flag per class), *score
/// arrays* (a JSON array of one score per class) and *slice columns* (values interned to small
/// ids). The scanners fill one field per column (a "slot"); the
/// `WindowDecoder` turns the fields of every role into the columns of a `DecodedWindow`. A
/// column may play several roles (`--slice label` slices by the label itself): it is read once
/// and decoded once per role.
public struct RowLayout: Sendable {
    /// Column (or JSON key) names, each once, in slot order.
    public private(set) var columns: [String] = []
    public private(set) var flags: [FlagRole] = []
    public private(set) var numbers: [NumberRole] = []
    public private(set) var classes: [ClassRole] = []
    public private(set) var scoreArrays: [ScoreArrayRole] = []
    /// Number columns computed from other roles of the same row (`LossRole`), after every read one.
    public private(set) var losses: [LossRole] = []
    /// The slot of each slice column, in `SlicePlan.columns` order.
    public private(set) var sliceSlots: [Int] = []
    /// The slot of each raw column, whose bytes are handed to the counter as they are
    /// (`DecodedWindow.rawValue`): for commands that look at values of any type (`rai data`).
    public private(set) var rawSlots: [Int] = []
    /// The column whose bytes key each row (`--row-id`), hashed into `DecodedWindow.rowKeys`.
    public private(set) var rowKeySlot: Int?
    /// How weights become exact integers; chosen from the first rows (`Engine.firstValues`).
    public var weightScale = WeightScale(exponent: 0)

    public init() {}

    /// The slot of `column`, added if new.
    public mutating func slot(_ column: String) -> Int {
        if let index = columns.firstIndex(of: column) { return index }
        columns.append(column)
        return columns.count - 1
    }

    /// Adds a flag role; returns its index among the flag columns of a `DecodedWindow`.
    @discardableResult
    public mutating func addFlag(_ column: String, meaning: ValueMeaning, rule: LabelRule) -> Int {
        precondition(classes.isEmpty, "flag roles come before class roles")
        flags.append(FlagRole(slot: slot(column), meaning: meaning, rule: rule))
        return flags.count - 1
    }

    /// Adds a number role; returns its index among the number columns of a `DecodedWindow`.
    @discardableResult
    public mutating func addNumber(_ column: String, meaning: ValueMeaning) -> Int {
        precondition(scoreArrays.isEmpty && losses.isEmpty, "number roles come before score arrays and losses")
        numbers.append(NumberRole(slot: slot(column), meaning: meaning))
        return numbers.count - 1
    }

    /// Adds a class role: `column` holds a class name (or its index) from `names`. A label also
    /// gets one flag column per class (true where the row is of that class), starting at the
    /// returned `flags`. Returns the index of its column of class indices, and that flag base.
    @discardableResult
    public mutating func addClass(_ column: String, meaning: ValueMeaning, names: [String]) -> (classColumn: Int, flags: Int?) {
        let flagBase = meaning == .label ? flagColumnCount : nil
        classes.append(ClassRole(slot: slot(column), meaning: meaning, names: names, flagBase: flagBase))
        return (classes.count - 1, flagBase)
    }

    /// Adds a score array role: `column` holds a JSON array of `count` numbers, decoded into as
    /// many number columns; returns the first.
    @discardableResult
    public mutating func addScoreArray(_ column: String, count: Int) -> Int {
        precondition(losses.isEmpty, "score arrays come before losses")
        let base = numbers.count + scoreArrays.reduce(0) { $0 + $1.count }
        scoreArrays.append(ScoreArrayRole(slot: slot(column), count: count, numberBase: base))
        return base
    }

    /// Adds a loss computed from other roles of each row (`LossRole`); returns its number column,
    /// which follows every other.
    @discardableResult
    public mutating func addLoss(_ source: LossRole.Source) -> Int {
        let column = numberColumnCount
        let scoreColumn: Int
        switch source {
        case .binary(_, let score, _): scoreColumn = score
        case .trueClass(_, let scores): scoreColumn = scores[0]
        }
        let scoreSlot = scoreColumn < numbers.count ? numbers[scoreColumn].slot
            : scoreArrays.first { scoreColumn >= $0.numberBase && scoreColumn < $0.numberBase + $0.count }!.slot
        losses.append(LossRole(source: source, number: column, scoreSlot: scoreSlot))
        return column
    }

    /// Flag columns in a `DecodedWindow`: one per flag role, and one per class of each label.
    public var flagColumnCount: Int {
        flags.count + classes.reduce(0) { $0 + ($1.flagBase == nil ? 0 : $1.names.count) }
    }

    /// Number columns in a `DecodedWindow`: one per number role, and those of score arrays.
    public var numberColumnCount: Int { numbers.count + scoreArrays.reduce(0) { $0 + $1.count } + losses.count }

    /// Adds a raw role: the counter gets the bytes of `column` of each row, unescaped, empty when
    /// missing. Returns its index among the raw columns of a `DecodedWindow`.
    @discardableResult
    public mutating func addRaw(_ column: String) -> Int {
        rawSlots.append(slot(column))
        return rawSlots.count - 1
    }

    /// Keys rows by the bytes of `column` (a missing value keys like an empty one).
    public mutating func setRowKey(_ column: String) {
        rowKeySlot = slot(column)
    }

    /// Adds the slice columns of `plan`, in order.
    public mutating func addSliceColumns(_ plan: SlicePlan) {
        sliceSlots = plan.columns.map { slot($0) }
    }

    /// For each header column, the slot it fills or -1.
    public func slotOfColumn(header: [String]) -> [Int] {
        header.map { columns.firstIndex(of: $0) ?? -1 }
    }

    /// The column names that are slice or raw columns only: in JSON Lines such a key may be
    /// absent from some objects (absent means missing), so it is not required in the first one.
    public var sliceOnlyColumns: Set<String> {
        var only = Set((sliceSlots + rawSlots).map { columns[$0] })
        for slot in flags.map(\.slot) + numbers.map(\.slot) + classes.map(\.slot) + scoreArrays.map(\.slot) {
            only.remove(columns[slot])
        }
        return only
    }
}

/// What a value means to the job: it names the value in messages and skip reasons.
public enum ValueMeaning: Sendable, Equatable {
    case label
    case score
    case weight
    /// A predicted class (`--prediction`).
    case prediction
    /// Whether the row was in the model's training set (`rai privacy --member`).
    case member
    /// A per-example loss (`rai privacy --loss`).
    case loss
}

/// A column decoded to true or false.
public struct FlagRole: Sendable {
    public let slot: Int
    public let meaning: ValueMeaning
    public let rule: LabelRule
}

/// A column decoded to a class index: a class name, or, when no name matches and no name is a
/// number, an index `0 ..< names.count` written as a whole number.
public struct ClassRole: Sendable {
    public let slot: Int
    public let meaning: ValueMeaning
    public let names: [String]
    /// For a label: the first of its flag columns, one per class.
    public let flagBase: Int?
}

/// A column holding a JSON array of one score per class.
public struct ScoreArrayRole: Sendable {
    public let slot: Int
    public let count: Int
    public let numberBase: Int
}

/// A column decoded to a finite number. Weights must also be non-negative and representable
/// (`WeightScale`).
public struct NumberRole: Sendable {
    public let slot: Int
    public let meaning: ValueMeaning
}

extension ValueMeaning {
    /// The problem of a row whose value is absent.
    var missingProblem: DataProblem {
        switch self {
        case .label: return .missingLabel
        case .score: return .missingScore
        case .weight: return .missingWeight
        case .prediction: return .missingPrediction
        case .member: return .missingMember
        case .loss: return .missingLoss
        }
    }

    /// The problem of a row whose value `text` cannot be read.
    func invalidProblem(_ text: String) -> DataProblem {
        switch self {
        case .label: return .invalidLabel(text)
        case .score: return .invalidScore(text)
        case .weight: return .invalidWeight(text)
        case .prediction: return .invalidPrediction(text)
        case .member: return .invalidMember(text)
        case .loss: return .invalidLoss(text)
        }
    }
}
