import Foundation
import Testing

/// `rai eval` on multi-class and multi-label models, through the built binary: the flags of each
/// input form, the gates as users write them, and the exit statuses of what cannot be evaluated.
@Suite("rai eval, multi-class and multi-label")
struct MultiClassCommandTests {
    let csv = RaiBinary.fixtures + "/multiclass.csv"
    let jsonl = RaiBinary.fixtures + "/multiclass.jsonl"

    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try RaiBinary.run(["eval"] + arguments + ["--format", "json", "--min-slice-size", "0", "-q"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test("a glob, a list and a JSON array of scores give the same slices and classes")
    func inputForms() throws {
        let glob = try json([csv, "--label", "label", "--class-scores", "p_*", "--slice", "race", "--top-k", "2"])
        let list = try json([csv, "--label", "label", "--class-scores", "bird=p_bird,cat=p_cat,dog=p_dog", "--slice", "race", "--top-k", "2"])
        let array = try json([jsonl, "--label", "label", "--class-score-array", "scores", "--classes", "bird,cat,dog", "--slice", "race",
                              "--top-k", "2"])
        for other in [list, array] {
            #expect(NSDictionary(dictionary: ["s": other["slices"]!, "c": other["classes"]!])
                    == NSDictionary(dictionary: ["s": glob["slices"]!, "c": glob["classes"]!]))
        }
        let overall = try #require((glob["slices"] as? [[String: Any]])?.first)
        #expect(overall["confusion_matrix"] as? [[Double]] == [[3, 1, 0], [1, 2, 1], [1, 1, 2]])
        #expect((overall["top_k_accuracy"] as? [String: Double])?["2"] == 11.0 / 12)
        let parameters = try #require((glob["parameters"] as? [String: Any])?["classes"] as? [String: Any])
        #expect(parameters["names"] as? [String] == ["bird", "cat", "dog"] && parameters["top_k"] as? [Int] == [1, 2])
    }

    @Test("the issue's gates, as written: exit 1 when one fails, each with its class and operating point")
    func gates() throws {
        let run = try RaiBinary.run(["eval", csv, "--label", "label", "--class-scores", "p_*", "--slice", "race", "--thresholds", "0.5",
                                     "--min-slice-size", "0", "--format", "json",
                                     "--gate", "gap(fpr, race, 0.5, class=cat) <= 0.05", "--gate", "max(fnr, race, 0.5, class=cat) <= 0.2",
                                     "--gate", "max(fnr, race, top_k=1, class=dog) <= 0.2", "--gate", "min(auc, race, class=cat) >= 0.8",
                                     "--gate", "min(accuracy, race) >= 0.8"])
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let gates = try #require(report["gates"] as? [[String: Any]])
        #expect(gates.map { $0["passed"] as? Bool } == [true, false, false, true, false])
        #expect(gates.map { $0["class"] as? String } == ["cat", "cat", "dog", "cat", nil])
        #expect(gates[2]["top_k"] as? Int == 1 && gates[4]["top_k"] as? Int == 1)
        #expect(gates[4]["observed"] as? Double == 0.5)  // arg-max accuracy of race=b: 3 of 6
    }

    @Test("what cannot apply is a usage error before reading; a label that is no class is a data error at its place",
          arguments: [
              (["--class-scores", "p_*", "--gate", "max(fpr, race, class=fish) <= 1"], 64, "names class 'fish', which is not one of the classes"),
              (["--class-scores", "p_*", "--gate", "max(fpr, race, top_k=2) <= 1"], 64, "uses top_k=2, which is not counted; add it to --top-k"),
              (["--prediction", "label"], 64, "'--prediction' needs '--classes a,b,c'"),
              (["--class-scores", "p_*", "--score", "p_cat"], 64, "not --score"),
              (["--class-scores", "p_*", "--bootstrap", "10"], 64, "'--bootstrap' is not available for multi-class"),
              (["--class-scores", "cat=p_cat,dog=p_dog"], 65, "multiclass.csv:6:3: 'bird' is not one of the classes (cat, dog)"),
          ] as [([String], Int32, String)])
    func refusals(arguments: [String], status: Int32, message: String) throws {
        let run = try RaiBinary.run(["eval", csv, "--label", "label", "--slice", "race"] + arguments)
        #expect(run.status == status && run.stderr.contains(message), "\(run.stderr)")
    }

    @Test("class= on a binary run is a usage error")
    func classOnBinary() throws {
        let run = try RaiBinary.run(["eval", RaiBinary.fixtures + "/predictions.csv", "--label", "label", "--score", "score", "--slice", "race",
                                     "--gate", "max(fpr, race, class=cat) <= 1"])
        #expect(run.status == 64 && run.stderr.contains("applies only to multi-class and multi-label runs"), "\(run.stderr)")
    }

    @Test("text, Markdown and CSV reports show the whole model and every class")
    func reports() throws {
        let base = ["eval", csv, "--label", "label", "--class-scores", "p_*", "--slice", "race", "--min-slice-size", "0", "-q"]
        let text = try RaiBinary.run(base)
        #expect(text.status == 0 && text.stdout.contains("whole model per slice") && text.stdout.contains("class 'dog' (one-vs-rest)"))
        let markdown = try RaiBinary.run(base + ["--format", "markdown"])
        #expect(markdown.stdout.contains("### Class `cat` (one-vs-rest)") && markdown.stdout.contains("| bird | 3 | 1 | 0 |"))
        let table = try RaiBinary.run(base + ["--format", "csv"])
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first == "class,spec,slice,threshold,top_k,metric,value,lower,upper,reference_difference,q_value")
        #expect(lines.contains(",overall,overall,,1,top_k_accuracy,0.5833333333333334,,,,"))
        #expect(lines.contains("cat,overall,overall,,,auc,0.859375,,,,"))
    }

    @Test("multi-label tasks: --labels and --scores")
    func multiLabel() throws {
        let file = RaiBinary.temporary("g,y_a,y_b,p_a,p_b\nx,1,0,0.9,0.2\nx,0,1,0.4,0.7\ny,1,1,0.6,0.6\ny,0,0,0.3,0.1\n")
        let report = try json([file, "--labels", "y_a,y_b", "--scores", "p_a,p_b", "--slice", "g", "--thresholds", "0.5"])
        let classes = try #require(report["classes"] as? [[String: Any]])
        #expect(classes.map { $0["class"] as? String } == ["y_a", "y_b"])
        let binary = try json([file, "--label", "y_b", "--score", "p_b", "--slice", "g", "--thresholds", "0.5"])
        #expect(NSArray(array: classes[1]["slices"] as! [Any]) == NSArray(array: binary["slices"] as! [Any]))
    }
}
