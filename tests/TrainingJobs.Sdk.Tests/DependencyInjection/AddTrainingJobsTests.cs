using Azure;
using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage.Evidence;
using TrainingJobs.Sdk.Local;
using TrainingJobs.Sdk.Tests.Local;

namespace TrainingJobs.Sdk.Tests.DependencyInjection;

[TestFixture]
public sealed class AddTrainingJobsTests
{
    private const string Subscription = "00000000-0000-0000-0000-000000000001";

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static async Task<Job> RunEchoAsync(TrainingJobsClient client, string text)
    {
        var job = await client.SubmitAsync(new CommandJob { Command = $"echo {text}" });
        using var timeout = new CancellationTokenSource(TempWorkspace.Patience);
        return await client.WaitForCompletionAsync(job.Name, timeout.Token);
    }

    [Test]
    public async Task Two_named_local_workspaces_resolve_to_their_own_clients_and_run_jobs()
    {
        await using var first = new TempWorkspace();
        await using var second = new TempWorkspace();
        var configuration = Configuration(
            ("TrainingJobs:DefaultWorkspace", "first"),
            ("TrainingJobs:Workspaces:first:Kind", "Local"),
            ("TrainingJobs:Workspaces:first:Home", first.Options.Home),
            ("TrainingJobs:Workspaces:second:Kind", "local"),
            ("TrainingJobs:Workspaces:second:Home", second.Options.Home),
            ("TrainingJobs:Workspaces:second:MaxConcurrentJobs", "1"));
        await using var provider = new ServiceCollection().AddTrainingJobs(configuration.GetSection(TrainingJobsOptions.SectionName)).BuildServiceProvider();

        var factory = provider.GetRequiredService<TrainingJobsClientFactory>();
        var defaultClient = provider.GetRequiredService<TrainingJobsClient>();
        var secondClient = factory.CreateClient("second");

        defaultClient.Should().BeSameAs(factory.CreateClient("FIRST"), "the default client is the named one, and names ignore case");
        secondClient.Should().BeSameAs(factory.CreateClient("second"));
        secondClient.Workspace.Should().BeOfType<LocalTrainingJobsWorkspace>().Which.Options.Should()
            .Match<LocalWorkspaceOptions>(o => o.Home == second.Options.Home && o.MaxConcurrentJobs == 1);
        var finished = await RunEchoAsync(secondClient, "hello");
        finished.Status.Should().Be(JobStatus.Completed);
        (await second.Client.GetAsync(finished.Name)).Status.Should().Be(JobStatus.Completed, "the job is in the second workspace");
        await defaultClient.Awaiting(c => c.GetAsync(finished.Name)).Should().ThrowAsync<RequestFailedException>("not in the first");
        factory.Invoking(f => f.CreateClient("third")).Should().Throw<InvalidOperationException>().WithMessage("*'third'*first, second*");
    }

