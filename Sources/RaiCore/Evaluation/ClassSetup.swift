/// A multi-class or multi-label model as `rai eval` is asked to read it (issue 12), before the
/// header is known: a glob of score columns is resolved against the header's names.
///
/// - Multi-class with one score column per class: `--label COL` holds the true class, and
///   `--class-scores 'p_*'` (the part matched by `*` names the class) or
///   `--class-scores cat=p_cat,dog=p_dog` names the score columns.
/// - Multi-class with a JSON array of scores (JSON Lines): `--class-score-array KEY`, its
///   positions named by `--classes` (default `0`, `1`, …).
/// - Multi-class with hard predictions only: `--prediction COL`, with `--classes`.
/// - Multi-label: `--labels a,b,c --scores p_a,p_b,p_c`, K binary tasks in one file.
public struct ClassRequest: Sendable, Equatable {
    public enum Scores: Sendable, Equatable {
        /// `--class-scores 'prefix*suffix'`: every header column that matches, in class order.
        case glob(String)
        /// `--class-scores cat=p_cat,…`: (class, column) pairs in the order given.
        case columns([(name: String, column: String)])
        /// `--class-score-array KEY`: a JSON array of one score per class.
        case array(String)
        /// `--prediction COL`: the predicted class, no scores.
        case prediction(String)
        /// `--labels … --scores …`: one label column and one score column per task.
        case multiLabel(labels: [String], scores: [String])

        public static func == (a: Scores, b: Scores) -> Bool {
            switch (a, b) {
            case let (.glob(x), .glob(y)), let (.array(x), .array(y)), let (.prediction(x), .prediction(y)): return x == y
            case let (.columns(x), .columns(y)): return x.map(\.name) == y.map(\.name) && x.map(\.column) == y.map(\.column)
            case let (.multiLabel(l1, s1), .multiLabel(l2, s2)): return l1 == l2 && s1 == s2
            default: return false
            }
        }
    }

    public var scores: Scores
    /// `--classes a,b,c`: the class names and their order; empty when not given.
    public var names: [String]
    /// `--top-k 1,3`: sorted, without duplicates.
    public var topK: [Int]

    public init(scores: Scores, names: [String] = [], topK: [Int] = []) {
        self.scores = scores
        self.names = names
        self.topK = Array(Set(topK)).sorted()
    }

    /// The classes and columns, with a glob matched against `available` (the header, or the keys
    /// of the first JSON object); nil `available` when the input is not open yet, which leaves a
    /// glob unresolved (no names, no columns). `arrayLength` is the first row's score array
    /// length, used to name positions `0`, `1`, … when `--classes` is not given.
    public func resolve(available: [String]?, arrayLength: Int? = nil) throws(RaiError) -> ClassParameters {
        var resolved = ClassParameters(kind: .multiClass, names: names, scoreColumns: [], scoreArrayColumn: nil, predictionColumn: nil,
                                       labelColumns: [], topK: topK)
        switch scores {
        case .glob(let pattern):
            let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw .usage("'--class-scores \(pattern)' needs exactly one '*' (the class name), or a list cat=p_cat,dog=p_dog") }
            guard let available else { return resolved }
            var matched: [(name: String, column: String)] = []
            for column in available where column.count > parts[0].count + parts[1].count && column.hasPrefix(parts[0]) && column.hasSuffix(parts[1]) {
                matched.append((String(column.dropFirst(parts[0].count).dropLast(parts[1].count)), column))
            }
            guard matched.count >= 2 else {
                throw .usage("'--class-scores \(pattern)' matches \(matched.count) column(s) (\(matched.map(\.column).joined(separator: ", "))); a multi-class model needs at least 2")
            }
            if names.isEmpty {
                resolved.names = Self.sorted(matched.map(\.name))
            }
            var columns: [String] = []
            for name in resolved.names {
                guard let column = matched.first(where: { $0.name == name })?.column else {
                    throw .usage("class '\(name)' of --classes has no score column matching '\(pattern)'")
                }
                columns.append(column)
            }
            resolved.scoreColumns = columns
        case .columns(let pairs):
            if names.isEmpty { resolved.names = pairs.map(\.name) }
            resolved.scoreColumns = try resolved.names.map { name throws(RaiError) in
                guard let column = pairs.first(where: { $0.name == name })?.column else {
                    throw .usage("class '\(name)' of --classes has no score column in --class-scores")
                }
                return column
            }
        case .array(let key):
            resolved.scoreArrayColumn = key
            if names.isEmpty, let arrayLength { resolved.names = (0..<arrayLength).map(String.init) }
        case .prediction(let column):
            guard !names.isEmpty else { throw .usage("'--prediction' needs '--classes a,b,c': the classes a prediction may name, in report order") }
            resolved.predictionColumn = column
        case .multiLabel(let labels, let scores):
            guard labels.count == scores.count else {
                throw .usage("'--labels' names \(labels.count) column(s) and '--scores' \(scores.count); they pair up in order")
            }
            resolved.kind = .multiLabel
            resolved.labelColumns = labels
            resolved.scoreColumns = scores
            if names.isEmpty { resolved.names = labels }
            guard resolved.names.count == labels.count else { throw .usage("'--classes' names \(resolved.names.count) tasks and '--labels' \(labels.count)") }
        }
        // The names come from --classes when given, else from the list of columns or tasks.
        if let twice = resolved.names.indices.first(where: { resolved.names[..<$0].contains(resolved.names[$0]) }).map({ resolved.names[$0] }) {
            let source = !names.isEmpty ? "--classes" : resolved.kind == .multiLabel ? "--labels" : "--class-scores"
            throw .usage("class '\(twice)' is named twice in '\(source)'")
        }
        if resolved.kind == .multiClass && !resolved.names.isEmpty && resolved.names.count < 2 {
            throw .usage("a multi-class model needs at least 2 classes")
        }
        if let largest = topK.last, !resolved.names.isEmpty, largest > resolved.names.count {
            throw .usage("'--top-k \(largest)' is more than the \(resolved.names.count) classes")
        }
        if resolved.predictionColumn != nil, let largest = topK.last, largest > 1 {
            throw .usage("'--top-k \(largest)' needs class scores; hard predictions (--prediction) have only their top class")
        }
        if resolved.kind == .multiLabel && !topK.isEmpty { throw .usage("'--top-k' applies to multi-class models, not multi-label tasks") }
        return resolved
    }

    /// Class names in the order slice values are reported: numbers numerically, then text in
    /// natural order.
    static func sorted(_ names: [String]) -> [String] {
        let order = SliceOrder(names.map { [Array($0.utf8)] })
        return names.indices.sorted { order.precedes($0, $1) }.map { names[$0] }
    }
}

