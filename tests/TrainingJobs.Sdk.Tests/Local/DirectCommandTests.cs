using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Which commands start without bash (one program and its words) and which stay on bash.</summary>
public class DirectCommandTests
{
    private static readonly string Env = new[] { "/usr/bin/env", "/bin/env" }.First(File.Exists);

    private static Dictionary<string, string?> Environment(params (string Key, string Value)[] extra)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal) { ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["HOME"] = "/root" };
        foreach (var (key, value) in extra) variables[key] = value;
        return variables;
    }

    [Test]
    public void A_program_and_plain_words_start_directly_with_the_variables_bash_would_add()
    {
        var resolved = DirectCommand.Resolve("env  A=1 --x=y\t/a/b,c:d@e%f+g", Environment());

        resolved.Should().NotBeNull();
        resolved!.Program.Should().Be(Env);
        resolved.Words.Should().Equal("env", "A=1", "--x=y", "/a/b,c:d@e%f+g");
        // bash counts itself (0 → 1) and execs a lone command in its place (1 → 0); _ is the program's path.
        resolved.Variables.Should().BeEquivalentTo(new Dictionary<string, string> { ["SHLVL"] = "0", ["_"] = resolved.Program });
        DirectCommand.Resolve("env", Environment(("SHLVL", "3")))!.Variables["SHLVL"].Should().Be("3");
        DirectCommand.Resolve(Env + " x", Environment())!.Program.Should().Be(Env);
    }

    [Test]
    public void True_and_false_alone_start_their_programs_and_every_other_builtin_stays_on_bash()
    {
        DirectCommand.Resolve("true", Environment())!.Words.Should().Equal("true");
        DirectCommand.Resolve("false", Environment())!.Words.Should().Equal("false");
        // /usr/bin/true --help prints help; bash's true ignores its arguments.
        DirectCommand.Resolve("true --help", Environment()).Should().BeNull();
        foreach (var builtin in new[] { "echo hi", "cd /", "exit 3", "export A=1", "kill 1", "printf x", "test -e /", "pwd", "read x", "source f", ". f", ": x", "[ -e / ]" })
        {
            DirectCommand.Resolve(builtin, Environment()).Should().BeNull(builtin);
        }
    }

    [TestCase("env 'a b'")]
    [TestCase("env \"a\"")]
    [TestCase("env $HOME")]
    [TestCase("env a; env")]
    [TestCase("env && env")]
    [TestCase("env | cat")]
    [TestCase("env > out")]
    [TestCase("env < in")]
    [TestCase("env *")]
    [TestCase("env a?")]
    [TestCase("env [ab]")]
    [TestCase("env ~")]
    [TestCase("env {a,b}")]
    [TestCase("env #comment")]
    [TestCase("env a\\ b")]
    [TestCase("env\nenv")]
    [TestCase("env &")]
    [TestCase("env `id`")]
    [TestCase("(env)")]
    [TestCase("A=1 env")]
    [TestCase("if true; then env; fi")]
    [TestCase("time env")]
    [TestCase("! env")]
    [TestCase("env ünïcode")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("no-such-program-anywhere x")]
    [TestCase("./env")]
    [TestCase("bin/env")]
    public void Anything_with_shell_syntax_or_a_program_not_found_stays_on_bash(string command) =>
        DirectCommand.Resolve(command, Environment()).Should().BeNull();

    [TestCase("BASH_ENV")]
    [TestCase("ENV")]
    [TestCase("SHELLOPTS")]
    [TestCase("BASHOPTS")]
    [TestCase("OLDPWD")]
    [TestCase("BASH_FUNC_env%%")]
    public void An_environment_that_changes_how_bash_starts_keeps_the_command_on_bash(string variable) =>
        DirectCommand.Resolve("env", Environment((variable, "x"))).Should().BeNull();

    [Test]
    public void A_path_bash_would_resolve_against_the_job_s_folder_keeps_the_command_on_bash()
    {
        DirectCommand.Resolve("env", new Dictionary<string, string?>(StringComparer.Ordinal)).Should().BeNull("no PATH");
        DirectCommand.Resolve("env", Environment(("PATH", "bin:/usr/bin:/bin"))).Should().BeNull("a relative entry comes first");
        DirectCommand.Resolve("env", Environment(("PATH", ":/usr/bin:/bin"))).Should().BeNull("an empty entry is the working folder");
        DirectCommand.Resolve("env", Environment(("PATH", "/usr/bin:/bin:bin"))).Should().NotBeNull("the program is found before the relative entry");
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Only_an_executable_binary_or_interpreter_script_or_a_link_to_one_is_a_program()
    {
        var folder = Directory.CreateTempSubdirectory("direct-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "plain"), "");
            File.SetUnixFileMode(Path.Combine(folder, "plain"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Directory.CreateDirectory(Path.Combine(folder, "folder"));
            File.CreateSymbolicLink(Path.Combine(folder, "dangling"), Path.Combine(folder, "missing"));
            File.CreateSymbolicLink(Path.Combine(folder, "linked"), Env);
            const UnixFileMode executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            File.WriteAllText(Path.Combine(folder, "bare-script"), "echo no interpreter line\n");
            File.SetUnixFileMode(Path.Combine(folder, "bare-script"), executable);
            File.WriteAllText(Path.Combine(folder, "script"), "#!/bin/sh\necho hi\n");
            File.SetUnixFileMode(Path.Combine(folder, "script"), executable);
            var path = Environment(("PATH", folder + ":/usr/bin:/bin"));

            DirectCommand.Resolve("plain", path).Should().BeNull("not executable, and no other on PATH");
            DirectCommand.Resolve("folder", path).Should().BeNull();
            DirectCommand.Resolve("dangling", path).Should().BeNull();
            DirectCommand.Resolve("linked x", path)!.Program.Should().Be(Path.Combine(folder, "linked"));
            DirectCommand.Resolve("script", path)!.Program.Should().Be(Path.Combine(folder, "script"));
            DirectCommand.Resolve("bare-script", path).Should().BeNull("bash would run it as a bash script, sh as an sh one");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
