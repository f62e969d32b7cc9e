import Foundation
import Testing

/// Help, completions, the man page and the README's flag tables are generated from (or must
/// follow) one option table per subcommand. These tests take each command's flags from its
/// `--help` and require every other place to have exactly those, so a flag added to a table shows
/// up everywhere, and a new subcommand in `Subcommand.all` is checked without a change here.
@Suite("Help, completions, man page and README agree")
struct ShellIntegrationTests {
    /// The subcommands `rai --help` lists.
    static let commands: [String] = {
        let help = (try? RaiBinary.run(["--help"]).stdout) ?? ""
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }()

    /// The flags of `command`'s OPTIONS section, long and short: `--name`, `-x`.
    static func helpFlags(_ command: String) throws -> Set<String> {
        let help = try RaiBinary.run([command, "--help"]).stdout
        let options = try #require(help.range(of: "OPTIONS:\n")).upperBound
        var flags: Set<String> = []
        for line in help[options...].split(separator: "\n") where line.hasPrefix("  -") {
            for word in line.split(separator: " ").prefix(2) where word.hasPrefix("-") {
                flags.insert(String(word.trimmingCharacters(in: CharacterSet(charactersIn: ","))))
            }
        }
        return flags
    }

    /// The enumerated options of `command`'s help: `--format <text|json|…>`.
    static func enumerations(_ command: String) throws -> [String: [String]] {
        let help = try RaiBinary.run([command, "--help"]).stdout
        var found: [String: [String]] = [:]
        for line in help.split(separator: "\n") where line.hasPrefix("  -") && line.contains("|") {
            guard let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">") else { continue }
            let flag = line.split(separator: " ").first { $0.hasPrefix("--") }.map(String.init) ?? ""
            found[flag] = line[line.index(after: open)..<close].split(separator: "|").map(String.init)
        }
        return found
    }

    static func installed(_ program: String) -> Bool {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + program) }
    }

    /// Runs bash's completion of `words` (the last one being completed) with the loaded script.
    static func bashComplete(_ words: [String]) throws -> [String] {
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let run = try RaiBinary.shell("""
            source <("$RAI" completions bash) || exit 1
            COMP_WORDS=(\(quoted)); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _rai
            printf '%s\\n' "${COMPREPLY[@]}"
            """)
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.split(separator: "\n").map(String.init)
    }

    @Test("every subcommand is found, including completions")
    func commandList() {
        #expect(Self.commands.count >= 4)
        #expect(Self.commands.contains("completions"))
    }

    @Test("bash: the script loads, and completes every flag, enumerated value and subcommand")
    func bash() throws {
        let loaded = try RaiBinary.shell(#"source <("$RAI" completions bash) && complete -p rai"#)
        #expect(loaded.status == 0)
        #expect(loaded.stdout == "complete -o filenames -F _rai rai\n")
        #expect(Set(try Self.bashComplete(["rai", ""])) == Set(Self.commands + ["help", "--help", "--version"]))
        for command in Self.commands {
            #expect(Set(try Self.bashComplete(["rai", command, "-"])) == (try Self.helpFlags(command)), "\(command)")
            for (flag, values) in try Self.enumerations(command) {
                #expect(try Self.bashComplete(["rai", command, flag, ""]) == values, "\(command) \(flag)")
                #expect(try Self.bashComplete(["rai", command, flag, "=", ""]) == values, "\(command) \(flag)=")
            }
        }
        #expect(try Self.bashComplete(["rai", "eval", "--format", "gi"]) == ["github"])
        #expect(try Self.bashComplete(["rai", "completions", ""]) == ["bash", "zsh", "fish"])
        #expect(try Self.bashComplete(["rai", "eval", "--label", ""]).isEmpty)
        // File names for arguments and for `file` values.
        let folder = RaiBinary.scratchDirectory()
        _ = FileManager.default.createFile(atPath: folder + "/preds.csv", contents: Data())
        #expect(try Self.bashComplete(["rai", "eval", folder + "/pr"]) == [folder + "/preds.csv"])
        #expect(try Self.bashComplete(["rai", "eval", "-o", folder + "/pr"]) == [folder + "/preds.csv"])
    }

    @Test("zsh: the script registers _rai, and each command's _arguments has every flag",
          .enabled(if: installed("zsh"), "zsh is not installed"))
    func zsh() throws {
        let script = try RaiBinary.run(["completions", "zsh"]).stdout
        let loaded = try RaiBinary.shell("""
            zsh -f -c 'autoload -U compinit && compinit -u -d "$(mktemp -d)/zcompdump" && source <("$RAI" completions zsh) && print -r -- ${_comps[rai]}'
            """)
        #expect(loaded.stdout == "_rai\n", "\(loaded.stderr)")
        for command in Self.commands {
            let block = try #require(script.range(of: "\n        \(command))\n")).upperBound
            let body = String(script[block...]).components(separatedBy: ";;\n")[0]
            for flag in try Self.helpFlags(command) {
                let spelled = flag.hasPrefix("--") ? flag : "{\(flag),"
                #expect(body.contains("'\(flag)") || body.contains("'*\(flag)") || body.contains(spelled), "\(command) \(flag)")
            }
        }
    }

    @Test("fish: 'complete -C' offers every flag of every command, and enumerated values",
          .enabled(if: installed("fish"), "fish is not installed"))
    func fish() throws {
        for command in Self.commands {
            let run = try RaiBinary.shell("""
                "$RAI" completions fish > "$PWD/rai.fish" && fish -c "source '$PWD/rai.fish'; complete -C 'rai \(command) -'"
                """)
            #expect(run.status == 0, "\(run.stderr)")
            let offered = Set(run.stdout.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) })
            #expect(offered == (try Self.helpFlags(command)), "\(command)")
            for (flag, values) in try Self.enumerations(command) {
                let run = try RaiBinary.shell("""
                    "$RAI" completions fish > "$PWD/rai.fish" && fish -c "source '$PWD/rai.fish'; complete -C 'rai \(command) \(flag) '"
                    """)
                let offered = Set(run.stdout.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) })
                #expect(offered == Set(values), "\(command) \(flag)")
            }
        }
    }

    @Test("the man page has a section per command with every flag, and renders without warnings")
    func manPage() throws {
        let run = try RaiBinary.run(["help", "--man"])
        #expect(run.status == 0)
        let page = run.stdout
        #expect(page.hasPrefix(".TH RAI 1 "))
        for command in Self.commands {
            let start = try #require(page.range(of: ".SS rai \(command)\n"), "\(command)").upperBound
            let section = String(page[start...]).components(separatedBy: "\n.SS ")[0].components(separatedBy: "\n.SH ")[0]
            let roffFlags = Set(section.components(separatedBy: "\n.TP\n").dropFirst().compactMap { entry -> [String]? in
                let line = entry.prefix { $0 != "\n" }
                return line.components(separatedBy: "\\fB").dropFirst().map { $0.components(separatedBy: "\\fR")[0].replacingOccurrences(of: "\\-", with: "-") }
            }.flatMap { $0 })
            #expect(roffFlags == (try Self.helpFlags(command)), "\(command)")
        }
        if Self.installed("groff") {
            let rendered = try RaiBinary.shell(#""$RAI" help --man | groff -man -Tutf8 -ww -z"#)
            #expect(rendered.status == 0)
            #expect(rendered.stderr.isEmpty, "\(rendered.stderr)")
        }
    }

    @Test("the README has a flag table per command with every flag")
    func readme() throws {
        let readme = try String(contentsOfFile: RaiBinary.fixtures + "/../README.md", encoding: .utf8)
        for command in Self.commands {
            let heading = "### Flags of `rai \(command)`\n"
            let start = try #require(readme.range(of: heading), "README has no '\(heading)'").upperBound
            let section = readme[start...].components(separatedBy: "\n#").first ?? ""
            for flag in try Self.helpFlags(command) {
                let mentioned = section.contains("`\(flag)") || section.contains(", \(flag)") || section.contains("\(command) \(flag)")
                #expect(mentioned, "README's flags of rai \(command) lack \(flag)")
            }
        }
    }
}
