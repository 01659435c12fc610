using System.CommandLine;
using System.Diagnostics;

namespace TrainingJobs.Cli.Tests;

/// <summary>
/// Bad input on every <c>tj</c> verb: each case exits 1 (bad input) or 2 (usage) with a message on standard error,
/// never a stack trace, and never hangs. The verbs come from the built verb tree, so a new verb fails
/// <see cref="Every_verb_has_bad_input_cases"/> until it has cases here.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class BadInputTableTests
{
    /// <summary>A blocking read would never end: the deadline turns a hang into a failure (it measures nothing).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>A valid job file, present in every case's folder as <c>job.yml</c>.</summary>
    private const string ValidJob = "type: command\ncommand: echo hi\nenvironment: azureml:sklearn-env:1\n";

    private const string Guid0 = "00000000-0000-0000-0000-000000000000";

    /// <summary>
    /// Each case's folder also holds <c>fifo</c> (a FIFO with no writer), <c>huge.yml</c> (8 MiB, over the 4 MiB
    /// limit), <c>zero.json</c> (a link to <c>/dev/zero</c>) and <c>folder/</c>; <c>{ws}</c> stands for the workspace.
    /// </summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        // Generic: a missing required option, an unknown option, a job that does not exist.
        foreach (var verb in new[] { "show", "stream", "cancel", "download", "archive", "restore" })
        {
            yield return Case($"job {verb}", 2, "--name", "missing --name", "job", verb);
            yield return Case($"job {verb}", 2, "--frobnicate", "unknown option", "job", verb, "-n", "x", "--frobnicate");
            yield return Case($"job {verb}", 1, "no_such_job", "a job that does not exist", "job", verb, "-n", "no_such_job");
            yield return Case($"job {verb}", 2, "not a valid job name", "--name \"\"", "job", verb, "--name", "");
            yield return Case($"job {verb}", 2, "not a valid job name", "--name blank", "job", verb, "--name", "   ");
            yield return Case($"job {verb}", 2, "not a valid job name", "--name with /..", "job", verb, "--name", "../etc");
            yield return Case($"job {verb}", 2, "--subscription", "--subscription a/b", "job", verb, "-n", "x", "--subscription", "a/b");
            yield return Case($"job {verb}", 2, "--resource-group", "-g ..", "job", verb, "-n", "x", "-g", "..");
            yield return Case($"job {verb}", 2, "--workspace-name", "-w a/b", "job", verb, "-n", "x", "-w", "a/b");
        }
        yield return Case("job show", 2, "'bogus'", "-o bogus", "job", "show", "-n", "x", "-o", "bogus");
        yield return Case("job show", 2, "\\x1b", "--name with an escape", "job", "show", "-n", "\u001b]0;pwned\u0007");
        yield return Case("job download", 2, "'-p'", "missing -p value", "job", "download", "-n", "x", "-p");

        yield return Case("job create", 2, "--file", "missing --file", "job", "create");
        yield return Case("job create", 2, "--frobnicate", "unknown option", "job", "create", "-f", "job.yml", "--frobnicate");
        yield return Case("job create", 1, "TJ1006", "missing file", "job", "create", "-f", "no-such.yml");
        yield return Case("job create", 1, "FIFO", "--file FIFO", "job", "create", "-f", "fifo");
        yield return Case("job create", 1, "character device", "--file /dev/zero", "job", "create", "-f", "/dev/zero");
        yield return Case("job create", 1, "folder", "--file folder", "job", "create", "-f", "folder");
        yield return Case("job create", 1, "TJ1003", "--file too large", "job", "create", "-f", "huge.yml");
        yield return Case("job create", 2, "not a valid job name", "--name \"\"", "job", "create", "-f", "job.yml", "--name", "");
        yield return Case("job create", 2, "not a valid job name", "--name blank", "job", "create", "-f", "job.yml", "--name", " ");
        yield return Case("job create", 2, "not a valid job name", "--name a/..", "job", "create", "-f", "job.yml", "--name", "a/..");
        yield return Case("job create", 2, "not a valid job name", "--name with newline", "job", "create", "-f", "job.yml", "--name", "x\n");
        yield return Case("job create", 1, "TJ1040", "--set without =", "job", "create", "-f", "job.yml", "--set", "command");
        yield return Case("job create", 2, "'bogus'", "-o bogus", "job", "create", "-f", "job.yml", "-o", "bogus");
        yield return Case("job create", 2, "--subscription", "--subscription empty", "job", "create", "-f", "job.yml", "--subscription", "");
        yield return Case("job create", 2, "--workspace-name", "-w too long", "job", "create", "-f", "job.yml", "-w", new string('w', 34));
        yield return Case("job create", 2, "needs --subscription (or $TRAININGJOBS_SUBSCRIPTION), --resource-group (or $TRAININGJOBS_RESOURCE_GROUP)", "a valid -w alone", "job", "create", "-f", "job.yml", "-w", "my-workspace");
        yield return Case("job create", 1, "environments.json", "environments.json invalid JSON", "job", "create", "-f", "job.yml").With("{ws}/environments.json", "{bad");
        yield return Case("job create", 1, "is not a string", "environments.json non-string value", "job", "create", "-f", "job.yml").With("{ws}/environments.json", "{\"sk\": 1}");
        yield return Case("job create", 1, "not a JSON object", "environments.json array", "job", "create", "-f", "job.yml").With("{ws}/environments.json", "[\"sk\"]");

        yield return Case("job validate", 2, "--file", "missing --file", "job", "validate");
        yield return Case("job validate", 2, "--frobnicate", "unknown option", "job", "validate", "-f", "job.yml", "--frobnicate");
        yield return Case("job validate", 1, "TJ1006", "missing file", "job", "validate", "-f", "no-such.yml");
        yield return Case("job validate", 1, "FIFO", "--file FIFO", "job", "validate", "-f", "fifo");
        yield return Case("job validate", 1, "character device", "--file /dev/zero", "job", "validate", "-f", "/dev/zero");
        yield return Case("job validate", 1, "TJ1003", "--file too large", "job", "validate", "-f", "huge.yml");
        yield return Case("job validate", 2, "'bogus'", "-o bogus", "job", "validate", "-f", "job.yml", "-o", "bogus");
        yield return Case("job validate", 2, "needs --subscription (or $TRAININGJOBS_SUBSCRIPTION)", "a valid -w alone (the backend's checks need a whole workspace)", "job", "validate", "-f", "job.yml", "-w", "my-workspace");
        yield return Case("job validate", 2, "--workspace-name", "-w too long", "job", "validate", "-f", "job.yml", "-w", new string('w', 34));
        yield return Case("job validate", 1, "environments.json", "environments.json invalid JSON", "job", "validate", "-f", "job.yml").With("{ws}/environments.json", "{bad");

        yield return Case("job list", 2, "--include-archived and --archived-only", "contradictory archive flags", "job", "list", "--include-archived", "--archived-only");
        yield return Case("job list", 2, "--max-results must be 1 or more", "-r 0", "job", "list", "-r", "0");
        yield return Case("job list", 2, "--max-results", "-r overflow", "job", "list", "-r", "99999999999");
        yield return Case("job list", 2, "--max-results", "-r not a number", "job", "list", "-r", "many");
        yield return Case("job list", 2, "unknown --status", "--status bogus", "job", "list", "--status", "Bogus");
        yield return Case("job list", 2, "not a valid job name", "-p \"\"", "job", "list", "-p", "");
        yield return Case("job list", 2, "'bogus'", "-o bogus", "job", "list", "-o", "bogus");
        yield return Case("job list", 2, "--frobnicate", "unknown option", "job", "list", "--frobnicate");
        yield return Case("job list", 2, "--experiment needs", "--experiment \"\"", "job", "list", "--experiment", "");
        yield return Case("job list", 2, "has no key", "--tag \"\"", "job", "list", "--tag", "");
        yield return Case("job list", 2, "has no key", "--tag =v", "job", "list", "--tag", "=v");
        yield return Case("job list", 2, "unknown --status ''", "--status \"\"", "job", "list", "--status", "");
        yield return Case("job list", 2, "--subscription", "--subscription not a GUID", "job", "list", "--subscription", "my-sub");

        yield return Case("job update", 2, "--name", "missing --name", "job", "update", "--set", "tags.a=b");
        yield return Case("job update", 2, "nothing to update", "nothing to set", "job", "update", "-n", "x");
        yield return Case("job update", 2, "only tags", "--set without =", "job", "update", "-n", "x", "--set", "tags");
        yield return Case("job update", 2, "only tags", "--set not a tag", "job", "update", "-n", "x", "--set", "display_name=y");
        yield return Case("job update", 1, "no_such_job", "a job that does not exist", "job", "update", "-n", "no_such_job", "--set", "tags.a=b");
        yield return Case("job update", 2, "not a valid job name", "--name \"\"", "job", "update", "--name", "", "--set", "tags.a=b");

        yield return Case("job convert", 2, "--to", "missing --to", "job", "convert", "-f", "job.yml");
        yield return Case("job convert", 2, "--file", "missing --file", "job", "convert", "--to", "yaml");
        yield return Case("job convert", 2, "bogus", "--to bogus", "job", "convert", "-f", "job.yml", "--to", "bogus");
        yield return Case("job convert", 1, "FIFO", "--file FIFO to yaml", "job", "convert", "-f", "fifo", "--to", "yaml");
        yield return Case("job convert", 1, "FIFO", "--file FIFO to rest", "job", "convert", "-f", "fifo", "--to", "rest");
        yield return Case("job convert", 1, "character device", "--file /dev/zero", "job", "convert", "-f", "/dev/zero", "--to", "yaml");
        yield return Case("job convert", 1, "character device", "--file .json link to /dev/zero", "job", "convert", "-f", "zero.json", "--to", "yaml");
        yield return Case("job convert", 1, "TJ1003", "--file too large", "job", "convert", "-f", "huge.yml", "--to", "rest");
        yield return Case("job convert", 2, "--subscription", "--subscription a/b", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", "a/b", "-g", "rg", "-w", "ws1");
        yield return Case("job convert", 2, "--subscription", "--subscription ..", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", "..", "-g", "rg", "-w", "ws1");
        yield return Case("job convert", 2, "--resource-group", "-g a/b", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", Guid0, "-g", "a/b", "-w", "ws1");
        yield return Case("job convert", 2, "--resource-group", "-g ending in a period", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", Guid0, "-g", "rg.", "-w", "ws1");
        yield return Case("job convert", 2, "--resource-group", "-g too long", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", Guid0, "-g", new string('r', 91), "-w", "ws1");
        yield return Case("job convert", 2, "--resource-group", "-g empty", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", Guid0, "-g", "", "-w", "ws1");
        yield return Case("job convert", 2, "--workspace-name", "-w ..", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", Guid0, "-g", "rg", "-w", "..");
        yield return Case("job convert", 2, "--workspace-name", "-w with a forbidden character", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", Guid0, "-g", "rg", "-w", "ws;rm");
        yield return Case("job convert", 2, "go together", "two of the three workspace options", "job", "convert", "-f", "job.yml", "--to", "rest", "--subscription", Guid0, "-g", "rg");

        yield return Case("job lineage", 2, "--name", "missing --name", "job", "lineage");
        yield return Case("job lineage", 2, "not a valid job name", "--name \"\"", "job", "lineage", "--name", "");
        yield return Case("job lineage", 2, "bogus", "--format bogus", "job", "lineage", "-n", "x", "--format", "bogus");

        yield return Case("lineage find", 2, "either --sha256 or --path", "neither --sha256 nor --path", "lineage", "find");
        yield return Case("lineage find", 2, "either --sha256 or --path", "both --sha256 and --path", "lineage", "find", "--sha256", new string('a', 64), "--path", "f");
        yield return Case("lineage find", 2, "64 hex digits", "--sha256 not hex", "lineage", "find", "--sha256", "nothex");
        yield return Case("lineage find", 2, "bogus", "-o bogus", "lineage", "find", "--sha256", new string('a', 64), "-o", "bogus");
        yield return Case("lineage find", 1, "no such file", "--path missing", "lineage", "find", "--path", "no-such-file.bin");

        yield return Case("job export", 2, "--bundle", "missing --bundle", "job", "export", "-n", "x");
        yield return Case("job export", 2, "not a valid job name", "--name \"\"", "job", "export", "--name", "", "--bundle", "b");
        yield return Case("job export", 1, "no job named", "a job that does not exist", "job", "export", "--name", "no_such_job", "--bundle", "b");
        yield return Case("job export", 1, "no PEM block", "--key that is not a key", "job", "export", "--name", "x", "--bundle", "b", "--key", "job.yml");

        yield return Case("emulator start", 2, "--env-file", "missing --env-file", "emulator", "start");
        yield return Case("emulator start", 2, "--fault-rate", "--fault-rate over 1", "emulator", "start", "--env-file", "e.env", "--fault-rate", "2");
        yield return Case("emulator start", 2, "--port", "--port out of range", "emulator", "start", "--env-file", "e.env", "--port", "70000");
        yield return Case("emulator start", 1, "does not exist", "--env-file in a missing folder", "emulator", "start", "--env-file", "no-such-folder/e.env");
        yield return Case("emulator start", 2, "--blob-endpoint", "--blob-endpoint not a URL", "emulator", "start", "--env-file", "e.env", "--blob-endpoint", "ftp:x");

        yield return Case("evidence verify", 2, "'verify'", "missing folder", "evidence", "verify");
        yield return Case("evidence verify", 2, "--frobnicate", "unknown option", "evidence", "verify", "b", "--frobnicate");
        yield return Case("evidence verify", 1, "SHA256SUMS", "a folder that is no bundle", "evidence", "verify", "folder");
        yield return Case("evidence verify", 1, "no PEM block", "--key that is not a key", "evidence", "verify", "folder", "--key", "job.yml");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Bad_input_gets_a_clear_error_and_exit_code(BadInput input)
    {
        await using var ws = new LocalCliWorkspace();
        Arrange(ws, input);

        // Run off the test thread: a verb that blocks in open(2) cannot honour cancellation.
        var run = Task.Run(() => ws.RunAsync(input.Args));
        var (code, output, error) = await run.WaitAsync(Deadline);

        code.Should().Be(input.ExitCode, $"stdout: {output}\nstderr: {error}");
        error.Should().NotBeNullOrWhiteSpace();
        // validate prints its diagnostics on standard output and the summary on standard error.
        (output + error).Should().Contain(input.Expected);
        output.Should().NotContain("   at ");
        error.Should().NotContain("   at ").And.NotContain("Unhandled exception");
        (output + error).Should().NotContain("\u001b", "a value the user typed is echoed with control characters neutralized");
    }

    [Test]
    public void Every_verb_has_bad_input_cases()
    {
        var verbs = Leaves(CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)), "").ToList();
        var covered = Cases().Select(c => ((BadInput)c.Arguments[0]!).Verb).ToHashSet();

        verbs.Should().NotBeEmpty();
        verbs.Where(v => !covered.Contains(v)).Should().BeEmpty("every verb needs bad-input cases in this table");
    }

    [Test]
    public async Task Verbs_that_do_not_submit_work_with_a_malformed_environments_json()
    {
        await using var ws = new LocalCliWorkspace();
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), ValidJob);
        var (created, _, createError) = await ws.RunAsync("job", "create", "-f", "job.yml", "-n", "before_env_job");
        created.Should().Be(0, createError);
        File.WriteAllText(Path.Combine(ws.Home, "environments.json"), "{bad");

        foreach (var args in new[]
                 {
                     new[] { "job", "list" }, ["job", "show", "-n", "before_env_job"], ["job", "validate", "--file-only", "-f", "job.yml"],
                     ["job", "convert", "-f", "job.yml", "--to", "rest"], ["job", "update", "-n", "before_env_job", "--set", "tags.a=b"],
                 })
        {
            var (code, _, error) = await ws.RunAsync(args);
            code.Should().Be(0, $"{string.Join(' ', args)}: {error}");
        }
        // Validation without --file-only plans the job as create would, and so reads the table: it says what create would.
        var (validated, _, validateError) = await ws.RunAsync("job", "validate", "-f", "job.yml");
        validated.Should().Be(1);
        validateError.Should().Contain("environments.json").And.Contain("cannot be used");
    }

    private static IEnumerable<string> Leaves(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var name = path.Length == 0 ? sub.Name : path + " " + sub.Name;
            if (sub.Subcommands.Count == 0) yield return name;
            else foreach (var leaf in Leaves(sub, name)) yield return leaf;
        }
    }

    private static void Arrange(LocalCliWorkspace ws, BadInput input)
    {
        File.WriteAllText(Path.Combine(ws.Root, "job.yml"), ValidJob);
        Directory.CreateDirectory(Path.Combine(ws.Root, "folder"));
        using (var huge = File.Create(Path.Combine(ws.Root, "huge.yml"))) huge.SetLength(8L * 1024 * 1024);
        File.CreateSymbolicLink(Path.Combine(ws.Root, "zero.json"), "/dev/zero");
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(ws.Root, "fifo")]))
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.Should().Be(0);
        }
        foreach (var (relative, content) in input.Files)
        {
            var path = relative.Replace("{ws}", ws.Home, StringComparison.Ordinal);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
    }

    private static TestCaseData Case(string verb, int exitCode, string expected, string why, params string[] args) =>
        new TestCaseData(new BadInput(verb, why, exitCode, expected, args)).SetArgDisplayNames($"{verb}: {why}");
}

/// <summary>One bad input: the verb, why it is bad, the exit code and a piece of the message it must get, the arguments, and files to write first.</summary>
public sealed record BadInput(string Verb, string Why, int ExitCode, string Expected, string[] Args)
{
    /// <summary>Files to write before the run (path, content); <c>{ws}</c> is the workspace folder.</summary>
    public List<(string Path, string Content)> Files { get; } = [];

    public override string ToString() => $"{Verb}: {Why}";
}

internal static class BadInputCaseExtensions
{
    /// <summary>Adds a file to write before the case runs.</summary>
    public static TestCaseData With(this TestCaseData data, string path, string content)
    {
        ((BadInput)data.Arguments[0]!).Files.Add((path, content));
        return data;
    }
}
