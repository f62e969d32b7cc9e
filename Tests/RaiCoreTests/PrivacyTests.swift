import Foundation
import Testing
@testable import RaiCore

/// `rai privacy`'s threshold attack on hand-sized files, each expectation computed by hand.
@Suite("Membership inference")
struct PrivacyTests {
    /// Group a: members lose 0.1 and 0.3, non-members 0.2 and 0.5; group b: one of each at 0.4.
    let small = """
        member,loss,g
        1,0.1,a
        1,0.3,a
        0,0.2,a
        0,0.5,a
        1,0.4,b
        0,0.4,b

        """

    func attack(_ contents: String, extension ext: String = "csv", configure: (inout PrivacyRequest) -> Void) throws -> PrivacyResult {
        let path = temporaryFile(contents, extension: ext)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var request = PrivacyRequest(membership: .column(path: path, column: "member", memberValue: nil))
        request.minimumSliceSize = 0
        configure(&request)
        return try MembershipInference.run(request)
    }

    func lossRequest(_ request: inout PrivacyRequest) {
        request.lossColumn = "loss"
        request.slices = [["g"]]
    }

    @Test func attackAUCAdvantageAndPPVByHand() throws {
        let result = try attack(small, configure: lossRequest)
        let a = try #require(result.slices.first { $0.name == "g=a" })
        // Pairs (member loss, non-member loss) where the member's is lower: (0.1,0.2) (0.1,0.5)
        // (0.3,0.5) of 4 → 0.75.
        #expect(a.auc.value == 0.75)
        // Predict member when loss ≤ 0.1: TPR 1/2, FPR 0 → 0.5; ≤ 0.3: TPR 1, FPR 1/2 → 0.5. The
        // tie goes to the lower loss (the higher attack threshold): TP 1, FP 0 → PPV 1.
        #expect(a.advantage == 0.5)
        #expect(a.positivePredictiveValue == 1)
        #expect(a.truePositiveRate == 0.5 && a.falsePositiveRate == 0)
        #expect(a.lossThreshold == 0.1)
        #expect(a.baseRate == 0.5)
        // Hanley–McNeil, A = 0.75, m = n = 2: Q1 = 0.6, Q2 = 1.125/1.75; SE² = (0.1875 + 0.0375 +
        // 0.080357) / 4 = 0.076339, SE = 0.276296; 0.75 − 1.959964 · 0.276296 = 0.208470; the
        // upper end 1.2915 is clipped to 1.
        let interval = try #require(a.aucInterval)
        #expect(abs(interval.lower - 0.208470) < 1e-6 && interval.upper == 1)

        // Kolmogorov–Smirnov at 95%: √(−ln 0.025 / 2) · √(1/2 + 1/2) = 1.358102.
        #expect(abs(a.advantageChanceLevel! - 1.3581015157) < 1e-9)

        let b = try #require(result.slices.first { $0.name == "g=b" })
        // One member and one non-member at the same loss: a tie, 0.5; no threshold beats chance.
        #expect(b.auc.value == 0.5 && b.advantage == 0)
        #expect(b.positivePredictiveValue == nil && b.lossThreshold == nil)

        let overall = result.slices[0]
        #expect(overall.name == "overall" && overall.members == 3 && overall.nonMembers == 3)
        // Member 0.1 beats all 3, 0.3 beats 0.5 and 0.4, 0.4 beats 0.5 and ties 0.4: 6.5 / 9.
        #expect(abs(overall.auc.value! - 6.5 / 9) < 1e-15)
        // ≤ 0.1: 1/3 − 0; ≤ 0.3: 2/3 − 1/3; ≤ 0.4: 1 − 2/3: all 1/3, the lowest loss kept.
        #expect(abs(overall.advantage! - 1.0 / 3) < 1e-15)
        #expect(overall.positivePredictiveValue == 1)
    }

