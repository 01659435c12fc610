using System.Text.Json.Nodes;
using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Tests.AzureML;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>
/// A search-space entry the SDK does not model (read over REST as <see cref="UnrecognizedSearchSpaceParameter"/>) is
/// saved to YAML as the same structure and loaded back unchanged, with a warning instead of an error.
/// </summary>
public sealed class UnrecognizedSearchSpaceTests
{
    private static readonly YamlLoadOptions NoValidation = new() { Validate = false };

    [Test]
    public void A_rest_entry_in_an_unknown_form_survives_yaml_save_and_load()
    {
        var body = RestCorpus.Load(Path.Combine("Job", "SweepJob", "get.json"))["responses"]!["200"]!["body"]!.DeepClone();
        body["properties"]!["searchSpace"] = JsonNode.Parse("""
            {
              "lr": ["uniform", [0.01, 0.1]],
              "future": ["beta", [0.5, 2.0, "x", true, null]],
              "odd": {},
              "shaped": {"type": "beta", "alpha": 1e-3},
              "scalar": 5,
              "nested": ["choice", [[{"k": ["gamma", [1]], "c": 3}]]]
            }
            """);
        var fromRest = JobRestMapper.ReadJob(body.ToJsonString()).Definition.Should().BeOfType<SweepJob>().Subject;
        fromRest.SearchSpace.Values.OfType<UnrecognizedSearchSpaceParameter>().Should().HaveCount(4, "future, odd, shaped and scalar are not modelled");

        var yaml = YamlJobWriter.Write(fromRest);
        var loaded = YamlJobLoader.LoadText(yaml, NoValidation);

        yaml.Should().NotContain("unrecognized");
        loaded.Diagnostics.Where(d => d.IsError).Should().BeEmpty(yaml);
        loaded.Definition.Should().Be(fromRest, yaml);
        loaded.Diagnostics.Where(d => d.Code == YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry).Select(d => d.Path).Should().BeEquivalentTo(
            ["search_space.future", "search_space.odd", "search_space.shaped", "search_space.scalar", "search_space.nested.values[0].k"]);
        YamlJobWriter.Write(loaded.Definition!).Should().Be(yaml, "saving again gives the same text");
    }

    [Test]
    public void The_warning_for_an_unmodelled_entry_points_at_its_line_and_column()
    {
        const string yaml = """
            type: sweep
            trial: {command: "python t.py --a ${{search_space.a}}", environment: azureml:env@latest}
            sampling_algorithm: random
            objective: {goal: maximize, primary_metric: acc}
            search_space:
              lr: {type: uniform, min_value: 0.01, max_value: 0.1}
              a: [beta, [2, 5]]
              b:
                type: betta
                alpha: 2
            limits: {max_total_trials: 4}
            """;

        var result = YamlJobLoader.LoadText(yaml, NoValidation);

        result.HasErrors.Should().BeFalse(string.Join(" | ", result.Diagnostics));
        var warnings = result.Diagnostics.Where(d => d.Code == YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry).ToList();
        warnings.Should().AllSatisfy(d => d.Severity.Should().Be(DiagnosticSeverity.Warning));
        warnings.Select(d => (d.Path, d.Location!.Line, d.Location.Column)).Should().Equal(
            ("search_space.a", 7, 6),
            ("search_space.b", 9, 11));
        var sweep = (SweepJob)result.Definition!;
        sweep.SearchSpace["a"].Should().Be(new UnrecognizedSearchSpaceParameter(new FreeformValue("""["beta", [2, 5]]""")));
        sweep.SearchSpace["b"].Should().Be(new UnrecognizedSearchSpaceParameter(new FreeformValue("""{"type": "betta", "alpha": 2}""")));
    }

    [Test]
    public void The_rest_face_sends_a_loaded_unmodelled_entry_as_written()
    {
        var loaded = YamlJobLoader.LoadText("""
            type: sweep
            trial: {command: python t.py, environment: azureml:env@latest}
            sampling_algorithm: random
            objective: {goal: maximize, primary_metric: acc}
            search_space:
              a: [beta, [2.0, 5]]
            limits: {max_total_trials: 4}
            """, NoValidation);

        var payload = JobRestMapper.ToRest(loaded.Definition!, new RestMappingSession(new AzureMLWorkspaceScope("s", "g", "w")));

        payload.Body["properties"]!["searchSpace"]!["a"]!.ToJsonString().Should().Be("""["beta",[2.0,5]]""");
    }

    [Test]
    public void A_near_miss_of_a_known_type_is_an_error_that_suggests_the_name()
    {
        const string yaml = """
            type: sweep
            trial: {command: "python t.py --lr ${{search_space.lr}}", environment: azureml:env:1}
            sampling_algorithm: random
            objective: {goal: maximize, primary_metric: acc}
            search_space:
              lr: {type: unifrom, min_value: 0.01, max_value: 0.1}
            limits: {max_total_trials: 4}
            """;

        var loaded = YamlJobLoader.LoadText(yaml, NoValidation);

        var error = loaded.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().Be(YamlDiagnosticCodes.InvalidValue);
        error.Message.Should().Contain("did you mean 'uniform'");
        error.Location!.Line.Should().Be(6);
        loaded.Diagnostics.Should().NotContain(d => d.Code == YamlDiagnosticCodes.UnrecognizedSearchSpaceEntry);
    }
}
