using System.Reflection;
using Azure;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Client;

/// <summary>The client's construction: from a workspace description plus options, and the mocking constructor.</summary>
public sealed class TrainingJobsClientShapeTests
{
    private sealed class NothingOverridden : TrainingJobsClient
    {
    }

    private static IEnumerable<MethodInfo> PublicVirtualMethods() =>
        typeof(TrainingJobsClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && !m.IsFinal && m.DeclaringType == typeof(TrainingJobsClient));

    private static IEnumerable<TestCaseData> Methods() =>
        PublicVirtualMethods().Select(m => new TestCaseData(m.Name, m.GetParameters().Select(p => p.ParameterType).ToArray()).SetArgDisplayNames(m.Name + "(" + string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name)) + ")"));

    [Test]
    public void The_client_has_public_virtual_methods_to_check()
    {
        PublicVirtualMethods().Select(m => m.Name).Should().Contain(["SubmitAsync", "GetAsync", "StreamAsync", "GetRecordAsync"]);
    }

    [TestCaseSource(nameof(Methods))]
    public async Task A_method_not_overridden_on_a_mocking_client_says_so(string name, Type[] parameterTypes)
    {
        var method = typeof(TrainingJobsClient).GetMethod(name, parameterTypes)!;
        var arguments = method.GetParameters().Select(ArgumentFor).ToArray();
        var call = async () =>
        {
            object? result;
            try
            {
                result = method.Invoke(new NothingOverridden(), arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
            await ConsumeAsync(result);
        };

        (await call.Should().ThrowExactlyAsync<InvalidOperationException>())
            .WithMessage($"*mocking constructor*override {name}*");
    }

    [Test]
    public async Task A_client_made_from_a_local_workspace_description_uses_that_workspace()
    {
        var home = Path.Combine(Path.GetTempPath(), "tj-shape-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var client = new TrainingJobsClient(
                new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = home }),
                new TrainingJobsClientOptions(TrainingJobsClientOptions.ServiceVersion.V2025_12_01));

            var jobs = new List<Job>();
            await foreach (var job in client.GetJobsAsync()) jobs.Add(job);

            jobs.Should().BeEmpty();
            Directory.Exists(home).Should().BeTrue("the client opened the workspace the description names");
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    [Test]
    public async Task The_local_workspace_does_not_delete_jobs_and_says_to_archive()
    {
        var home = Path.Combine(Path.GetTempPath(), "tj-shape-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var client = new TrainingJobsClient(new LocalTrainingJobsWorkspace(new LocalWorkspaceOptions { Home = home }));

            (await client.Awaiting(c => c.DeleteAsync("any")).Should().ThrowAsync<NotSupportedException>()).WithMessage("*local*ArchiveAsync*");
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    [Test]
    public void Construction_arguments_are_checked()
    {
        FluentActions.Invoking(() => new TrainingJobsClient((TrainingJobsWorkspace)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new LocalTrainingJobsWorkspace(null!)).Should().Throw<ArgumentNullException>();
    }

    [Test]
    public void Options_default_to_the_latest_service_version_and_every_version_has_a_wire_form()
    {
        new TrainingJobsClientOptions().Version.Should().Be(TrainingJobsClientOptions.LatestVersion);
        foreach (var version in Enum.GetValues<TrainingJobsClientOptions.ServiceVersion>())
        {
            version.ToApiVersion().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$");
        }
        TrainingJobsClientOptions.LatestVersion.ToApiVersion().Should().Be("2025-12-01");
        FluentActions.Invoking(() => new TrainingJobsClientOptions((TrainingJobsClientOptions.ServiceVersion)999)).Should().Throw<NotSupportedException>();
    }

    [Test]
    public void Options_carry_the_Azure_SDK_retry_and_diagnostics_settings()
    {
        var options = new TrainingJobsClientOptions();
        options.Retry.MaxRetries = 7;
        options.Diagnostics.IsLoggingEnabled = false;

        options.Should().BeAssignableTo<Azure.Core.ClientOptions>();
        options.Retry.MaxRetries.Should().Be(7);
        options.Diagnostics.IsLoggingEnabled.Should().BeFalse();
    }

    private static object? ArgumentFor(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken)) return CancellationToken.None;
        if (type == typeof(string)) return parameter.Name == "sha256" ? new string('a', 64) : "some-job";
        if (type == typeof(JobDefinition)) return new CommandJob { Name = "some-job", Command = "true" };
        if (type == typeof(Diagnostic)) return new Diagnostic("TJ0001", DiagnosticSeverity.Error, "m", "command");
        if (type == typeof(IReadOnlyDictionary<string, string?>)) return new Dictionary<string, string?>();
        // Options and queries are optional: null stands for their defaults.
        if (parameter.HasDefaultValue && parameter.DefaultValue is null && !type.IsValueType) return null;
        throw new AssertionException($"No test argument for parameter {parameter.Name} of type {type}: add one.");
    }

    private static async Task ConsumeAsync(object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                break;
            case AsyncPageable<Job> pageable:
                await foreach (var _ in pageable) { }
                break;
            case IAsyncEnumerable<JobEvent> events:
                await foreach (var _ in events) { }
                break;
        }
    }
}