/// A multi-class or multi-label model as counted: the classes in report order and the columns
/// each is read from. Part of `EvalParameters`, so partial results merge only when they agree.
public struct ClassParameters: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// One true class per row; class c is the positive label of task c (one-vs-rest).
        case multiClass = "multi_class"
        /// One binary label per task.
        case multiLabel = "multi_label"
    }

    public var kind: Kind
    public var names: [String]
    /// One score column per class (multi-class wide input, multi-label); empty otherwise.
    public var scoreColumns: [String]
    /// The JSON key of the array of scores, for that input form.
    public var scoreArrayColumn: String?
    /// `--prediction COL`: hard predictions, no scores.
    public var predictionColumn: String?
    /// Multi-label: one label column per task.
    public var labelColumns: [String]
    /// The top-k operating points, sorted (multi-class with scores: always at least 1).
    public var topK: [Int]

    /// Whether the model has class scores (so threshold operating points and AUC).
    public var hasScores: Bool { predictionColumn == nil }

    /// The operating points of each class's one-vs-rest results: every threshold (with scores),
    /// then every top-k (multi-class).
    public func operatingPoints(thresholds: [Double]) -> [OperatingPoint] {
        (hasScores ? thresholds.map { .threshold($0) } : []) + (kind == .multiClass ? topKPoints.map { .topK($0) } : [])
    }

    /// The top-k operating points counted: those asked for, and always top-1 (the arg-max, or the
    /// prediction), which the confusion matrix gives for free.
    public var topKPoints: [Int] { kind == .multiClass ? Array(Set(topK + [1])).sorted() : [] }

    /// The largest k counted apart from the arg-max: ranks up to it need counting per class.
    var rankDepth: Int { (topKPoints.last ?? 1) > 1 ? topKPoints.last! : 0 }

    /// Refuses a class score column that is also the label, the weight or a slice column: a glob
    /// such as `p_*` also matches `p_weight`, and that column would then be read as one more
    /// class's scores, changing every arg-max, top-k and rate with no error.
    func checkScoreColumns(label: String, weight: String?, slices: [String]) throws(RaiError) {
        let labels = kind == .multiLabel ? labelColumns : [label]
        let others = labels.map { ($0, "the label") } + (weight.map { [($0, "the weight")] } ?? []) + slices.map { ($0, "a slice column") }
        let scores = scoreColumns.enumerated().map { ($1, names.indices.contains($0) ? names[$0] : $1) }
            + (scoreArrayColumn.map { [($0, "every class")] } ?? [])
        for (column, owner) in scores {
            guard let role = others.first(where: { $0.0 == column })?.1 else { continue }
            throw .usage("column '\(column)' is both the scores of class '\(owner)' and \(role); name the classes with '--classes' or list their columns with '--class-scores C=COL,…'")
        }
    }
}