    [Test]
    public async Task A_bad_configuration_fails_at_host_start_naming_every_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrainingJobs:DefaultWorkspace"] = "nowhere",
            ["TrainingJobs:Workspaces:nohome:Kind"] = "Local",
            ["TrainingJobs:Workspaces:busy:Kind"] = "Local",
            ["TrainingJobs:Workspaces:busy:Home"] = "/tmp/unused",
            ["TrainingJobs:Workspaces:busy:MaxConcurrentJobs"] = "many",
            ["TrainingJobs:Workspaces:azure:Kind"] = "AzureML",
            ["TrainingJobs:Workspaces:azure:SubscriptionId"] = "not-a-guid",
            ["TrainingJobs:Workspaces:azure:ResourceGroupName"] = "rg",
            ["TrainingJobs:Workspaces:odd:Kind"] = "Quantum",
            ["TrainingJobs:Workspaces:nokind:Home"] = "/tmp/unused",
        });
        builder.Services.AddTrainingJobs(builder.Configuration.GetSection("TrainingJobs"));
        using var host = builder.Build();

        var start = await host.Awaiting(h => h.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        start.Which.Failures.Should().BeEquivalentTo(
        [
            "TrainingJobs:Workspaces:nohome:Home: the workspace folder of a local workspace is required.",
            "TrainingJobs:Workspaces:busy: Failed to convert configuration value 'many' at 'TrainingJobs:Workspaces:busy:MaxConcurrentJobs' to type 'System.Int32'.",
            "TrainingJobs:Workspaces:azure:SubscriptionId: SubscriptionId 'not-a-guid' is not valid: a subscription id is a GUID, e.g. 00000000-0000-0000-0000-000000000000.",
            "TrainingJobs:Workspaces:azure:WorkspaceName: WorkspaceName is required for an Azure ML workspace.",
            "TrainingJobs:Workspaces:odd:Kind: 'Quantum' is not a workspace kind: Local or AzureML.",
            "TrainingJobs:Workspaces:nokind:Kind: a workspace kind is required: Local or AzureML.",
            "TrainingJobs:DefaultWorkspace: 'nowhere' is not a configured workspace (configured: azure, busy, nohome, nokind, odd).",
        ], o => o.WithoutStrictOrdering());
    }

    [Test]
    public void Options_set_in_code_are_validated_with_their_keys_and_several_workspaces_need_a_default()
    {
        using var provider = new ServiceCollection().AddTrainingJobs(o =>
        {
            o.Workspaces["a"] = new TrainingJobsWorkspaceOptions { Kind = TrainingJobsWorkspaceKind.Local };
            o.Workspaces["a"].Local.Home = "/tmp/unused";
            o.Workspaces["a"].Local.PollInterval = TimeSpan.Zero;
            o.Workspaces["b"] = new TrainingJobsWorkspaceOptions { Kind = TrainingJobsWorkspaceKind.AzureML };
            o.Workspaces["b"].AzureML.SubscriptionId = Subscription;
            o.Workspaces["b"].AzureML.ResourceGroupName = "rg";
            o.Workspaces["b"].AzureML.WorkspaceName = "ws-1";
            o.Workspaces["b"].AzureML.ArmEndpoint = new Uri("http://127.0.0.1:1/");
        }).BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<TrainingJobsClient>();

        resolve.Should().Throw<OptionsValidationException>().Which.Failures.Should().BeEquivalentTo(
        [
            "Workspaces:a:PollInterval: PollInterval must be positive; got 00:00:00.",
            "Workspaces:b:ArmEndpoint: ArmEndpoint must be an absolute https URI; got 'http://127.0.0.1:1/'.",
            "DefaultWorkspace: required when several workspaces are configured (a, b): the one TrainingJobsClient runs jobs in.",
        ], o => o.WithoutStrictOrdering());
    }

    [Test]
    public async Task The_containers_TimeProvider_and_logging_reach_the_client()
    {
        await using var ws = new TempWorkspace();
        var time = new FakeTimeProvider(new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information))
            .AddTrainingJobs(o =>
            {
                o.Workspaces["local"] = new TrainingJobsWorkspaceOptions { Kind = TrainingJobsWorkspaceKind.Local };
                o.Workspaces["local"].Local.Home = ws.Options.Home;
            });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<TrainingJobsClient>();
        var job = await client.SubmitAsync(new CommandJob { Command = "echo clocked" });

        job.CreatedOn.Should().Be(time.GetUtcNow(), "the job was created on the container's clock");
        client.Workspace.Should().BeOfType<LocalTrainingJobsWorkspace>().Which.Options.TimeProvider.Should().BeSameAs(time);
        logs.Messages.Should().Contain(m => m.Contains($"Job {job.Name} submitted"));
        // Waited on with the real clock: the fake one is never advanced.
        (await ws.WaitAsync(job.Name)).Status.Should().Be(JobStatus.Completed);
    }

    [Test]
    public void A_TimeProvider_set_on_a_workspace_in_code_wins_over_the_containers()
    {
        var own = new FakeTimeProvider();
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider())
            .AddTrainingJobs(o =>
            {
                o.Workspaces["azure"] = new TrainingJobsWorkspaceOptions { Kind = TrainingJobsWorkspaceKind.AzureML };
                o.Workspaces["azure"].AzureML.SubscriptionId = Subscription;
                o.Workspaces["azure"].AzureML.ResourceGroupName = "rg";
                o.Workspaces["azure"].AzureML.WorkspaceName = "ws-1";
                o.Workspaces["azure"].AzureML.TimeProvider = own;
            }).BuildServiceProvider();

        var client = provider.GetRequiredService<TrainingJobsClient>();

        client.Workspace.Should().BeOfType<AzureMLTrainingJobsWorkspace>().Which.Options.TimeProvider.Should().BeSameAs(own);
    }

    [Test]
    public void The_client_and_the_factory_registered_before_stay_in_place()
    {
        var mine = new MockClient();
        using var provider = new ServiceCollection()
            .AddSingleton<TrainingJobsClient>(mine)
            .AddTrainingJobs(o => o.Workspaces["x"] = new TrainingJobsWorkspaceOptions { Kind = TrainingJobsWorkspaceKind.Local })
            .BuildServiceProvider();

        provider.GetRequiredService<TrainingJobsClient>().Should().BeSameAs(mine);
        provider.GetRequiredService<EvidenceBundleWriter>().Should().NotBeNull();
    }

    [Test]
    public void AddAzureClients_resolves_a_local_and_an_Azure_workspace_by_name_with_the_builders_credential()
    {
        var configuration = Configuration(
            ("TrainingJobs:Workspaces:local:Kind", "Local"),
            ("TrainingJobs:Workspaces:local:Home", "/tmp/tj-unused-home"),
            ("TrainingJobs:Workspaces:azure:Kind", "AzureML"),
            ("TrainingJobs:Workspaces:azure:SubscriptionId", Subscription),
            ("TrainingJobs:Workspaces:azure:ResourceGroupName", "rg"),
            ("TrainingJobs:Workspaces:azure:WorkspaceName", "ws-1"),
            ("TrainingJobs:Workspaces:azure:ArmEndpoint", "https://127.0.0.1:8443/"));
        var credential = new StaticCredential();
        var services = new ServiceCollection().AddLogging();
        services.AddAzureClients(b =>
        {
            b.AddTrainingJobsClient(configuration.GetSection("TrainingJobs:Workspaces:local")).WithName("local");
            b.AddTrainingJobsClient(configuration.GetSection("TrainingJobs:Workspaces:azure")).WithName("azure").WithCredential(credential);
        });
        using var provider = services.BuildServiceProvider();

        var factory = provider.GetRequiredService<IAzureClientFactory<TrainingJobsClient>>();
        var local = factory.CreateClient("local");
        var azure = factory.CreateClient("azure");

        local.IsLocal.Should().BeTrue();
        local.Workspace.Should().BeOfType<LocalTrainingJobsWorkspace>().Which.Options.Home.Should().Be("/tmp/tj-unused-home");
        var azureOptions = azure.Workspace.Should().BeOfType<AzureMLTrainingJobsWorkspace>().Which.Options;
        azureOptions.Should().Match<AzureMLWorkspaceOptions>(o => o.WorkspaceName == "ws-1" && o.ArmEndpoint == new Uri("https://127.0.0.1:8443/"));
        azureOptions.Credential.Should().BeSameAs(credential);
        factory.CreateClient("azure").Should().BeSameAs(azure);
    }

    [Test]
    public void AddAzureClients_refuses_a_bad_workspace_section_naming_its_keys()
    {
        var configuration = Configuration(("W:Kind", "AzureML"), ("W:SubscriptionId", "nope"));
        var services = new ServiceCollection();

        var register = () => services.AddAzureClients(b => b.AddTrainingJobsClient(configuration.GetSection("W")));

        register.Should().Throw<ArgumentException>().WithMessage("*W:SubscriptionId: *W:ResourceGroupName: *W:WorkspaceName: *");
    }

    [Test]
    public async Task A_generic_host_runs_a_local_job_and_exports_its_evidence_end_to_end()
    {
        await using var ws = new TempWorkspace();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrainingJobs:Workspaces:dev:Kind"] = "Local",
            ["TrainingJobs:Workspaces:dev:Home"] = ws.Options.Home,
        });
        builder.Services.AddTrainingJobs(builder.Configuration.GetSection(TrainingJobsOptions.SectionName));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<TrainingJobsClient>();
        var finished = await RunEchoAsync(client, "from-the-host");
        var bundle = Path.Combine(ws.Work, "bundle");
        var written = await host.Services.GetRequiredService<EvidenceBundleWriter>().WriteAsync(finished.Name, bundle);
        var verification = host.Services.GetRequiredService<EvidenceBundleWriter>().Verify(bundle);
        await host.StopAsync();

        finished.Status.Should().Be(JobStatus.Completed);
        written.Jobs.Should().Equal(finished.Name);
        written.FileCount.Should().BeGreaterThan(1);
        verification.Verified.Should().BeTrue(string.Join("; ", verification.Problems));
    }

    private sealed class MockClient : TrainingJobsClient;

    private sealed class StaticCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
