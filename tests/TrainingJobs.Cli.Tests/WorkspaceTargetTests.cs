using TrainingJobs.Cli.Commands;

namespace TrainingJobs.Cli.Tests;

/// <summary>How a verb picks its workspace: flags, then TRAININGJOBS_* variables, else the local workspace.</summary>
public class WorkspaceTargetTests
{
    private const string Subscription = "11111111-2222-3333-4444-555555555555";
    private const string OtherSubscription = "99999999-2222-3333-4444-555555555555";

    private static (WorkspaceTarget? Target, string? Problem) Resolve(Dictionary<string, string> environment, params string[] args)
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null) { GetEnvironmentVariable = name => environment.GetValueOrDefault(name) };
        var parse = CliApp.BuildRoot(context).Parse(["job", "show", "-n", "x", .. args]);
        parse.Errors.Should().BeEmpty();
        return WorkspaceTarget.Resolve(parse.CommandResult.Command, parse, context);
    }

    private static Dictionary<string, string> Environment(string? workspace = "env-ws") => new()
    {
        [WorkspaceTarget.SubscriptionVariable] = Subscription,
        [WorkspaceTarget.ResourceGroupVariable] = "env-rg",
        [WorkspaceTarget.WorkspaceVariable] = workspace ?? "",
    };

    [Test]
    public void With_no_flag_and_no_workspace_variable_the_local_workspace_is_used()
    {
        var (target, problem) = Resolve(Environment(workspace: null));

        target.Should().BeNull();
        problem.Should().BeNull();
    }

    [Test]
    public void The_environment_alone_selects_its_workspace()
    {
        var (target, problem) = Resolve(Environment());

        problem.Should().BeNull();
        target!.Options.SubscriptionId.Should().Be(Subscription);
        target.Options.ResourceGroupName.Should().Be("env-rg");
        target.Options.WorkspaceName.Should().Be("env-ws");
        target.Options.ArmEndpoint.Should().Be(Sdk.AzureML.AzureMLWorkspaceOptions.DefaultArmEndpoint);
    }

    [Test]
    public void Flags_win_over_the_environment_one_by_one()
    {
        var (target, _) = Resolve(Environment(), "-w", "flag-ws", "--subscription", OtherSubscription);

        target!.Options.WorkspaceName.Should().Be("flag-ws");
        target.Options.SubscriptionId.Should().Be(OtherSubscription);
        target.Options.ResourceGroupName.Should().Be("env-rg", "a flag not given falls back to its variable");
    }

    [Test]
    public void A_partial_selection_names_every_missing_setting()
    {
        var (target, problem) = Resolve([], "-w", "flag-ws");

        target.Should().BeNull();
        problem.Should().Contain("--subscription (or $TRAININGJOBS_SUBSCRIPTION)").And.Contain("--resource-group (or $TRAININGJOBS_RESOURCE_GROUP)").And.NotContain("--workspace-name");
    }

    [Test]
    public void An_invalid_value_in_the_environment_is_refused_with_the_variable_named()
    {
        var environment = Environment();
        environment[WorkspaceTarget.ResourceGroupVariable] = "a/b";

        var (_, problem) = Resolve(environment);

        problem.Should().Contain("$TRAININGJOBS_RESOURCE_GROUP 'a/b' is not valid");
    }

    [Test]
    public void An_arm_endpoint_that_is_not_https_is_refused()
    {
        var environment = Environment();
        environment[WorkspaceTarget.ArmEndpointVariable] = "http://127.0.0.1:1234/";

        var (_, problem) = Resolve(environment);

        problem.Should().Contain("$TRAININGJOBS_ARM_ENDPOINT").And.Contain("https");
    }

    [Test]
    public void The_blob_endpoint_variable_sets_the_blob_service_and_a_malformed_one_is_refused()
    {
        var environment = Environment();
        environment[WorkspaceTarget.BlobEndpointVariable] = "http://127.0.0.1:10000/devstoreaccount1";

        var (target, _) = Resolve(environment);
        target!.Options.BlobServiceUri.Should().Be(new Uri("http://127.0.0.1:10000/devstoreaccount1"));

        environment[WorkspaceTarget.BlobEndpointVariable] = "not a url";
        var (_, problem) = Resolve(environment);
        problem.Should().Contain("$TRAININGJOBS_BLOB_ENDPOINT 'not a url'");
    }

    [Test]
    public async Task The_certificate_variable_pins_the_pem_certificate_and_an_unreadable_one_is_a_clear_problem()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tj-target-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var emulator = await Sdk.Testing.Emulator.AzureMLEmulator.StartAsync();
            var pem = Path.Combine(folder, "ca.pem");
            emulator.WriteCertificatePem(pem);
            var environment = Environment();
            environment[WorkspaceTarget.ArmCertificateVariable] = pem;

            var (target, problem) = Resolve(environment);

            problem.Should().BeNull();
            target!.Options.ServerCertificate!.Thumbprint.Should().Be(emulator.Certificate.Thumbprint);

            environment[WorkspaceTarget.ArmCertificateVariable] = Path.Combine(folder, "missing.pem");
            (_, problem) = Resolve(environment);
            problem.Should().Contain("$TRAININGJOBS_ARM_CERTIFICATE").And.Contain("missing.pem");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
