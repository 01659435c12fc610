using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Mapping.ToRest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML.Mapping;

/// <summary>References as the wire holds them, written on their own (<see cref="ReferenceWriter"/>, <see cref="PendingAssetWriter"/>).</summary>
public sealed class ReferenceWriterTests
{
    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");

    [Test]
    public void Local_compute_is_sent_as_written_with_a_warning()
    {
        var context = new RestWriteContext(new RestMappingSession(Scope));

        ReferenceWriter.Compute("local", "compute", context).Should().Be("local");

        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(RestDiagnosticCodes.LocalCompute);
    }

    [Test]
    public void A_local_code_folder_becomes_a_pending_code_version()
    {
        var session = new RestMappingSession(Scope);
        var context = new RestWriteContext(session);

        var wire = ReferenceWriter.Code("./src", "code", context);

        wire.Should().StartWith($"{Scope.ResourceId}/codes/").And.EndWith("/versions/1");
        session.PendingAssets.Should().ContainSingle().Which.Should().Be(new PendingAsset(PendingAssetKind.Code, "code", wire!, "./src"));
        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(RestDiagnosticCodes.PendingAsset);
    }

    [Test]
    public void A_label_is_sent_as_written_and_flagged_as_unresolved()
    {
        var context = new RestWriteContext(new RestMappingSession(Scope));

        var wire = ReferenceWriter.Environment(new EnvironmentReference("azureml:sklearn@latest"), "environment", required: true, context);

        wire.Should().Be("azureml:sklearn@latest");
        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(RestDiagnosticCodes.UnresolvedLabel);
    }

    [TestCase(true, 1)]
    [TestCase(false, 0)]
    public void A_missing_environment_is_reported_only_where_one_is_required(bool required, int expected)
    {
        var context = new RestWriteContext(new RestMappingSession(Scope));

        ReferenceWriter.Environment(null, "environment", required, context).Should().BeNull();

        context.Diagnostics.Should().HaveCount(expected);
    }

    [Test]
    public void The_same_anonymous_asset_met_twice_at_one_path_is_listed_once()
    {
        var session = new RestMappingSession(Scope);
        var context = new RestWriteContext(session);
        var inline = new InlineEnvironment { Image = "python:3.12" };

        var first = ReferenceWriter.Environment(inline, "environment", required: true, context);
        var second = ReferenceWriter.Environment(inline, "environment", required: true, context);

        second.Should().Be(first).And.Contain("/environments/CliV2AnonymousEnvironment/versions/");
        session.PendingAssets.Should().ContainSingle();
    }
}
