using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>Whole numbers too big for the model are a clear "out of range" error; integer bounds save as integers.</summary>
public sealed class IntegerRangeTests
{
    private const string Job = "type: command\ncommand: python train.py\nenvironment: azureml:sklearn:1\n";

    private static YamlLoadResult Load(string yaml) =>
        YamlJobLoader.LoadText(Job + yaml, new YamlLoadOptions { SourceName = "job.yml", Validate = false });

    [TestCase("inputs:\n  n: {type: integer, default: 99999999999999999999999}\n", "inputs.n.default", 5, 31)]
    [TestCase("inputs:\n  n: {type: integer, value: -99999999999999999999999}\n", "inputs.n.value", 5, 29)]
    [TestCase("inputs:\n  n: {type: integer, default: 1e23}\n", "inputs.n.default", 5, 31)]
    [TestCase("resources:\n  instance_count: 99999999999\n", "resources.instance_count", 5, 19)]
    [TestCase("limits:\n  timeout: 99999999999999999999999\n", "limits.timeout", 5, 12)]
    public void A_whole_number_outside_the_models_range_is_an_out_of_range_error_that_names_the_range(string yaml, string path, int line, int column)
    {
        var result = Load(yaml);

        result.Definition.Should().BeNull();
        var error = result.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Path.Should().Be(path);
        error.Message.Should().Contain("out of range").And.MatchRegex(@"\d+ to \d+|at most \d+").And.NotContain("found a scalar");
        error.Location.Should().Be(new SourceLocation("job.yml", line, column));
    }

    [TestCase("inputs:\n  n: {type: integer, default: 9223372036854775807}\n")]
    [TestCase("resources:\n  instance_count: 2147483647\n")]
    [TestCase("limits:\n  timeout: 864000\n")]
    public void The_largest_values_that_fit_load_without_errors(string yaml)
    {
        var result = Load(yaml);

        result.Diagnostics.Should().NotContain(d => d.IsError);
        result.Definition.Should().NotBeNull();
    }

    [Test]
    public void Integer_bounds_of_an_integer_input_save_without_a_decimal_point_and_number_bounds_keep_theirs()
    {
        var job = Load("inputs:\n  epochs: {type: integer, default: 3, min: 1, max: 5}\n  lr: {type: number, default: 0.1, min: 0, max: 1}\n").Definition!;

        var yaml = YamlJobWriter.Write(job);

        yaml.Should().Contain("min: 1\n").And.Contain("max: 5\n").And.NotContain("max: 5.0");
        yaml.Should().Contain("max: 1.0\n");
        YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false }).Definition.Should().BeEquivalentTo(job, o => o.RespectingRuntimeTypes());
    }
}
