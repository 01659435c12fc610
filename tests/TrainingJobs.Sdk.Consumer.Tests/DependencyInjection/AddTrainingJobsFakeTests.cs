using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.DependencyInjection;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Consumer.Tests.DependencyInjection;

/// <summary><c>AddTrainingJobsFake</c>: one line puts the fake where <c>AddTrainingJobs</c> put the real client and factory.</summary>
public sealed class AddTrainingJobsFakeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private static IConfiguration TwoWorkspaces() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["TrainingJobs:DefaultWorkspace"] = "dev",
        ["TrainingJobs:Workspaces:dev:Kind"] = "Local",
        ["TrainingJobs:Workspaces:dev:Home"] = Path.Combine(Path.GetTempPath(), "never-created-dev"),
        ["TrainingJobs:Workspaces:prod:Kind"] = "AzureML",
        ["TrainingJobs:Workspaces:prod:SubscriptionId"] = "00000000-0000-0000-0000-000000000000",
        ["TrainingJobs:Workspaces:prod:ResourceGroupName"] = "ml-rg",
        ["TrainingJobs:Workspaces:prod:WorkspaceName"] = "ml-ws",
    }).Build().GetSection(TrainingJobsOptions.SectionName);

    [Test]
    public async Task After_AddTrainingJobs_in_a_host_the_client_and_every_configured_name_resolve_to_the_fake_on_the_container_clock()
    {
        var time = new FakeTimeProvider(T0);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddTrainingJobs(TwoWorkspaces());
        builder.Services.AddTrainingJobsFake();
        using var host = builder.Build();
        await host.StartAsync(); // the configuration is still validated at start

        var fake = host.Services.GetRequiredService<FakeTrainingJobsClient>();
        var factory = host.Services.GetRequiredService<TrainingJobsClientFactory>();

        fake.TimeProvider.Should().BeSameAs(time);
        host.Services.GetRequiredService<TrainingJobsClient>().Should().BeSameAs(fake);
        factory.CreateClient("dev").Should().BeSameAs(fake);
        factory.CreateClient("PROD").Should().BeSameAs(fake, "names ignore case, as the real factory's do");
        factory.Invoking(f => f.CreateClient("staging")).Should().Throw<InvalidOperationException>()
            .WithMessage("*'staging'*dev, prod*", "a name no workspace has fails as it does with the real factory");
        await host.StopAsync();
    }

    [Test]
    public void Before_AddTrainingJobs_the_fake_is_kept_as_client_and_factory()
    {
        var fake = new FakeTrainingJobsClient(new FakeTimeProvider(T0));
        var services = new ServiceCollection().AddTrainingJobsFake(fake).AddTrainingJobs(TwoWorkspaces());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TrainingJobsClient>().Should().BeSameAs(fake);
        provider.GetRequiredService<TrainingJobsClientFactory>().CreateClient("prod").Should().BeSameAs(fake);
        provider.GetRequiredService<FakeTrainingJobsClient>().Should().BeSameAs(fake);
    }

    [Test]
    public void Without_AddTrainingJobs_every_name_is_the_fake_and_the_clock_defaults_to_the_system_one()
    {
        using var provider = new ServiceCollection().AddTrainingJobsFake().BuildServiceProvider();

        var fake = provider.GetRequiredService<FakeTrainingJobsClient>();

        fake.TimeProvider.Should().BeSameAs(TimeProvider.System);
        provider.GetRequiredService<TrainingJobsClientFactory>().CreateClient("anything").Should().BeSameAs(fake);
    }

    [Test]
    public void The_last_call_wins_and_leaves_one_registration_of_each_service()
    {
        var first = new FakeTrainingJobsClient(TimeProvider.System);
        var second = new FakeTrainingJobsClient(TimeProvider.System);
        var services = new ServiceCollection().AddTrainingJobs(TwoWorkspaces()).AddTrainingJobsFake(first).AddTrainingJobsFake(second);

        services.Count(d => d.ServiceType == typeof(TrainingJobsClient)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(TrainingJobsClientFactory)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<TrainingJobsClient>().Should().BeSameAs(second);
    }

    [Test]
    public async Task A_service_resolved_from_the_container_runs_a_scripted_timeline_on_the_fake_clock()
    {
        var time = new FakeTimeProvider(T0);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddTrainingJobs(TwoWorkspaces())
            .AddTrainingJobsFake(fake => fake.Script("nightly-1", FakeJobScript.Completes()
                .After(TimeSpan.FromMinutes(2)).Running().Log("epoch 1")
                .After(TimeSpan.FromHours(1)).Log("epoch 2")
                .After(TimeSpan.FromMinutes(3))))
            .AddSingleton<TrainingRunner>();
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<TrainingRunner>();
        var lines = new List<string>();

        var run = runner.RunAsync(new CommandJob { Name = "nightly-1", Command = "python train.py", Environment = new EnvironmentReference("azureml:env:1") }, lines.Add, TimeSpan.FromHours(4));
        time.Advance(TimeSpan.FromHours(2));
        var outcome = await run;

        outcome.Should().Be(new TrainingRunner.Outcome("nightly-1", JobStatus.Completed, null, TimeSpan.FromMinutes(65), CanceledForBudget: false));
        lines.Should().Equal("epoch 1", "epoch 2");
        provider.GetRequiredService<FakeTrainingJobsClient>().Submitted.Should().ContainSingle().Which.Name.Should().Be("nightly-1");
    }
}
