using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Workspace;

namespace TrainingJobs.Sdk.Tests.Local.Hostile;

/// <summary>
/// Secrets in a job's definition are stored and shown redacted (the stored definition, the error message that quotes
/// the job's log, the supervisor log), while the job itself receives the real values. A job that prints its secrets
/// (a careless or hostile script) does not get them into what others read.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class HostileSecretTests
{
    private const string ApiKey = "k3y-value-only-the-job-sees-4711";
    private static readonly string AccountKey = new string('A', 60) + "b1c2d3e4f5g6h7i8j9k0l1m2n3==";
    private static readonly string ConnectionString = $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={AccountKey};EndpointSuffix=core.windows.net";

    [Test]
    public async Task Secret_variables_reach_the_job_but_are_stored_and_shown_redacted_and_never_leak_through_its_log()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            // The job proves it got the real values (their hashes), then prints them and its MLflow token, and fails,
            // so its log's tail goes into the error message.
            Command = "printf %s \"$MY_API_KEY\" | sha256sum | cut -c1-64 > outputs/key.sha256; " +
                      "printf %s \"$STORAGE\" | sha256sum | cut -c1-64 > outputs/storage.sha256; " +
                      "printf %s \"$MLFLOW_TRACKING_TOKEN\" > outputs/token; " +
                      "echo \"key=$MY_API_KEY storage=$STORAGE token=$MLFLOW_TRACKING_TOKEN plain=$PLAIN\"; exit 4",
            EnvironmentVariables = ValueMap.Of(("MY_API_KEY", ApiKey), ("STORAGE", ConnectionString), ("PLAIN", "visible")),
        });

        var done = await ws.WaitAsync(job.Name);

        var outputs = Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "outputs");
        (await File.ReadAllTextAsync(Path.Combine(outputs, "key.sha256"))).Trim().Should().Be(Sha256(ApiKey), "the job receives the real value");
        (await File.ReadAllTextAsync(Path.Combine(outputs, "storage.sha256"))).Trim().Should().Be(Sha256(ConnectionString));
        var token = await File.ReadAllTextAsync(Path.Combine(outputs, "token"));
        token.Should().NotBeEmpty();

        done.Status.Should().Be(JobStatus.Failed);
        done.ExitCode.Should().Be(4);
        var variables = ((CommandJob)done.Definition).EnvironmentVariables;
        variables["MY_API_KEY"].Should().Be("<redacted>", "its name says it is a secret");
        variables["STORAGE"].Should().Be(ConnectionString.Replace("AccountKey=" + AccountKey, "<redacted>", StringComparison.Ordinal), "the scanner flags the key in it");
        variables["PLAIN"].Should().Be("visible");
        done.Error!.Message.Should().Contain("plain=visible", "the log tail is still quoted").And.Contain("<redacted>");

        var stored = JobStore.Open(Path.Combine(ws.Options.Home!, "workspace.db")).Jobs.Get(job.Name)!;
        var shown = new[]
        {
            ("the stored definition", stored.DefinitionYaml),
            ("the definition as YAML", Sdk.Yaml.YamlJobWriter.Write(done.Definition)),
            ("the error message", done.Error.Message),
            ("the stored error message", stored.ErrorMessage!),
            ("the supervisor log", await File.ReadAllTextAsync(Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "system_logs", "supervisor.txt"))),
        };
        foreach (var (what, text) in shown)
        {
            text.Should().NotContain(ApiKey, what).And.NotContain(AccountKey, what).And.NotContain(token, what);
        }
    }

    [Test]
    public async Task A_literal_input_the_validator_flags_reaches_the_job_but_is_stored_and_shown_redacted()
    {
        await using var ws = new TempWorkspace();
        var job = await ws.Client.SubmitAsync(new CommandJob
        {
            Command = "printf %s '${{inputs.storage}}' | sha256sum | cut -c1-64 > outputs/storage.sha256",
            Inputs = ValueMap.Of<JobInput>(("storage", new LiteralInput { Value = LiteralValue.FromString(ConnectionString) })),
        });

        var done = await ws.WaitAsync(job.Name);

        done.Status.Should().Be(JobStatus.Completed);
        var outputs = Path.Combine(ws.Options.Home!, "jobs", job.Name, "artifacts", "outputs");
        (await File.ReadAllTextAsync(Path.Combine(outputs, "storage.sha256"))).Trim().Should().Be(Sha256(ConnectionString), "the job receives the real value");
        var shown = ((LiteralInput)((CommandJob)done.Definition).Inputs["storage"]).Value!.Value.StringValue;
        shown.Should().Contain("<redacted>").And.NotContain(AccountKey);
        var stored = JobStore.Open(Path.Combine(ws.Options.Home!, "workspace.db")).Jobs.Get(job.Name)!;
        stored.DefinitionYaml.Should().NotContain(AccountKey);
        var record = await ws.Client.GetRecordAsync(job.Name);
        record.BoundCommand.Should().Contain("<redacted>").And.NotContain(AccountKey, "the record shows the command as bound, secrets redacted");
        record.ExecutedCommand.Should().NotContain(AccountKey);
    }

    [Test]
    public async Task A_refused_input_that_is_a_signed_url_is_named_in_the_error_without_its_signature()
    {
        await using var ws = new TempWorkspace();
        const string signature = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg";
        var submit = () => ws.Client.SubmitAsync(new CommandJob
        {
            Command = "cat ${{inputs.data}}",
            Inputs = ValueMap.Of<JobInput>(("data", new AssetInput { Type = AssetType.UriFile, Path = $"https://acct.blob.core.windows.net/c/d.csv?sv=2022-11-02&sp=r&sig={signature}%3D%3D" })),
        });

        var refused = (await submit.Should().ThrowAsync<Sdk.Validation.JobValidationException>()).Which;

        refused.Message.Should().Contain("https://acct.blob.core.windows.net/c/d.csv").And.NotContain(signature);
        refused.Diagnostics.Should().OnlyContain(d => !d.Message.Contains(signature, StringComparison.Ordinal));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