    @Test func lossPercentileBucketsByHand() throws {
        let result = try attack(small, configure: lossRequest)
        let buckets = result.slices.filter { $0.kind == .lossPercentile }
        // Sorted losses 0.1 0.2 0.3 0.4 0.4 0.5 have 0 1 2 3 3 5 lower ones; ⌊10r/6⌋ = 0 1 3 5 5 8.
        #expect(buckets.map(\.name) == ["loss_percentile=0-10", "loss_percentile=10-20", "loss_percentile=30-40",
                                        "loss_percentile=50-60", "loss_percentile=80-90"])
        #expect(buckets.map(\.members) == [1, 0, 1, 1, 0])
        #expect(buckets[0].withheldReason == "no non-members (held-out examples) in the slice")
        #expect(buckets[1].withheldReason == "no members (training examples) in the slice")
        #expect(buckets[3].auc.value == 0.5)
    }

    @Test func crossEntropyByHand() {
        // −ln 0.8, −ln 0.2, −ln(1e-15) (a score of exactly 0 for a positive is clipped)
        #expect(abs(LossRole.crossEntropy(label: true, score: 0.8, kind: .probability) - 0.22314355131420976) < 1e-15)
        #expect(abs(LossRole.crossEntropy(label: false, score: 0.8, kind: .probability) - 1.6094379124341003) < 1e-14)
        #expect(abs(LossRole.crossEntropy(label: true, score: 0, kind: .probability) - 34.538776394910684) < 1e-12)
        #expect(LossRole.crossEntropy(label: false, score: 1, kind: .probability).isFinite)
        // ln(1 + e⁻²) and 2 + ln(1 + e⁻²); a logit of 800 stays finite.
        #expect(abs(LossRole.crossEntropy(label: true, score: 2, kind: .logit) - 0.12692801104297263) < 1e-15)
        #expect(abs(LossRole.crossEntropy(label: false, score: 2, kind: .logit) - 2.1269280110429727) < 1e-15)
        #expect(LossRole.crossEntropy(label: false, score: 800, kind: .logit) == 800)
    }

    @Test func computedLossMatchesLossColumn() throws {
        // The same rows with the loss written out and with label and score: the same attack.
        let scores = [("1", "1", "0.9"), ("1", "0", "0.3"), ("0", "1", "0.6"), ("0", "0", "0.55"), ("1", "1", "0.7"), ("0", "1", "0.2")]
        let withScores = "member,label,score\n" + scores.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n"
        let withLoss = "member,loss\n" + scores.map { row -> String in
            let loss = LossRole.crossEntropy(label: row.1 == "1", score: Double(row.2)!, kind: .probability)
            return "\(row.0),\(loss)"
        }.joined(separator: "\n") + "\n"
        let computed = try attack(withScores) { $0.labelColumn = "label"; $0.scoreColumn = "score" }
        let given = try attack(withLoss) { $0.lossColumn = "loss" }
        #expect(computed.slices[0].auc == given.slices[0].auc)
        #expect(computed.slices[0].advantage == given.slices[0].advantage)
        // Class and correctness slices exist only with a label and score. Wrong decisions
        // (score > 0.5 against the label): label 0 at 0.55 and label 1 at 0.2, 2 rows.
        #expect(computed.slices.map(\.name).contains("class=0"))
        #expect(computed.slices.first { $0.name == "correct=false" }?.examples == 2)
        #expect(!given.slices.contains { $0.kind == .trueClass })
    }

    @Test(arguments: ["csv", "jsonl"])
    func multiClassLossIsTheTrueClassCrossEntropy(format: String) throws {
        // Fixtures/multiclass: members are race=a. Losses −ln p(true class): members 0.357 0.916
        // 0.511 0.916 0.511 0.511, non-members 0.511 1.204 0.357 1.204 1.609 0.693.
        let path = fixturesDirectory + "/multiclass." + format
        var request = PrivacyRequest(membership: .column(path: path, column: "race", memberValue: "a"))
        request.minimumSliceSize = 0
        request.labelColumn = "label"
        request.classes = ClassRequest(scores: format == "csv" ? .glob("p_*") : .array("scores"))
        let result = try MembershipInference.run(request)
        let overall = result.slices[0]
        // Non-members above each member's loss, ties one half: 5.5 + 3 + 3 × 4.5 + 3 = 25 of 36.
        #expect(abs(overall.auc.value! - 25.0 / 36) < 1e-15)
        let classes = result.slices.filter { $0.kind == .trueClass }
        // bird: members 0.511 0.511 under 1.609 0.693 → 1; cat: 3 of 4 pairs; dog: 2 of 4.
        let names = format == "csv" ? ["class=bird", "class=cat", "class=dog"] : ["class=0", "class=1", "class=2"]
        #expect(classes.map(\.name) == names)
        #expect(Set(classes.map { $0.auc.value! }) == [1, 0.75, 0.5])
        // Wrong arg-max (ties to the first class): members rows 2 and 4, non-members 8, 10 and 11.
        let wrong = try #require(result.slices.first { $0.name == "correct=false" })
        #expect(wrong.members == 2 && wrong.nonMembers == 3 && wrong.auc.value == 1)
    }

    @Test func twoFilesEqualOneFileWithAMemberColumn() throws {
        let train = temporaryFile("loss,g\n0.1,a\n0.3,a\n0.4,b\n")
        let test = temporaryFile("loss,g\n0.5,a\n0.4,b\n0.2,a\n", extension: "csv")
        defer { for path in [train, test] { try? FileManager.default.removeItem(atPath: path) } }
        var request = PrivacyRequest(membership: .files(train: train, test: test))
        request.minimumSliceSize = 0
        lossRequest(&request)
        let split = try MembershipInference.run(request)
        let whole = try attack(small, configure: lossRequest)
        #expect(split.slices == whole.slices)
        #expect(split.input.parts.count == 2 && split.input.rowsUsed == 6)
    }

    @Test(arguments: [(1, 2 << 20, true), (2, 64, true), (3, 4096, false), (2, 1 << 16, false)])
    func sameResultForAnyThreadsBlocksAndPath(threads: Int, blockSize: Int, windows: Bool) throws {
        func run(_ configure: (inout PrivacyRequest) -> Void) throws -> PrivacyResult {
            var request = PrivacyRequest(membership: .column(path: fixturesDirectory + "/privacy.csv", column: "member", memberValue: nil))
            request.labelColumn = "label"
            request.scoreColumn = "score"
            request.slices = [["race"], ["sex", "race"]]
            request.curves = true
            configure(&request)
            return try MembershipInference.run(request)
        }
        let reference = try run { _ in }
        let other = try run { $0.threads = threads; $0.blockSize = blockSize; $0.countsInWindows = windows }
        #expect(other.slices == reference.slices)
        // A budget that forces coarse tables still gives the same result on any split.
        let coarse = try run { $0.scoreBudget = 64 }
        let coarseOther = try run { $0.scoreBudget = 64; $0.threads = threads; $0.blockSize = blockSize; $0.countsInWindows = windows }
        #expect(coarse.slices == coarseOther.slices && !coarse.isExact)
    }

    @Test func jsonLinesWithBooleansAndAbsentKeys() throws {
        // The same rows as `small`, as JSON Lines: booleans for membership, numbers as strings
        // allowed, and group b's key absent from one row (a missing value: its own slice).
        let jsonl = """
            {"member": true, "loss": 0.1, "g": "a"}
            {"member": true, "loss": "0.3", "g": "a"}
            {"member": false, "loss": 0.2, "g": "a"}
            {"member": false, "loss": 0.5, "g": "a"}
            {"member": true, "loss": 0.4, "g": null}
            {"member": false, "loss": 0.4}

            """
        let json = try attack(jsonl, extension: "jsonl", configure: lossRequest)
        let csv = try attack(small, configure: lossRequest)
        #expect(json.slices.first { $0.name == "g=a" } == csv.slices.first { $0.name == "g=a" })
        #expect(json.slices.first { $0.name == "g=(missing)" }?.auc.value == 0.5)
        #expect(json.slices[0] == csv.slices[0])
    }

    @Test func withholdsSmallSlices() throws {
        let result = try attack(small) { lossRequest(&$0); $0.minimumSliceSize = 3 }
        let b = try #require(result.slices.first { $0.name == "g=b" })
        #expect(b.withheldReason == "fewer than 3 examples" && b.auc.value == nil && b.advantage == nil)
        #expect(b.members == 1 && b.nonMembers == 1)
    }

    @Test(arguments: [
        ("member,loss\n1,0.1\n2,0.3\n", "invalid_member", 3),
        ("member,loss\n1,0.1\n0,inf\n", "invalid_loss", 3),
        ("member,loss\n1,0.1\n,0.2\n", "missing_member", 3),
    ])
    func badRowsAreLocated(contents: String, reason: String, line: Int) throws {
        do {
            _ = try attack(contents) { $0.lossColumn = "loss" }
            Issue.record("expected a data error")
        } catch let RaiError.data(error) {
            #expect(error.kind.reasonCode == reason)
            #expect(error.line == line)
        }
    }

    @Test func scoreOutsideAProbabilityIsAnErrorOrSkipped() throws {
        let contents = "member,label,score\n1,1,0.9\n0,0,1.5\n1,0,0.2\n0,1,0.4\n"
        do {
            _ = try attack(contents) { $0.labelColumn = "label"; $0.scoreColumn = "score" }
            Issue.record("expected a data error")
        } catch let RaiError.data(error) {
            #expect(error.kind == .scoreNotProbability("1.5") && error.line == 3 && error.column == 3)
        }
        let skipped = try attack(contents) { $0.labelColumn = "label"; $0.scoreColumn = "score"; $0.skipInvalid = true }
        #expect(skipped.input.skipped.map(\.reason) == ["score_not_probability"] && skipped.slices[0].examples == 3)
        // As logits the same value is fine.
        let logits = try attack(contents) { $0.labelColumn = "label"; $0.scoreColumn = "score"; $0.scoreKind = .logit }
        #expect(logits.slices[0].examples == 4)
    }

    @Test func memberValueMakesOtherValuesNonMembers() throws {
        let result = try attack("split,loss\ntrain,0.1\ntest,0.2\nvalidation,0.3\n") {
            if case .column(let path, _, _) = $0.membership { $0.membership = .column(path: path, column: "split", memberValue: "train") }
            $0.lossColumn = "loss"
        }
        #expect(result.slices[0].members == 1 && result.slices[0].nonMembers == 2)
    }

    @Test func gatesUseThePrivacyVocabulary() throws {
        let result = try attack(small, configure: lossRequest)
        let auc = try Gate.parse("max(attack_auc, g) <= 0.6", vocabulary: .privacy).evaluate(result)
        #expect(!auc.passed && auc.observed == 0.75 && auc.slices == ["g=a"])
        let advantage = try Gate.parse("max(advantage, skip_undefined) <= 0.5", vocabulary: .privacy).evaluate(result)
        #expect(advantage.passed && advantage.observed == 0.5)
        // Every slice, withheld percentile buckets included, unless told to skip them.
        let every = try Gate.parse("max(attack_auc) <= 0.8", vocabulary: .privacy).evaluate(result)
        #expect(!every.passed && every.reason?.contains("undefined") == true)
        let skipping = try Gate.parse("max(attack_auc, skip_undefined) <= 0.8", vocabulary: .privacy).evaluate(result)
        #expect(skipping.passed && skipping.observed == 0.75)
        let unknownSpec = try Gate.parse("max(attack_auc, race) <= 0.6", vocabulary: .privacy).evaluate(result)
        #expect(!unknownSpec.passed && unknownSpec.reason?.contains("--slice race") == true)
        #expect(throws: RaiError.self) { try Gate.parse("gap(attack_auc, g) <= 0.1", vocabulary: .privacy) }
        #expect(throws: RaiError.self) { try Gate.parse("max(fpr, g) <= 0.1", vocabulary: .privacy) }
    }
}
