using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TrainingJobs.Cli.Tests;

/// <summary>
/// The README's Azure scenario, as a user runs it: <c>tj emulator start --env-file F</c> in one process, then every
/// <c>tj job</c> verb in its own process with nothing but F's variables added to the environment (no flags). Real
/// processes, real HTTPS on loopback, the unchanged DefaultAzureCredential signing in through the env file's
/// managed-identity endpoint.
/// </summary>
[NonParallelizable]
public class EmulatorCliScenarioTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [TestCase(TjFlavour.Jit)]
    [TestCase(TjFlavour.Native)]
    public async Task With_only_the_env_file_sourced_every_job_verb_targets_the_emulator_and_SIGTERM_stops_it_and_removes_the_file(TjFlavour flavour)
    {
        var root = Path.Combine(Path.GetTempPath(), "tj-emu-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var envFile = Path.Combine(root, "emulator.env");
        var requestLog = Path.Combine(root, "requests.jsonl");
        using var emulator = Start(flavour, root, new Dictionary<string, string>(), "emulator", "start", "--env-file", envFile, "--request-log", requestLog);
        try
        {
            await WaitForReadyAsync(emulator);
            File.Exists(envFile).Should().BeTrue("the env file is written before the ready line");
            var variables = ParseEnvFile(await File.ReadAllTextAsync(envFile));
            variables.Keys.Should().Contain(["TRAININGJOBS_SUBSCRIPTION", "TRAININGJOBS_RESOURCE_GROUP", "TRAININGJOBS_WORKSPACE", "TRAININGJOBS_ARM_ENDPOINT",
                "TRAININGJOBS_ARM_CERTIFICATE", "TRAININGJOBS_BLOB_ENDPOINT", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"]);
            // A local workspace that must stay untouched: the verbs go to the emulator, not here.
            var localHome = Path.Combine(root, "local-home");
            variables["TRAININGJOBS_HOME"] = localHome;
            await File.WriteAllTextAsync(Path.Combine(root, "job.yml"), """
                command: sleep 600
                environment: azureml:my-env:1
                compute: azureml:cpu-cluster
                tags:
                  stage: test
                """);

            // A training job with local code: uploaded as a code version, run by the emulator, Completed.
            Directory.CreateDirectory(Path.Combine(root, "src"));
            await File.WriteAllTextAsync(Path.Combine(root, "src", "train.py"), "import os\nprint('trained on', os.getcwd())\n");
            await File.WriteAllTextAsync(Path.Combine(root, "train.yml"), """
                code: ./src
                command: python3 train.py
                environment: azureml:my-env:1
                compute: azureml:cpu-cluster
                """);
            var (trainCode, _, trainError) = await RunAsync(flavour, root, variables, "job", "create", "-f", "train.yml", "--name", "cli-train-1");
            trainCode.Should().Be(0, trainError);
            string? status = null;
            for (var attempt = 0; attempt < 120 && status is not ("Completed" or "Failed" or "Canceled"); attempt++)
            {
                var (_, shown, _) = await RunAsync(flavour, root, variables, "job", "show", "-n", "cli-train-1");
                status = JsonNode.Parse(shown)!["status"]!.GetValue<string>();
            }
            status.Should().Be("Completed");
            // Its log comes back from Blob storage in the az layout; an output it never had is named, not an empty success.
            var (downloadCode, downloadOut, downloadError) = await RunAsync(flavour, root, variables, "job", "download", "-n", "cli-train-1", "--all", "-p", "dl");
            downloadCode.Should().Be(0, downloadError);
            downloadOut.Should().Contain("artifacts: " + Path.Combine(root, "dl", "artifacts"));
            (await File.ReadAllTextAsync(Path.Combine(root, "dl", "artifacts", "user_logs", "std_log.txt"))).Should().Contain("trained on");
            (downloadCode, _, downloadError) = await RunAsync(flavour, root, variables, "job", "download", "-n", "cli-train-1", "--output-name", "nope", "-p", "dl");
            downloadCode.Should().Be(0, downloadError);
            downloadError.Should().Contain("warning: output 'nope' has no files to download.");
            // The finished job streams its whole log from run history, then its final status.
            var (streamCode, streamed, streamError) = await RunAsync(flavour, root, variables, "job", "stream", "-n", "cli-train-1");
            streamCode.Should().Be(0, streamError);
            streamed.Should().Contain("trained on").And.Contain("[status] Completed");
            // As az ml job stream: the Studio page first and again in the summary.
            streamed.Split('\n').Count(l => l.StartsWith("Web View: https://ml.azure.com/runs/cli-train-1", StringComparison.Ordinal)).Should().Be(2, streamed);
            streamed.IndexOf("trained on", StringComparison.Ordinal).Should().BeLessThan(streamed.IndexOf("[status] Completed", StringComparison.Ordinal));

            var (code, output, error) = await RunAsync(flavour, root, variables, "job", "create", "-f", "job.yml", "--name", "cli-job-1");
            code.Should().Be(0, error);
            JsonNode.Parse(output)!["name"]!.GetValue<string>().Should().Be("cli-job-1");

            (code, output, error) = await RunAsync(flavour, root, variables, "job", "show", "-n", "cli-job-1");
            code.Should().Be(0, error);
            JsonNode.Parse(output)!["tags"]!["stage"]!.GetValue<string>().Should().Be("test");
            JsonNode.Parse(output)!["services"]!["Studio"]!["endpoint"]!.GetValue<string>().Should().Contain("cli-job-1", "show prints the job's Studio page, as az ml does");

            (code, _, error) = await RunAsync(flavour, root, variables, "job", "update", "-n", "cli-job-1", "--set", "tags.owner=me");
            code.Should().Be(0, error);
            (code, output, error) = await RunAsync(flavour, root, variables, "job", "list", "-o", "json");
            code.Should().Be(0, error);
            var listed = JsonNode.Parse(output)!.AsArray().Single(j => j!["name"]!.GetValue<string>() == "cli-job-1")!;
            listed["tags"]!["owner"]!.GetValue<string>().Should().Be("me");

            (code, _, error) = await RunAsync(flavour, root, variables, "job", "archive", "-n", "cli-job-1");
            code.Should().Be(0, error);
            (_, output, _) = await RunAsync(flavour, root, variables, "job", "list", "-o", "json");
            JsonNode.Parse(output)!.AsArray().Should().NotContain(j => j!["name"]!.GetValue<string>() == "cli-job-1", "archived jobs are hidden from list");
            (code, _, error) = await RunAsync(flavour, root, variables, "job", "restore", "-n", "cli-job-1");
            code.Should().Be(0, error);

            (code, _, error) = await RunAsync(flavour, root, variables, "job", "cancel", "-n", "cli-job-1");
            code.Should().Be(0, error);
            (_, output, _) = await RunAsync(flavour, root, variables, "job", "show", "-n", "cli-job-1");
            JsonNode.Parse(output)!["status"]!.GetValue<string>().Should().Be("Canceled");

            (code, _, error) = await RunAsync(flavour, root, variables, "job", "show", "-n", "no-such-job");
            code.Should().Be(1);
            error.Should().Contain("ResourceNotFound").And.NotContain("   at ", "no stack trace reaches the user");

            // Lineage: a job's graph comes from its record; finding by content needs a digest index Azure ML does not keep.
            (code, output, error) = await RunAsync(flavour, root, variables, "job", "lineage", "-n", "cli-train-1", "--format", "mermaid");
            code.Should().Be(0, error);
            output.Should().StartWith("flowchart").And.Contain("cli-train-1");
            (code, _, error) = await RunAsync(flavour, root, variables, "lineage", "find", "--sha256", new string('a', 64));
            code.Should().Be(1);
            error.Should().Contain("per-file digests").And.NotContain("   at ");

            Directory.Exists(localHome).Should().BeFalse("no verb fell back to the local workspace");

            // A Python client with the same env file: docs/snippets/emulator/list_jobs.py, as the docs show it.
            var (pythonCode, pythonOut, pythonError) = await RunProcessAsync("python3", root, variables, DocsSnippet("emulator", "list_jobs.py"));
            pythonCode.Should().Be(0, pythonError);
            pythonOut.Should().Contain("cli-job-1 Canceled").And.Contain("cli-train-1 Completed");
            var logged = (await File.ReadAllLinesAsync(requestLog)).Select(l => JsonNode.Parse(l)!).ToList();
            logged.Should().Contain(e => e["method"]!.GetValue<string>() == "PUT" && e["url"]!.GetValue<string>().Contains("/jobs/cli-job-1?api-version=2025-12-01"));

            Signal(emulator, "TERM");
            (await WaitForExitAsync(emulator)).Should().Be(0, "SIGTERM is the normal way to stop it");
            File.Exists(envFile).Should().BeFalse("a stale env file would point the next shell at a port nobody serves");
            File.Exists(envFile + ".pem").Should().BeFalse();
        }
        finally
        {
            if (!emulator.HasExited) emulator.Kill(entireProcessTree: true);
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task An_env_file_in_a_folder_that_does_not_exist_is_a_clear_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("emulator", "start", "--env-file", "/no/such/folder/emulator.env");

        code.Should().Be(1);
        error.Should().Contain("/no/such/folder").And.Contain("does not exist");
    }

    private static Process Start(TjFlavour flavour, string workingDirectory, IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var start = TjPrograms.StartInfo(flavour, workingDirectory, args);
        // A managed identity or workspace selection of the machine running the tests must not leak in.
        foreach (var name in new[] { "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "TRAININGJOBS_WORKSPACE", "TRAININGJOBS_SUBSCRIPTION", "TRAININGJOBS_RESOURCE_GROUP" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (key, value) in variables) start.Environment[key] = value;
        return Process.Start(start)!;
    }

    private static string DocsSnippet(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainingJobs.Sdk.sln"))) dir = dir.Parent;
        return Path.Combine([dir!.FullName, "docs", "snippets", .. parts]);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunProcessAsync(string program, string root, IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in variables) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var code = await WaitForExitAsync(process);
        return (code, await output, await error);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(TjFlavour flavour, string root, IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        using var process = Start(flavour, root, variables, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var code = await WaitForExitAsync(process);
        return (code, await output, await error);
    }

    private static async Task WaitForReadyAsync(Process emulator)
    {
        using var bound = new CancellationTokenSource(Patience);
        var seen = new List<string>();
        while (await emulator.StandardOutput.ReadLineAsync(bound.Token) is { } line)
        {
            seen.Add(line);
            if (line.StartsWith("Env file: ", StringComparison.Ordinal)) return;
        }
        Assert.Fail($"tj emulator start ended before it was ready: {string.Join('\n', seen)}\n{await emulator.StandardError.ReadToEndAsync()}");
    }

    private static async Task<int> WaitForExitAsync(Process process)
    {
        using var bound = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"tj {string.Join(' ', process.StartInfo.ArgumentList.SkipWhile(a => a is "exec" || a.EndsWith("tj.dll", StringComparison.Ordinal)))} did not end within {Patience.TotalSeconds:0} s.");
        }
        return process.ExitCode;
    }

    /// <summary>Reads KEY='VALUE' lines the way a shell's <c>set -a; . F</c> does for the values the emulator writes (single-quoted, no escapes).</summary>
    private static Dictionary<string, string> ParseEnvFile(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#')) continue;
            var equals = line.IndexOf('=');
            var value = line[(equals + 1)..];
            value.Should().StartWith("'").And.EndWith("'", "every value is single-quoted, literal for both shells and dotenv");
            variables[line[..equals]] = value[1..^1];
        }
        return variables;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }
}
