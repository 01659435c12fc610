using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Tests.Yaml;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>
/// Acceptance 2 and 3 over the corpus YAML: the PUT body of every command, pipeline and sweep job validates
/// against the swagger, and YAML → REST → YAML gives back the same job.
/// </summary>
public sealed class RestYamlCorpusTests
{
    private static readonly AzureMLWorkspaceScope Scope = new("00000000-1111-2222-3333-444444444444", "test-rg", "my-aml-workspace");
    private static readonly SwaggerValidator Validator = SwaggerValidator.ForJobsExtract();

    private static IEnumerable<TestCaseData> SupportedJobs() =>
        YamlCorpus.Supported.Select(f => new TestCaseData(f.FullPath).SetArgDisplayNames(f.ToString()));

    [Test]
    public void The_corpus_has_the_command_pipeline_and_sweep_jobs_these_tests_are_about()
    {
        var kinds = YamlCorpus.Supported.GroupBy(f => f.JobKind).ToDictionary(g => g.Key, g => g.Count());
        kinds.Keys.Should().BeEquivalentTo(["command", "pipeline", "sweep"]);
        kinds.Values.Sum().Should().BeGreaterThan(80);
    }

    [TestCaseSource(nameof(SupportedJobs))]
    public void The_put_body_of_every_corpus_job_validates_against_the_swagger(string file)
    {
        var job = Load(file);

        var payload = JobRestMapper.ToRest(job, new RestMappingSession(Scope));

        payload.Diagnostics.Where(d => d.IsError).Should().BeEmpty();
        Validator.Validate(payload.Body, "JobBaseResource").Should().BeEmpty(payload.ToJson());
    }

    [TestCaseSource(nameof(SupportedJobs))]
    public void Yaml_to_rest_to_yaml_is_lossless(string file)
    {
        var job = Load(file);
        var session = new RestMappingSession(Scope);

        var resource = JobRestMapper.ToResource(job, session, out _);
        var json = RestJobSerializer.WriteResource(resource).ToJsonString();
        var back = JobRestMapper.ReadJob(json, session);

        back.Diagnostics.Where(d => d.IsError).Should().BeEmpty();
        back.Definition.Should().NotBeNull();
        YamlJobWriter.Write(back.Definition!).Should().Be(YamlJobWriter.Write(job));
        back.Definition.Should().Be(job);
    }

    /// <summary>
    /// The lossless test above reads back through the session that wrote the body, which hands back the original
    /// objects; this one reads the body as another process would (no session, only the workspace), so a broken
    /// reverse mapping fails it. Only the documented <see cref="RestRoundTripNormalisations"/> may differ.
    /// </summary>
    [TestCaseSource(nameof(SupportedJobs))]
    public void Without_a_session_yaml_to_rest_to_yaml_changes_only_the_documented_normalisations(string file)
    {
        var job = Load(file);
        var session = new RestMappingSession(Scope);

        var resource = JobRestMapper.ToResource(job, session, out _);
        var json = RestJobSerializer.WriteResource(resource).ToJsonString();
        var back = JobRestMapper.ReadJobs(json, scope: Scope).Should().ContainSingle().Subject;

        back.Diagnostics.Where(d => d.IsError).Should().BeEmpty();
        back.Definition.Should().NotBeNull();
        var expected = RestRoundTripNormalisations.Expected(job, session);
        YamlJobWriter.Write(back.Definition!).Should().Be(YamlJobWriter.Write(expected));
        back.Definition.Should().Be(expected);
    }

    [TestCaseSource(nameof(SupportedJobs))]
    public void Without_a_session_a_corpus_job_reads_back_in_canonical_form_and_gives_the_same_body_again(string file)
    {
        var job = Load(file) with { Name = "job-1" };
        var first = JobRestMapper.ToResource(job, new RestMappingSession(Scope), out var diagnostics);
        var json = RestJobSerializer.WriteResource(first).ToJsonString();

        var canonical = JobRestMapper.ReadJob(json);

        canonical.Diagnostics.Should().BeEmpty();
        canonical.Definition.Should().NotBeNull();
        YamlJobWriter.Write(canonical.Definition!).Should().NotBeNullOrEmpty();
        var again = JobRestMapper.ToRest(canonical.Definition!, new RestMappingSession(Scope)).Body;
        var expected = RestJobSerializer.WritePutBody(first);
        // A string literal that reads back as another type was reported (TJ2005) when the body was made; its text
        // may be spelled differently the second time ("False" → "false"), so only its value's meaning is compared.
        foreach (var flagged in diagnostics.Where(d => d.Code == RestDiagnosticCodes.LiteralTypeAmbiguous))
        {
            var value = (string)Locate(expected, flagged.Path)!["value"]!;
            var reread = (string)Locate(again, flagged.Path)!["value"]!;
            reread.Should().BeEquivalentTo(value, flagged.Path);
            Locate(expected, flagged.Path)!["value"] = reread;
        }
        again.ShouldEqualSemantically(expected);
    }

    private static System.Text.Json.Nodes.JsonNode? Locate(System.Text.Json.Nodes.JsonNode body, string path)
    {
        // Diagnostic paths are dotted (jobs.step.inputs.x); input names never contain the separators used here.
        var node = body["properties"];
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length && node is not null; i++)
        {
            var rest = string.Join('.', segments[i..]);
            if (i > 0 && segments[i - 1] == "inputs" && node[rest] is { } whole) return whole;
            node = node[segments[i]];
        }
        return node;
    }

    private static TrainingJobs.Sdk.Definitions.JobDefinition Load(string file)
    {
        var result = YamlJobLoader.Load(file);
        result.Definition.Should().NotBeNull(string.Join("; ", result.Diagnostics));
        return result.Definition!;
    }
}
