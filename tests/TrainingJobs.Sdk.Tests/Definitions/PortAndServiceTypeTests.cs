using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Definitions;

public sealed class PortAndServiceTypeTests
{
    private const string Yaml = """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        command: echo hi
        environment: azureml:env:1
        compute: azureml:cpu
        outputs:
          model:
            type: MLflow_Model
          odd:
            type: hologram_store
        services:
          board:
            type: tensor_board
          mine:
            type: my_service
        """;

    [Test]
    public void Yaml_types_become_typed_values_and_unknown_ones_survive_unchanged()
    {
        var job = YamlJobLoader.LoadText(Yaml, new YamlLoadOptions { Validate = false }).Definition.Should().BeOfType<CommandJob>().Subject;

        job.Outputs["model"].Type.Should().Be(PortType.MLflowModel, "comparison ignores case");
        job.Outputs["model"].Type!.Value.IsAsset.Should().BeTrue();
        job.Outputs["odd"].Type!.Value.IsKnown.Should().BeFalse();
        job.Services["board"].Type.Should().Be(JobServiceType.TensorBoard);
        job.Services["mine"].Type!.Value.IsKnown.Should().BeFalse();

        var written = YamlJobWriter.Write(job);
        written.Should().Contain("type: MLflow_Model", "the text as written survives").And.Contain("type: hologram_store").And.Contain("type: my_service");
    }

    [Test]
    public void A_port_type_converts_from_asset_and_literal_types()
    {
        PortType asset = AssetType.UriFile;
        PortType literal = LiteralType.Boolean;

        asset.Should().Be(PortType.UriFile);
        asset.IsAsset.Should().BeTrue();
        asset.IsLiteral.Should().BeFalse();
        literal.IsLiteral.Should().BeTrue();
        literal.ToLiteralType().Should().Be(LiteralType.Boolean);
        PortType.Parse("URI_FOLDER").ToString().Should().Be("uri_folder");
        new JobOutput().EffectiveType.Should().Be(PortType.UriFolder);
    }
}
