using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Emulator;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Testing.Tests.Spec;

/// <summary>
/// Every request the SDK sends to Azure ML, as the emulator's request log records it, conforms to the 2025-12-01
/// swagger extract in <c>../shared/reference/spec/</c>: its URL matches one of the extract's operation paths and
/// methods with <c>api-version=2025-12-01</c>, and its body validates against the operation's body schema.
/// </summary>
[NonParallelizable]
public partial class RequestsMatchTheSpecTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\(looked at (.+?)\);")]
    private static partial System.Text.RegularExpressions.Regex MissingPath();

    private static string Shared(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "..", "shared", "reference"))) dir = dir.Parent;
        dir.Should().NotBeNull("the tests read ../shared next to the repository");
        return Path.GetFullPath(Path.Combine([dir!.FullName, "..", "shared", .. parts]));
    }

    private static SwaggerRequestValidator Spec() =>
        new(JsonNode.Parse(File.ReadAllText(Shared("reference", "spec", "mfe-2025-12-01.jobs-extract.json")))!.AsObject(), "2025-12-01");

    /// <summary>
    /// The operations a submit needs that the shared extract does not hold (code versions, environment and data
    /// look-ups, computes, the workspace): written from the 2025-12-01 examples, see the file's <c>x-source</c>.
    /// </summary>
    private static SwaggerRequestValidator Supplement() =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Spec", "assets-2025-12-01.supplement.json")))!.AsObject(), "2025-12-01");

    /// <summary>The problems of a request: against the extract when it holds the operation, else against the supplement.</summary>
    private static IReadOnlyList<string> Check(SwaggerRequestValidator spec, SwaggerRequestValidator supplement, string method, Uri url, JsonNode? body) =>
        spec.OperationOf(method, url) is null && supplement.OperationOf(method, url) is not null
            ? supplement.Check(method, url, body)
            : spec.Check(method, url, body);

    [Test]
    public async Task Every_request_of_submitting_the_corpus_and_managing_jobs_matches_an_operation_of_the_spec_and_its_body_schema()
    {
        // Jobs are not run: this is about what the client sends.
        await using var session = await EmulatorSession.StartAsync(new AzureMLEmulatorOptions { RetryAfter = TimeSpan.Zero, PageSize = 5, RunJobs = false });
        var (emulator, client) = (session.Emulator, session.Client);
        emulator.AddEnvironmentVersion("spec-env", "1", "python:3.12-slim");

        // Every job of the Azure ML examples that this backend submits: command, sweep and pipeline jobs with local code
        // (uploaded as code versions), inputs, outputs, distributions, limits and services. Jobs this backend refuses
        // before any request (TJ5001, TJ5002), and those naming an asset the emulated workspace does not have (a 404
        // from a look-up), are left out; every request sent on the way must conform all the same.
        var submitted = new List<string>();
        // The corpus holds the YAML files only: a mirror of it gets the local code folders and inputs they name (one small
        // file each), made when a submit is refused for a missing path, so that uploads are part of the check.
        var corpus = Shared("corpus", "yaml", "azureml-examples", "cli");
        var mirror = Path.Combine(Path.GetTempPath(), "tj-spec-" + Guid.NewGuid().ToString("N")[..10]);
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(corpus, "jobs"), "*.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var copy = Path.Combine(mirror, Path.GetRelativePath(corpus, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
                // In-place environments (not registered by this backend yet) are pinned to a registered one where the job
                // has one at its top level, so that the check covers the many command jobs of the corpus.
                var loaded = YamlJobLoader.Load(copy, new YamlLoadOptions { Overrides = ["experiment_name=spec-check", "environment=azureml:spec-env:1"] });
                if (loaded.Definition is null || loaded.Definition.Kind != JobKind.Command) loaded = YamlJobLoader.Load(copy, new YamlLoadOptions { Overrides = ["experiment_name=spec-check"] });
                if (loaded.Definition is null) continue;
                var name = "spec-" + submitted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    try
                    {
                        await client.SubmitAsync(loaded.Definition with { Name = name }, new SubmitOptions { BaseDirectory = Path.GetDirectoryName(copy) });
                        submitted.Add(name);
                        TestContext.Out.WriteLine($"{name}: {Path.GetRelativePath(corpus, file)}");
                        break;
                    }
                    catch (Azure.RequestFailedException e) when (e.Status == 404)
                    {
                        // A look-up of an asset or compute the emulated workspace does not have: the request was still sent.
                        TestContext.Out.WriteLine($"{Path.GetRelativePath(corpus, file)}: {e.Message}");
                        break;
                    }
                    catch (JobValidationException e)
                    {
                        var missing = e.Diagnostics.Where(d => d.Code == "TJ4004").Select(d => MissingPath().Match(d.Message)).Where(m => m.Success).ToList();
                        if (attempt > 0 || missing.Count == 0 || missing.Count != e.Diagnostics.Count(d => d.IsError))
                        {
                            // Refused before any request (an in-place component, a label other than @latest): nothing was sent.
                            TestContext.Out.WriteLine($"{Path.GetRelativePath(corpus, file)}: {string.Join("; ", e.Diagnostics.Where(d => d.IsError).Select(d => d.Code + " " + d.Message))}");
                            break;
                        }
                        foreach (var path in missing.Select(m => m.Groups[1].Value).Where(p => p.StartsWith(mirror, StringComparison.Ordinal)))
                        {
                            if (Path.HasExtension(path))
                            {
                                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                                await File.WriteAllTextAsync(path, "a,b\n1,2\n");
                            }
                            else
                            {
                                Directory.CreateDirectory(path);
                                await File.WriteAllTextAsync(Path.Combine(path, "main.py"), "print('hello')\n");
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(mirror, recursive: true);
        }
        submitted.Should().HaveCountGreaterThanOrEqualTo(10, "enough of the corpus is submitted for the check to mean something");

        var first = submitted[0];
        await client.GetAsync(first);
        await foreach (var _ in client.GetJobsAsync(new JobQuery { MaxResults = 12 }))
        {
        }
        await foreach (var _ in client.GetJobsAsync(new JobQuery { Archived = ArchiveFilter.ArchivedOnly, Tags = new Dictionary<string, string?> { ["stage"] = null } }))
        {
        }
        await client.UpdateTagsAsync(first, new Dictionary<string, string?> { ["stage"] = "candidate" });
        await client.ArchiveAsync(first);
        await client.RestoreAsync(first);
        await client.CancelAsync(submitted[1]);
        await client.DeleteAsync(submitted[2]);

        var spec = Spec();
        var supplement = Supplement();
        // Not ARM operations, so not in the spec: the managed-identity token requests (another port), and the polls
        // of long-running operations, whose URLs the service hands out in Location/Azure-AsyncOperation headers.
        var all = emulator.RequestLog.Where(e => e.Fault is null).ToList();
        var tokenRequests = all.Count(e => new Uri(emulator.ArmEndpoint, e.Url).Port != emulator.ArmEndpoint.Port);
        var operationPolls = all.Count(IsOperationPoll);
        var requests = all.Where(e => new Uri(emulator.ArmEndpoint, e.Url).Port == emulator.ArmEndpoint.Port && !IsOperationPoll(e)).ToList();
        tokenRequests.Should().BeGreaterThan(0, "the unchanged DefaultAzureCredential signed in through the emulator");
        operationPolls.Should().BeGreaterThan(0, "cancel is a long-running operation");
        requests.Select(r => r.Method).Should().Contain(["PUT", "GET", "POST"]);
        var problems = requests
            .SelectMany(r => Check(spec, supplement, r.Method, new Uri(emulator.ArmEndpoint, r.Url), r.RequestBody).Select(p => $"{r.Method} {r.Url}: {p}"))
            .ToList();
        var operations = requests.Select(r => spec.OperationOf(r.Method, new Uri(emulator.ArmEndpoint, r.Url))
            ?? (supplement.OperationOf(r.Method, new Uri(emulator.ArmEndpoint, r.Url)) is { } extra ? extra + " (supplement)" : $"(none: {r.Method} {r.Url})")).Distinct().Order().ToList();

        problems.Should().BeEmpty($"every request conforms to the spec; operations seen: {string.Join(", ", operations)}");
        operations.Should().Contain(["Jobs_CreateOrUpdate", "Jobs_Get", "Jobs_List", "Jobs_Cancel", "Jobs_Delete", "Datastores_Get", "Datastores_ListSecrets",
            "CodeVersions_Get (supplement)", "CodeVersions_CreateOrGetStartPendingUpload (supplement)", "CodeVersions_CreateOrUpdate (supplement)"]);
        TestContext.Out.WriteLine($"{requests.Count} ARM requests checked ({operationPolls} operation polls and {tokenRequests} token requests besides), {submitted.Count} corpus jobs submitted; operations: {string.Join(", ", operations)}; unchecked external references: {string.Join(", ", spec.ExternalReferences)}");
    }

    [Test]
    public void The_validator_finds_a_wrong_type_an_unknown_property_a_missing_required_field_an_unknown_subtype_and_a_read_only_field()
    {
        var spec = Spec();
        var url = new Uri("https://127.0.0.1/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/jobs/j?api-version=2025-12-01");
        var good = JsonNode.Parse("""{"properties":{"jobType":"Command","command":"echo","environmentId":"/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/environments/e/versions/1"}}""");
        spec.Check("PUT", url, good).Should().BeEmpty();

        Problems(spec, url, """{"properties":{"jobType":"Command","command":5,"environmentId":"e"}}""").Should().ContainMatch("$.properties.command: expected a string*");
        Problems(spec, url, """{"properties":{"jobType":"Command","command":"echo","environmentId":"e","comand":"typo"}}""").Should().ContainMatch("$.properties.comand: not a property*");
        Problems(spec, url, """{"properties":{"jobType":"Command","command":"echo"}}""").Should().ContainMatch("$.properties.environmentId: required*");
        Problems(spec, url, """{"properties":{"jobType":"Kommand","command":"echo","environmentId":"e"}}""").Should().ContainMatch("$.properties.jobType: 'Kommand' names no subtype*");
        Problems(spec, url, """{"properties":{"jobType":"Command","command":"echo","environmentId":"e","status":"Running"}}""").Should().ContainMatch("$.properties.status: read-only*");
        spec.Check("PUT", new Uri(url.AbsoluteUri.Replace("2025-12-01", "2024-04-01", StringComparison.Ordinal)), good).Should().ContainMatch("*api-version*");
        spec.Check("PATCH", url, good).Should().ContainMatch("*no operation of the spec*");
        spec.Check("GET", new Uri(url, "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/jobz?api-version=2025-12-01"), null).Should().ContainMatch("*no operation*");
    }

    private static bool IsOperationPoll(AzureMLEmulatorRequestLogEntry entry) =>
        entry.Method == "GET" && entry.Url.Contains("/providers/Microsoft.MachineLearningServices/locations/", StringComparison.Ordinal)
        && entry.Url.Contains("/mfeOperationResults/", StringComparison.Ordinal);

    private static IReadOnlyList<string> Problems(SwaggerRequestValidator spec, Uri url, string body) => spec.Check("PUT", url, JsonNode.Parse(body));
}
