/// The columns a job reads, each once, and the role of each: the slots scanners fill.
struct Projection: Sendable {
    /// Column (or JSON key) name of each slot.
    let names: [String]
    let labelSlot: Int
    let scoreSlot: Int
    let weightSlot: Int?
    let baselineSlot: Int?
    /// The slot of each slice column, in `SlicePlan.columns` order.
    let sliceSlots: [Int]

    init(request: EvaluationRequest, plan: SlicePlan) {
        var names: [String] = []
        func slot(_ name: String) -> Int {
            if let index = names.firstIndex(of: name) { return index }
            names.append(name)
            return names.count - 1
        }
        labelSlot = slot(request.labelColumn)
        scoreSlot = slot(request.scoreColumn)
        weightSlot = request.weightColumn.map(slot)
        baselineSlot = request.baselineScoreColumn.map(slot)
        sliceSlots = plan.columns.map(slot)
        self.names = names
    }

    /// For each header column, the slot it fills or -1.
    func slotOfColumn(header: [String]) -> [Int] {
        header.map { names.firstIndex(of: $0) ?? -1 }
    }
}
